"""Shared test fixtures: the project's own copy of the recorded sites."""
import json
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
