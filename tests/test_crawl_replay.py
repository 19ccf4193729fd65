"""End-to-end: each site spider replays its recorded snapshot and exports exactly the gold set."""
import json
import subprocess
import sys

import pytest

from dvcrawl.items import Article, json_schema
from tests.conftest import ROOT, SITE_IDS, SNAPSHOTS, TEST_STATE, _location, load_jsonl

import jsonschema


@pytest.fixture(scope="module")
def crawled(request, tmp_path_factory) -> dict[str, list[dict]]:
    """Feeds of all five spiders, crawled in parallel subprocesses through the replay layer,
    sharing story ids through an SQLite file (or PostgreSQL, DVCRAWL_TEST_STATE=postgresql)."""
    out = tmp_path_factory.mktemp("feeds")
    stories = str(out / "stories.sqlite") if TEST_STATE == "sqlite" else _location(TEST_STATE, request, out)
    procs = {
        site: subprocess.Popen(
            [sys.executable, "-m", "scrapy", "crawl", site, "-s", f"DVCRAWL_SNAPSHOT={SNAPSHOTS / site}",
             "-s", "LOG_LEVEL=WARNING", "-s", f"DVCRAWL_STORIES={stories}",
             "-O", str(out / f"{site}.jsonl")],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        for site in SITE_IDS
    }
    for site, proc in procs.items():
        log, _ = proc.communicate(timeout=300)
        assert proc.returncode == 0, log
    return {site: load_jsonl(out / f"{site}.jsonl") for site in SITE_IDS} | {"_folder": out}


@pytest.mark.parametrize("site", SITE_IDS)
def test_exports_exactly_the_expected_urls_once(crawled, site):
    got = [item["url"] for item in crawled[site]]
    expected = {g["url"] for g in load_jsonl(SNAPSHOTS / site / "expected.jsonl")}
    assert sorted(got) == sorted(expected)


@pytest.mark.parametrize("site", SITE_IDS)
def test_items_follow_the_schema(crawled, site):
    validator = jsonschema.Draft202012Validator(json_schema())
    for item in crawled[site]:
        validator.validate(item)
        assert item["site"] == site
        assert set(item) == set(Article.__dataclass_fields__)


def test_copies_on_sites_crawled_by_separate_processes_share_one_story_id(crawled):
    """The crawls ran at the same time in separate processes, as `scrapy crawl` per site."""
    items = {item["url"]: item for site in SITE_IDS for item in crawled[site]}
    clusters: dict[str, set] = {}
    copies: dict[str, int] = {}
    for site in SITE_IDS:
        for gold in load_jsonl(SNAPSHOTS / site / "expected.jsonl"):
            key = gold["cluster"] or gold["url"]
            clusters.setdefault(key, set()).add(items[gold["url"]]["story_id"])
            copies[key] = copies.get(key, 0) + 1
    assert max(copies.values()) > 1  # the recorded sites hold a story on two sites
    assert all(len(ids) == 1 for ids in clusters.values()), clusters
    assert len({next(iter(ids)) for ids in clusters.values()}) == len(clusters)  # no other sharing


def test_feed_is_utf8_not_escaped(crawled):
    raw = (crawled["_folder"] / "ninhbinh.jsonl").read_bytes()
    assert b"\\u" not in raw
    assert "Dân vận".encode("utf-8") in raw


def test_shipped_schema_file_is_generated_from_items():
    shipped = json.loads((ROOT / "schema" / "article.schema.json").read_text(encoding="utf-8"))
    assert shipped == json_schema(), "run: python -m dvcrawl.items > schema/article.schema.json"
