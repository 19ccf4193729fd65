"""The article store: what earlier runs exported, on SQLite (embedded, the default) or PostgreSQL.

    store = open_store("state")                          # SQLite: state/dvcrawl.sqlite
    store = open_store("postgresql://user@host/dvcrawl")  # PostgreSQL (psycopg 3)

Both backends implement one interface (`ArticleStore`, dvcrawl/store/base.py): the dedup
index (URL, fingerprint, MinHash near-duplicates), every published article's full item with
its versions, and full-text search. Design and API: docs/state-store.md.
"""
from pathlib import Path

from dvcrawl.registry import ConfigError
from dvcrawl.store.base import STATE_FILE, ArticleStore, Hit, Known, published_date_of
from dvcrawl.store.minhash import (NUM_PERM, STORY_THRESHOLD, band_keys, item_signature, signature, similarity,
                                   story_text)
from dvcrawl.store.sqlite import SqliteStore

__all__ = ["STATE_FILE", "NUM_PERM", "STORY_THRESHOLD", "ArticleStore", "Hit", "Known", "SqliteStore",
           "band_keys", "is_url", "item_signature", "open_store", "published_date_of", "signature", "similarity",
           "story_text"]


def is_url(state) -> bool:
    """True when `--state` names a PostgreSQL database rather than a folder."""
    return str(state).startswith(("postgresql://", "postgres://"))


def open_store(state: str | Path, create: bool = True) -> ArticleStore:
    """The store at `state`: a `postgresql://` URL, else a folder holding `dvcrawl.sqlite`.
    With `create=False` a folder without a store is an error (commands that only read)."""
    if is_url(state):
        from dvcrawl.store.postgres import PostgresStore  # psycopg is loaded only for a database

        return PostgresStore(str(state))
    path = Path(state) / STATE_FILE
    if not create and not path.is_file():
        raise ConfigError(f"--state {state}: no state store here ({STATE_FILE} is missing); "
                          "a `dvcrawl run` with this --state makes one")
    return SqliteStore(path)
