"""URL canonicalisation: one URL per article, whatever link led to it."""
from urllib.parse import urlsplit, urlunsplit

from w3lib.url import url_query_cleaner

# Query parameters that never select content: analytics tags, share trackers and the
# `redirect`/`inheritRedirect` back-links Liferay asset publishers append to article links.
TRACKING_PARAMS = (
    "utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content", "utm_id",
    "fbclid", "gclid", "zarsrc", "zalo_source", "_ga", "ref", "src",
    "inheritRedirect", "redirect", "backURL",
)


def canonicalize(url: str) -> str:
    """Drop the fragment and tracking/redirect parameters; keep everything else as linked.

    Parameter order is kept on purpose: ASP.NET sites link `?tabid=…&CateID=…&NewsID=…` and
    that exact form is the article's public address.
    """
    url = url_query_cleaner(url, TRACKING_PARAMS, remove=True, keep_fragments=False)
    parts = urlsplit(url)
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, ""))


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def site_host(url: str) -> str:
    """The host without "www." (sites link both forms)."""
    return host_of(url).removeprefix("www.")


def same_site(url: str, domains: tuple[str, ...]) -> bool:
    """True when `url` is on one of `domains` or a subdomain of one."""
    host = host_of(url)
    return any(host == d or host.endswith("." + d) for d in domains)
