"""The shared backend: `--state postgresql://…`, one database for many processes and machines.

Through psycopg 3, in autocommit mode with explicit transactions. Schema creation and
upgrades run under a session advisory lock, so of several processes starting at once one
migrates and the others wait. Concurrent writers stay correct through unique constraints and
`INSERT … ON CONFLICT` (an article, a version, a run are each recorded once), row locks on an
article being replaced, and a transaction-level advisory lock around story-id decisions
(`settle_story`), which read before they write.

Full-text search: a `tsvector` column per article, title weighted A and text B, built with
the `simple` configuration from the words of the folded text, split and folded in Python
exactly as queries are (diacritics and đ folded, punctuation such as “ ” dropped whatever the
server's locale), so both backends match alike and no extension has to be installed; under a
GIN index, ranked by `ts_rank`.
"""
import re
from contextlib import contextmanager

import psycopg

from dvcrawl.registry import ConfigError
from dvcrawl.store.base import ArticleStore
from dvcrawl.store.fulltext import terms

SCHEMA_LOCK, STORY_LOCK, RUN_LOCK = 0x64766373, 0x64767374, 0x64767275  # "dvcs", "dvst", "dvru"

_V1 = [
    "CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE articles (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        url TEXT NOT NULL UNIQUE,
        site TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        version INTEGER NOT NULL,
        story_id TEXT NOT NULL,
        signature BYTEA NOT NULL,
        run_id TEXT)""",
    "CREATE INDEX articles_fingerprint ON articles (fingerprint)",
    "CREATE TABLE bands (key BIGINT NOT NULL, article BIGINT NOT NULL, PRIMARY KEY (key, article))",
    """CREATE TABLE runs (run_id TEXT PRIMARY KEY, feed TEXT, items INTEGER NOT NULL,
                          applied_at TIMESTAMPTZ NOT NULL DEFAULT now())""",
]
_V2 = [
    "ALTER TABLE articles ADD COLUMN published_date DATE, ADD COLUMN search TSVECTOR",
    "CREATE INDEX articles_site_url ON articles (site, url)",
    "CREATE INDEX articles_search ON articles USING GIN (search)",
    """CREATE TABLE versions (
        article BIGINT NOT NULL REFERENCES articles (id),
        version INTEGER NOT NULL,
        fingerprint TEXT NOT NULL,
        run_id TEXT,
        feed TEXT,
        item TEXT NOT NULL,
        recorded_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        PRIMARY KEY (article, version))""",
    "CREATE INDEX versions_feed ON versions (feed)",
    """CREATE TABLE article_documents (article BIGINT NOT NULL REFERENCES articles (id), ref_key TEXT NOT NULL,
                                       PRIMARY KEY (article, ref_key))""",
    "CREATE INDEX article_documents_ref ON article_documents (ref_key)",
    """CREATE TABLE article_people (article BIGINT NOT NULL REFERENCES articles (id), name_key TEXT NOT NULL,
                                    PRIMARY KEY (article, name_key))""",
]


def redacted(url: str) -> str:
    """The URL without its password, for messages."""
    return re.sub(r"(://[^:/@]+):[^@/]*@", r"\1:***@", url)


class PostgresStore(ArticleStore):
    """The store in a PostgreSQL database (created tables live in the connection's schema)."""

    MIGRATIONS = [_V1, _V2, ArticleStore._recompute_signatures]  # 3: signatures of the "wordmix" scheme
    FOR_UPDATE = " FOR UPDATE"

    def __init__(self, url: str):
        self.where = redacted(url)
        try:
            self.db = psycopg.connect(url, autocommit=True, connect_timeout=10)
        except psycopg.Error as exc:
            message = " ".join(str(exc).split()) or type(exc).__name__  # libpq's lines, as one
            raise ConfigError(f"--state {self.where}: cannot use this PostgreSQL database: {message}") from None
        try:
            self.db.execute("SELECT pg_advisory_lock(%s)", (SCHEMA_LOCK,))
            try:
                with self.transaction():
                    self.db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                                    "applied_at TIMESTAMPTZ NOT NULL DEFAULT now())")
                    self._migrate(self.schema_version() or 0)
            finally:
                self.db.execute("SELECT pg_advisory_unlock(%s)", (SCHEMA_LOCK,))
        except BaseException:
            self.db.close()
            raise

    def _execute(self, sql: str, params=()):
        return self.db.execute(sql.replace("?", "%s"), params)

    def _execute_many(self, sql: str, rows) -> None:
        with self.db.cursor() as cur:
            cur.executemany(sql.replace("?", "%s"), rows)

    @contextmanager
    def transaction(self, lock_stories: bool = False):
        with self.db.transaction():
            if lock_stories:
                self.db.execute("SELECT pg_advisory_xact_lock(%s)", (STORY_LOCK,))
            yield self

    def try_run_lock(self) -> bool:
        """Hold the store's run lock for this connection's life (a `dvcrawl run` at a time
        over one database), or False at once when another connection holds it."""
        return self.db.execute("SELECT pg_try_advisory_lock(%s)", (RUN_LOCK,)).fetchone()[0]

    def _stream(self, sql: str, params):
        with self.db.transaction(), self.db.cursor(name="dvcrawl_articles") as cur:  # server-side cursor
            cur.execute(sql.replace("?", "%s"), params)
            yield from cur

    def _index_text(self, article: int, title: str, text: str) -> None:
        self.db.execute("UPDATE articles SET search = setweight(to_tsvector('simple', %s), 'A') || "
                        "setweight(to_tsvector('simple', %s), 'B') WHERE id = %s",
                        (" ".join(terms(title)), " ".join(terms(text)), article))

    def _ranked(self, words, where, params, limit):
        text = " ".join(words)
        filters = "".join(f" AND {w}" for w in where)
        rows = self._execute(
            "SELECT a.id, ts_rank(a.search, q.words) AS rank FROM articles a, "
            "(SELECT plainto_tsquery('simple', ?) AS words, phraseto_tsquery('simple', ?) AS phrase) q "
            f"WHERE a.search @@ q.words{filters} "
            "ORDER BY ts_filter(a.search, '{a}') @@ q.phrase DESC, a.search @@ q.phrase DESC, rank DESC, a.id "
            "LIMIT ?", [text, text, *params, limit]).fetchall()
        return [(article, float(rank)) for article, rank in rows]
