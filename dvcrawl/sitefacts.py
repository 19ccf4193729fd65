"""The facts of the site a crawl or an extraction is for: the registry's for a registered site,
otherwise what its snapshot's site.json or its URLs tell (the generic spider, `dvcrawl extract`)."""
import json
from pathlib import Path
from urllib.parse import urlsplit

from dvcrawl.registry import ConfigError, Site, load_registry
from dvcrawl.urls import site_host


def site_for(site_id: str, start_urls: list[str], snapshot: Path | None = None, strict: bool = True,
             home: str | None = None) -> Site:
    """The registry's facts for a known site id; otherwise what the snapshot or URLs tell.
    Without start URLs or a home page anywhere this is a ConfigError (`strict`) or a site
    with neither."""
    known = load_registry().get(site_id)
    info: dict = {}
    if known is None and snapshot is not None and (snapshot / "site.json").is_file():
        info = json.loads((snapshot / "site.json").read_text(encoding="utf-8"))
    # a home page given without start URLs asks for discovery, whatever the registry knows
    recorded = () if home else (known.start_urls if known else tuple(info.get("start_urls") or ()))
    starts = tuple(start_urls) or recorded
    home = home or (known.home if known else info.get("home"))
    if not home and starts:
        home = f"{urlsplit(starts[0]).scheme}://{urlsplit(starts[0]).netloc}/"
    if not starts and not home and strict:
        raise ConfigError(f"generic spider: no start_urls or home page for site {site_id!r} "
                          "(-a start_urls=URL[,URL…] or -a home=URL)")
    domains = {site_host(u) for u in [*starts, *([home] if home else [])]} - {""}
    if known is not None:
        return Site(id=known.id, name=known.name, province=known.province,
                    province_2025=known.province_2025, level=known.level, home=home,
                    domains=tuple(sorted(set(known.domains) | domains)), start_urls=starts,
                    template=None, status=known.status, merged_into=known.merged_into,
                    domain_verified=known.domain_verified)
    return Site(id=site_id, name=info.get("name"), province=info.get("province"),
                province_2025=info.get("province_2025"), level=info.get("level"), home=home,
                domains=tuple(sorted(domains)), start_urls=starts, template=None,
                status=info.get("status") or "active")
