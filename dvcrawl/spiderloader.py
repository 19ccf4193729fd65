"""The spider loader of `scrapy crawl`: a bad registry or an unknown site is one line."""
import sys

from scrapy.spiderloader import SpiderLoader as _ScrapySpiderLoader

from dvcrawl.registry import ConfigError


class SpiderLoader(_ScrapySpiderLoader):
    """Scrapy's spider loader, ending `scrapy crawl` with one line (status 2) when the site
    registry the spiders are built from is wrong, instead of an import traceback."""

    def _load_all_spiders(self) -> None:
        try:
            super()._load_all_spiders()
        except ConfigError as exc:
            print(f"dvcrawl: error: {exc}", file=sys.stderr)
            raise SystemExit(2) from None

    def load(self, spider_name: str):
        try:
            return super().load(spider_name)
        except KeyError:
            if not sys.argv or "scrapy" not in sys.argv[0]:
                raise  # a library caller gets Scrapy's KeyError, as documented
            print(f"dvcrawl: error: unknown site {spider_name!r} (known: {', '.join(sorted(self.list()))})",
                  file=sys.stderr)
            raise SystemExit(2) from None
