"""The cluster, for real: jobs recording into PostgreSQL, `dvcrawl publish`, Scrapyd nodes
(one killed in the middle of a job), `dvcrawl schedule` and `dvcrawl cluster-demo`."""
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from conftest import SITE_IDS, SNAPSHOTS, load_jsonl
from dvcrawl.cluster.local import LocalScrapyd
from dvcrawl.cluster.scrapyd import Node, closing_stats
from dvcrawl.store import open_store

GOLD = {g["url"]: g for site in SITE_IDS for g in load_jsonl(SNAPSHOTS / site / "expected.jsonl")}


def dvcrawl(cwd: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dvcrawl.cli", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=timeout)


def job(cwd: Path, site: str, state: str, *settings: str) -> subprocess.Popen:
    """What a Scrapyd node runs for a job: `scrapy crawl <site>` recording into the shared store."""
    cmd = [sys.executable, "-m", "scrapy", "crawl", site, "-s", f"DVCRAWL_SNAPSHOT_ROOT={SNAPSHOTS}",
           "-s", f"DVCRAWL_STATE={state}", "-s", "DVCRAWL_STORIES="]
    for setting in settings:
        cmd += ["-s", setting]
    return subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "SCRAPY_SETTINGS_MODULE": "dvcrawl.settings"})


def feed_items(out: Path) -> list[dict]:
    return [item for feed in sorted(out.glob("feed-*.jsonl")) for item in load_jsonl(feed)]


def story_sites(items: list[dict]) -> list[set]:
    stories: dict[str, set] = {}
    for item in items:
        stories.setdefault(item["story_id"], set()).add(item["site"])
    return [sites for sites in stories.values() if len(sites) > 1]


def test_jobs_running_at_once_record_each_article_once_and_agree_on_the_story(tmp_path, postgres):
    state = postgres.new_schema("cluster_jobs")
    open_store(state).close()
    procs = [job(tmp_path, site, state) for site in ("backan", "camau")]  # the shared story, both at once
    for proc in procs:
        assert proc.wait(timeout=120) == 0, proc.stderr.read()[-2000:]
    again = job(tmp_path, "camau", state)  # a job run twice (a retry) records nothing new
    assert again.wait(timeout=120) == 0
    result = dvcrawl(tmp_path, "publish", "--state", state, "--output", "out")
    assert result.returncode == 0, result.stderr
    items = feed_items(tmp_path / "out")
    assert Counter(i["url"] for i in items) == Counter({u: 1 for u, g in GOLD.items() if g["site"] in ("backan", "camau")})
    assert story_sites(items) == [{"backan", "camau"}]


@pytest.mark.parametrize("crash_at", ["published", "registered"])
def test_publish_killed_then_rerun_publishes_each_article_exactly_once(tmp_path, postgres, crash_at):
    state = postgres.new_schema(f"cluster_publish_{crash_at}")
    open_store(state).close()
    assert job(tmp_path, "ninhbinh", state).wait(timeout=120) == 0
    killed = dvcrawl(tmp_path, "publish", "--state", state, "--output", "out", "--crash-at", crash_at)
    assert killed.returncode == -signal.SIGKILL
    rerun = dvcrawl(tmp_path, "publish", "--state", state, "--output", "out")
    assert rerun.returncode == 0, rerun.stderr
    assert "recovered an interrupted publish" in rerun.stdout and "nothing to publish" in rerun.stdout
    gold = [u for u, g in GOLD.items() if g["site"] == "ninhbinh"]
    assert Counter(i["url"] for i in feed_items(tmp_path / "out")) == Counter({u: 1 for u in gold})
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert [e["items"] for e in manifest["feeds"]] == [len(gold)]
    assert (tmp_path / "out" / "latest.jsonl").resolve().name == manifest["latest"]


def test_closing_stats_are_read_from_a_job_log():
    log = ("… [scrapy.statscollectors] INFO: Dumping Scrapy stats:\n{'dvcrawl/recorded/new': 5,\n"
           " 'dvcrawl/recorded/unchanged': 2,\n 'finish_reason': 'finished',\n 'item_scraped_count': 7}\n")
    assert closing_stats(log) == {"dvcrawl/recorded/new": 5, "dvcrawl/recorded/unchanged": 2,
                                  "finish_reason": "finished", "item_scraped_count": 7}
    assert closing_stats("a log cut short by SIGKILL") == {}


@pytest.mark.parametrize("args, message", [
    (["schedule", "--scrapyd", "ftp://node", "--state", "st"], "not an http(s) URL"),
    (["schedule", "--scrapyd", "http://127.0.0.1:9", "--state", "st"], "no node answers"),
    (["schedule", "--scrapyd", "http://127.0.0.1:9", "--state", "st", "--sites", "nowhere"], "unknown site"),
    (["publish", "--state", "missing", "--output", "out"], "no state store here"),
    (["cluster-demo", "--snapshots", "missing"], "not a folder"),
])
def test_cluster_usage_errors_are_one_line_and_write_nothing(tmp_path, args, message):
    result = dvcrawl(tmp_path, *args)
    assert result.returncode == 2 and message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_a_node_killed_mid_job_is_retried_on_another_and_nothing_is_lost(tmp_path, postgres):
    """Two Scrapyd nodes, the project deployed to both, slow jobs; node 0 dies (daemon and
    jobs, SIGKILL) while running one: its jobs run again on node 1, every article is
    published exactly once, copies of a story share one story_id, a second publish is empty."""
    state = postgres.new_schema("cluster_nodes")
    with LocalScrapyd(tmp_path / "node0") as node0, LocalScrapyd(tmp_path / "node1") as node1:
        schedule = subprocess.Popen(
            [sys.executable, "-m", "dvcrawl.cli", "schedule", "--scrapyd", f"{node0.url},{node1.url}",
             "--state", state, "--snapshots", str(SNAPSHOTS), "--deploy", "-s", "DOWNLOAD_DELAY=0.5"],
            cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                if any(state == "running" for state in Node(node0.url).jobs().values()):
                    break
            except Exception:  # not deployed yet
                pass
            time.sleep(0.2)
        else:
            schedule.kill()
            pytest.fail("node 0 never ran a job")
        time.sleep(1.5)  # in the middle of the job
        node0.kill()
        out, err = schedule.communicate(timeout=300)
    assert schedule.returncode == 0, out + err
    assert "died during the job" in out and "attempt 2" in out
    first = dvcrawl(tmp_path, "publish", "--state", state, "--output", "out")
    second = dvcrawl(tmp_path, "publish", "--state", state, "--output", "out")
    assert first.returncode == 0 and second.returncode == 0 and "nothing to publish" in second.stdout
    items = feed_items(tmp_path / "out")
    assert Counter(i["url"] for i in items) == Counter({u: 1 for u in GOLD})
    assert story_sites(items) == [{"backan", "camau"}]


@pytest.mark.slow
def test_cluster_demo_on_two_nodes_publishes_every_article_once(tmp_path):
    result = dvcrawl(tmp_path, "cluster-demo", "--snapshots", str(SNAPSHOTS), "--nodes", "2", "--output", "out")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    last = result.stdout.strip().splitlines()[-1]
    assert last.startswith(f"cluster: nodes=2 jobs={len(SITE_IDS)} exported={len(GOLD)} duplicates=0 feed=")
    items = load_jsonl(tmp_path / last.split("feed=")[1])
    assert Counter(i["url"] for i in items) == Counter({u: 1 for u in GOLD})
    assert story_sites(items) == [{"backan", "camau"}]
    assert "second publish: 0" in result.stdout


def test_publish_with_one_folder_for_state_and_output_is_not_locked_by_itself(tmp_path):
    """`--state DIR --output DIR`: the folder's run lock is taken once, not twice (the second
    attempt would find the first holding it and report another run)."""
    open_store(str(tmp_path / "run")).close()
    result = dvcrawl(tmp_path, "publish", "--state", "run", "--output", "run")
    assert result.returncode == 0, result.stderr
    assert "nothing to publish" in result.stdout
