"""`dvcrawl run --workers N`: one run, its sites crawled by N processes, one feed.

The run's process holds the lock, recovers what a killed run left, starts the workers and
publishes. Each worker (`dvcrawl run --worker-of RUN_ID …`, hidden options the run passes)
crawls its share of the sites through the same pipelines as a one-process run, reading the
state store and writing its share of the feed and rejects as `.part` files in the output
folder (`.feed-<run_id>.w0.jsonl.part`); its site reports go to its standard output.
New articles settle their story_id in a story index of the run (`.stories-<run_id>.sqlite`
in the output folder), so copies of a story crawled by different workers share one story_id.

When every worker has ended, the run copies their shares into its own feed (whole lines
only; a URL already copied is a duplicate) and publishes it exactly as a one-process run
does: feed, manifest and `latest`, then the state store. A worker that died is reported,
its sites failed in the summary; the articles it wrote before dying are in the feed once.
A run killed at any point leaves only .part files and index files, which the next run
removes before crawling: the state only ever learns about published feeds.

Workers die with the run (Linux's parent-death signal): no orphan goes on writing.
"""
import ctypes
import json
import os
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

from dvcrawl.feeds import Output, complete_lines, part_path
from dvcrawl.runs import RunContext, opened_run, share_path
from dvcrawl.store import ArticleStore, SqliteStore, open_store

PR_SET_PDEATHSIG = 1


def default_workers() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def shares(sites: list[str], workers: int) -> list[list[str]]:
    """The sites dealt round-robin to `workers` workers (never an empty share)."""
    workers = max(1, min(workers, len(sites)))
    return [sites[k::workers] for k in range(workers)]


def open_story_index(path: Path) -> SqliteStore:
    """The run's story index: shared by its workers, thrown away after the run, so a commit
    need not wait for the disk."""
    index = SqliteStore(path)
    index.db.execute("PRAGMA synchronous=OFF")
    return index


def _index_files(output_dir: Path):
    return output_dir.glob(".stories-*.sqlite*")


# -- the run's process --------------------------------------------------------------------------

def run_with_workers(args, settings, sites: list[str], state: ArticleStore, output_dir: Path,
                     workers: int, interactive: bool, finish) -> int:
    """The run's side, holding the locks and the open `state`; `finish(run_id, output,
    started, recovered, reports, written)` writes the summary as a one-process run does and
    gives the exit status."""
    output = Output(output_dir)
    for stale in _index_files(output_dir):  # a killed run's story index
        stale.unlink()
    procs = []
    try:
        with opened_run(settings, output, state) as (run, recovered, started):
            index_path = output_dir / f".stories-{run.run_id}.sqlite"
            try:
                with open_story_index(index_path) as index:  # created before the workers open it
                    for k, share in enumerate(shares(sites, workers)):
                        worker = f"w{k}"
                        procs.append((worker, share, start_worker(args, run.run_id, worker, share, index_path)))
                    reports, urls = {}, set()
                    for worker, share, proc in procs:
                        report, ended = wait_worker(proc)
                        if interactive:  # the workers draw no progress: say when each one is done
                            print(f"worker {worker} ({', '.join(share)}): {ended}", file=sys.stderr, flush=True)
                        copied, duplicates = absorb(run, worker, urls)
                        if report is None:
                            report = died(share, worker, ended, copied)
                        for (site, verdict), n in duplicates.items():  # the same URL from two workers' sites
                            report[site]["articles"][verdict] -= n
                            report[site]["articles"]["duplicate"] += n
                        reports.update(report)
                    written = run.publish(known=index)
            except BaseException:
                for _, _, proc in procs:
                    if proc.poll() is None:
                        proc.kill()
                        proc.wait()
                raise
    finally:
        for path in _index_files(output_dir):
            path.unlink(missing_ok=True)
    return finish(run.run_id, output, started, recovered, {s: reports[s] for s in sites}, written)


def start_worker(args, run_id: str, worker: str, share: list[str], index: Path) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "dvcrawl.cli", "run", "--worker-of", run_id, "--worker", worker,
           "--run-pid", str(os.getpid()), "--stories", str(index), "--sites", ",".join(share),
           "--state", args.state, "--output", args.output]
    if args.snapshots:
        cmd += ["--snapshots", args.snapshots]
    for setting in args.settings:
        cmd += ["-s", setting]
    cmd += ["-v"] * args.verbose + (["--log-level", args.log_level] if args.log_level else [])
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)  # logs go to our stderr


def wait_worker(proc: subprocess.Popen) -> tuple[dict | None, str]:
    """The worker's site reports (None if it died before giving them) and how it ended."""
    out, _ = proc.communicate()
    if proc.returncode < 0:
        return None, f"killed by {signal.Signals(-proc.returncode).name}"
    lines = out.strip().splitlines()
    if proc.returncode or not lines:
        return None, f"exited with status {proc.returncode}"
    return json.loads(lines[-1]), "finished"


def absorb(run: RunContext, worker: str, urls: set) -> tuple[Counter, Counter]:
    """Copy a worker's share into the run's feed and rejects, then remove it. Returns the
    articles copied and the ones skipped as another worker's URL, by (site, verdict)."""
    copied, duplicates = Counter(), Counter()
    for kind, path in (("feed", run.output.feed_path(run.run_id)), ("rejects", run.output.rejects_path(run.run_id))):
        part = part_path(share_path(path, worker))
        if not part.exists():
            continue
        for line, item in complete_lines(part):
            if kind == "feed":
                key = (item["site"], "new" if item.get("version", 1) == 1 else "updated")
                if item["url"] in urls:
                    duplicates[key] += 1
                    continue
                urls.add(item["url"])
                copied[key] += 1
            run.absorb(kind, line)
        part.unlink()
    return copied, duplicates


def died(share: list[str], worker: str, ended: str, copied: Counter) -> dict[str, dict]:
    """Reports for the sites of a worker that died: failed, with what it had exported."""
    failure = (f"worker_died: worker {worker} ({', '.join(share)}) {ended} before reporting; "
               "the articles it had written are in the feed")
    return {site: {"status": "failed", "failures": [failure], "reader": "unknown", "cms": None, "sections": [],
                   "finish_reason": None, "pages": None,
                   "articles": {"new": copied[(site, "new")], "updated": copied[(site, "updated")],
                                "unchanged": 0, "duplicate": 0, "rejected": 0},
                   "http_failures": [], "parse_failures": [], "fallback_pages": []}
            for site in share}


# -- a worker ------------------------------------------------------------------------------------

def die_with_run(run_pid: int) -> None:
    """Be killed when the run's process ends, however it ends."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: an orphan would finish a share no run publishes
        pass
    if os.getppid() != run_pid:  # the run ended before we asked
        os._exit(1)


def work(args, settings, sites: list[str], crawl) -> int:
    """A worker's life: crawl its share with `crawl(settings, sites, run)`, hand the share
    over, print the site reports (the last line of standard output)."""
    die_with_run(args.run_pid)
    with open_store(args.state) as state, open_story_index(Path(args.stories)) as index:
        run = RunContext.from_settings(settings, run_id=args.worker_of, output=Output(args.output), state=state,
                                       stories=index, worker=args.worker, run_pid=args.run_pid).activate()
        try:
            reports, _ = crawl(settings, sites, run)
            run.hand_over()
        finally:
            run.close()
    print(json.dumps(reports, ensure_ascii=False), flush=True)
    return 0
