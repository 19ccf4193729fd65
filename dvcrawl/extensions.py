"""Reliability pieces of the crawler: failure records, retries with backoff, charset repair,
the contact User-Agent.

Failures
    Every URL a crawl gives up on is recorded once, with a short reason code, by
    `record_failure()`: from the spider's errback (download errors after retries, logged as
    one line rather than a traceback; HTTP errors; ignored requests: robots.txt, too many
    redirects, a body over DOWNLOAD_MAXSIZE or a decompression bomb), from the spider's page
    checks (soft 404, page without an article, pagination trap) and from `FailureLog` (items
    the pipelines drop, redirect loops the duplicate filter swallows, redirects off the site
    the off-site filter drops). The records are

        {"site": "backan", "url": "http://…", "reason": "http_503: …", "kind": "http"}

    kept in the crawler's stats under `dvcrawl/failures` (a list), written as JSON lines to
    the file named by `-s DVCRAWL_FAILURE_LOG=<path>` when the spider closes, and, under
    `dvcrawl run`, added to the run's summary (`http_failures` / `parse_failures` of the site)
    for the kinds the run command does not see by itself.
"""
from __future__ import annotations

import codecs
import json
import logging
import os
import re
import sys
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path

from scrapy import signals
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.downloadermiddlewares.useragent import UserAgentMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import TextResponse
from scrapy.logformatter import DROPPEDMSG, LogFormatter
from scrapy.spiderloader import SpiderLoader as _ScrapySpiderLoader
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.task import deferLater
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, resolve_encoding

logger = logging.getLogger(__name__)

FAILURES_STAT = "dvcrawl/failures"

# kinds the `dvcrawl run` summary gets from elsewhere (the HTTP status of responses; the
# rejects file), so they are not added to it twice
_RUN_SEES_ITSELF = ("http", "rejected", "drift")


def record_failure(crawler, site: str, url: str, reason: str, kind: str) -> None:
    """Record that `url` of `site` was given up on, and why (`code: details`)."""
    stats = crawler.stats
    failures = stats.get_value(FAILURES_STAT)
    if failures is None:
        failures = []
        stats.set_value(FAILURES_STAT, failures)
    keys = crawler.__dict__.setdefault("dvcrawl_failure_keys", set())
    if (url, reason) in keys:
        return
    keys.add((url, reason))
    failures.append({"site": site, "url": url, "reason": reason, "kind": kind})
    stats.inc_value(f"dvcrawl/failed/{kind}")
    if kind not in _RUN_SEES_ITSELF and crawler.settings.get("DVCRAWL_RUN_ID"):
        from dvcrawl.runs import RunContext  # late: only under `dvcrawl run`

        run = RunContext.for_crawler(crawler)
        if kind in ("ignored", "redirect", "download"):
            run.event(site, "http_failures", url=url, status=None, reason=reason)
        else:
            run.event(site, "parse_failures", url=url, reason=reason)


def describe_failure(failure) -> tuple[str, str]:
    """(kind, reason) of a request errback's failure."""
    from scrapy.spidermiddlewares.httperror import HttpError

    exc = failure.value
    if isinstance(exc, HttpError):
        status = exc.response.status
        return "http", f"http_{status}: HTTP {status} after retries" if status >= 500 or status == 429 \
            else f"http_{status}: HTTP {status}"
    message = failure.getErrorMessage() or failure.type.__name__
    if isinstance(exc, IgnoreRequest):
        text = str(exc)
        lowered = text.lower()
        if "robots" in lowered:
            return "ignored", "robots_txt: forbidden by robots.txt"
        if "max redirections" in lowered:
            return "redirect", "redirect_loop: too many redirects"
        if "download_maxsize" in lowered or "decompress" in lowered:
            return "ignored", f"too_large: {text}"
        if "offsite" in lowered:
            return "ignored", f"offsite: {text}"
        return "ignored", f"ignored: {text}"
    name = failure.type.__name__
    inner = [getattr(r, "type", type(r)).__name__ for r in getattr(exc, "reasons", None) or []]
    lowered = " ".join([name, message, *inner]).lower()
    if "timeout" in lowered or "timed out" in lowered or "took longer than" in lowered:
        return "download", f"timeout: {message}"
    if "larger than download max size" in lowered or "download max size" in lowered:
        return "download", f"too_large: {message}"
    if "dataloss" in lowered or "data loss" in lowered or "potentialdataloss" in lowered:
        return "download", "truncated: the body ended before its announced length"
    if "connectionlost" in lowered or "connectiondone" in lowered or "reset" in lowered:
        return "download", "connection: connection reset or closed by the server without an answer"
    if "connectionrefused" in lowered or "refused" in lowered:
        return "download", "connection: connection refused"
    if "dns" in lowered or "lookup" in lowered:
        return "download", f"dns: {message}"
    return "download", f"{name}: {message}"


class FailureLog:
    """Extension: records items the pipelines drop and redirect loops the duplicate filter
    swallows; writes every failure record to DVCRAWL_FAILURE_LOG when the spider closes."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.path = crawler.settings.get("DVCRAWL_FAILURE_LOG")
        for name in ("item_dropped", "request_dropped", "request_scheduled", "spider_closed"):
            crawler.signals.connect(getattr(self, name), signal=getattr(signals, name))

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    @staticmethod
    def _site(spider) -> str:
        return getattr(spider, "site_id", None) or getattr(spider, "name", "?")

    def item_dropped(self, item, response, exception, spider=None):
        message = str(exception)
        if "duplicate" in message.lower():  # the same article again: nothing is lost
            return
        url = getattr(item, "url", None) or (response.url if response is not None else "?")
        reason = message.split(": ", 1)[1] if message.startswith(str(url)) else message
        reason = reason.removeprefix("rejected: ")
        record_failure(self.crawler, self._site(self.crawler.spider), url, reason, "rejected")

    def request_dropped(self, request, spider=None):
        """A redirect whose target is already in its own redirect chain: a loop the duplicate
        filter stopped. (A redirect to a page fetched through another link is no loss.)"""
        chain = request.meta.get("redirect_urls") or []
        if request.url in chain:
            record_failure(self.crawler, self._site(self.crawler.spider), chain[0],
                           f"redirect_loop: redirects back to {request.url}", "redirect")

    def request_scheduled(self, request, spider=None):
        """A redirect leading off the site's domains: Scrapy's OffsiteMiddleware drops it at
        scheduling without calling the errback, so the page would vanish unrecorded."""
        chain = request.meta.get("redirect_urls")
        spider = self.crawler.spider
        domains = getattr(getattr(spider, "site", None), "domains", None)
        if not chain or not domains or request.dont_filter or request.meta.get("allow_offsite"):
            return
        from dvcrawl.urls import same_site

        if not same_site(request.url, domains):
            record_failure(self.crawler, self._site(spider), chain[0],
                           f"offsite: redirected off the site to {request.url}", "redirect")

    def spider_closed(self, spider, reason):
        if not self.path:
            return
        failures = self.crawler.stats.get_value(FAILURES_STAT) or []
        path = Path(self.path)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as fh:
            for failure in failures:
                fh.write(json.dumps(failure, ensure_ascii=False) + "\n")


def retry_after_seconds(value: bytes | str | None) -> float | None:
    """Seconds a `Retry-After` header asks for (delta-seconds or an HTTP date), or None."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's RetryMiddleware, waiting before each retry: the server's `Retry-After` when it
    sends one (capped at RETRY_AFTER_MAX), else RETRY_BACKOFF_BASE × 2^(attempt-1) seconds
    (capped at RETRY_BACKOFF_MAX). Other requests go on meanwhile."""

    def __init__(self, settings):
        super().__init__(settings)
        self.base = settings.getfloat("RETRY_BACKOFF_BASE", 1.0)
        self.cap = settings.getfloat("RETRY_BACKOFF_MAX", 60.0)
        self.after_cap = settings.getfloat("RETRY_AFTER_MAX", 120.0)

    def _wait(self, request, response=None) -> float:
        attempt = request.meta.get("retry_times", 1)  # already counts this retry
        wait = min(self.cap, self.base * 2 ** max(0, attempt - 1))
        if response is not None:
            asked = retry_after_seconds(response.headers.get("Retry-After"))
            if asked is not None:
                wait = min(self.after_cap, max(wait, asked))
        return wait

    async def _sleep(self, seconds: float) -> None:
        if seconds > 0:
            from twisted.internet import reactor  # late: importing it installs a reactor

            await maybe_deferred_to_future(deferLater(reactor, seconds, lambda: None))

    async def process_response(self, request, response, spider=None):
        result = super().process_response(request, response)
        if result is not response and hasattr(result, "meta"):
            wait = self._wait(result, response)
            self.crawler.stats.inc_value("dvcrawl/retry/waited_seconds", wait)
            await self._sleep(wait)
        return result

    async def process_exception(self, request, exception, spider=None):
        result = super().process_exception(request, exception)
        if result is not None and hasattr(result, "meta"):
            wait = self._wait(result)
            self.crawler.stats.inc_value("dvcrawl/retry/waited_seconds", wait)
            await self._sleep(wait)
        return result


def _decodes(body: bytes, encoding: str) -> bool:
    try:
        body.decode(encoding)
        return True
    except (UnicodeDecodeError, LookupError):
        return False


def choose_encoding(body: bytes, header_charset: str | None) -> str | None:
    """The encoding to read a page in when its declarations are missing or wrong, or None to
    keep what Scrapy/w3lib decided (header, BOM, <meta>).

    - Non-ASCII bytes that are valid UTF-8 are UTF-8, whatever is declared: a false
      `charset=iso-8859-1` from a server default is the usual case.
    - Otherwise a declaration that decodes cleanly is believed.
    - Otherwise (no declaration, or one the bytes break) the <meta> charset if it decodes,
      else windows-1258, the legacy Vietnamese code page.
    """
    if body[:3] == b"\xef\xbb\xbf" or body[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return None  # a BOM decides, and w3lib honours it
    if body.isascii():
        return None  # entities or plain ASCII: any declaration reads it the same
    if _decodes(body, "utf-8"):
        return "utf-8"
    declared_header = resolve_encoding(header_charset) if header_charset else None
    declared_meta = html_body_declared_encoding(body)
    for declared in (declared_header, declared_meta):
        if declared and _canonical(declared) != "utf-8" and _decodes(body, declared):
            return declared
    return "cp1258"


def _canonical(encoding: str | None) -> str | None:
    try:
        return codecs.lookup(encoding).name if encoding else None
    except LookupError:
        return None


class CharsetMiddleware:
    """Downloader middleware: re-decide the encoding of HTML pages (see `choose_encoding`)."""

    def __init__(self, stats):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats)

    def process_response(self, request, response, spider=None):
        if not isinstance(response, TextResponse) or not response.body:
            return response
        header = http_content_type_encoding(response.headers.get("Content-Type", b"").decode("latin-1"))
        encoding = choose_encoding(response.body, header)
        if encoding is None or _canonical(encoding) == _canonical(response.encoding):
            return response
        self.stats.inc_value("dvcrawl/charset/repaired")
        logger.info("reading %s as %s (declared %s)", response.url, encoding, response.encoding)
        return response.replace(encoding=encoding)


class ContactUserAgentMiddleware(UserAgentMiddleware):
    """The User-Agent with `{contact}` replaced by DVCRAWL_CONTACT (a URL or e-mail address
    where site operators can reach whoever runs the crawler)."""

    @classmethod
    def from_crawler(cls, crawler):
        agent = crawler.settings.get("USER_AGENT") or ""
        contact = crawler.settings.get("DVCRAWL_CONTACT") or ""
        o = cls(agent.replace("{contact}", contact))
        crawler.signals.connect(o.spider_opened, signal=signals.spider_opened)
        return o


class ShortLogFormatter(LogFormatter):
    """Scrapy's log formatter, without the whole item in the line of a dropped item: the
    pipelines' DropItem messages already name the URL and the reason (duplicate of …,
    rejected: …), and formatting an article's body for every duplicate costs time and log."""

    def dropped(self, item, exception, response, spider):
        entry = super().dropped(item, exception, response, spider)
        return {**entry, "msg": DROPPEDMSG.split(os.linesep)[0], "args": {"exception": exception}}


class SpiderLoader(_ScrapySpiderLoader):
    """Scrapy's spider loader, ending `scrapy crawl` with one line (status 2) when the site
    registry the spiders are built from is wrong, instead of an import traceback."""

    def _load_all_spiders(self) -> None:
        from dvcrawl.registry import ConfigError

        try:
            super()._load_all_spiders()
        except ConfigError as exc:
            print(f"dvcrawl: error: {exc}", file=sys.stderr)
            raise SystemExit(2) from None

    def load(self, spider_name: str):
        try:
            return super().load(spider_name)
        except KeyError:
            if not sys.argv or "scrapy" not in sys.argv[0]:
                raise  # a library caller gets Scrapy's KeyError, as documented
            print(f"dvcrawl: error: unknown site {spider_name!r} (known: {', '.join(sorted(self.list()))})",
                  file=sys.stderr)
            raise SystemExit(2) from None
