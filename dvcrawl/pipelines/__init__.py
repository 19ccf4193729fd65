"""Item pipelines, one job each, in order: normalise → validate → deduplicate → export."""
from dvcrawl.runs import RunContext


class RunPipeline:
    """A pipeline that reports to the crawl's stats and the run it belongs to."""

    def __init__(self, stats, run: RunContext):
        self.stats = stats
        self.run = run

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats, RunContext.for_crawler(crawler))
