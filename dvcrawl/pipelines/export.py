"""Write new and updated articles to the run's feed (published atomically at the end of the run).

Only active under `dvcrawl run`; under `scrapy crawl` Scrapy's FEEDS / -o export instead.
Unchanged articles pass on without being written, so Spidermon still counts them as found.
"""
from scrapy.exceptions import NotConfigured

from dvcrawl.runs import EXPORTED, RunContext


class ExportPipeline:
    def __init__(self, run: RunContext):
        self.run = run

    @classmethod
    def from_crawler(cls, crawler):
        run = RunContext.for_crawler(crawler)
        if run.output is None:
            raise NotConfigured("no dvcrawl run output (scrapy crawl: use -o / FEEDS)")
        return cls(run)

    def process_item(self, item, spider=None):
        if self.run.verdicts.pop(item.url, None) in EXPORTED:
            self.run.export(item)
        return item
