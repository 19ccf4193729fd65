"""Scrapy settings for dvcrawl: polite to small government servers, offline-capable."""
BOT_NAME = "dvcrawl"
SPIDER_MODULES = ["dvcrawl.spiders"]
NEWSPIDER_MODULE = "dvcrawl.spiders"

# Politeness: identify ourselves, obey robots.txt, one or two requests at a time per host.
USER_AGENT = "dvcrawl/0.1 (+https://github.com/dvcrawl/dvcrawl; research crawler for dân vận news)"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 8 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
REDIRECT_MAX_TIMES = 5
DEPTH_LIMIT = 50
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False

DOWNLOADER_MIDDLEWARES = {
    # last before the downloader: recorded responses still pass redirect/retry/compression
    "dvcrawl.replay.SnapshotReplayMiddleware": 950,
}

ITEM_PIPELINES = {
    "dvcrawl.pipelines.normalize.NormalizePipeline": 100,
    "dvcrawl.pipelines.validate.ValidatePipeline": 200,
    "dvcrawl.pipelines.dedup.DedupPipeline": 300,
}

FEED_EXPORT_ENCODING = "utf-8"
FEED_EXPORTERS = {"jsonlines": "scrapy.exporters.JsonLinesItemExporter"}
LOG_LEVEL = "INFO"
