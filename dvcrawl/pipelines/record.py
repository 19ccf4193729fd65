"""Record each article of a cluster job in the shared store, pending publication.

Only active under `scrapy crawl` with `-s DVCRAWL_STATE=<store>` (a job `dvcrawl schedule`
runs on a Scrapyd node); `dvcrawl publish` turns what the jobs recorded into one feed. The
verdict and story_id are decided again under the store's story lock as the article is
recorded (`ArticleStore.record_pending`), so jobs running at the same time on several machines
never record an article twice.
"""
from scrapy.exceptions import NotConfigured

from dvcrawl.pipelines import RunPipeline
from dvcrawl.store import signature, story_text


class RecordPipeline(RunPipeline):

    @classmethod
    def from_crawler(cls, crawler):
        if crawler.settings.get("DVCRAWL_RUN_ID") or not crawler.settings.get("DVCRAWL_STATE"):
            raise NotConfigured  # not a cluster job; no message, so Scrapy logs no warning for every crawl
        return super().from_crawler(crawler)

    def process_item(self, item, spider=None):
        sig = self.run.current.signature_of(item.url)  # dedup's, for the text it accepted
        if sig is None:
            sig = signature(story_text(item.title, item.summary, item.body))
        verdict, item = self.run.state.record_pending(item, sig)
        self.stats.inc_value(f"dvcrawl/recorded/{verdict}")
        return item
