"""Is a site's extraction still healthy? Crawl up to N of its articles and report.

Crawls the live site (or a recorded snapshot folder, --snapshot DIR) with the site's spider,
or with the generic spider for a site without a template (or with --generic), and reports
field coverage (dates, authors, summaries, images, views), chrome leaks (lines of site chrome
left in title, lead or body, and items refused for chrome) and fallbacks (articles the
template's selectors missed).

exit status: 0 every threshold holds, 1 one does not or no article was found (a site that
cannot be reached says why), 2 a usage mistake, 130 stopped by Ctrl-C.
"""
import json
import sys
from pathlib import Path

from scrapy import signals

from dvcrawl.commands.common import Interruptible, add_crawl_options, crawl_settings, start_logging
from dvcrawl.failures import FAILURES_STAT
from dvcrawl.extract.chrome import LEAK_MARKERS, is_chrome_line
from dvcrawl.registry import ConfigError, load_registry
from dvcrawl.replay import Snapshot

COVERAGE = (("dates", "published"), ("authors", "authors"), ("summaries", "summary"),
            ("images", "images"), ("views", "views"))
DEFAULT_MIN = {"dates": 0.9, "authors": 0.5, "summaries": 0.0, "images": 0.0, "views": 0.0}


def add_arguments(parser):
    parser.add_argument("site", metavar="SITE", help="site id (registered, or any id with --start-url/--snapshot)")
    parser.add_argument("--snapshot", metavar="DIR", help="replay the crawl from a recorded snapshot folder")
    parser.add_argument("--limit", type=int, default=20, metavar="N", help="articles to check (default: 20)")
    parser.add_argument("--generic", action="store_true", help="use the generic spider even for a known site")
    parser.add_argument("--start-url", action="append", default=[], metavar="URL",
                        help="section listing to start from (generic spider; repeatable)")
    for name, _ in COVERAGE:
        parser.add_argument(f"--min-{name}", type=float, default=DEFAULT_MIN[name], metavar="RATIO",
                            help=f"least share of articles with {name} (default: {DEFAULT_MIN[name]})")
    parser.add_argument("--max-leaks", type=int, default=0, metavar="N", help="chrome leaks allowed (default: 0)")
    parser.add_argument("--max-fallbacks", type=int, default=0, metavar="N",
                        help="articles allowed to need the generic fallback (default: 0)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    add_crawl_options(parser)


def leaks_of(item: dict) -> list[str]:
    """Chrome left in an item's text: leak markers anywhere, chrome lines as paragraphs."""
    text = " ".join(filter(None, [item.get("title"), item.get("summary"), item.get("body")]))
    found = [m for m in LEAK_MARKERS if m.lower() in text.lower()]
    lines = [item.get("title") or "", item.get("summary") or "", *(item.get("body") or "").split("\n\n")]
    return found + [line for line in lines if is_chrome_line(line)]


def report(items: list[dict], stats: dict, site_id: str, args) -> dict:
    n = len(items)
    coverage = {name: sum(1 for it in items if it.get(field) not in (None, "", [])) for name, field in COVERAGE}
    leaking = {it["url"]: leaks_of(it) for it in items if leaks_of(it)}
    rejected_chrome = stats.get("dvcrawl/rejected/chrome", 0)
    fallbacks = 0  # a generic crawl has no template to fall back from
    if not args.generic_run:
        fallbacks = sum(1 for it in items if it.get("extraction") == "generic")
    failures = []
    if not n:
        given_up = stats.get(FAILURES_STAT) or []
        why = f" ({given_up[0]['url']}: {given_up[0]['reason']})" if given_up else ""
        failures.append(f"no articles found{why}")
    for name, _ in COVERAGE:
        least = getattr(args, f"min_{name}")
        if n and coverage[name] / n < least:
            failures.append(f"{name}: {coverage[name]}/{n} below {least:.0%}")
    leaks = len(leaking) + rejected_chrome
    if leaks > args.max_leaks:
        failures.append(f"chrome leaks: {leaks} (max {args.max_leaks})")
    if fallbacks > args.max_fallbacks:
        failures.append(f"fallbacks: {fallbacks} article(s) needed generic extraction (max {args.max_fallbacks})")
    return {"site": site_id, "spider": "generic" if args.generic_run else "site", "articles": n,
            "coverage": coverage, "leaks": {"items": leaking, "rejected_for_chrome": rejected_chrome},
            "fallbacks": fallbacks, "off_topic_skipped": stats.get("dvcrawl/skipped/off_topic", 0),
            "failures": failures, "ok": not failures}


def print_report(rep: dict, out=sys.stdout) -> None:
    n = rep["articles"]
    print(f"check {rep['site']} ({rep['spider']} spider): {n} article(s)", file=out)
    for name, count in rep["coverage"].items():
        share = f"{count / n:.0%}" if n else "-"
        print(f"  {name:<10} {count:>4}/{n:<4} {share:>5}", file=out)
    leaks = rep["leaks"]
    print(f"  {'leaks':<10} {len(leaks['items']) + leaks['rejected_for_chrome']:>4}"
          f"  ({leaks['rejected_for_chrome']} item(s) refused for chrome)", file=out)
    for url, found in leaks["items"].items():
        print(f"    {url}: {', '.join(repr(f[:40]) for f in found[:3])}", file=out)
    print(f"  {'fallbacks':<10} {rep['fallbacks']:>4}", file=out)
    for failure in rep["failures"]:
        print(f"  FAILED {failure}", file=out)
    print("result: " + ("OK" if rep["ok"] else "FAILED"), file=out)


def main(args) -> int:
    if args.limit < 1:
        raise ConfigError("--limit must be at least 1")
    registry = load_registry()
    args.generic_run = args.generic or args.site not in registry or bool(args.start_url)
    if args.site not in registry and not (args.start_url or args.snapshot):
        raise ConfigError(f"unknown site {args.site!r}: give --start-url or --snapshot for a generic check "
                          f"(known: {', '.join(sorted(registry))})")
    settings = crawl_settings(args)
    settings.set("FEEDS", {}, priority="cmdline")
    pipelines = {**settings.getdict("ITEM_PIPELINES"), "dvcrawl.pipelines.export.ExportPipeline": None}
    settings.set("ITEM_PIPELINES", pipelines, priority="cmdline")  # a report, no feed
    settings.set("CLOSESPIDER_ITEMCOUNT", args.limit, priority="cmdline")
    settings.set("SPIDERMON_ENABLED", False, priority="cmdline")  # this report replaces the monitors
    if args.snapshot:
        Snapshot(Path(args.snapshot))  # a bad folder is a usage error, before crawling
        settings.set("DVCRAWL_SNAPSHOT", args.snapshot, priority="cmdline")
    start_logging(settings)
    process = Interruptible(settings)
    if args.generic_run:
        kwargs = {"site_id": args.site}
        if args.start_url:
            kwargs["start_urls"] = ",".join(args.start_url)
        crawler = process.create_crawler("generic")
    else:
        kwargs = {}
        crawler = process.create_crawler(args.site)
    items: list[dict] = []

    def scraped(item, response, spider):
        if len(items) < args.limit:
            items.append(dict(item.__dict__) if hasattr(item, "__dict__") else dict(item))

    crawler.signals.connect(scraped, signal=signals.item_scraped)
    process.crawl(crawler, **kwargs)
    process.start()
    if process.interrupted:
        print(f"dvcrawl check: interrupted after {len(items)} article(s)", file=sys.stderr)
        return process.exit_status
    rep = report(items, crawler.stats.get_stats(), args.site, args)
    if args.json:
        print(json.dumps(rep, ensure_ascii=False, indent=2))
    else:
        print_report(rep)
    return 0 if rep["ok"] else 1
