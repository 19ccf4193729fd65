"""Scrapy settings of benchmark crawls: the project's settings, politeness off (loopback only).

Used through SCRAPY_SETTINGS_MODULE by the crawl processes the benchmark starts, for the
dvcrawl crawl and the bare-Scrapy ceiling alike. Only the settings that exist to be polite to
real servers change; every middleware, pipeline and extension of dvcrawl stays on.
"""
from dvcrawl.settings import *  # noqa: F401,F403
from dvcrawl.settings import CONCURRENT_REQUESTS, EXTENSIONS

# What the benchmark changes, and only for its own loopback crawls.
BENCH_OVERRIDES = {
    "ROBOTSTXT_OBEY": False,
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_DELAY": 0,
    "CONCURRENT_REQUESTS_PER_DOMAIN": CONCURRENT_REQUESTS,
}
globals().update(BENCH_OVERRIDES)
LOG_LEVEL = "WARNING"
EXTENSIONS = {**EXTENSIONS, "dvcrawl.bench.crawl.BenchStats": 900}
