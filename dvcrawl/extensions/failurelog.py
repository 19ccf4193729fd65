"""Extension completing the failure records (dvcrawl/failures.py) with what spiders cannot see."""
import json
from pathlib import Path

from scrapy import signals

from dvcrawl.failures import FAILURES_STAT, record_failure
from dvcrawl.urls import same_site


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
