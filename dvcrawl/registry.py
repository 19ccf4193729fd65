"""The site registry: site facts from `sites.toml`, checked at start-up.

A bad entry stops the program with one line naming the entry and the problem, before any
request is made or file written.
"""
import os
import re
import tomllib
from importlib import resources
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from dvcrawl.text import fold

DEFAULT_REGISTRY = Path(__file__).with_name("sites.toml")
LEVELS = ("province", "district", "commune")
STATUSES = ("active", "archived")
# The 34 provincial-level units since 1 July 2025 (Resolution 202/2025/QH15): `province_2025`.
PROVINCES_2025 = (
    "Thành phố Hà Nội", "Thành phố Huế", "Thành phố Hải Phòng", "Thành phố Đà Nẵng",
    "Thành phố Hồ Chí Minh", "Thành phố Cần Thơ",
    "Tuyên Quang", "Cao Bằng", "Lai Châu", "Lào Cai", "Thái Nguyên", "Điện Biên", "Lạng Sơn",
    "Sơn La", "Phú Thọ", "Bắc Ninh", "Quảng Ninh", "Hưng Yên", "Ninh Bình", "Thanh Hóa",
    "Nghệ An", "Hà Tĩnh", "Quảng Trị", "Quảng Ngãi", "Gia Lai", "Khánh Hòa", "Lâm Đồng",
    "Đắk Lắk", "Đồng Nai", "Tây Ninh", "Vĩnh Long", "Đồng Tháp", "Cà Mau", "An Giang",
)
_UNIT_PREFIX = re.compile(r"^(thanh pho|tp\.?|tinh)\s+")


def province_2025(name: object) -> str | None:
    """The official name of one of the 34 units for `name` as people write it ("TP. Hồ Chí
    Minh", "Hồ Chí Minh", "tỉnh Khánh Hoà"), or None when it is none of them."""
    if not isinstance(name, str):
        return None
    key = _UNIT_PREFIX.sub("", fold(name).strip())
    return next((unit for unit in PROVINCES_2025 if _UNIT_PREFIX.sub("", fold(unit)) == key), None)


class ConfigError(Exception):
    """A configuration problem the user must fix; its message is shown as is."""


@dataclass(frozen=True)
class Site:
    id: str
    name: str
    province: str
    province_2025: str
    level: str
    home: str
    domains: tuple[str, ...]
    start_urls: tuple[str, ...] = ()  # none: the spider finds the section from the home page
    template: str | None = None       # none: recognised from the site, else generic extraction
    status: str = "active"            # "archived": the unit no longer exists; its archive is still read
    merged_into: str | None = None    # the id of the site of the unit that took this one over
    domain_verified: bool = False
    selectors: tuple[tuple[str, str], ...] = ()  # per-site overrides of template selectors


def _check_url(where: str, url: object) -> str:
    if not isinstance(url, str) or urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname:
        raise ConfigError(f"{where}: {url!r} is not an absolute http(s) URL")
    return url


def parse_site(entry: dict, where: str) -> Site:
    """Build a `Site` from one registry entry, or raise ConfigError saying what is wrong."""
    if not isinstance(entry, dict):
        raise ConfigError(f"{where}: a site entry must be a table")
    site_id = entry.get("id")
    if not isinstance(site_id, str) or not site_id.isidentifier():
        raise ConfigError(f"{where}: 'id' must be a short identifier, got {site_id!r}")
    where = f"{where} (site {site_id!r})"
    for key in ("name", "province", "province_2025"):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            raise ConfigError(f"{where}: missing or empty '{key}'")
    unit = province_2025(entry["province_2025"])
    if unit is None:
        raise ConfigError(f"{where}: province_2025 {entry['province_2025']!r} is not one of the 34 "
                          f"provincial-level units since 1 July 2025 ({', '.join(PROVINCES_2025)})")
    if entry.get("level") not in LEVELS:
        raise ConfigError(f"{where}: 'level' must be one of {LEVELS}, got {entry.get('level')!r}")
    if entry.get("status", "active") not in STATUSES:
        raise ConfigError(f"{where}: 'status' must be one of {STATUSES}, got {entry.get('status')!r}")
    merged_into = entry.get("merged_into")
    if merged_into is not None and (not isinstance(merged_into, str) or entry.get("status") != "archived"):
        raise ConfigError(f"{where}: 'merged_into' names the id of the site that took over an archived site")
    starts = entry.get("start_urls", [])
    if not isinstance(starts, list):
        raise ConfigError(f"{where}: 'start_urls' must be a list of URLs")
    starts = tuple(_check_url(f"{where} start_urls", u) for u in starts)
    home = _check_url(f"{where} home", entry.get("home"))
    domains = entry.get("domains") or [urlsplit(home).hostname]
    if not isinstance(domains, list) or not all(isinstance(d, str) and d for d in domains):
        raise ConfigError(f"{where}: 'domains' must be a list of host names")
    domains = tuple(d.lower() for d in domains)
    for url in (home, *starts):
        host = urlsplit(url).hostname
        if not any(host == d or host.endswith("." + d) for d in domains):
            raise ConfigError(f"{where}: URL {url} is outside its domains {list(domains)}")
    unknown = set(entry) - {"id", "name", "province", "province_2025", "level", "home", "domains",
                            "start_urls", "template", "status", "merged_into", "domain_verified",
                            "selectors"}
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {sorted(unknown)}")
    from dvcrawl.templates import TEMPLATES  # late import: templates import extraction code

    template = entry.get("template")
    if template is not None and template not in TEMPLATES:
        raise ConfigError(f"{where}: unknown template {template!r} "
                          f"(known: {', '.join(sorted(TEMPLATES))}; leave it out to recognise or read generically)")
    selectors = _check_selectors(where, entry.get("selectors", {}))
    if selectors and template is None:
        raise ConfigError(f"{where}: 'selectors' override a template's; name the 'template' too")
    return Site(id=site_id, name=entry["name"], province=entry["province"], province_2025=unit,
                level=entry["level"], home=home, domains=domains, start_urls=starts, template=template,
                status=entry.get("status", "active"), merged_into=merged_into,
                domain_verified=bool(entry.get("domain_verified", False)), selectors=selectors)


def _check_selectors(where: str, table: object) -> tuple[tuple[str, str], ...]:
    """`selectors = { body = "…" }`: CSS selectors replacing the template's for this site."""
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: 'selectors' must be a table of CSS selectors")
    from dvcrawl.extract.page import SELECTOR_NAMES, css_to_xpath

    out = []
    for name, css in table.items():
        if name not in SELECTOR_NAMES:
            raise ConfigError(f"{where}: selectors.{name}: unknown selector (known: {', '.join(SELECTOR_NAMES)})")
        if not isinstance(css, str) or not css.strip():
            raise ConfigError(f"{where}: selectors.{name}: must be a non-empty CSS selector")
        try:
            css_to_xpath(css)
        except Exception as exc:  # cssselect raises several types; all mean a bad selector
            raise ConfigError(f"{where}: selectors.{name}: bad CSS selector {css!r} ({exc})") from None
        out.append((name, css))
    return tuple(out)


@lru_cache(maxsize=8)
def load_registry(path: str | None = None) -> dict[str, Site]:
    """All sites of the registry file (DVCRAWL_REGISTRY or the bundled one), by id."""
    path = Path(path or os.environ.get("DVCRAWL_REGISTRY") or DEFAULT_REGISTRY)
    try:
        # the bundled file through importlib.resources: it is also read from a zipped egg (Scrapyd)
        source = resources.files(__package__) / DEFAULT_REGISTRY.name if path == DEFAULT_REGISTRY else path
        data = tomllib.loads(source.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: site registry not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    sites: dict[str, Site] = {}
    for n, entry in enumerate(data.get("site", []), 1):
        site = parse_site(entry, f"{path}: [[site]] #{n}")
        if site.id in sites:
            raise ConfigError(f"{path}: [[site]] #{n}: duplicate id {site.id!r}")
        sites[site.id] = site
    if not sites:
        raise ConfigError(f"{path}: no [[site]] entries")
    for site in sites.values():
        if site.merged_into is not None and site.merged_into not in sites:
            raise ConfigError(f"{path}: site {site.id!r}: merged_into {site.merged_into!r} is no site id "
                              "of the registry")
    return sites


def get_site(site_id: str) -> Site:
    sites = load_registry()
    if site_id not in sites:
        raise ConfigError(f"unknown site {site_id!r} (known: {', '.join(sorted(sites))})")
    return sites[site_id]

