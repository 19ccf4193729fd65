"""The embedded backend: one SQLite file (WAL) under `--state DIR`, the default.

Full-text search is an FTS5 table over the folded title and text (`unicode61` tokenizer with
`remove_diacritics 2`; đ is folded to d before, see dvcrawl.store.fulltext), ranked by BM25
with the title weighing five times the text.
"""
import sqlite3
from contextlib import contextmanager
from pathlib import Path

from dvcrawl.store.base import ArticleStore
from dvcrawl.store.fulltext import fold

TITLE_WEIGHT = 5.0  # bm25 weight of a title hit against a text hit

_V1 = [  # the dedup index (dvcrawl before the article store)
    "CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE IF NOT EXISTS articles (
        id INTEGER PRIMARY KEY,
        url TEXT NOT NULL UNIQUE,
        site TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        version INTEGER NOT NULL,
        story_id TEXT NOT NULL,
        signature BLOB NOT NULL,
        run_id TEXT)""",
    "CREATE INDEX IF NOT EXISTS articles_fingerprint ON articles (fingerprint)",
    """CREATE TABLE IF NOT EXISTS bands (key INTEGER NOT NULL, article INTEGER NOT NULL,
                                         PRIMARY KEY (key, article)) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS runs (run_id TEXT PRIMARY KEY, feed TEXT, items INTEGER NOT NULL,
                                        applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)""",
]
_V2 = [  # the article store: full items, versions, search
    "ALTER TABLE articles ADD COLUMN published_date TEXT",
    "CREATE INDEX articles_site_url ON articles (site, url)",
    """CREATE TABLE versions (
        article INTEGER NOT NULL REFERENCES articles (id),
        version INTEGER NOT NULL,
        fingerprint TEXT NOT NULL,
        run_id TEXT,
        feed TEXT,
        item TEXT NOT NULL,
        recorded_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
        PRIMARY KEY (article, version)) WITHOUT ROWID""",
    "CREATE INDEX versions_feed ON versions (feed)",
    """CREATE TABLE article_documents (article INTEGER NOT NULL, ref_key TEXT NOT NULL,
                                       PRIMARY KEY (article, ref_key)) WITHOUT ROWID""",
    "CREATE INDEX article_documents_ref ON article_documents (ref_key)",
    """CREATE TABLE article_people (article INTEGER NOT NULL, name_key TEXT NOT NULL,
                                    PRIMARY KEY (article, name_key)) WITHOUT ROWID""",
    "CREATE VIRTUAL TABLE articles_fts USING fts5 (title, body, tokenize = 'unicode61 remove_diacritics 2')",
]


class SqliteStore(ArticleStore):
    """The store in one SQLite file.

    `path` is a file (created with its folder) or ":memory:" (the default); `scratch()` makes
    a private temporary one.
    """

    MIGRATIONS = [_V1, _V2, ArticleStore._recompute_signatures]  # 3: signatures of the "wordmix" scheme

    def __init__(self, path: str | Path = ":memory:"):
        if str(path) not in (":memory:", ""):
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.path = self.where = str(path)
        self.db = sqlite3.connect(self.path, isolation_level=None)  # explicit transactions only
        self.db.execute("PRAGMA journal_mode=WAL" if self.path != ":memory:" else "PRAGMA journal_mode=MEMORY")
        self.db.execute("PRAGMA synchronous=FULL")
        # 8 MiB of pages. Lookups are served by the OS's file cache whatever this size (at a million
        # stored, 160–210 µs with 4 or 64 MiB alike); what a bigger cache holds is the dirty pages
        # of publishing's one transaction: 64 MiB put 60–75 MB on a run's peak RSS.
        self.db.execute("PRAGMA cache_size=-8192")
        try:
            with self.transaction():  # IMMEDIATE: one process migrates, the others wait
                self._migrate(self._applied_version())
        except BaseException:
            self.db.close()
            raise

    def _applied_version(self) -> int:
        self.db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                        "applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)")
        current = self.db.execute("SELECT MAX(version) FROM schema_version").fetchone()[0]
        if current is None and self.db.execute(
                "SELECT 1 FROM sqlite_master WHERE name = 'articles'").fetchone():
            self.db.execute("INSERT INTO schema_version (version) VALUES (1)")  # made before schema_version
            current = 1
        return current or 0

    @classmethod
    def scratch(cls) -> "SqliteStore":
        """A private store for one process's use (a run's own articles): SQLite's temporary
        database, a file it deletes itself, with a small page cache, no journal file and no
        syncs. Unlike ":memory:", its size does not stay in the process's memory (about 1 KB
        per article: signature, band keys, indexes). No other connection ever reads it, so it
        is written in one transaction left open until it is closed: no article pays for a
        commit (`transaction()` is not used on it)."""
        store = cls("")
        for pragma in ("journal_mode=MEMORY", "synchronous=OFF", "cache_size=-2048"):
            store.db.execute(f"PRAGMA {pragma}")
        store.db.execute("BEGIN")
        return store

    def _execute(self, sql: str, params=()):
        return self.db.execute(sql, params)

    def _execute_many(self, sql: str, rows) -> None:
        self.db.executemany(sql, rows)

    @contextmanager
    def transaction(self, lock_stories: bool = False):
        """IMMEDIATE: the write lock is taken at the start, so every transaction, and with it
        every story-id decision, is serialised with the other processes."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def _index_text(self, article: int, title: str, text: str) -> None:
        self.db.execute("DELETE FROM articles_fts WHERE rowid = ?", (article,))
        self.db.execute("INSERT INTO articles_fts (rowid, title, body) VALUES (?, ?, ?)",
                        (article, fold(title), fold(text)))

    def _ranked(self, words, where, params, limit):
        phrase = '"' + " ".join(words) + '"'
        tiers = [f"title : {phrase}", phrase, " ".join(f'"{w}"' for w in words)]
        filters = "".join(f" AND {w}" for w in where)
        ranked: dict[int, float] = {}
        for match in tiers:
            rows = self.db.execute(
                f"SELECT articles_fts.rowid, bm25(articles_fts, {TITLE_WEIGHT}, 1.0) AS rank FROM articles_fts "
                f"JOIN articles a ON a.id = articles_fts.rowid WHERE articles_fts MATCH ?{filters} "
                "ORDER BY rank, articles_fts.rowid LIMIT ?", [match, *params, limit]).fetchall()
            for article, rank in rows:
                ranked.setdefault(article, -rank)
            if len(ranked) >= limit:
                break
        return list(ranked.items())[:limit]
