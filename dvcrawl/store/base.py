"""The article store's one interface, written once in SQL both backends speak.

A store answers the dedup pipeline's questions by index probes, so it stays fast at millions
of articles:

- `seen(url)`: was this canonical URL exported before, with which fingerprint and version?
- `by_fingerprint(site, fingerprint)`: was this exact content exported under another URL?
- `find_story(signature, exclude_site=...)`: is this text a near-duplicate of a stored
  article on another site, and which story_id does it carry?

and keeps every published article's full item, every version of it, so that exports, search
and reports read the store and never the feeds:

- `record(item, signature, run_id, feed)`: keep one version (in the transaction that claims
  the feed with `claim_run`; or recorded before any feed, `pending_items()` until the feed
  that carries it is recorded the same way, which marks it);
- `articles(...)`: the items as they stand now (or every version);
- `search(query, ...)`: ranked full-text search, with or without diacritics.

Subclasses (`SqliteStore`, `PostgresStore`) supply the connection, the schema migrations,
the transaction and the full-text index; the statements here use `?` placeholders, which the
PostgreSQL backend turns into psycopg's. Writes that several processes or machines may make
at once are single statements guarded by unique constraints (`INSERT … ON CONFLICT`), never a
read followed by a write, except `settle_story`, which runs under the backend's story lock.
"""
import json
import logging
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from dvcrawl.items import item_dict
from dvcrawl.registry import ConfigError
from dvcrawl.store.fulltext import document_key, person_key, snippet, terms
from dvcrawl.store.minhash import LSH_PARAMS, STORY_THRESHOLD, band_keys, item_signature, similarity

STATE_FILE = "dvcrawl.sqlite"

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Known:
    """An article as the store remembers it."""
    site: str
    url: str
    fingerprint: str
    version: int
    story_id: str


@dataclass(frozen=True)
class Hit:
    """One search result: the article as it stands now, the backend's relevance, a snippet."""
    item: dict
    score: float
    snippet: str


def versioned(item, fingerprint: str, known: Known | None, new_story: Callable[[], str]) -> tuple[str, object]:
    """`new`, `updated` or `unchanged`: an article item with content `fingerprint` against
    `known`, the stored article at its URL; and the item with the fingerprint, version,
    previous_fingerprint and story_id that verdict gives it. One rule for the dedup pipeline
    and for cluster jobs recording into the shared store, so both number versions alike.
    `new_story()` gives a new article's story_id; it is called for a new one only, since
    deciding it may write (`settle_story`)."""
    if known is None:
        return "new", replace(item, fingerprint=fingerprint, story_id=new_story(), version=1,
                              previous_fingerprint=None)
    if known.fingerprint == fingerprint:
        return "unchanged", replace(item, fingerprint=fingerprint, story_id=known.story_id, version=known.version,
                                    previous_fingerprint=None)
    return "updated", replace(item, fingerprint=fingerprint, story_id=known.story_id, version=known.version + 1,
                              previous_fingerprint=known.fingerprint)


def published_date_of(item: dict) -> str | None:
    """The article's `published_date`, else the date part of `published` (YYYY-MM-DD)."""
    return item.get("published_date") or (item.get("published") or "")[:10] or None


def _blob(sig) -> bytes:
    return np.asarray(sig, dtype=np.uint32).tobytes()


def _signature(blob) -> np.ndarray:
    return np.frombuffer(bytes(blob), dtype=np.uint32)


class ArticleStore(ABC):
    """What earlier runs exported: dedup index, full items with their versions, search index.

    Reads never write; writes happen inside `transaction()`, so a batch is stored entirely
    or not at all.
    """

    #: where the store lives, for messages
    where: str
    #: the schema, one list of statements per version (`schema_version` records the ones
    #: applied), or a method for a version that migrates data (`_recompute_signatures`)
    MIGRATIONS: list
    #: appended to a SELECT that reads a row about to be changed (a row lock where it matters)
    FOR_UPDATE = ""

    # -- backend hooks ---------------------------------------------------------------------
    @abstractmethod
    def _execute(self, sql: str, params=()):
        """Run one statement; returns a cursor."""

    @abstractmethod
    def _execute_many(self, sql: str, rows) -> None:
        """Run one statement for each row of parameters."""

    @abstractmethod
    def transaction(self, lock_stories: bool = False):
        """A context manager: all writes inside are committed together at the end, or rolled
        back on error. `lock_stories` also serialises story-id decisions with every other writer."""

    @abstractmethod
    def _index_text(self, article: int, title: str, text: str) -> None:
        """(Re)index an article's title and text for `search`."""

    @abstractmethod
    def _ranked(self, words: list[str], where: list[str], params: list, limit: int) -> list[tuple[int, float]]:
        """(article id, relevance) of the best matches, best first: the words as a phrase in the
        title, then as a phrase anywhere, then all the words anywhere."""

    def try_run_lock(self) -> bool:
        """Hold the lock that lets one `dvcrawl run` at a time use this store, or False at once
        when another holds it. An SQLite store's run lock is its folder's lock file, which the
        run command takes before opening the store."""
        return True

    def close(self) -> None:
        self.db.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- schema ----------------------------------------------------------------------------
    def _migrate(self, current: int) -> None:
        """Apply the migrations after `current` (called by the backend under its schema lock)
        and check the near-duplicate parameters the store was made with."""
        if current > len(self.MIGRATIONS):
            raise ConfigError(f"{self.where}: store schema version {current} is newer than this "
                              f"dvcrawl's ({len(self.MIGRATIONS)}); upgrade dvcrawl")
        for version, step in enumerate(self.MIGRATIONS[current:], current + 1):
            if callable(step):
                step(self)
            else:
                for statement in step:
                    self._execute(statement)
            self._execute("INSERT INTO schema_version (version) VALUES (?)", (version,))
        self._execute("INSERT INTO meta (name, value) VALUES ('lsh', ?) ON CONFLICT (name) DO NOTHING",
                      (LSH_PARAMS,))
        stored = self._execute("SELECT value FROM meta WHERE name = 'lsh'").fetchone()[0]
        if stored != LSH_PARAMS:  # signatures and band keys made with other parameters never match
            raise ConfigError(f"{self.where}: state made with near-duplicate parameters {stored}, "
                              f"this dvcrawl uses {LSH_PARAMS}; start a new --state folder")

    def _recompute_signatures(self) -> None:
        """A data migration: every stored article's MinHash signature and band keys made again,
        from the text of its latest version, with this dvcrawl's scheme (LSH_PARAMS), so
        articles stored before a change of scheme stay near-duplicate candidates. An article
        stored without its item (a story index's, or the dedup index of dvcrawl before the
        article store) keeps its URL, fingerprint and story_id but not its band keys: its text
        is unknown, so no near-duplicate is looked for among those."""
        stored = self._execute("SELECT COUNT(*) FROM versions").fetchone()[0]
        if stored:
            logger.warning("%s: computing the near-duplicate signatures of the stored articles again, "
                           "for this dvcrawl's scheme (once)", self.where)
        self._execute("DELETE FROM bands")
        last = 0
        while True:  # in batches of articles, by id
            rows = self._execute(
                "SELECT a.id, v.item FROM articles a JOIN versions v ON v.article = a.id AND v.version = a.version "
                "WHERE a.id > ? ORDER BY a.id LIMIT 1000", (last,)).fetchall()
            if not rows:
                break
            signatures, bands = [], []
            for article, text in rows:
                sig = item_signature(json.loads(text))
                signatures.append((_blob(sig), article))
                bands.extend((key, article) for key in band_keys(sig))
            self._execute_many("UPDATE articles SET signature = ? WHERE id = ?", signatures)
            self._insert_bands(bands)
            last = rows[-1][0]
        self._execute("INSERT INTO meta (name, value) VALUES ('lsh', ?) "
                      "ON CONFLICT (name) DO UPDATE SET value = excluded.value", (LSH_PARAMS,))

    def schema_version(self) -> int:
        return self._execute("SELECT MAX(version) FROM schema_version").fetchone()[0]

    # -- dedup reads -----------------------------------------------------------------------
    _KNOWN = "SELECT site, url, fingerprint, version, story_id FROM articles"

    def seen(self, url: str) -> Known | None:
        """The stored article at this canonical URL, or None."""
        row = self._execute(f"{self._KNOWN} WHERE url = ?", (url,)).fetchone()
        return Known(*row) if row else None

    def by_fingerprint(self, site: str, fingerprint: str) -> Known | None:
        """A stored article of `site` with exactly this content fingerprint, or None."""
        row = self._execute(f"{self._KNOWN} WHERE fingerprint = ? AND site = ?", (fingerprint, site)).fetchone()
        return Known(*row) if row else None

    def find_story(self, sig: np.ndarray, exclude_site: str | None = None) -> str | None:
        """story_id of the most similar stored article (estimated Jaccard ≥ STORY_THRESHOLD),
        ignoring articles of `exclude_site`; None when nothing is that close."""
        keys = band_keys(sig)
        rows = self._execute(
            "SELECT a.site, a.story_id, a.signature FROM articles a WHERE a.id IN "
            f"(SELECT article FROM bands WHERE key IN ({','.join('?' * len(keys))}))", keys).fetchall()
        best, best_score = None, STORY_THRESHOLD
        for site, story_id, blob in rows:
            if site == exclude_site:
                continue
            score = similarity(sig, _signature(blob))
            if score >= best_score:
                best, best_score = story_id, score
        return best

    def signature_of(self, url: str) -> np.ndarray | None:
        """The stored MinHash signature of the article at this canonical URL, or None."""
        row = self._execute("SELECT signature FROM articles WHERE url = ?", (url,)).fetchone()
        return _signature(row[0]) if row else None

    def count(self) -> int:
        return self._execute("SELECT COUNT(*) FROM articles").fetchone()[0]

    def applied(self, run_id: str) -> bool:
        """True when the feed of `run_id` has been recorded in the store."""
        return self._execute("SELECT 1 FROM runs WHERE run_id = ?", (run_id,)).fetchone() is not None

    # -- dedup writes (inside transaction()) -----------------------------------------------
    def add(self, site: str, url: str, fingerprint: str, story_id: str, sig: np.ndarray,
            version: int = 1, run_id: str | None = None) -> None:
        """Store (or replace) the article at `url` in the dedup index, with its signature and
        LSH band keys (no item: `record` keeps published articles). For one writer, or under
        the story lock (`settle_story`): it reads the URL's row before writing it."""
        self.add_many([(site, url, fingerprint, story_id, sig, version, run_id)])

    def add_many(self, records) -> int:
        """`add` for many (site, url, fingerprint, story_id, signature, version, run_id) tuples;
        much faster for bulk loads (band rows are inserted in key order)."""
        bands, n = [], 0
        for site, url, fingerprint, story_id, sig, version, run_id in records:
            row = self._execute(f"SELECT id, signature FROM articles WHERE url = ?{self.FOR_UPDATE}", (url,)).fetchone()
            if row:
                article, old_blob = row
                self._set_signature(article, old_blob, sig, site=site, fingerprint=fingerprint, version=version,
                                    story_id=story_id, run_id=run_id)
            else:
                article = self._execute(
                    "INSERT INTO articles (url, site, fingerprint, version, story_id, signature, run_id) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                    (url, site, fingerprint, version, story_id, _blob(sig), run_id)).fetchone()[0]
                bands.extend((key, article) for key in band_keys(sig))
            n += 1
        self._insert_bands(bands)
        return n

    def _set_signature(self, article: int, old_blob, sig: np.ndarray, **columns) -> None:
        """Replace the stored article's signature `old_blob` by `sig` (setting `columns`, its
        other new values, in the same statement), and its LSH band rows with it: a band row left
        from the old signature would make `find_story` match text the article no longer has."""
        assignments = "".join(f"{name}=?, " for name in columns)
        self._execute(f"UPDATE articles SET {assignments}signature=? WHERE id=?",
                      (*columns.values(), _blob(sig), article))
        self._execute_many("DELETE FROM bands WHERE key = ? AND article = ?",  # by primary key
                           [(key, article) for key in band_keys(_signature(old_blob))])
        self._insert_bands([(key, article) for key in band_keys(sig)])

    def _insert_bands(self, bands: list[tuple[int, int]]) -> None:
        """Insert (band key, article) rows, in key order: the index takes them faster so."""
        self._execute_many("INSERT INTO bands (key, article) VALUES (?, ?) ON CONFLICT DO NOTHING", sorted(bands))

    def settle_story(self, site: str, url: str, fingerprint: str, sig: np.ndarray, story_id: str) -> str:
        """The story_id of the article at `url`, decided once for all processes sharing this
        store: the one stored for `url`, else a near-duplicate's on another site, else
        `story_id`; recorded for `url`. Runs under the story lock, so of two processes reading
        two copies of a story at the same moment the second waits and sees the first."""
        with self.transaction(lock_stories=True):
            known = self.seen(url)
            story = known.story_id if known else (self.find_story(sig, exclude_site=site) or story_id)
            self.add(site, url, fingerprint, story, sig)
        return story

    # -- the article store (inside transaction()) ------------------------------------------
    def claim_run(self, run_id: str, feed: str | None, items: int) -> bool:
        """Mark the feed of `run_id` as recorded; False when it already was (by this process
        or another), in which case its articles must not be recorded again."""
        row = self._execute("INSERT INTO runs (run_id, feed, items) VALUES (?, ?, ?) "
                            "ON CONFLICT (run_id) DO NOTHING RETURNING run_id", (run_id, feed, items)).fetchone()
        return row is not None

    def record_pending(self, item, sig: np.ndarray) -> tuple[str, object]:
        """Record a cluster job's article (an item dataclass) as a version no feed carries yet,
        deciding its verdict and story_id under the story lock, so jobs on several machines never
        record an article twice (`dvcrawl publish` later writes the pending versions into a
        feed). Returns the verdict and the item as recorded; `unchanged` and `duplicate` record
        nothing."""
        with self.transaction(lock_stories=True):
            known = self.seen(item.url)
            if known is None and self.by_fingerprint(item.site, item.fingerprint) is not None:
                return "duplicate", item
            verdict, recorded = versioned(item, item.fingerprint, known,
                                          lambda: self.find_story(sig, exclude_site=item.site) or item.story_id)
            if verdict != "unchanged":
                verdict = self.record(item_dict(recorded), sig, run_id=None)
        return verdict, recorded

    def record(self, item: dict, sig: np.ndarray, run_id: str | None = None, feed: str | None = None) -> str:
        """Keep an article: its full item as version `item["version"]` (carried by `feed`, or
        by no feed yet), the dedup index and the search index brought up to its latest version.

        Returns `new` (version 1 recorded), `updated` (a later version recorded) or
        `unchanged` (that version was recorded before, here or by another writer: the unique
        key (article, version) makes sure one version is recorded, and so exported, once).
        A version recorded before with no feed (a cluster job's, pending) is marked as carried
        by `feed`: whichever of `dvcrawl run` and `dvcrawl publish` records a feed, its
        versions end up carried by it."""
        url, version = item["url"], item.get("version") or 1
        row = self._execute(
            "INSERT INTO articles (url, site, fingerprint, version, story_id, signature, run_id, published_date) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO NOTHING RETURNING id",
            (url, item["site"], item["fingerprint"], version, item["story_id"], _blob(sig), run_id,
             published_date_of(item))).fetchone()
        if row:
            article, latest = row[0], True
            self._insert_bands([(key, article) for key in band_keys(sig)])
        else:
            article, stored_version, old_blob = self._execute(
                f"SELECT id, version, signature FROM articles WHERE url = ?{self.FOR_UPDATE}", (url,)).fetchone()
            latest = version >= stored_version
            if version > stored_version:
                self._set_signature(article, old_blob, sig, site=item["site"], fingerprint=item["fingerprint"],
                                    version=version, story_id=item["story_id"], run_id=run_id,
                                    published_date=published_date_of(item))
        inserted = self._execute(
            "INSERT INTO versions (article, version, fingerprint, run_id, feed, item) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (article, version) DO NOTHING RETURNING version",
            (article, version, item["fingerprint"], run_id, feed, json.dumps(item, ensure_ascii=False))).fetchone()
        if not inserted:
            if feed is not None:
                self._execute("UPDATE versions SET feed = ?, run_id = ? WHERE article = ? AND version = ? "
                              "AND feed IS NULL", (feed, run_id, article, version))
            return "unchanged"
        if latest:
            self._index(article, item)
        return "new" if version == 1 else "updated"

    def pending_items(self):
        """The stored JSON of every version no feed carries yet (cluster jobs' records), by
        site, URL and version, streamed."""
        return (text for (text,) in self._stream(
            "SELECT v.item FROM versions v JOIN articles a ON a.id = v.article "
            "WHERE v.feed IS NULL ORDER BY a.site, a.url, v.version", ()))

    def _index(self, article: int, item: dict) -> None:
        """Documents, people and text of the article's latest version, for `search`."""
        self._execute("DELETE FROM article_documents WHERE article = ?", (article,))
        self._execute_many("INSERT INTO article_documents (article, ref_key) VALUES (?, ?) ON CONFLICT DO NOTHING",
                           [(article, document_key(d["ref"])) for d in item.get("documents") or [] if d.get("ref")])
        self._execute("DELETE FROM article_people WHERE article = ?", (article,))
        self._execute_many("INSERT INTO article_people (article, name_key) VALUES (?, ?) ON CONFLICT DO NOTHING",
                           [(article, person_key(p["name"])) for p in item.get("people") or [] if p.get("name")])
        text = "\n\n".join(filter(None, [item.get("summary"), item.get("body")]))
        self._index_text(article, item.get("title") or "", text)

    # -- reading articles ------------------------------------------------------------------
    def _stream(self, sql: str, params):
        """Rows of a query that may be large, fetched as they are read."""
        yield from self._execute(sql, params)

    def articles(self, since: str | None = None, sites: list[str] | None = None,
                 all_versions: bool = False):
        """The recorded articles' items as they stand now (latest version of each), or every
        version with `all_versions`; `since` (YYYY-MM-DD) keeps those published that day or
        later, `sites` those of these sites. Ordered by site, URL and version."""
        where, params = self._filters(sites=sites, since=since)
        latest = "" if all_versions else " AND v.version = a.version"
        sql = (f"SELECT v.item FROM articles a JOIN versions v ON v.article = a.id{latest}"
               f"{' WHERE ' + ' AND '.join(where) if where else ''} ORDER BY a.site, a.url, v.version")
        for (item,) in self._stream(sql, params):
            yield json.loads(item)

    def sites(self) -> list[str]:
        """Sites with at least one recorded article."""
        return [s for (s,) in self._execute(
            "SELECT DISTINCT a.site FROM articles a JOIN versions v ON v.article = a.id ORDER BY a.site")]

    @staticmethod
    def _filters(sites=None, since=None, document=None, person=None) -> tuple[list[str], list]:
        where, params = [], []
        if sites:
            where.append(f"a.site IN ({','.join('?' * len(sites))})")
            params += list(sites)
        if since:
            where.append("a.published_date >= ?")
            params.append(since)
        if document:
            where.append("a.id IN (SELECT article FROM article_documents WHERE ref_key = ?)")
            params.append(document_key(document))
        if person:
            where.append("a.id IN (SELECT article FROM article_people WHERE name_key LIKE ?)")
            params.append(f"%{person_key(person)}%")
        return where, params

    def search(self, query: str, sites: list[str] | None = None, since: str | None = None, limit: int = 20,
               document: str | None = None, person: str | None = None) -> list[Hit]:
        """Articles (latest versions) matching every word of `query` in title, lead or body,
        diacritics or not, best first (see `_ranked`), filtered like `articles` and by a cited
        document number or a named person; with no query, the newest articles citing the
        document or naming the person."""
        words = terms(query)
        if not words and not (document or person):
            raise ConfigError(f"the query {query!r} has no word to look for (give words, or --document / --person)")
        where, params = self._filters(sites=sites, since=since, document=document, person=person)
        if words:
            ranked = self._ranked(words, where, params, limit)
        else:
            ranked = self._execute(
                f"SELECT a.id, 0.0 FROM articles a WHERE {' AND '.join(where)} "
                "ORDER BY a.published_date IS NULL, a.published_date DESC, a.id LIMIT ?", [*params, limit]).fetchall()
        if not ranked:
            return []
        ids = [article for article, _ in ranked]
        items = dict(self._execute(
            "SELECT a.id, v.item FROM articles a JOIN versions v ON v.article = a.id AND v.version = a.version "
            f"WHERE a.id IN ({','.join('?' * len(ids))})", ids).fetchall())
        hits = []
        for article, score in ranked:
            item = json.loads(items[article])
            text = " ".join(filter(None, [item.get("summary"), item.get("body")]))
            hits.append(Hit(item, score, snippet(text, words)))
        return hits
