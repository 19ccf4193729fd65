"""`dvcrawl extract URL_OR_FILE [--site ID]`: print one page's article item as JSON, no crawl.

The page comes from a saved file (give its address with --url), from a snapshot folder
(--snapshot DIR: the recorded response of the URL) or from the live site (one GET request).
With a registered --site (or a URL on a registered site's domain) the site's template reads
the page, falling back to generic extraction when its selectors miss (as the spiders do);
--generic, or a site dvcrawl has no template for, reads it by content analysis alone.
"""
import json
import re
import sys
import urllib.request
from dataclasses import asdict
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from scrapy.http import HtmlResponse

from dvcrawl import settings as project_settings
from dvcrawl.assembly import build_article
from dvcrawl.downloadermiddlewares.useragent import contact_user_agent
from dvcrawl.extract.factory import choose_page, template_for
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
    """Options shared with `dvcrawl savefixture`."""
    parser.add_argument("--site", metavar="ID", help="site id (default: the registered site of the URL)")
    parser.add_argument("--url", help="address of a saved FILE (default: its canonical link)")
    parser.add_argument("--snapshot", metavar="DIR", help="read the URL from a recorded snapshot folder")
    parser.add_argument("--generic", action="store_true", help="ignore the site's template")
    parser.add_argument("--listing-date", metavar="DATE",
                        help="date the section listing shows for the article (used when the page shows none)")


class Page:
    """One page to extract: its address, raw bytes and content type."""

    def __init__(self, url: str, body: bytes, content_type: str = "text/html"):
        self.url, self.body, self.content_type = url, body, content_type

    def response(self) -> HtmlResponse:
        return HtmlResponse(url=self.url, body=self.body, headers={"Content-Type": self.content_type})


def load_page(source: str, url: str | None = None, snapshot: str | None = None) -> Page:
    """The page at `source`: a file path, a URL in a snapshot folder, or a live URL."""
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
    agent = contact_user_agent(project_settings.USER_AGENT, project_settings.DVCRAWL_CONTACT)
    request = urllib.request.Request(source, headers={"User-Agent": agent})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return Page(answer.geturl(), answer.read(), answer.headers.get("Content-Type", "text/html"))
    except OSError as exc:
        raise ConfigError(f"{source}: could not fetch the page: {exc}") from None


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
    page = load_page(args.source, args.url, args.snapshot)
    site = resolve_site(args.site, page.url, args.snapshot)
    item = extract_item(page, site, args.generic, args.listing_date)
    missing = item.pop("_missing", None)
    if missing:
        print(f"dvcrawl extract: the {site.id} template found no {'/'.join(missing)}: generic extraction used",
              file=sys.stderr)
    print(json.dumps(item, ensure_ascii=False, indent=2))
    return 0
