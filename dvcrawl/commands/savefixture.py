"""`dvcrawl savefixture URL_OR_FILE --site ID [--name NAME]`: record a page as a golden test.

In the spirit of web-poet's `scrapy savefixture`: the page (from the live site, a snapshot
folder or a saved file) is written with the item dvcrawl extracts from it today:

    tests/fixtures/<site>/<name>/page.html      the raw bytes as served
    tests/fixtures/<site>/<name>/meta.json      url, site, content type, how to extract
    tests/fixtures/<site>/<name>/expected.json  the item, for a maintainer to review and correct

tests/test_fixtures.py re-extracts every fixture and compares it with expected.json, so a
reviewed fixture pins the behaviour; an extraction change that alters it fails the test.
"""
import json
import re
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

from dvcrawl.commands.common import crawl_settings
from dvcrawl.commands.extract import add_source_options, extract_item, load_page, resolve_site
from dvcrawl.registry import ConfigError

DEFAULT_DIR = Path("tests/fixtures")


def add_arguments(parser):
    parser.add_argument("source", metavar="URL_OR_FILE", help="page address or saved HTML file")
    add_source_options(parser)
    parser.add_argument("--name", help="fixture name (default: from the URL)")
    parser.add_argument("--dir", default=str(DEFAULT_DIR), help=f"fixtures folder (default: {DEFAULT_DIR})")
    parser.add_argument("--force", action="store_true", help="overwrite an existing fixture")


def fixture_name(url: str) -> str:
    """A short file-system-safe name from the URL's last path segment and query."""
    parts = urlsplit(url)
    tail = parts.path.rstrip("/").rsplit("/", 1)[-1] + ("-" + parts.query if parts.query else "")
    tail = re.sub(r"\.(html?|aspx?|php)$", "", tail, flags=re.I)
    return (re.sub(r"[^A-Za-z0-9]+", "-", tail).strip("-").lower() or "page")[:60]


def save_fixture(folder: Path, page, meta: dict, item: dict) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "page.html").write_bytes(page.body)
    (folder / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (folder / "expected.json").write_text(json.dumps(item, ensure_ascii=False, indent=2) + "\n",
                                          encoding="utf-8")


def main(args) -> int:
    page = load_page(args.source, args.url, args.snapshot, crawl_settings(args))
    site = resolve_site(args.site, page.url, args.snapshot)
    folder = Path(args.dir) / site.id / (args.name or fixture_name(page.url))
    if folder.exists() and not args.force:
        raise ConfigError(f"{folder} exists (--force overwrites it)")
    item = extract_item(page, site, args.generic, args.listing_date)
    missing = item.pop("_missing", None)
    meta = {"url": page.url, "site": site.id, "content_type": page.content_type,
            "generic": bool(args.generic), "listing_date": args.listing_date,
            "source": args.source, "saved_at": datetime.now(timezone.utc).isoformat(timespec="seconds")}
    save_fixture(folder, page, meta, item)
    print(f"saved {folder}/ (page.html, meta.json, expected.json)")
    if missing:
        print(f"note: the {site.id} template found no {'/'.join(missing)}; the item comes from generic extraction")
    print(f"review {folder / 'expected.json'}: correct any wrong field by hand; "
          "tests/test_fixtures.py then holds extraction to it")
    return 0
