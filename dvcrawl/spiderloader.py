"""The spider loader of `scrapy crawl`: a bad registry, an unknown site or a snapshot folder
that is not one is one line, before any crawl starts."""
import sys

from scrapy.spiderloader import SpiderLoader as _ScrapySpiderLoader

from dvcrawl.overrides import check_settings
from dvcrawl.registry import ConfigError


class SpiderLoader(_ScrapySpiderLoader):
    """Scrapy's spider loader, ending `scrapy crawl` with one line (status 2) when the site
    registry the spiders are built from is wrong, the site unknown, or a setting no crawl can
    start with (a DVCRAWL_SNAPSHOT folder that is not a snapshot): before any crawl starts
    or any feed file is opened, instead of tracebacks and an empty feed. (dvcrawl's own
    commands check their settings themselves and get exceptions.)"""

    def __init__(self, settings):
        self.crawl_settings = settings
        self.from_scrapy_command = bool(sys.argv) and "scrapy" in sys.argv[0]
        self._check([])  # before Scrapy logs anything
        super().__init__(settings)

    def _check(self, sites: list[str]) -> None:
        if not self.from_scrapy_command:
            return
        try:
            check_settings(self.crawl_settings, sites)
        except ConfigError as exc:
            _refuse(exc)

    def _load_all_spiders(self) -> None:
        try:
            super()._load_all_spiders()
        except ConfigError as exc:
            _refuse(exc)

    def load(self, spider_name: str):
        try:
            spider = super().load(spider_name)
        except KeyError:
            if not self.from_scrapy_command:
                raise  # a library caller gets Scrapy's KeyError, as documented
            _refuse(f"unknown site {spider_name!r} (known: {', '.join(sorted(self.list()))})")
        site = getattr(spider, "site", None)
        if site is not None and self.crawl_settings.get("DVCRAWL_SNAPSHOT_ROOT"):
            self._check([site.id])
        return spider


def _refuse(message) -> None:
    print(f"dvcrawl: error: {message}", file=sys.stderr)
    raise SystemExit(2)
