"""One benchmark crawl in its own process: `dvcrawl run` itself, the bare-Scrapy ceiling, or
the Scrapy spider with trafilatura a user would write instead of dvcrawl.

    python -m dvcrawl.bench.crawl dvcrawl --manifest M --output DIR --state DIR
    python -m dvcrawl.bench.crawl bare --manifest M
    python -m dvcrawl.bench.crawl trafilatura --manifest M --output DIR

All read SCRAPY_SETTINGS_MODULE=dvcrawl.bench.settings (politeness off, BenchStats on); the
benchmark also points DVCRAWL_REGISTRY at a registry of the loopback sites. BenchStats writes
one JSON line per crawler to $DVCRAWL_BENCH_STATS: pages fetched, items, and the time from the first response
to the last response or item, which is what throughput is computed from (process start-up and
shut-down are left out for both crawls alike), and the process's CPU time over that window,
which is what CPU per page is computed from (it holds when the machine is busy with other work).
"""
import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

from scrapy import Request, Spider, signals


class BenchStats:
    """Extension: first/last activity time and counters of one crawler, written at close."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.first = self.last = None
        self.cpu_first = self.cpu_last = None   # the process's CPU time (all threads) at the same moments
        self.responses = self.items = self.dropped = self.max_queued = 0
        crawler.signals.connect(self.response_received, signal=signals.response_received)
        crawler.signals.connect(self.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(self.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def _tick(self):
        now, cpu = time.perf_counter(), time.process_time()
        if self.first is None:
            self.first, self.cpu_first = now, cpu
        self.last, self.cpu_last = now, cpu

    def response_received(self, response, request, spider):
        self.responses += 1
        self._tick()
        if self.responses % 10 == 0:  # sample the scheduler's queue (private API, best effort)
            engine = self.crawler.engine
            slot = getattr(engine, "_slot", None) or getattr(engine, "slot", None)
            scheduler = getattr(slot, "scheduler", None)
            try:
                self.max_queued = max(self.max_queued, len(scheduler))
            except TypeError:
                pass

    def item_scraped(self, item, response, spider):
        self.items += 1
        self._tick()

    def item_dropped(self, item, response, exception, spider):
        self.dropped += 1
        self._tick()

    def spider_closed(self, spider, reason):
        path = os.environ.get("DVCRAWL_BENCH_STATS")
        if not path:
            return
        record = {"spider": spider.name, "pid": os.getpid(), "reason": reason, "first": self.first, "last": self.last,
                  "cpu_first": self.cpu_first, "cpu_last": self.cpu_last,
                  "responses": self.responses, "items": self.items, "dropped": self.dropped,
                  "max_queued": self.max_queued,
                  "status_200": self.crawler.stats.get_value("downloader/response_status_count/200", 0),
                  "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(record) + "\n")


def throughput(records: list[dict]) -> dict:
    """Pages, the window from the first response to the last response or item (over every
    crawler that wrote a record), pages/s over it and CPU ms per page: one reading of
    BenchStats for every figure computed from it."""
    first = min(r["first"] for r in records if r["first"] is not None)
    last = max(r["last"] for r in records if r["last"] is not None)
    pages = sum(r["responses"] for r in records)
    cpu = max(r["cpu_last"] for r in records if r["cpu_last"] is not None) - \
        min(r["cpu_first"] for r in records if r["cpu_first"] is not None)
    return {"pages": pages, "seconds": last - first,
            "pps": (pages - 1) / (last - first) if last > first else 0.0,
            "cpu_ms": cpu / max(1, pages - 1) * 1000}


class BareSpider(Spider):
    """Fetches the given URLs and does nothing with them: the ceiling of Scrapy itself."""

    name = "bare"
    urls: list = []

    async def start(self):
        for url in self.urls:
            yield Request(url, callback=self.parse)

    def parse(self, response):
        return None


class TrafilaturaSpider(Spider):
    """What a user would build instead of dvcrawl: from the section's first listing page, follow
    the links of listing pages (Scrapy's LinkExtractor, kept to the site's known pages as an
    `allow` pattern would), read every other page with trafilatura, export the items as JSON lines."""

    name = "trafilatura"
    start_url: str = ""
    listing: frozenset = frozenset()
    known: frozenset = frozenset()

    async def start(self):
        yield Request(self.start_url, callback=self.parse)

    def parse(self, response):
        from scrapy.linkextractors import LinkExtractor

        from dvcrawl.bench.readers import trafilatura_fields

        if response.url in self.listing:
            for link in LinkExtractor().extract_links(response):
                if link.url in self.known:
                    yield Request(link.url, callback=self.parse)
            return
        fields = trafilatura_fields(response.text, response.url)
        if fields:
            yield {"url": response.url, **fields}


def run_spiders(spiders: list[type[Spider]], feed: str | None = None) -> int:
    """Crawl with the benchmark's settings and none of dvcrawl's pipelines; `feed`: a JSON lines
    file every spider's items are exported to."""
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    settings.set("ITEM_PIPELINES", {}, priority="cmdline")
    settings.set("FEEDS", {feed: {"format": "jsonlines", "encoding": "utf-8"}} if feed else {}, priority="cmdline")
    process = CrawlerProcess(settings)
    for spider in spiders:
        process.crawl(spider)
    process.start()
    return 0


def bare_spiders(manifest: dict) -> list[type[Spider]]:
    return [type(f"Bare_{site['id']}", (BareSpider,), {"name": f"bare_{site['id']}", "urls": site["urls"]})
            for site in manifest["sites"]]


def trafilatura_spiders(manifest: dict) -> list[type[Spider]]:
    return [type(f"Trafilatura_{site['id']}", (TrafilaturaSpider,),
                 {"name": f"trafilatura_{site['id']}", "start_url": site["start_url"],
                  "listing": frozenset(site["listing_urls"]), "known": frozenset(site["urls"])})
            for site in manifest["sites"]]


def run_dvcrawl(args) -> int:
    """`dvcrawl run` in this one process (`--workers 1`), as bare Scrapy runs in one: the
    ratio compares one process with one (`workers_speedup` measures what more processes add)."""
    from dvcrawl.cli import main as cli_main

    return cli_main(["run", "--workers", "1", "--output", args.output, "--state", args.state])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=("dvcrawl", "bare", "trafilatura"))
    parser.add_argument("--manifest", required=True)
    parser.add_argument("--output")
    parser.add_argument("--state")
    parser.add_argument("--profile", metavar="FILE", help="write a pyinstrument profile of the crawl to FILE (text) and FILE.html")
    args = parser.parse_args(argv)
    with open(args.manifest, encoding="utf-8") as fh:
        manifest = json.load(fh)
    work = {"bare": lambda: run_spiders(bare_spiders(manifest)),
            "trafilatura": lambda: run_spiders(trafilatura_spiders(manifest), str(Path(args.output) / "feed.jsonl")),
            "dvcrawl": lambda: run_dvcrawl(args)}[args.mode]
    if args.profile:
        from pyinstrument import Profiler  # the 'bench' extra

        profiler = Profiler(interval=0.0005, async_mode="disabled")  # sampling: the whole process, reactor included
        with profiler:
            code = work()
        Path(args.profile).write_text(  # the call tree, then the functions by their own time
            profiler.output_text(unicode=True) + profiler.output_text(unicode=True, flat=True), encoding="utf-8")
        profiler.write_html(str(Path(args.profile).with_suffix(".html")))
        return code
    return work()


if __name__ == "__main__":
    sys.exit(main())
