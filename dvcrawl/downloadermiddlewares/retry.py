"""Retries that wait: exponential backoff, or what the server's `Retry-After` asks."""
import re
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.task import deferLater


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
