"""Print the article item of one page as JSON, as a crawl would export it.

The page is fetched from the live site through the same downloader, middlewares and settings
as a crawl (robots.txt, User-Agent, retries, redirects, charset repair; -s changes any
setting), read from a recorded snapshot folder (--snapshot DIR), or read from a saved file
(give its address with --url unless it has a canonical link). The registered site of the
URL (or --site) reads it with its template, falling back to generic extraction when the
template's selectors miss; --generic, or a site dvcrawl does not know, uses generic
extraction alone.

exit status: 0 printed, 1 the page could not be fetched (dns, connection, timeout, HTTP
error: one line says which), 2 a usage mistake.
"""
import argparse
import json
import multiprocessing
import re
import sys
from dataclasses import asdict
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy.http import HtmlResponse

from dvcrawl.assembly import build_article
from dvcrawl.commands.common import CommandFailed, Interruptible, add_crawl_options, crawl_settings, start_logging
from dvcrawl.downloadermiddlewares.charset import with_right_encoding
from dvcrawl.extract.factory import choose_page, template_for
from dvcrawl.failures import describe_failure
from dvcrawl.pipelines.normalize import NormalizePipeline
from dvcrawl.registry import ConfigError, Site, load_registry
from dvcrawl.replay import Snapshot
from dvcrawl.sitefacts import site_for
from dvcrawl.urls import same_site

VOLATILE = ("crawled_at",)  # item fields that change on every extraction


def add_arguments(parser):
    parser.add_argument("source", metavar="URL_OR_FILE", help="page address or saved HTML file")
    add_source_options(parser)


def add_source_options(parser):
    """Options shared with `dvcrawl savefixture`, the live fetch's -s/-v/--log-level included."""
    parser.add_argument("--site", metavar="ID", help="site id (default: the registered site of the URL)")
    parser.add_argument("--url", help="address of a saved FILE (default: its canonical link)")
    parser.add_argument("--snapshot", metavar="DIR", help="read the URL from a recorded snapshot folder")
    parser.add_argument("--generic", action="store_true", help="ignore the site's template")
    parser.add_argument("--listing-date", metavar="DATE",
                        help="date the section listing shows for the article (used when the page shows none)")
    add_crawl_options(parser)


class Page:
    """One page to extract: its address, raw bytes and content type."""

    def __init__(self, url: str, body: bytes, content_type: str = "text/html"):
        self.url, self.body, self.content_type = url, body, content_type

    def response(self) -> HtmlResponse:
        """The page as a crawl reads it: in the encoding the charset repair decides."""
        return with_right_encoding(HtmlResponse(url=self.url, body=self.body, headers={"Content-Type": self.content_type}))


def load_page(source: str, url: str | None = None, snapshot: str | None = None, settings=None) -> Page:
    """The page at `source`: a file path, a URL in a snapshot folder, or a live URL (fetched
    with `settings` from `crawl_settings`; by default the project's, quiet)."""
    path = Path(source)
    if not re.match(r"^https?://", source):
        if not path.is_file():
            raise ConfigError(f"{source}: no such file (give a file or an http(s) URL)")
        body = path.read_bytes()
        if not url:
            found = re.search(rb'<link[^>]+rel=["\']canonical["\'][^>]*href=["\']([^"\']+)', body, re.I)
            url = found.group(1).decode("ascii", "replace") if found else None
        if not url:
            raise ConfigError(f"{source}: give the page's address with --url (the file has no canonical link)")
        return Page(url, body)
    if snapshot:
        return _from_snapshot(source, Snapshot(snapshot))
    return fetch(source, settings)


class _FetchOne(scrapy.Spider):
    """A crawl of one page: the request goes through every downloader middleware of a crawl."""

    name = "dvcrawl-fetch"

    def __init__(self, url: str, outcome: dict, **kwargs):
        super().__init__(**kwargs)
        self.url, self.outcome = url, outcome

    async def start(self):
        yield scrapy.Request(self.url, callback=self.fetched, errback=self.failed, dont_filter=True)

    def fetched(self, response):
        self.outcome["page"] = (response.url, response.body,
                                response.headers.get("Content-Type", b"text/html").decode("latin-1"))

    def failed(self, failure):
        self.outcome["failure"] = describe_failure(failure)[1]


def fetch(url: str, settings=None) -> Page:
    """`url` fetched as a crawl fetches it; CommandFailed (one line) when no page came.

    The crawl runs in a forked child process: Twisted's reactor cannot start twice in one
    process, and a command may fetch several pages one after the other (`dvcrawl discover`)."""
    if settings is None:
        settings = crawl_settings(argparse.Namespace(settings=[], verbose=0, log_level=None))
    settings.set("SPIDERMON_ENABLED", False, priority="cmdline")  # one page is not a site's crawl
    settings.set("ITEM_PIPELINES", {}, priority="cmdline")
    settings.set("FEEDS", {}, priority="cmdline")
    receiving, sending = multiprocessing.Pipe(duplex=False)
    child = multiprocessing.get_context("fork").Process(target=_fetch_in_child, args=(url, settings, sending),
                                                     daemon=True)
    child.start()
    sending.close()
    try:
        outcome = receiving.recv()
    except EOFError:  # the child died without an answer
        outcome = {"failure": f"the fetching process ended with status {child.exitcode}"}
    child.join()
    if outcome.get("interrupted"):
        raise KeyboardInterrupt
    if "page" not in outcome:
        raise CommandFailed(f"{url}: could not fetch the page: {outcome.get('failure', 'no response')}")
    return Page(*outcome["page"])


def _fetch_in_child(url: str, settings, answer) -> None:
    start_logging(settings)
    outcome: dict = {}
    process = Interruptible(settings)
    process.crawl(_FetchOne, url=url, outcome=outcome)
    process.start()
    if process.interrupted:
        outcome["interrupted"] = True
    answer.send(outcome)


def _from_snapshot(url: str, snapshot: Snapshot) -> Page:
    for _ in range(6):  # follow recorded redirects
        status, headers, body = snapshot.lookup(url)
        location = headers.get("Location") or headers.get("location")
        if status in (301, 302, 303, 307, 308) and location:
            url = urljoin(url, location)
            continue
        if status != 200:
            raise ConfigError(f"{url}: the snapshot {snapshot.folder} answers {status}")
        return Page(url, body, headers.get("Content-Type") or headers.get("content-type") or "text/html")
    raise ConfigError(f"{url}: too many redirects in the snapshot {snapshot.folder}")


def resolve_site(site_id: str | None, url: str, snapshot: str | None = None) -> Site:
    """The named site, the registered site of `url`, or a site known only by its host."""
    registry = load_registry()
    if site_id is None:
        site_id = next((s.id for s in registry.values() if same_site(url, s.domains)), None)
    if site_id is None:
        host = urlsplit(url).hostname or "unknown"
        site_id = re.sub(r"\W+", "_", host.removeprefix("www.")).strip("_")
    folder = Path(snapshot) if snapshot else None
    return site_for(site_id, [url], folder)


def extract_item(page: Page, site: Site, generic: bool = False, listing_date: str | None = None) -> dict:
    """The feed item of one page, as the spiders would export it (normalised), minus volatile fields."""
    response = page.response()
    registered = load_registry().get(site.id)
    template = template_for(registered) if registered and not generic else None
    reader, extraction, missing = choose_page(response.selector, response.url, template, listing_date)
    item = NormalizePipeline().process_item(build_article(site, reader, response.url, extraction))
    out = asdict(item)
    for key in VOLATILE:
        out.pop(key, None)
    if missing:
        out["_missing"] = missing  # fields the template's selectors missed (removed before saving)
    return out


def main(args) -> int:
    page = load_page(args.source, args.url, args.snapshot, crawl_settings(args))
    site = resolve_site(args.site, page.url, args.snapshot)
    item = extract_item(page, site, args.generic, args.listing_date)
    missing = item.pop("_missing", None)
    if missing:
        print(f"dvcrawl extract: the {site.id} template found no {'/'.join(missing)}: generic extraction used",
              file=sys.stderr)
    print(json.dumps(item, ensure_ascii=False, indent=2))
    return 0
