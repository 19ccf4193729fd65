"""Scrapy settings for dvcrawl: polite to small government servers, offline-capable."""
import os

BOT_NAME = "dvcrawl"
SPIDER_MODULES = ["dvcrawl.spiders"]
NEWSPIDER_MODULE = "dvcrawl.spiders"
SPIDER_LOADER_CLASS = "dvcrawl.spiderloader.SpiderLoader"  # a bad registry: one line, no traceback

# Politeness and safety for small government servers (docs/reliability.md lists them all).
# Identify ourselves with a contact (set by -s DVCRAWL_CONTACT=<url or mailto:> or the
# DVCRAWL_CONTACT environment variable; a USER_AGENT without "{contact}" is used as given),
# obey robots.txt, one or two requests at a time per host, adapting the pace to the server.
DVCRAWL_CONTACT = os.environ.get("DVCRAWL_CONTACT") or "https://github.com/dvcrawl/dvcrawl"
USER_AGENT = "dvcrawl/0.1 (+{contact}; research crawler for dan van news)"  # ASCII: an HTTP header
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16  # across all sites of a run; each host gets at most 2
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 0.5  # the floor under AutoThrottle's delay
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
# Retries with backoff (dvcrawl.downloadermiddlewares.retry.BackoffRetryMiddleware): 3 retries, waiting
# Retry-After when the server sends it (at most RETRY_AFTER_MAX), else 2, 4, 8 s.
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
RETRY_BACKOFF_BASE = 2.0
RETRY_BACKOFF_MAX = 60.0
RETRY_AFTER_MAX = 120.0
DOWNLOAD_TIMEOUT = 30
# Size limits: a body (or a compressed body once inflated) over 8 MB is refused.
DOWNLOAD_MAXSIZE = 8 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
DOWNLOAD_FAIL_ON_DATALOSS = True  # a truncated body is an error (and retried), never an article
REDIRECT_MAX_TIMES = 5
# Traps: pagination stops after DVCRAWL_TRAP_PATIENCE listing pages in a row without a new
# article link, and after DVCRAWL_MAX_LISTING_PAGES listing pages per site; DEPTH_LIMIT caps
# every link chain.
DEPTH_LIMIT = 50
DVCRAWL_TRAP_PATIENCE = 2
DVCRAWL_MAX_LISTING_PAGES = 500

# Story ids under `scrapy crawl`, where each site is crawled by its own process: copies of one
# story on different sites take one story_id through this SQLite file (or a postgresql:// URL:
# crawls on several machines), shared by every crawl started here (`dvcrawl run` crawls all sites in one process and keeps story ids in its
# --state instead). Empty: no sharing, each crawl on its own.
DVCRAWL_STORIES = ".dvcrawl/stories.sqlite"
# A cluster job (`scrapy crawl <id>` on a Scrapyd node, scheduled by `dvcrawl schedule`): the
# shared store (postgresql:// URL or folder) its articles are recorded in, pending publication
# by `dvcrawl publish` (dvcrawl/cluster/journal.py). Empty: not a cluster job.
DVCRAWL_STATE = ""

# Set per run or per test; declared here so that `-s NAME=VALUE` knows every dvcrawl setting
# (a name that is neither Scrapy's nor declared here is refused as a likely misspelling).
DVCRAWL_SNAPSHOT = None  # replay one site from this snapshot folder (dvcrawl/replay.py)
DVCRAWL_SNAPSHOT_ROOT = None  # replay each site from <root>/<site id>
DVCRAWL_FAILURE_LOG = None  # append every failure record to this JSON lines file
DVCRAWL_RUN_ID = None  # set by `dvcrawl run`: the run the pipelines report to
DVCRAWL_CRASH_AT = None  # tests: SIGKILL the run at exporting|published|registered
DVCRAWL_EXPORT_DELAY = 0.0  # tests: seconds to wait after each exported item

URLLENGTH_LIMIT = 2083
COOKIES_ENABLED = False
# Performance (docs/performance.md). Breadth-first order: the articles of a listing page are
# fetched before the pagination goes deeper, so the request queue holds about one pager window
# of articles however long the section is (Scrapy's default depth-first order runs down the
# pagination first and queues every article of the section: memory grows with the site).
DEPTH_PRIORITY = 1
SCHEDULER_DISK_QUEUE = "scrapy.squeues.PickleFifoDiskQueue"
SCHEDULER_MEMORY_QUEUE = "scrapy.squeues.FifoMemoryQueue"
# Our item pipelines are synchronous, so items of one response never overlap anyway; Scrapy
# starts CONCURRENT_ITEMS asyncio worker tasks for every response, 100 by default.
CONCURRENT_ITEMS = 1
# Scrapy's check that a generator callback has no `return value` reads the callback's source and
# parses it for every response (its cache is keyed by the bound method, new for every request):
# about 0.3 ms per page. tests/test_bench.py runs the same check once over every spider callback.
WARN_ON_GENERATOR_RETURN_VALUE = False
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False  # Scrapy's code-execution HTTP endpoint: never on an unattended crawler

DOWNLOADER_MIDDLEWARES = {
    # last before the downloader: recorded responses still pass redirect/retry/compression
    "dvcrawl.replay.SnapshotReplayMiddleware": 950,
    "scrapy.downloadermiddlewares.useragent.UserAgentMiddleware": None,
    "dvcrawl.downloadermiddlewares.useragent.ContactUserAgentMiddleware": 500,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "dvcrawl.downloadermiddlewares.retry.BackoffRetryMiddleware": 550,
    # after decompression (590), before retry/redirect see the page
    "dvcrawl.downloadermiddlewares.charset.CharsetMiddleware": 580,
}

ITEM_PIPELINES = {
    "dvcrawl.pipelines.normalize.NormalizePipeline": 100,
    "dvcrawl.pipelines.validate.ValidatePipeline": 200,
    "dvcrawl.pipelines.dedup.DedupPipeline": 300,
    "dvcrawl.pipelines.export.ExportPipeline": 400,  # only under `dvcrawl run`; else use FEEDS / -o
    "dvcrawl.pipelines.record.RecordPipeline": 410,  # only in cluster jobs (DVCRAWL_STATE)
}

# Spidermon (dvcrawl/monitors.py): a site's crawl fails on zero valid articles, an unexpected
# finish reason.
SPIDERMON_ENABLED = True
EXTENSIONS = {"spidermon.contrib.scrapy.extensions.Spidermon": 500,
              "dvcrawl.extensions.failurelog.FailureLog": 100,  # failure records: dvcrawl/failures.py
              "dvcrawl.extensions.gcfreeze.GcFreeze": 0}
SPIDERMON_SPIDER_CLOSE_MONITORS = ("dvcrawl.monitors.SiteCloseMonitorSuite",)
SPIDERMON_MIN_ITEMS = 1
SPIDERMON_EXPECTED_FINISH_REASONS = ["finished"]

FEED_EXPORT_ENCODING = "utf-8"
FEED_EXPORTERS = {"jsonlines": "scrapy.exporters.JsonLinesItemExporter"}
LOG_LEVEL = "INFO"
LOG_FORMATTER = "dvcrawl.logformatter.ShortLogFormatter"  # a dropped item is one line, not the whole item
