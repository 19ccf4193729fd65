"""Export each article once per run, however many URLs led to it."""
from scrapy.exceptions import DropItem


class DedupPipeline:
    def __init__(self, stats):
        self.stats = stats
        self.seen_urls: set[str] = set()
        self.seen_fingerprints: set[tuple[str, str]] = set()

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats)

    def process_item(self, item, spider=None):
        key = (item.site, item.fingerprint)
        if item.url in self.seen_urls or key in self.seen_fingerprints:
            self.stats.inc_value("dvcrawl/duplicate")
            raise DropItem(f"{item.url}: duplicate of an article already exported in this run")
        self.seen_urls.add(item.url)
        self.seen_fingerprints.add(key)
        return item
