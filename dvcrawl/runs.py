"""The shared context of one run: what the pipelines of all its site crawlers record.

`dvcrawl run` creates one `RunContext` (state store, output folder, feed being written,
per-site tallies) and names it in the crawlers' settings (`DVCRAWL_RUN_ID`); the pipelines
find it with `RunContext.for_crawler`. Under plain `scrapy crawl <id>` there is no run:
each crawler gets a private context with an in-memory store and no output, so validation
and in-run dedup still apply and Scrapy's own FEEDS / -o export the items.

Publishing order (each step idempotent, so `recover()` can finish a run that was killed):
1. the feed's temporary file is flushed, fsynced and renamed → published;
2. the manifest and `latest` are updated;
3. the feed's articles are recorded in the state store, with the run id, in one transaction.
State is therefore never updated for an article that is not in a published feed.
"""
import logging
import os
import secrets
import signal
import time
import weakref
from collections import Counter, defaultdict
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from itemadapter import ItemAdapter

from dvcrawl.logformatter import ShortLogFormatter
from dvcrawl.feeds import FEED_RE, Output, PartFile, iter_items
from dvcrawl.items import item_dict
from dvcrawl.store import ArticleStore, SqliteStore, is_url, item_signature, open_store

logger = logging.getLogger(__name__)

VERDICTS = ("new", "updated", "unchanged", "duplicate", "rejected")
EXPORTED = ("new", "updated")


def new_run_id() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(3)


def crash_point(name: str, settings_value: str | None, run_pid: int | None = None) -> None:
    """Test hook (`-s DVCRAWL_CRASH_AT=<name>`): die here as SIGKILL would, without clean-up;
    a worker takes its run's process (`run_pid`) down with it, as a killed run would be."""
    if settings_value and settings_value == name:
        if run_pid:
            os.kill(run_pid, signal.SIGKILL)
        os.kill(os.getpid(), signal.SIGKILL)


def share_path(path: Path, worker: str) -> Path:
    """A worker's share of the run's file at `path`: feed-<run_id>.jsonl → feed-<run_id>.w0.jsonl."""
    return path.with_suffix(f".{worker}{path.suffix}")


def apply_feed(state: ArticleStore, feed: Path, items: int, known: ArticleStore | None = None) -> int:
    """Record every article of a published feed in the state store, full items included, in
    one transaction that claims the feed's run id (so a feed is recorded once, whoever
    records it: the run itself, or the next run's recovery).

    `items` is the feed's article count from its manifest entry (`Output.register` counted
    them), so the feed is read here once, line by line. `known` (the run's own store) gives
    the MinHash signature dedup already computed for an article; without it (recovery) it is
    computed from the text."""
    run_id = FEED_RE.match(feed.name)["run_id"]
    if state.applied(run_id):
        return 0
    with state.transaction():
        if not state.claim_run(run_id, feed.name, items):
            return 0
        for it in iter_items(feed):
            sig = known.signature_of(it["url"]) if known is not None else None
            if sig is None:
                sig = item_signature(it)
            state.record(it, sig, run_id, feed.name)
    return items


def recover(output: Output, state: ArticleStore) -> dict:
    """Finish what a killed run left: drop half-written files, register published feeds in
    the manifest, record their articles in the state store."""
    removed = output.clean_parts()  # workers' shares are .part files too
    registered = {e["feed"]: e for e in output.manifest()["feeds"]}
    applied = 0
    for feed in output.published_feeds():
        entry = registered.get(feed.name) or output.register(feed)
        applied += apply_feed(state, feed, entry["items"])
    if removed or applied:
        logger.warning("recovered from an interrupted run: removed %d partial file(s), recorded %d "
                       "published article(s) in the state", len(removed), applied)
    return {"removed_parts": [p.name for p in removed], "recorded": applied}


@contextmanager
def opened_run(settings, output: Output, state: ArticleStore):
    """A `dvcrawl run` in `output` with `state`, once what a killed run left is finished
    (`recover`): yields (run, recovered, started). On an error the run's exports are
    discarded; at the end the run and the state store are closed."""
    recovered = recover(output, state)
    run = RunContext.from_settings(settings, output=output, state=state).activate()
    started = datetime.now(timezone.utc)
    try:
        yield run, recovered, started
    except BaseException:
        run.discard()
        raise
    finally:
        run.close()
        state.close()


def shared_stories(location: str) -> ArticleStore:
    """The story index `scrapy crawl` processes share (DVCRAWL_STORIES): an SQLite file, or a
    postgresql:// URL for crawls on several machines (Scrapyd nodes)."""
    return open_store(location) if is_url(location) else SqliteStore(location)


class RunContext:
    _active: dict[str, "RunContext"] = {}
    _private: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()

    def __init__(self, run_id: str | None = None, output: Output | None = None,
                 state: ArticleStore | None = None, crash_at: str | None = None,
                 export_delay: float = 0.0, stories: ArticleStore | None = None,
                 worker: str | None = None, run_pid: int | None = None):
        self.run_id = run_id or new_run_id()
        self.worker = worker  # `run --workers`: this process's share, handed over unpublished
        self.run_pid = run_pid
        self.output = output
        self.state = state
        self.stories = stories  # story ids shared with other processes (`scrapy crawl`), see settle_story
        self.current = SqliteStore.scratch()  # what this run accepted so far (all sites), in one transaction
        self.crash_at = crash_at
        self.export_delay = export_delay
        self.verdicts: dict[str, str] = {}  # URL -> dedup's verdict, until export reads it
        self.tallies: dict[str, Counter] = defaultdict(Counter)
        self.events: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        self._feed: PartFile | None = None
        self._rejects: PartFile | None = None

    @classmethod
    def from_settings(cls, settings, **context) -> "RunContext":
        """The run of crawls made with `settings`, or a worker's share of it. The settings the
        run itself obeys (the test hooks DVCRAWL_CRASH_AT, DVCRAWL_EXPORT_DELAY) are read here
        only, alike for a run and its workers; `context` gives the rest (output, state, …)."""
        return cls(crash_at=settings.get("DVCRAWL_CRASH_AT"),
                   export_delay=settings.getfloat("DVCRAWL_EXPORT_DELAY", 0.0), **context)

    # -- lookup from a crawler ---------------------------------------------------------
    def activate(self) -> "RunContext":
        RunContext._active[self.run_id] = self
        return self

    @classmethod
    def for_crawler(cls, crawler) -> "RunContext":
        run_id = crawler.settings.get("DVCRAWL_RUN_ID")
        if run_id:
            return cls._active[run_id]
        if crawler not in cls._private:  # `scrapy crawl`: one site per process
            shared = crawler.settings.get("DVCRAWL_STATE")  # a cluster job: the shared store decides
            path = crawler.settings.get("DVCRAWL_STORIES")
            cls._private[crawler] = cls(state=open_store(shared) if shared else None,
                                        stories=shared_stories(path) if path and not shared else None)
        return cls._private[crawler]

    # -- recording -----------------------------------------------------------------------
    def count(self, site: str, verdict: str) -> None:
        self.tallies[site][verdict] += 1

    def event(self, site: str, kind: str, **info) -> None:
        self.events[site][kind].append(info)

    def reject(self, item, reason: str) -> None:
        site = getattr(item, "site", None) or ItemAdapter(item).get("site") or "?"
        self.count(site, "rejected")
        if self.output is not None:
            self._file("rejects").write_line({"reason": reason, "run_id": self.run_id, "item": item_dict(item)})

    def _file(self, kind: str) -> PartFile:
        """The run's feed or rejects file, opened on first use; a worker writes its share
        (`.feed-<run_id>.w0.jsonl.part`: never taken for a feed, removed by recovery like any
        .part file)."""
        attr = f"_{kind}"
        if getattr(self, attr) is None:
            path = self.output.feed_path(self.run_id) if kind == "feed" else self.output.rejects_path(self.run_id)
            if self.worker is not None:
                path = share_path(path, self.worker)
            setattr(self, attr, PartFile(path))
        return getattr(self, attr)

    def export(self, item) -> None:
        if self.output is None:
            return
        self._file("feed").write_line(item_dict(item))
        crash_point("exporting", self.crash_at, self.run_pid)
        if self.export_delay:
            time.sleep(self.export_delay)

    def absorb(self, kind: str, line: str) -> None:
        """Add a line a worker wrote (already serialised) to this run's `feed` or `rejects`."""
        self._file(kind).write_raw(line)

    def hand_over(self) -> None:
        """A worker's end: its feed and rejects flushed to disk under their .part names."""
        for part in (self._feed, self._rejects):
            if part is not None:
                part.sync()

    @property
    def exported(self) -> int:
        return self._feed.lines if self._feed else 0

    # -- the end -------------------------------------------------------------------------
    def publish(self, known: ArticleStore | None = None) -> dict:
        """Publish the feed and rejects, update manifest, latest and state; names of what was
        written. `known` holds the signatures of the feed's articles (default: this process's)."""
        written = {"feed": None, "rejects": None, "items": self.exported}
        if self._rejects is not None:
            written["rejects"] = self._rejects.publish().name
        if self._feed is not None:
            feed = self._feed.publish()
            written["feed"] = feed.name
            crash_point("published", self.crash_at)
            written["manifest"] = self.output.register(feed)
            crash_point("registered", self.crash_at)
            if self.state is not None:
                apply_feed(self.state, feed, written["manifest"]["items"], known=known or self.current)
        return written

    def discard(self) -> None:
        for part in (self._feed, self._rejects):
            if part is not None:
                part.discard()

    def close(self) -> None:
        RunContext._active.pop(self.run_id, None)
        self.current.close()


class RunLogFormatter(ShortLogFormatter):
    """The project's log formatter (short drop lines), also recording download errors (after
    retries) in the run."""

    def __init__(self, crawler=None):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def download_error(self, failure, request, spider, errmsg=None):
        if self.crawler is not None:
            site = getattr(spider, "site_id", spider.name)
            RunContext.for_crawler(self.crawler).event(
                site, "http_failures", url=request.url, status=None,
                reason=errmsg or f"{failure.type.__name__}: {failure.getErrorMessage()}")
        return super().download_error(failure, request, spider, errmsg)
