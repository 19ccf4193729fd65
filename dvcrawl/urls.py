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
_DEFAULT_PORTS = {"http": ":80", "https": ":443"}


def canonicalize(url: str) -> str:
    """Drop the fragment, tracking/redirect parameters and the scheme's default port; keep
    everything else as linked.

    Parameter order is kept on purpose: ASP.NET sites link `?tabid=…&CateID=…&NewsID=…` and
    that exact form is the article's public address.
    """
    url = url_query_cleaner(url, TRACKING_PARAMS, remove=True, keep_fragments=False)
    parts = urlsplit(url)
    scheme, netloc = parts.scheme.lower(), parts.netloc.lower()
    if netloc.endswith(_DEFAULT_PORTS.get(scheme, "\0")):  # SharePoint writes https://host:443/ in its links
        netloc = netloc[:-len(_DEFAULT_PORTS[scheme])]
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def site_host(url: str) -> str:
    """The host without "www." (sites link both forms)."""
    return host_of(url).removeprefix("www.")


def same_site(url: str, domains: tuple[str, ...]) -> bool:
    """True when `url` is on one of `domains` or a subdomain of one."""
    host = host_of(url)
    return any(host == d or host.endswith("." + d) for d in domains)
