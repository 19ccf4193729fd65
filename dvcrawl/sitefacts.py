"""The facts of the site a crawl or an extraction is for: the registry's for a registered site,
otherwise what its snapshot's site.json or its URLs tell (the generic spider, `dvcrawl extract`)."""
import json
from pathlib import Path
from urllib.parse import urlsplit

from dvcrawl.registry import ConfigError, Site, load_registry


def site_for(site_id: str, start_urls: list[str], snapshot: Path | None = None, strict: bool = True) -> Site:
    """The registry's facts for a known site id; otherwise what the snapshot or URLs tell.
    Without start URLs anywhere this is a ConfigError (`strict`) or a site with none."""
    known = load_registry().get(site_id)
    info: dict = {}
    if known is None and snapshot is not None and (snapshot / "site.json").is_file():
        info = json.loads((snapshot / "site.json").read_text(encoding="utf-8"))
    starts = tuple(start_urls) or (known.start_urls if known else tuple(info.get("start_urls") or ()))
    if not starts and strict:
        raise ConfigError(f"generic spider: no start_urls for site {site_id!r} (-a start_urls=URL[,URL…])")
    hosts = {(urlsplit(u).hostname or "").lower() for u in starts}
    domains = tuple(sorted({h[4:] if h.startswith("www.") else h for h in hosts if h}))
    if known is not None:
        return Site(id=known.id, name=known.name, province=known.province,
                    province_2025=known.province_2025, level=known.level, home=known.home,
                    domains=tuple(sorted(set(known.domains) | set(domains))), start_urls=starts,
                    template="generic", domain_verified=known.domain_verified)
    return Site(id=site_id, name=info.get("name"), province=info.get("province"),
                province_2025=info.get("province_2025"), level=info.get("level"),
                home=info.get("home") or (f"{urlsplit(starts[0]).scheme}://{urlsplit(starts[0]).netloc}/"
                                          if starts else None),
                domains=domains, start_urls=starts, template="generic")
