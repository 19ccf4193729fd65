"""Offline replay: answer every request from a recorded snapshot folder, never the network.

`-s DVCRAWL_SNAPSHOT=<folder>` replays one site's folder (format: snapshots/README.md);
`-s DVCRAWL_SNAPSHOT_ROOT=<folder>` holds one sub-folder per site id and each spider replays
its own. The middleware sits last before the downloader, so redirects, retries, robots.txt
and compression behave exactly as with a live server: recorded status, headers and body are
returned, redirects are followed by Scrapy's RedirectMiddleware, and any URL that was not
recorded is a 404.
"""
import json
from pathlib import Path

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.http import Headers
from scrapy.responsetypes import responsetypes
from w3lib.url import safe_url_string

from dvcrawl.registry import ConfigError


class Snapshot:
    """The index of one recorded site: URL → (status, headers, body file)."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        index = self.folder / "responses.jsonl"
        if not index.is_file():
            raise ConfigError(f"{self.folder}: not a snapshot folder (no responses.jsonl)")
        self.records: dict[str, dict] = {}
        with index.open(encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                    url = record["url"]
                    int(record.get("status", 200))
                except (ValueError, KeyError, TypeError) as exc:
                    raise ConfigError(f"{index}:{n}: bad snapshot record: {exc}") from None
                self.records.setdefault(safe_url_string(url), record)

    @property
    def site(self) -> dict:
        path = self.folder / "site.json"
        return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}

    def lookup(self, url: str) -> tuple[int, dict, bytes]:
        """Recorded (status, headers, body) of `url`; a URL never recorded is a bare 404."""
        record = self.records.get(safe_url_string(url))
        if record is None:
            return 404, {"Content-Type": "text/html; charset=utf-8"}, b"<html><body>404 Not Found</body></html>"
        body = b""
        if record.get("body"):
            body = (self.folder / record["body"]).read_bytes()
        return int(record.get("status", 200)), dict(record.get("headers") or {}), body


def snapshot_folder(settings, site_id: str) -> Path | None:
    """The snapshot folder a spider for `site_id` replays from, or None for live crawling."""
    if settings.get("DVCRAWL_SNAPSHOT"):
        return Path(settings.get("DVCRAWL_SNAPSHOT"))
    if settings.get("DVCRAWL_SNAPSHOT_ROOT"):
        return Path(settings.get("DVCRAWL_SNAPSHOT_ROOT")) / site_id
    return None


class SnapshotReplayMiddleware:
    """Downloader middleware returning recorded responses; nothing reaches the network."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.snapshot: Snapshot | None = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)

    @classmethod
    def from_crawler(cls, crawler):
        if not (crawler.settings.get("DVCRAWL_SNAPSHOT") or crawler.settings.get("DVCRAWL_SNAPSHOT_ROOT")):
            raise NotConfigured
        return cls(crawler)

    def spider_opened(self, spider):
        site_id = getattr(spider, "site_id", None) or spider.name
        self.snapshot = Snapshot(snapshot_folder(self.crawler.settings, site_id))

    def process_request(self, request, spider=None):
        if request.url.startswith("data:"):  # the spider's internal requests, never a site's page
            return None
        if self.snapshot is None:  # a request before spider_opened (never expected): refuse, offline
            raise ConfigError("snapshot replay is on but no snapshot is open")
        status, headers, body = self.snapshot.lookup(request.url)
        headers = Headers(headers)
        respcls = responsetypes.from_args(headers=headers, url=request.url, body=body)
        self.crawler.stats.inc_value("dvcrawl/replay/responses")
        return respcls(url=request.url, status=status, headers=headers, body=body,
                       request=request, flags=["snapshot"])
