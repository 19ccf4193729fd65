"""Failure records: every URL a crawl gives up on, recorded once with a short reason code.

`record_failure()` is called from the spider's errback (download errors after retries, logged
as one line rather than a traceback; HTTP errors; ignored requests: robots.txt, too many
redirects, a body over DOWNLOAD_MAXSIZE or a decompression bomb), from the spider's page
checks (soft 404, page without an article, pagination trap) and from the `FailureLog`
extension (dvcrawl/extensions/failurelog.py: items the pipelines drop, redirect loops the
duplicate filter swallows, redirects off the site the off-site filter drops). The records are

    {"site": "backan", "url": "http://…", "reason": "http_503: …", "kind": "http"}

kept in the crawler's stats under `dvcrawl/failures` (a list), written as JSON lines to the
file named by `-s DVCRAWL_FAILURE_LOG=<path>` when the spider closes, and, under `dvcrawl
run`, added to the run's summary (`http_failures` / `parse_failures` of the site) for the
kinds the run command does not see by itself.
"""
from scrapy.exceptions import IgnoreRequest

from dvcrawl.runs import RunContext

FAILURES_STAT = "dvcrawl/failures"

# kinds the `dvcrawl run` summary gets from elsewhere (the HTTP status of responses; the
# rejects file), so they are not added to it twice. (Template drift is no failure record: the
# run reads it from the crawl's stats.)
_RUN_SEES_ITSELF = ("http", "rejected")


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
