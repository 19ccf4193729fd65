"""Crash safety against a real HTTP server: a scheduled `dvcrawl run` killed with SIGKILL at any
moment — while fetching, while exporting, while updating the state store, or at a sweep of
moments across a whole run — leaves the state store and the published feeds consistent, and
the next run completes the work: every article exported exactly once over all feeds.

(tests/test_run.py kills runs at the run command's own crash points over offline replay; these
kill them from outside, over loopback HTTP, and inside the state store's transaction.)
"""
import json
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from dvcrawl.testing.server import Fault, LocalServer
from dvcrawl.store import STATE_FILE, is_url, open_store
from test_faults import FAST, SNAPSHOTS, crawl_env, expected, load_jsonl

BIN = Path(sys.executable).parent
HOSTS = {"backan": "127.0.0.12", "binhduong": "127.0.0.13", "giaothuy": "127.0.0.14",
         "camau": "127.0.0.15", "ninhbinh": "127.0.0.16"}

# Imported by the crawler process at start-up (PYTHONPATH): SIGKILL inside the state store's
# transaction, after DVCRAWL_TEST_KILL_AFTER_ADDS articles were added but before COMMIT.
KILL_HOOK = '''
import os, signal
_n = int(os.environ.get("DVCRAWL_TEST_KILL_AFTER_ADDS", "0") or 0)
if _n:
    from dvcrawl.store import base as _base
    _record = _base.ArticleStore.record
    _calls = [0]
    def record(self, *args, **kwargs):
        result = _record(self, *args, **kwargs)
        _calls[0] += 1
        if _calls[0] >= _n:
            os.kill(os.getpid(), signal.SIGKILL)
        return result
    _base.ArticleStore.record = record
'''


@pytest.fixture
def lab(tmp_path, state_location):
    """A fresh loopback server for the five sites, a registry for it, and a run launcher."""
    with LocalServer() as server:
        for site_id, host in HOSTS.items():
            server.add_site(SNAPSHOTS / site_id, host=host)
        registry = server.write_registry(tmp_path / "registry.toml")
        hook = tmp_path / "hook"
        hook.mkdir()
        (hook / "sitecustomize.py").write_text(KILL_HOOK)

        def start(**env_extra) -> subprocess.Popen:
            env = crawl_env(registry)
            env["PYTHONPATH"] = str(hook)
            env.update({k: str(v) for k, v in env_extra.items()})
            cmd = [str(BIN / "dvcrawl"), "run", "--state", state_location,
                   "--output", str(tmp_path / "out")]
            for name, value in FAST.items():
                cmd += ["-s", f"{name}={value}"]
            return subprocess.Popen(cmd, env=env, cwd=tmp_path, stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, text=True)

        def gold() -> set[str]:
            return {server[s].url(u) for s in HOSTS for u in expected(s)}

        yield {"server": server, "start": start, "cwd": tmp_path, "gold": gold, "state": state_location}


def finish(proc: subprocess.Popen, timeout: float = 120) -> tuple[int, str]:
    out, err = proc.communicate(timeout=timeout)
    return proc.returncode, err


def exported(cwd: Path) -> Counter:
    return Counter(it["url"] for f in sorted((cwd / "out").glob("feed-*.jsonl")) for it in load_jsonl(f))


def assert_consistent(cwd: Path, gold: set[str], state: str) -> None:
    """Published feeds are whole and in the manifest; the state store is intact and agrees
    with the feeds: each article recorded once, every recorded article in a feed."""
    out = cwd / "out"
    feeds = sorted(out.glob("feed-*.jsonl"))
    if (out / "manifest.json").exists():
        manifest = json.loads((out / "manifest.json").read_text())
        listed = {e["feed"]: e["items"] for e in manifest["feeds"]}
    else:
        listed = {}
    for feed in feeds:
        items = load_jsonl(feed)  # every line parses
        if feed.name in listed:
            assert listed[feed.name] == len(items)
    db = Path(state) / STATE_FILE
    if db.exists():
        con = sqlite3.connect(db)
        try:
            assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        finally:
            con.close()
    if db.exists() or is_url(state):
        with open_store(state) as store:
            urls = [item["url"] for item in store.articles()]
            assert store.count() == len(urls)  # every article recorded with its item
        assert len(urls) == len(set(urls))
        assert set(urls) <= set(exported(cwd)), "state records an article no feed carries"


def complete_and_check(lab, again: bool = False) -> None:
    """The next run completes the work: nothing lost, nothing duplicated, all consistent."""
    code, err = finish(lab["start"]())
    assert code == 0 and "Traceback" not in err, err[-3000:]
    assert exported(lab["cwd"]) == Counter({u: 1 for u in lab["gold"]()})
    assert not list((lab["cwd"] / "out").glob(".*.part"))
    assert_consistent(lab["cwd"], lab["gold"](), lab["state"])
    if not again:
        return
    code, err = finish(lab["start"]())  # and a run after that has nothing left to do
    assert code == 0, err[-3000:]
    assert exported(lab["cwd"]) == Counter({u: 1 for u in lab["gold"]()})


def test_killed_while_fetching(lab):
    site = lab["server"]["backan"]
    held = sorted(expected("backan"))[2]
    site.fault(held, Fault.delay(1.2, times=1))  # a slow page: the request is in flight
    proc = lab["start"](**{})
    deadline = time.time() + 60
    while site.hits(held) == 0 and time.time() < deadline:
        time.sleep(0.02)
    assert site.hits(held) == 1, "the crawl never reached the slow page"
    proc.send_signal(signal.SIGKILL)
    code, _ = finish(proc)
    assert code == -signal.SIGKILL
    assert exported(lab["cwd"]) == Counter()  # nothing half-published
    assert_consistent(lab["cwd"], lab["gold"](), lab["state"])
    complete_and_check(lab)


@pytest.mark.parametrize("after", [3])
def test_killed_inside_the_state_update(lab, after):
    proc = lab["start"](DVCRAWL_TEST_KILL_AFTER_ADDS=after)
    code, err = finish(proc)
    assert code == -signal.SIGKILL, err[-2000:]
    # the feed was published before the state update: it is whole, and the state store,
    # rolled back, records none of it yet
    assert exported(lab["cwd"]) == Counter({u: 1 for u in lab["gold"]()})
    assert_consistent(lab["cwd"], lab["gold"](), lab["state"])
    complete_and_check(lab)


def test_killed_while_exporting(lab):
    proc = lab["start"](**{})
    out = lab["cwd"] / "out"
    deadline = time.time() + 60
    while time.time() < deadline:
        parts = list(out.glob(".feed-*.part")) if out.exists() else []
        if parts and parts[0].read_text(encoding="utf-8").count("\n") >= 2:
            break
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    code, _ = finish(proc)
    assert code == -signal.SIGKILL
    assert exported(lab["cwd"]) == Counter()  # the half-written feed is not published
    assert_consistent(lab["cwd"], lab["gold"](), lab["state"])
    complete_and_check(lab)


# each run is killed once the server has answered this many of its requests (of about 45):
# progress, not wall time, so the moments are the same on a slow or a fast machine
KILL_AFTER_REQUESTS = [3, 12, 24, 36]


def test_killed_again_and_again(lab):
    """Runs over the same state and output, each killed at a later point of its crawl, then
    one that finishes: the work is completed exactly once whatever moment each one died at."""
    sites = lab["server"].sites.values()
    served = lambda: sum(len(site.arrivals) for site in sites)  # noqa: E731
    killed = 0
    for threshold in KILL_AFTER_REQUESTS:
        base = served()
        proc = lab["start"](**{})
        while proc.poll() is None and served() - base < threshold:
            time.sleep(0.005)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            killed += 1
        finish(proc)
        counts = exported(lab["cwd"])
        assert all(n == 1 for n in counts.values()), counts  # never a duplicate, at any point
        assert set(counts) <= lab["gold"]()
        assert_consistent(lab["cwd"], lab["gold"](), lab["state"])
    assert killed == len(KILL_AFTER_REQUESTS)
    complete_and_check(lab, again=True)
