"""Refuse items that are not articles: missing required fields or chrome left in the text."""
from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem

from dvcrawl.extract.chrome import LEAK_MARKERS
from dvcrawl.items import REQUIRED


class ValidatePipeline:
    def __init__(self, stats):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats)

    def process_item(self, item, spider=None):
        reason = problem(ItemAdapter(item).asdict())
        if reason:
            self.stats.inc_value(f"dvcrawl/rejected/{reason.split(':')[0]}")
            raise DropItem(f"{item.url}: {reason}")
        return item


def problem(fields: dict) -> str | None:
    """Why an item must not be exported, or None."""
    for name in REQUIRED:
        if not fields.get(name):
            return f"missing_{name}: no {name}"
    text = " ".join(filter(None, [fields.get("title"), fields.get("summary"), fields.get("body")]))
    leaked = [m for m in LEAK_MARKERS if m.lower() in text.lower()]
    if leaked:
        return f"chrome: site chrome in text ({', '.join(leaked)})"
    return None
