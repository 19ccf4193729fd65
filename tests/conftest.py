"""Shared test fixtures: the project's own copy of the recorded sites."""
import json
import os
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOTS = ROOT / "snapshots"
SITE_IDS = sorted(p.name for p in SNAPSHOTS.iterdir() if (p / "responses.jsonl").is_file())


def load_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


GOLD = [g for site in SITE_IDS for g in load_jsonl(SNAPSHOTS / site / "expected.jsonl")]
GOLD_IDS = [g["url"].rsplit("/", 1)[-1][-40:] for g in GOLD]


def recorded_page(site_id: str, url: str) -> str:
    """The recorded HTML of `url` in a site's snapshot, decoded as the server declared."""
    folder = SNAPSHOTS / site_id
    for record in load_jsonl(folder / "responses.jsonl"):
        if record["url"] == url:
            return (folder / record["body"]).read_bytes().decode("utf-8")
    raise KeyError(url)


@pytest.fixture(scope="session")
def snapshots_root() -> Path:
    return SNAPSHOTS


# -- the article store on both backends ---------------------------------------------------------
# The store's own tests run on SQLite and on PostgreSQL (a throwaway cluster on loopback, started
# once per session). Tests of runs use SQLite, or PostgreSQL with DVCRAWL_TEST_STATE=postgresql.
TEST_STATE = os.environ.get("DVCRAWL_TEST_STATE", "sqlite")


@pytest.fixture(scope="session")
def postgres():
    from dvcrawl.testing.postgres import TemporaryPostgres

    with TemporaryPostgres() as pg:
        yield pg


def _location(backend: str, request, tmp_path: Path) -> str:
    if backend == "postgresql":
        return request.getfixturevalue("postgres").new_schema(f"test_{uuid.uuid4().hex[:12]}")
    return str(tmp_path / "state")


@pytest.fixture(params=["sqlite", "postgresql"])
def any_state(request, tmp_path) -> str:
    """A fresh, empty store location (`--state`) on each backend in turn."""
    return _location(request.param, request, tmp_path)


@pytest.fixture
def state_location(request, tmp_path) -> str:
    """A fresh, empty store location for a run: on the backend DVCRAWL_TEST_STATE names."""
    return _location(TEST_STATE, request, tmp_path)
