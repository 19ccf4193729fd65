"""Extension: leave the objects made before the crawl out of Python's garbage collections.

A crawl process makes its long-lived objects first (Scrapy's components, the registry, the
templates, the compiled patterns: about 100,000 objects), then crawls. Python's full
collections walk every tracked object, and a crawl that keeps thousands of requests and
articles in flight triggers several: freezing (`gc.freeze`) what exists when the engine
starts takes that walk off each of them. Nothing is freed later that would have been freed
otherwise: those objects live as long as the process.
"""
import gc

from scrapy import signals


class GcFreeze:

    frozen = False  # once per process, when its first crawler starts (a run crawls its sites in one)

    def __init__(self, crawler):
        crawler.signals.connect(self.engine_started, signal=signals.engine_started)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def engine_started(self):
        if not GcFreeze.frozen:
            GcFreeze.frozen = True
            gc.collect()
            gc.freeze()
