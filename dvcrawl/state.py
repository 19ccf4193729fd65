"""What earlier runs exported: an embedded SQLite store under `dvcrawl run --state DIR`.

The store answers three questions, each by index probes so it stays fast at millions of
articles:

- `seen(url)`: was this canonical URL exported before, with which fingerprint and version?
- `by_fingerprint(site, fingerprint)`: was this exact content exported under another URL?
- `find_story(signature, exclude_site=...)`: is this text a near-duplicate of an article
  stored before (typically the same story republished by another site), and which story_id
  does it carry?

Near-duplicates are found with MinHash signatures (datasketch's "affine32" MinHash, computed
in numpy) over word shingles of the normalised title, lead and body, so split or merged
paragraphs, a changed title or an added sentence still match. The signature is cut into LSH
bands; each band is hashed to one integer key stored in an indexed table, so a lookup is
`BANDS` index probes whatever the store's size, and the few candidates are confirmed by their
estimated Jaccard similarity.

Example (the API another tool or a benchmark can call directly)::

    store = StateStore("state/dvcrawl.sqlite")          # or StateStore() in memory
    sig = signature(story_text(title, summary, body))
    story = store.find_story(sig, exclude_site="camau")  # story_id or None
    with store.transaction():
        store.add(site, url, fingerprint, story_id, sig)
"""
import hashlib
import re
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from dvcrawl.registry import ConfigError
from dvcrawl.text import normalize

NUM_PERM = 64          # MinHash permutations: 256-byte signatures
BANDS, ROWS = 16, 4    # LSH banding: candidate pairs from Jaccard ≈ (1/BANDS)^(1/ROWS) ≈ 0.5
SHINGLE = 3            # words per shingle
STORY_THRESHOLD = 0.5  # estimated Jaccard at which two texts carry the same story
SCHEMA = 1
LSH_PARAMS = f"minhash{NUM_PERM}-bands{BANDS}x{ROWS}-shingle{SHINGLE}"

_WORD = re.compile(r"\w+")

# The MinHash of datasketch ≥ 2.0 (scheme "affine32", seed 1), computed here in one numpy pass
# (datasketch hashes and permutes in Python per call; the values are the same, which
# tests/test_dedup.py checks against datasketch itself, so stored signatures stay valid):
# each shingle's hash is the first 4 bytes of its SHA-1 (little-endian), pre-mixed with the
# MurmurHash3 32-bit finalizer, then permuted by a*h + b mod 2**32 with NUM_PERM odd `a`.
_RNG = np.random.RandomState(1)
_PERM_A = (_RNG.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)).reshape(1, -1)
_PERM_B = _RNG.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32).reshape(1, -1)
del _RNG


def story_text(title: str | None, summary: str | None, body: str | None) -> str:
    """The text a story is recognised by: title, lead and body (paragraphs do not matter)."""
    return " ".join(filter(None, [title, summary, body]))


def signature(text: str) -> np.ndarray:
    """MinHash signature (NUM_PERM uint32 values) of the word shingles of `text`."""
    words = " ".join(_WORD.findall(normalize(text).lower())).encode("utf-8").split(b" ")  # UTF-8 words
    if len(words) > SHINGLE:
        shingles = set(map(b" ".join, zip(*(words[i:] for i in range(SHINGLE)))))
    else:
        shingles = {b" ".join(words)}
    sha1 = hashlib.sha1
    hv = np.frombuffer(b"".join([sha1(s).digest()[:4] for s in shingles]), dtype="<u4")
    hv = hv.astype(np.uint32).reshape(-1, 1)
    hv ^= hv >> np.uint32(16)  # MurmurHash3 fmix32
    hv *= np.uint32(0x85EBCA6B)
    hv ^= hv >> np.uint32(13)
    hv *= np.uint32(0xC2B2AE35)
    hv ^= hv >> np.uint32(16)
    return (hv * _PERM_A + _PERM_B).min(axis=0)


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the texts behind two signatures."""
    return float(np.count_nonzero(a == b)) / len(a)


_BAND_MULT = np.random.default_rng(20201014).integers(1, 2**63, size=(1, ROWS), dtype=np.uint64) * 2 + 1
_BAND_SALT = np.arange(1, BANDS + 1, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)


def band_keys(sig: np.ndarray) -> list[int]:
    """One signed 64-bit key per LSH band: a hash of the band's ROWS values and its number
    (so equal values in different bands never share a key)."""
    h = (np.asarray(sig, dtype=np.uint32).reshape(BANDS, ROWS).astype(np.uint64) * _BAND_MULT).sum(axis=1)
    h ^= _BAND_SALT
    h ^= h >> np.uint64(31)
    h *= np.uint64(0xBF58476D1CE4E5B9)
    h ^= h >> np.uint64(29)
    return h.view(np.int64).tolist()


@dataclass(frozen=True)
class Known:
    """An article as the store remembers it."""
    site: str
    url: str
    fingerprint: str
    version: int
    story_id: str


_DDL = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    site TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    version INTEGER NOT NULL,
    story_id TEXT NOT NULL,
    signature BLOB NOT NULL,
    run_id TEXT
);
CREATE INDEX IF NOT EXISTS articles_fingerprint ON articles (fingerprint);
CREATE TABLE IF NOT EXISTS bands (
    key INTEGER NOT NULL,
    article INTEGER NOT NULL,
    PRIMARY KEY (key, article)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS runs (run_id TEXT PRIMARY KEY, feed TEXT, items INTEGER NOT NULL,
                                 applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP);
"""


class StateStore:
    """Exported articles, their fingerprints and near-duplicate index, in one SQLite file.

    `path` is a file (created with its folder) or ":memory:" (the default); `scratch()` makes
    a private temporary one. Reads never write; writes happen inside `transaction()` so a
    batch is stored entirely or not at all.
    """

    def __init__(self, path: str | Path = ":memory:"):
        if str(path) not in (":memory:", ""):
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.path = str(path)
        self.db = sqlite3.connect(self.path, isolation_level=None)  # explicit transactions only
        self.db.execute("PRAGMA journal_mode=WAL" if self.path != ":memory:" else "PRAGMA journal_mode=MEMORY")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.execute("PRAGMA cache_size=-65536")  # 64 MiB of pages: band lookups stay in memory longer
        self.db.executescript(_DDL)
        self.db.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (str(SCHEMA),))
        self.db.execute("INSERT OR IGNORE INTO meta VALUES ('lsh', ?)", (LSH_PARAMS,))
        stored = self.db.execute("SELECT value FROM meta WHERE name = 'lsh'").fetchone()[0]
        if stored != LSH_PARAMS:  # signatures and band keys made with other parameters never match
            self.db.close()
            raise ConfigError(f"{self.path}: state made with near-duplicate parameters {stored}, "
                              f"this dvcrawl uses {LSH_PARAMS}; start a new --state folder")

    @classmethod
    def scratch(cls) -> "StateStore":
        """A private store for one process's use (a run's own articles): SQLite's temporary
        database, a file it deletes itself, with a small page cache, no journal file and no
        syncs. Unlike ":memory:", its size does not stay in the process's memory (about 1 KB
        per article: signature, band keys, indexes)."""
        store = cls("")
        for pragma in ("journal_mode=MEMORY", "synchronous=OFF", "cache_size=-2048"):
            store.db.execute(f"PRAGMA {pragma}")
        return store

    def close(self) -> None:
        self.db.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    @contextmanager
    def transaction(self):
        """All writes inside are committed together at the end, or rolled back on error."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # -- reads -------------------------------------------------------------------------
    _COLS = "site, url, fingerprint, version, story_id"

    def seen(self, url: str) -> Known | None:
        """The stored article at this canonical URL, or None."""
        row = self.db.execute(f"SELECT {self._COLS} FROM articles WHERE url = ?", (url,)).fetchone()
        return Known(*row) if row else None

    def by_fingerprint(self, site: str, fingerprint: str) -> Known | None:
        """A stored article of `site` with exactly this content fingerprint, or None."""
        row = self.db.execute(f"SELECT {self._COLS} FROM articles WHERE fingerprint = ? AND site = ?",
                              (fingerprint, site)).fetchone()
        return Known(*row) if row else None

    def find_story(self, sig: np.ndarray, exclude_site: str | None = None) -> str | None:
        """story_id of the most similar stored article (estimated Jaccard ≥ STORY_THRESHOLD),
        ignoring articles of `exclude_site`; None when nothing is that close."""
        keys = band_keys(sig)
        rows = self.db.execute(
            "SELECT a.site, a.story_id, a.signature FROM articles a WHERE a.id IN "
            f"(SELECT article FROM bands WHERE key IN ({','.join('?' * len(keys))}))", keys).fetchall()
        best, best_score = None, STORY_THRESHOLD
        for site, story_id, blob in rows:
            if site == exclude_site:
                continue
            score = similarity(sig, np.frombuffer(blob, dtype=np.uint32))
            if score >= best_score:
                best, best_score = story_id, score
        return best

    def signature_of(self, url: str) -> np.ndarray | None:
        """The stored MinHash signature of the article at this canonical URL, or None."""
        row = self.db.execute("SELECT signature FROM articles WHERE url = ?", (url,)).fetchone()
        return np.frombuffer(row[0], dtype=np.uint32) if row else None

    def count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]

    def applied(self, run_id: str) -> bool:
        """True when the feed of `run_id` has been recorded in the store."""
        return self.db.execute("SELECT 1 FROM runs WHERE run_id = ?", (run_id,)).fetchone() is not None

    # -- writes (inside transaction()) ---------------------------------------------------
    def add(self, site: str, url: str, fingerprint: str, story_id: str, sig: np.ndarray,
            version: int = 1, run_id: str | None = None) -> None:
        """Store (or replace) the article at `url` with its signature and LSH band keys."""
        self.add_many([(site, url, fingerprint, story_id, sig, version, run_id)])

    def add_many(self, records) -> int:
        """`add` for many (site, url, fingerprint, story_id, signature, version, run_id) tuples;
        much faster for bulk loads (band rows are inserted in key order)."""
        bands, n = [], 0
        for site, url, fingerprint, story_id, sig, version, run_id in records:
            blob = np.asarray(sig, dtype=np.uint32).tobytes()
            row = self.db.execute("SELECT id, signature FROM articles WHERE url = ?", (url,)).fetchone()
            if row:
                article, old = row
                self.db.execute("UPDATE articles SET site=?, fingerprint=?, version=?, story_id=?, signature=?, "
                                "run_id=? WHERE id=?", (site, fingerprint, version, story_id, blob, run_id, article))
                self.db.executemany("DELETE FROM bands WHERE key = ? AND article = ?",  # by primary key
                                    [(key, article) for key in band_keys(np.frombuffer(old, dtype=np.uint32))])
            else:
                article = self.db.execute(
                    "INSERT INTO articles (url, site, fingerprint, version, story_id, signature, run_id) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)", (url, site, fingerprint, version, story_id, blob, run_id)).lastrowid
            bands.extend((key, article) for key in band_keys(sig))
            n += 1
        bands.sort()
        self.db.executemany("INSERT OR IGNORE INTO bands (key, article) VALUES (?, ?)", bands)
        return n

    def settle_story(self, site: str, url: str, fingerprint: str, sig: np.ndarray, story_id: str) -> str:
        """The story_id of the article at `url`, decided once for all processes sharing this
        store: the one stored for `url`, else a near-duplicate's on another site, else
        `story_id`; recorded for `url`. One IMMEDIATE transaction, so of two processes reading
        two copies of a story at the same moment the second waits and sees the first."""
        with self.transaction():
            known = self.seen(url)
            story = known.story_id if known else (self.find_story(sig, exclude_site=site) or story_id)
            self.add(site, url, fingerprint, story, sig)
        return story

    def mark_applied(self, run_id: str, feed: str | None, items: int) -> None:
        self.db.execute("INSERT OR REPLACE INTO runs (run_id, feed, items) VALUES (?, ?, ?)", (run_id, feed, items))
