"""`dvcrawl discover SITE_OR_URL [--snapshot DIR] [--write] [-s NAME=VALUE …]`: find a site's
dân vận section(s) and CMS family from its home page, as the spiders do when no start URL is known.

Prints the section URLs (with the label or slug that named them and how sure), the CMS family
and the template that reads the section, if one fits its listing. `--write` stores the sections
(and a fitting template) in the site's registry entry, editing only those lines of the file.
Live pages are fetched as a crawl fetches them (robots.txt, User-Agent, retries; -s changes any
setting).
"""
import os
import re
import sys
from pathlib import Path

from parsel import Selector

from dvcrawl.commands.common import add_crawl_options, crawl_settings
from dvcrawl.commands.extract import load_page
from dvcrawl.discovery import find_sections, parent_menus, recognise, template_fits
from dvcrawl.registry import DEFAULT_REGISTRY, ConfigError, load_registry
from dvcrawl.templates import TEMPLATES


def add_arguments(parser):
    parser.add_argument("target", metavar="SITE_OR_URL", help="a registered site id or a home page URL")
    parser.add_argument("--snapshot", metavar="DIR", help="read the pages from a recorded snapshot folder")
    parser.add_argument("--write", action="store_true",
                        help="store the sections found (and a fitting template) in the site's registry entry")
    add_crawl_options(parser)


def _selector(page) -> Selector:
    return Selector(text=page.response().text, type="html", base_url=page.url)


def discover(home: str, snapshot: str | None, settings) -> dict:
    """What the home page (and, when it names no section, its parent menus' pages) tells; live
    pages are fetched with `settings` (from `crawl_settings`)."""
    page = load_page(home, snapshot=snapshot, settings=settings)
    sel = _selector(page)
    cms = recognise(sel, page.url, page.response().text)
    sections = find_sections(sel, page.url)
    for parent in ([] if sections else parent_menus(sel, page.url)):
        try:
            below = load_page(parent, snapshot=snapshot, settings=settings)
        except ConfigError:
            continue
        sections += [s for s in find_sections(_selector(below), below.url) if s.url not in {x.url for x in sections}]
    template = None
    if cms.template and sections:
        try:
            listing = load_page(sections[0].url, snapshot=snapshot, settings=settings)
            template = cms.template if template_fits(_selector(listing), listing.url, TEMPLATES[cms.template]) else None
        except ConfigError:
            pass
    return {"home": page.url, "cms": cms, "sections": sections, "template": template}


def write_entry(path: Path, site_id: str, start_urls: list[str], template: str | None) -> None:
    """Set `start_urls` (and `template`) in the `[[site]]` table of `site_id`, leaving every
    other line of the file as it is."""
    text = path.read_text(encoding="utf-8")
    blocks = re.split(r"(?m)^(?=\[\[site\]\])", text)
    for n, block in enumerate(blocks):
        if re.search(rf'(?m)^id\s*=\s*"{re.escape(site_id)}"\s*$', block):
            values = {"start_urls": "[" + ", ".join(f'"{u}"' for u in start_urls) + "]"}
            if template:
                values["template"] = f'"{template}"'
            for key, value in values.items():
                line = f"{key} = {value}"
                if re.search(rf"(?m)^{key}\s*=", block):
                    block = re.sub(rf"(?m)^{key}\s*=.*$", lambda _: line, block, count=1)
                else:  # after the domains line (or the home line), where a reader looks for it
                    anchor = "domains" if re.search(r"(?m)^domains\s*=", block) else "home"
                    block = re.sub(rf"(?m)^{anchor}\s*=.*$", lambda m: f"{m.group(0)}\n{line}", block, count=1)
            blocks[n] = block
            break
    else:
        raise ConfigError(f"{path}: no [[site]] entry with id {site_id!r}")
    part = path.with_name(f".{path.name}.part")
    part.write_text("".join(blocks), encoding="utf-8")
    os.replace(part, path)


def main(args) -> int:
    settings = crawl_settings(args)  # a bad -s is refused before any page is fetched
    registry = load_registry()
    site = registry.get(args.target)
    if site is None and not re.match(r"^https?://", args.target):
        raise ConfigError(f"{args.target!r} is neither a registered site nor an http(s) URL")
    if args.write and site is None:
        raise ConfigError(f"--write: {args.target} is not a registered site id (add its entry first)")
    found = discover(site.home if site else args.target, args.snapshot, settings)
    cms = found["cms"]
    print(f"home      {found['home']}")
    evidence = "; ".join(cms.evidence) or "no signature"
    print(f"cms       {cms.family or 'unknown'} (confidence {cms.confidence:.2f}: {evidence})")
    print(f"reader    {found['template'] or 'generic extraction'}")
    if not found["sections"]:
        print("sections  none found")
        return 1
    for section in found["sections"]:
        print(f"section   {section.url}  ({section.evidence} {section.label!r}, confidence {section.confidence:.2f})")
    if args.write:
        path = Path(os.environ.get("DVCRAWL_REGISTRY") or DEFAULT_REGISTRY)
        write_entry(path, site.id, [s.url for s in found["sections"]], found["template"])
        load_registry.cache_clear()
        load_registry(str(path))  # the edited file must still be a valid registry
        print(f"written   {path} (site {site.id!r})", file=sys.stderr)
    return 0
