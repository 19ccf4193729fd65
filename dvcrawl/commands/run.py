"""Crawl the registered sites (or those of --sites) and publish the new and updated
articles as one JSONL feed in the output folder, with the run summary beside it.

Each article is exported once: the state folder remembers what earlier runs exported, and an
article comes again only as an update when its content changed. With --workers N (default: the
number of cores) N processes share the sites and the run still publishes one feed. Two runs
over the same state or output folder cannot overlap. Without a terminal (cron, systemd) the run logs one line per
site and prints the summary table; -v logs more.

exit status: 0 every site gave articles, 1 a site failed (the others are still published),
2 a usage or configuration mistake (nothing written), 75 another run holds the lock,
130 stopped by Ctrl-C (what was exported until then is published).
"""
import argparse
import json
import logging
import sys
import warnings
from contextlib import ExitStack, contextmanager
from datetime import datetime, timezone
from functools import partial
from pathlib import Path

from filelock import FileLock, Timeout
from scrapy import signals
from spidermon.contrib.scrapy.monitors import ItemCountMonitor
from twisted.internet import task

from dvcrawl.cluster.workers import default_workers, run_with_workers, work
from dvcrawl.commands.common import Interruptible, add_crawl_options, crawl_settings, start_logging
from dvcrawl.commands.options import add_state_argument, check_writable, positive_int, site_ids
from dvcrawl.feeds import Output, write_atomic
from dvcrawl.monitors import FAILED_STAT
from dvcrawl.registry import ConfigError, load_registry
from dvcrawl.replay import Snapshot
from dvcrawl.runs import VERDICTS, RunContext, opened_run
from dvcrawl.store import ArticleStore, is_url, open_store

logger = logging.getLogger("dvcrawl.run")

EXIT_OK, EXIT_SITE_FAILED, EXIT_LOCKED, EXIT_INTERRUPTED = 0, 1, 75, 130
LOCK_FILE = ".dvcrawl.lock"


def add_arguments(parser):
    parser.add_argument("--sites", type=site_ids, metavar="ID,…",
                        help="comma-separated site ids (default: every registered site)")
    parser.add_argument("--snapshots", metavar="ROOT",
                        help="replay each site from the recorded folder ROOT/<id>, with no network")
    add_state_argument(parser, "what earlier runs exported, so nothing is exported twice")
    parser.add_argument("--output", metavar="DIR", default="output",
                        help="where feeds, rejects, summaries and the manifest go (default: output)")
    add_crawl_options(parser)
    parser.add_argument("--workers", type=positive_int, default=default_workers(), metavar="N",
                        help="crawler processes sharing the sites (default: the number of cores, "
                        f"{default_workers()} here)")
    # a worker of a `--workers` run is started as `dvcrawl run` with these (dvcrawl/cluster/workers.py)
    for hidden in ("--worker-of", "--worker", "--stories"):
        parser.add_argument(hidden, help=argparse.SUPPRESS)
    parser.add_argument("--run-pid", type=int, help=argparse.SUPPRESS)


def selected_sites(ids: list[str] | None, snapshots: str | None = None) -> tuple[list[str], list[str]]:
    """(sites to crawl, registered sites skipped): the sites of `--sites`; by default every
    registered site, or with `--snapshots ROOT` every registered site recorded under ROOT."""
    registry = load_registry()
    if ids is not None:
        unknown = [s for s in ids if s not in registry]
        if unknown:
            raise ConfigError(f"--sites: unknown site(s) {', '.join(unknown)} (known: {', '.join(registry)})")
        return ids, []
    if not snapshots:
        return list(registry), []
    root = Path(snapshots)
    recorded = [s for s in registry if (root / s / "responses.jsonl").is_file()]
    if not recorded:
        raise ConfigError(f"--snapshots {root}: not a snapshot folder of any registered site "
                          "(no <site id>/responses.jsonl)")
    return recorded, [s for s in registry if s not in recorded]


def build_settings(args, sites: list[str]):
    settings = crawl_settings(args, sites)  # typed and checked now, not mid-crawl
    if args.snapshots:
        for site_id in sites:
            Snapshot(Path(args.snapshots) / site_id)  # fail now, naming the folder, not mid-run
        settings.set("DVCRAWL_SNAPSHOT_ROOT", args.snapshots, priority="cmdline")
    settings.set("FEEDS", {}, priority="cmdline")  # the run's own export pipeline writes the feed
    settings.set("LOG_FORMATTER", "dvcrawl.runs.RunLogFormatter", priority="cmdline")
    settings.set("STATS_DUMP", False, priority="project")  # the run summary replaces Scrapy's stats dump
    return settings


class SiteWatch:
    """Signals of one site's crawler: final HTTP status per URL, parse failures, fallback pages."""

    def __init__(self, site_id: str, crawler, run: RunContext):
        self.site_id, self.crawler, self.run = site_id, crawler, run
        self.last_status: dict[str, int] = {}
        self.done = False
        crawler.signals.connect(self.response_received, signal=signals.response_received)
        crawler.signals.connect(self.spider_error, signal=signals.spider_error)
        crawler.signals.connect(self.item_error, signal=signals.item_error)
        crawler.signals.connect(self.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    def response_received(self, response, request, spider):
        if not request.url.endswith("/robots.txt"):
            self.last_status[request.url] = response.status

    def spider_error(self, failure, response, spider):
        self.run.event(self.site_id, "parse_failures", url=response.url,
                       reason=f"{failure.type.__name__}: {failure.getErrorMessage()}")

    def item_error(self, item, response, spider, failure):
        self.run.event(self.site_id, "parse_failures", url=getattr(item, "url", response.url),
                       reason=f"{failure.type.__name__}: {failure.getErrorMessage()}")

    def item_scraped(self, item, response, spider):
        # generic extraction is a fallback only where a template reads the site
        if getattr(spider, "template", None) is not None and getattr(item, "extraction", "site") != "site":
            self.run.event(self.site_id, "fallback_pages", url=item.url, extraction=item.extraction)

    def spider_closed(self, spider, reason):
        self.done = True
        if not sys.stderr.isatty():
            logger.info("%s finished (%s): %s", self.site_id, reason, self.progress())

    def http_failures(self) -> list[dict]:
        failed = [{"url": u, "status": s, "reason": f"HTTP {s}"} for u, s in self.last_status.items() if s >= 400]
        return failed + list(self.run.events[self.site_id]["http_failures"])

    def articles(self) -> int:
        tally = self.run.tallies[self.site_id]
        return tally["new"] + tally["updated"] + tally["unchanged"]

    def errors(self) -> int:
        return (len(self.http_failures()) + len(self.run.events[self.site_id]["parse_failures"])
                + self.run.tallies[self.site_id]["rejected"])

    def progress(self) -> str:
        pages = self.crawler.stats.get_value("response_received_count", 0) if self.crawler.stats else 0
        return f"pages {pages}, articles {self.articles()}, errors {self.errors()}"

    def why_unanswered(self, url: str) -> str:
        """The final HTTP status of `url`, or why no response came (dns: …, connection: …)."""
        if url in self.last_status:
            return str(self.last_status[url])
        reasons = [e["reason"] for e in self.run.events[self.site_id]["http_failures"] if e["url"] == url]
        return reasons[-1] if reasons else "no response"

    def report(self, interrupted: bool = False) -> dict:
        """The site's part of the run summary; `interrupted`: the run was stopped by a signal."""
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        tally = self.run.tallies[self.site_id]
        events = self.run.events[self.site_id]
        fallback = [e["url"] for e in events["fallback_pages"]]
        monitors = stats.get(FAILED_STAT, [])
        failures = []
        cut_short = interrupted and not (self.done and stats.get("finish_reason") == "finished")
        if cut_short:
            failures.append("interrupted: the run was stopped before this site's crawl finished "
                            "(the next run crawls what is missing)")
        elif not stats.get("dvcrawl/pages/listing"):
            site = getattr(self.crawler.spider, "site", None) or getattr(self.crawler.spidercls, "site", None)
            starts = [f"{u} ({self.why_unanswered(u)})"
                      for u in getattr(site, "start_urls", ()) or [getattr(site, "home", None) or "?"]]
            failures.append(f"start_unreachable: no listing page could be read ({', '.join(starts)})")
        if stats.get("dvcrawl/drift/empty_listing"):
            failures.append(f"template_drift: {stats['dvcrawl/drift/empty_listing']} listing page(s) "
                            "without article links")
        if self.articles() and len(fallback) >= self.articles():
            failures.append("template_drift: every article needed the fallback extractor")
        if not self.articles() and not failures:
            failures.append("no_articles: no valid article found")
        # the item count monitor fails exactly when no article came: said above already
        failures += [f"monitor: {m['monitor']}: {m['error']}" for m in monitors
                     if self.articles() or not m["monitor"].startswith(ItemCountMonitor.options.name)]
        return {
            "status": "interrupted" if cut_short else "failed" if failures else "ok",
            "failures": failures,
            # how the site was read: "registry:<template>", "recognised:<template>" or "generic";
            # the CMS family and the sections found when the section was discovered
            "reader": stats.get("dvcrawl/reader", "generic"),
            "cms": stats.get("dvcrawl/cms"),
            "sections": stats.get("dvcrawl/sections", []),
            "finish_reason": stats.get("finish_reason"),
            "pages": stats.get("response_received_count", 0),
            "articles": {v: tally[v] for v in VERDICTS},
            "http_failures": self.http_failures(),
            "parse_failures": list(events["parse_failures"]),
            "fallback_pages": fallback,
        }


class Progress:
    """Live per-site progress on an interactive terminal."""

    def __init__(self, watches: list[SiteWatch], stream=sys.stderr):
        self.watches, self.stream, self.drawn = watches, stream, 0
        self.loop = task.LoopingCall(self.draw)

    def start(self):
        self.loop.start(0.5, now=True)

    def draw(self):
        if self.drawn:
            self.stream.write(f"\x1b[{self.drawn}F")
        for w in self.watches:
            state = "done" if w.done else "crawling"
            self.stream.write(f"\x1b[2K{w.site_id:<12} {state:<9} {w.progress()}\n")
        self.drawn = len(self.watches)
        self.stream.flush()

    def stop(self):
        if self.loop.running:
            self.loop.stop()
        self.draw()


def print_summary(summary: dict, folder: Path, out=sys.stdout) -> None:
    header = (f"{'site':<12} {'new':>4} {'upd':>4} {'same':>5} {'dup':>4} {'rej':>4} {'http':>5} {'parse':>5} "
              f"{'fallbk':>6}  {'status':<7} reader")
    print(header, file=out)
    for site_id, rep in summary["sites"].items():
        a = rep["articles"]
        print(f"{site_id:<12} {a['new']:>4} {a['updated']:>4} {a['unchanged']:>5} {a['duplicate']:>4} "
              f"{a['rejected']:>4} {len(rep['http_failures']):>5} {len(rep['parse_failures']):>5} "
              f"{len(rep['fallback_pages']):>6}  {rep['status']:<7} {rep['reader']}", file=out)
        for failure in rep["failures"]:
            print(f"  {'FAILED ' if rep['status'] == 'failed' else ''}{failure}", file=out)
    if summary["feed"]:
        print(f"exported {summary['exported']} article(s) to {folder / summary['feed']}", file=out)
    else:
        unchanged = sum(r["articles"]["unchanged"] for r in summary["sites"].values())
        print(f"no new or updated article: nothing exported ({unchanged} unchanged)", file=out)
    if summary["rejects"]:
        print(f"rejected items: {folder / summary['rejects']}", file=out)
    print(f"summary: {folder / summary['summary']}", file=out)


class FolderLocked(Exception):
    """Another run or publish holds a folder's run lock."""

    def __init__(self, folder: Path):
        super().__init__(f"another run is using {folder} (lock {folder / LOCK_FILE} is held)")


@contextmanager
def folder_locks(folders: list[Path]):
    """Hold the run lock of each folder, once however it is named (`--state DIR --output DIR`),
    or raise FolderLocked at once if another run holds one; released in reverse order."""
    with ExitStack() as held:
        for folder in dict.fromkeys(f.resolve() for f in folders):
            folder.mkdir(parents=True, exist_ok=True)
            lock = FileLock(folder / LOCK_FILE, timeout=0)
            try:
                lock.acquire()
            except Timeout:
                raise FolderLocked(folder) from None
            held.callback(lock.release)
        yield


def main(args) -> int:
    # Spidermon logs through the deprecated Spider.log(): keep that noise out of cron mail
    warnings.filterwarnings("ignore", message=r"Spider\.log\(\) is deprecated")
    sites, skipped = selected_sites(args.sites, args.snapshots)
    if args.worker_of:  # one worker of a --workers run, which holds the locks
        settings = build_settings(args, sites)
        start_logging(settings)
        return work(args, settings, sites, partial(crawl_sites, interactive=False))
    interactive = sys.stderr.isatty()
    settings = build_settings(args, sites)
    output_dir = Path(args.output)
    # a database is reached (or refused) before anything is written; a folder once it is locked
    database = open_store(args.state) if is_url(args.state) else None
    if database is None:
        check_writable("--state", Path(args.state))
    check_writable("--output", output_dir)
    if skipped:  # the configuration is good: say it once, then crawl
        print(f"dvcrawl run: skipped {len(skipped)} registered site(s) with no snapshot under "
              f"{args.snapshots}: {', '.join(skipped)}", file=sys.stderr)
    start_logging(settings)
    folders = [output_dir] if database else [Path(args.state), output_dir]
    try:
        with folder_locks(folders):
            state = database or open_store(args.state)
            if not state.try_run_lock():
                state.close()
                print(f"dvcrawl run: another run is using {state.where} (its run lock is held); "
                      "exiting without crawling", file=sys.stderr)
                return EXIT_LOCKED
            if args.workers > 1 and len(sites) > 1:
                return run_with_workers(args, settings, sites, state, output_dir, args.workers, interactive, finish)
            return _run(settings, sites, state, output_dir, interactive)
    except FolderLocked as locked:
        print(f"dvcrawl run: {locked}; exiting without crawling", file=sys.stderr)
        if database:
            database.close()
        return EXIT_LOCKED


def _run(settings, sites, state: ArticleStore, output_dir: Path, interactive: bool) -> int:
    output = Output(output_dir)
    with opened_run(settings, output, state) as (run, recovered, started):
        reports, stopped = crawl_sites(settings, sites, run, interactive)
        written = run.publish()  # what was exported before a Ctrl-C is published, not lost
    return finish(run.run_id, output, started, recovered, reports, written, stopped)


def crawl_sites(settings, sites: list[str], run: RunContext, interactive: bool) -> tuple[dict[str, dict], int | None]:
    """Crawl `sites` in this process into `run`: each site's report for the summary, and the
    exit status of the signal that stopped the crawl (None when nothing stopped it)."""
    settings.set("DVCRAWL_RUN_ID", run.run_id, priority="cmdline")
    process = Interruptible(settings)
    watches = []
    for site_id in sites:
        crawler = process.create_crawler(site_id)
        watches.append(SiteWatch(site_id, crawler, run))
        process.crawl(crawler)
    progress = Progress(watches) if interactive else None
    if progress:
        progress.start()
    process.start()
    if progress:
        progress.stop()
    return {w.site_id: w.report(bool(process.interrupted)) for w in watches}, process.exit_status


def finish(run_id: str, output: Output, started: datetime, recovered: dict, reports: dict, written: dict,
           stopped: int | None = None) -> int:
    """Write and print the run summary; the run's exit status. `stopped`: the exit status of
    the signal that stopped this process's crawl; a worker's interrupted site counts too."""
    interrupted = stopped is not None or any(r["status"] == "interrupted" for r in reports.values())
    summary_path = output.summary_path(run_id)
    summary = {
        "run_id": run_id,
        "started_at": started.isoformat(timespec="seconds"),
        "finished_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "status": "interrupted" if interrupted
        else "failed" if any(r["status"] != "ok" for r in reports.values()) else "ok",
        "feed": written["feed"],
        "exported": written["items"],
        "rejects": written["rejects"],
        "summary": summary_path.name,
        "recovered": recovered,
        "sites": reports,
    }
    write_atomic(summary_path, json.dumps(summary, ensure_ascii=False, indent=2) + "\n")
    print_summary(summary, output.folder)
    if interrupted:
        return stopped or EXIT_INTERRUPTED
    return EXIT_OK if summary["status"] == "ok" else EXIT_SITE_FAILED
