"""`dvcrawl run --workers N`: several crawler processes, one run, one feed, one summary."""
import json
import os
import signal
import time
from collections import Counter
from pathlib import Path

import pytest

from conftest import load_jsonl
from dvcrawl.cluster.workers import shares
from dvcrawl.store import open_store
from test_run import GOLD, assert_consistent, dvcrawl_run, exported, feeds


def summary_of(cwd: Path) -> dict:
    return json.loads(sorted((cwd / "out").glob("summary-*.json"))[-1].read_text())


def children(pid: int) -> list[int]:
    return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def test_sites_are_dealt_evenly_and_never_to_an_idle_worker():
    assert shares(list("abcde"), 2) == [["a", "c", "e"], ["b", "d"]]
    assert shares(["a", "b"], 8) == [["a"], ["b"]]


def test_two_workers_publish_one_feed_with_one_story_id_per_story(tmp_path):
    """backan and camau carry one story; with two workers each site is crawled by its own."""
    code, out, err = dvcrawl_run(tmp_path, "--workers", "2", "--sites", "backan,camau")
    assert code == 0, err[-2000:]
    assert len(feeds(tmp_path)) == 1 and len(list((tmp_path / "out").glob("summary-*.json"))) == 1
    items = load_jsonl(feeds(tmp_path)[0])
    assert Counter(i["url"] for i in items) == Counter({u: 1 for u, g in GOLD.items() if g["site"] in ("backan", "camau")})
    stories = {}
    for item in items:
        stories.setdefault(item["story_id"], set()).add(item["site"])
    assert {"backan", "camau"} in stories.values()  # the shared story, crawled by two processes
    assert_consistent(tmp_path)
    assert not list((tmp_path / "out").glob(".*.part")) and not list((tmp_path / "out").glob(".stories-*"))
    code, out, _ = dvcrawl_run(tmp_path, "--workers", "2", "--sites", "backan,camau")
    assert code == 0 and "nothing exported" in out and len(feeds(tmp_path)) == 1


def test_a_worker_killed_mid_crawl_fails_its_sites_and_loses_nothing(tmp_path, state_location):
    proc = dvcrawl_run(tmp_path, "--workers", "2", "-s", "DVCRAWL_EXPORT_DELAY=0.3", state=state_location, wait=False)
    deadline = time.time() + 90
    victim = None
    while time.time() < deadline and victim is None:
        for part in (tmp_path / "out").glob(".feed-*.w1.jsonl.part") if (tmp_path / "out").exists() else []:
            if part.read_text(encoding="utf-8").count("\n") >= 2:
                victim = next(pid for pid in children(proc.pid)
                              if "w1" in Path(f"/proc/{pid}/cmdline").read_text().split("\0"))
        time.sleep(0.05)
    if victim is None:
        proc.kill()
        pytest.fail("worker w1 never wrote its share")
    os.kill(victim, signal.SIGKILL)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 1, err[-2000:]
    summary = summary_of(tmp_path)
    dead = [s for s, r in summary["sites"].items() if any(f.startswith("worker_died") for f in r["failures"])]
    assert dead == shares(list(summary["sites"]), 2)[1]  # the sites dealt to w1, and only those
    assert "SIGKILL" in summary["sites"][dead[0]]["failures"][0]
    first = Counter(i["url"] for i in load_jsonl(feeds(tmp_path)[0]))
    assert max(first.values()) == 1 and sum(first[u] for u, g in GOLD.items() if g["site"] in dead) >= 2
    code, _, err = dvcrawl_run(tmp_path, "--workers", "2", state=state_location)  # the rerun completes the work
    assert code == 0, err[-2000:]
    assert exported(tmp_path) == Counter({url: 1 for url in GOLD})
    assert_consistent(tmp_path)
    with open_store(state_location) as state:
        assert state.count() == len(GOLD) and sorted(i["url"] for i in state.articles()) == sorted(GOLD)


def test_workers_must_be_a_positive_number(tmp_path):
    code, _, err = dvcrawl_run(tmp_path, "--workers", "0")
    assert code == 2 and "--workers" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists() and not (tmp_path / "state").exists()


@pytest.mark.slow
def test_workers_speedup_crawls_fifty_sites_completely_with_one_and_two_workers(tmp_path):
    from conftest import SNAPSHOTS
    from dvcrawl.cluster.speedup import workers_speedup

    figures = workers_speedup(SNAPSHOTS, tmp_path, sites=50, articles=300)
    assert figures["speedup_sites"] == 50
    assert figures["workers1_items"] == figures["workers2_items"] == figures["speedup_expected_items"] == 300
    assert figures["workers_speedup"] > 0 and figures["workers1_cpu_ms_per_page"] > 0
