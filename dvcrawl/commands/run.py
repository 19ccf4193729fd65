"""`dvcrawl run`: crawl the chosen sites in one process into JSONL feeds under --output."""
from pathlib import Path

from scrapy.crawler import CrawlerProcess
from scrapy.utils.project import get_project_settings

from dvcrawl.registry import ConfigError, load_registry
from dvcrawl.replay import Snapshot


def add_arguments(parser):
    parser.add_argument("--sites", help="comma-separated site ids (default: all registered)")
    parser.add_argument("--snapshots", metavar="ROOT",
                        help="replay each site from ROOT/<id> instead of the network")
    parser.add_argument("--output", metavar="DIR", default="output", help="feed folder (default: output)")
    parser.add_argument("-s", dest="settings", action="append", default=[], metavar="NAME=VALUE",
                        help="override a Scrapy setting")


def selected_sites(spec: str | None) -> list[str]:
    registry = load_registry()
    if not spec:
        return list(registry)
    ids = [s.strip() for s in spec.split(",") if s.strip()]
    unknown = [s for s in ids if s not in registry]
    if unknown:
        raise ConfigError(f"--sites: unknown site(s) {', '.join(unknown)} (known: {', '.join(registry)})")
    return ids


def main(args) -> int:
    sites = selected_sites(args.sites)
    settings = get_project_settings()
    for pair in args.settings:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise ConfigError(f"-s {pair!r}: expected NAME=VALUE")
        settings.set(name.strip(), value, priority="cmdline")
    if args.snapshots:
        for site_id in sites:
            Snapshot(Path(args.snapshots) / site_id)  # fail now, naming the folder, not mid-run
        settings.set("DVCRAWL_SNAPSHOT_ROOT", args.snapshots, priority="cmdline")
    output = Path(args.output)
    output.mkdir(parents=True, exist_ok=True)
    settings.set("FEEDS", {str(output / "%(name)s.jsonl"): {"format": "jsonlines", "overwrite": True}},
                 priority="cmdline")
    process = CrawlerProcess(settings)
    for site_id in sites:
        process.crawl(site_id)
    process.start()
    return 0
