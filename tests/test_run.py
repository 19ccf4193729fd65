"""`dvcrawl run` end to end over the recorded snapshots: export once, rerun, lock, crashes, failures."""
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from filelock import FileLock

from conftest import SITE_IDS, SNAPSHOTS, TEST_STATE, _location, load_jsonl
from dvcrawl.commands.run import LOCK_FILE
from dvcrawl.feeds import file_sha256
from dvcrawl.store import STATE_FILE, open_store

GOLD = {g["url"]: g for site in SITE_IDS for g in load_jsonl(SNAPSHOTS / site / "expected.jsonl")}


def dvcrawl_run(cwd: Path, *extra: str, snapshots: Path = SNAPSHOTS, state: str = "state", wait=True):
    cmd = [sys.executable, "-m", "dvcrawl.cli", "run", "--snapshots", str(snapshots),
           "--state", state, "--output", "out", *extra]
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if not wait:
        return proc
    out, err = proc.communicate(timeout=120)
    return proc.returncode, out, err


def feeds(cwd: Path) -> list[Path]:
    return sorted((cwd / "out").glob("feed-*.jsonl"))


def exported(cwd: Path) -> Counter:
    """URL → how many times it appears across all published feeds."""
    return Counter(item["url"] for feed in feeds(cwd) for item in load_jsonl(feed))


def assert_consistent(cwd: Path):
    """Every published feed is whole and listed in the manifest with its sha256."""
    manifest = json.loads((cwd / "out" / "manifest.json").read_text())
    listed = {e["feed"]: e for e in manifest["feeds"]}
    assert sorted(listed) == [f.name for f in feeds(cwd)]
    for feed in feeds(cwd):
        items = load_jsonl(feed)  # every line parses: no half-written line
        assert listed[feed.name]["items"] == len(items)
        assert listed[feed.name]["sha256"] == file_sha256(feed)
    assert manifest["latest"] == feeds(cwd)[-1].name
    assert os.readlink(cwd / "out" / "latest.jsonl") == manifest["latest"]


@pytest.fixture(scope="module")
def first_run(request, tmp_path_factory):
    cwd = tmp_path_factory.mktemp("run")
    state = _location(TEST_STATE, request, cwd)
    return cwd, dvcrawl_run(cwd, state=state), state


def test_first_run_exports_exactly_the_expected_articles(first_run):
    cwd, (code, out, err), _ = first_run
    assert code == 0, err[-2000:]
    assert exported(cwd) == Counter({url: 1 for url in GOLD})
    items = {i["url"]: i for i in load_jsonl(feeds(cwd)[0])}
    clusters = {}
    for url, g in GOLD.items():
        assert items[url]["title"] == g["title"] and items[url]["version"] == 1
        if g["cluster"]:
            clusters.setdefault(g["cluster"], set()).add(items[url]["story_id"])
    story_ids = Counter(i["story_id"] for i in items.values())
    for ids in clusters.values():  # the copies share one story_id, nobody else has it
        assert len(ids) == 1 and story_ids[next(iter(ids))] == 2
    assert_consistent(cwd)
    assert f"exported {len(GOLD)} article(s)" in out
    in_folder = ["out", "state"] if TEST_STATE == "sqlite" else ["out"]
    assert sorted(p.name for p in cwd.iterdir()) == in_folder  # nothing written elsewhere


def test_first_run_writes_a_summary_next_to_the_feed(first_run):
    cwd, (code, out, err), _ = first_run
    summaries = list((cwd / "out").glob("summary-*.json"))
    assert len(summaries) == 1
    summary = json.loads(summaries[0].read_text())
    assert summary["status"] == "ok" and summary["feed"] == feeds(cwd)[0].name
    assert summary["exported"] == len(GOLD)
    assert set(summary["sites"]) == set(SITE_IDS)
    for site, rep in summary["sites"].items():
        assert rep["status"] == "ok" and rep["failures"] == []
        assert rep["articles"]["new"] == sum(1 for g in GOLD.values() if g["site"] == site)
        assert set(rep) >= {"http_failures", "parse_failures", "fallback_pages", "pages", "finish_reason"}


def test_second_run_over_the_same_state_exports_nothing_and_says_so(first_run):
    cwd, _, state = first_run
    code, out, err = dvcrawl_run(cwd, state=state)
    assert code == 0, err[-2000:]
    assert "no new or updated article" in out
    assert exported(cwd) == Counter({url: 1 for url in GOLD})  # still one feed, each article once
    summary = json.loads(sorted((cwd / "out").glob("summary-*.json"))[-1].read_text())
    assert summary["feed"] is None and summary["exported"] == 0
    assert sum(r["articles"]["unchanged"] for r in summary["sites"].values()) == len(GOLD)


def test_a_second_run_while_one_holds_the_lock_says_so_and_exits(tmp_path):
    (tmp_path / "state").mkdir()
    with FileLock(tmp_path / "state" / LOCK_FILE, timeout=0):
        code, out, err = dvcrawl_run(tmp_path)
    assert code == 75
    assert "another run" in err
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob("feed-*"))
    assert not (tmp_path / "state" / STATE_FILE).exists()  # the state was not even opened


@pytest.mark.parametrize("crash_at", ["exporting", "published", "registered"])
def test_killed_run_then_rerun_exports_every_article_exactly_once(tmp_path, state_location, crash_at):
    """Killed while writing the feed, after renaming it, after registering it: the rerun
    ends with each article in exactly one published feed, and the state knows them all.
    (Two sites, one shared story, to keep the test fast; the next test kills a full run.)"""
    sites = ["backan", "camau"]
    gold = [url for url, g in GOLD.items() if g["site"] in sites]
    code, _, _ = dvcrawl_run(tmp_path, "--sites", ",".join(sites), "-s", f"DVCRAWL_CRASH_AT={crash_at}",
                             state=state_location)
    assert code == -signal.SIGKILL
    for feed in feeds(tmp_path):  # whatever is visible is complete
        assert len(load_jsonl(feed)) == len(gold)
    code, out, err = dvcrawl_run(tmp_path, "--sites", ",".join(sites), state=state_location)
    assert code == 0, err[-2000:]
    assert exported(tmp_path) == Counter({url: 1 for url in gold})
    assert not list((tmp_path / "out").glob(".*.part"))
    assert_consistent(tmp_path)
    with open_store(state_location) as state:  # state agrees: all seen, once, with full items
        assert state.count() == len(gold) and all(state.seen(url) for url in gold)
        assert sorted(i["url"] for i in state.articles()) == sorted(gold)


def test_sigkill_from_outside_mid_export_leaves_no_half_feed(tmp_path, state_location):
    proc = dvcrawl_run(tmp_path, "-s", "DVCRAWL_EXPORT_DELAY=0.2", state=state_location, wait=False)
    deadline = time.time() + 60
    while time.time() < deadline:
        parts = list((tmp_path / "out").glob(".feed-*.part")) if (tmp_path / "out").exists() else []
        if parts and parts[0].read_text(encoding="utf-8").count("\n") >= 3:
            break
        time.sleep(0.05)
    else:
        proc.kill()
        pytest.fail("the run never started writing its feed")
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    assert feeds(tmp_path) == []  # the half-written feed was never visible under a feed name
    code, _, err = dvcrawl_run(tmp_path, state=state_location)
    assert code == 0, err[-2000:]
    assert exported(tmp_path) == Counter({url: 1 for url in GOLD})
    assert_consistent(tmp_path)


def test_site_whose_start_page_is_gone_fails_the_run(tmp_path):
    root = tmp_path / "snaps"
    shutil.copytree(SNAPSHOTS / "backan", root / "backan")
    site = json.loads((root / "backan" / "site.json").read_text())
    records = [r for r in load_jsonl(root / "backan" / "responses.jsonl") if r["url"] not in site["start_urls"]]
    (root / "backan" / "responses.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    shutil.copytree(SNAPSHOTS / "camau", root / "camau")
    code, out, err = dvcrawl_run(tmp_path, "--sites", "backan,camau", snapshots=root)
    assert code == 1
    summary = json.loads(next((tmp_path / "out").glob("summary-*.json")).read_text())
    backan, camau = summary["sites"]["backan"], summary["sites"]["camau"]
    assert summary["status"] == "failed" and backan["status"] == "failed" and camau["status"] == "ok"
    assert any(f.startswith("start_unreachable") for f in backan["failures"])
    assert any(f.startswith("no_articles") for f in backan["failures"])
    assert any("Item" in f for f in backan["failures"])  # Spidermon's item count monitor
    assert {f["url"] for f in backan["http_failures"]} == set(site["start_urls"])
    assert "FAILED start_unreachable" in out
    assert len(exported(tmp_path)) == sum(1 for g in GOLD.values() if g["site"] == "camau")


def test_unknown_site_is_a_usage_error(tmp_path):
    code, _, err = dvcrawl_run(tmp_path, "--sites", "nowhere")
    assert code == 2 and "unknown site" in err


def test_interactive_progress_draws_one_line_per_site_in_place():
    import io
    from types import SimpleNamespace

    from dvcrawl.commands.run import Progress

    watches = [SimpleNamespace(site_id="backan", done=False, progress=lambda: "pages 3, articles 1, errors 0"),
               SimpleNamespace(site_id="camau", done=True, progress=lambda: "pages 9, articles 5, errors 1")]
    stream = io.StringIO()
    progress = Progress(watches, stream)
    progress.draw()
    progress.draw()
    text = stream.getvalue()
    assert text.count("\x1b[2F") == 1  # the second frame overwrites the first two lines
    last = text.split("\x1b[2F")[1].splitlines()
    assert "backan" in last[0] and "crawling" in last[0] and "articles 1" in last[0]
    assert "camau" in last[1] and "done" in last[1] and "errors 1" in last[1]
