"""What the commands that crawl share: settings from the command line, logging, Ctrl-C.

Logging: dvcrawl commands log warnings and errors only, plus the run's own lines (one per site
when it finishes, logger `dvcrawl.run`), so a cron run mails a few lines, not Scrapy's
settings dumps and per-page chatter. `-v` shows Scrapy's INFO lines, `-vv` everything,
`--log-level LEVEL` (or `-s LOG_LEVEL=LEVEL`) any level.
"""
import logging
import sys

from scrapy.crawler import CrawlerProcess
from scrapy.utils.project import get_project_settings

from dvcrawl.overrides import LOG_LEVELS, apply_overrides

QUIET_LEVEL = "WARNING"
REPORT_LOGGER = "dvcrawl.run"  # the run's own lines: shown at any level up to WARNING


def add_setting_option(parser, what: str = "change a Scrapy or dvcrawl setting") -> None:
    """`-s NAME=VALUE`, as `scrapy crawl` takes it, into `args.settings` (checked by
    `overrides.apply_overrides`); `what` says what the settings change."""
    parser.add_argument("-s", dest="settings", action="append", default=[], metavar="NAME=VALUE",
                        help=f"{what}, e.g. -s DOWNLOAD_DELAY=2 (repeatable)")


def add_crawl_options(parser) -> None:
    add_setting_option(parser)
    parser.add_argument("-v", "--verbose", action="count", default=0,
                        help="log more: -v Scrapy's progress lines, -vv every request")
    parser.add_argument("--log-level", type=str.upper, choices=LOG_LEVELS, metavar="LEVEL",
                        help=f"log level ({', '.join(LOG_LEVELS)}; default {QUIET_LEVEL})")


def crawl_settings(args, sites: list[str] = ()):
    """The project settings with the command line's -s, -v and --log-level applied and checked."""
    settings = get_project_settings()
    settings.set("LOG_LEVEL", QUIET_LEVEL, priority="project")  # the quiet default; -s still wins
    apply_overrides(settings, args.settings, sites)
    if args.verbose:
        settings.set("LOG_LEVEL", "INFO" if args.verbose == 1 else "DEBUG", priority="cmdline")
    if args.log_level:
        settings.set("LOG_LEVEL", args.log_level, priority="cmdline")
    settings.set("LOG_LEVEL", settings.get("LOG_LEVEL").upper(), priority="cmdline")
    settings.set("LOG_INSTALL_ROOT_HANDLER", False, priority="cmdline")  # start_logging's handler instead
    return settings  # checked by apply_overrides; -v and --log-level give levels argparse checked


# Lines that say again what dvcrawl reports in one line of its own (a failure record, the
# run summary), shown from INFO up (-v) as INFO, and without their traceback below DEBUG:
# Scrapy's retry give-up and robots.txt download errors, Spidermon's monitor report.
_SECONDARY_LOGGERS = ("scrapy.downloadermiddlewares.retry", "scrapy.downloadermiddlewares.robotstxt")
_SECONDARY_PREFIX = "[Spidermon]"


class _Threshold(logging.Filter):
    """Records at the chosen level and above, and the run's own report lines."""

    def __init__(self, level: int):
        super().__init__()
        self.level = level

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name == REPORT_LOGGER:
            return record.levelno >= min(self.level, logging.INFO)
        if record.name in _SECONDARY_LOGGERS or str(record.msg).startswith(_SECONDARY_PREFIX):
            if self.level > logging.INFO:
                return False
            if self.level > logging.DEBUG:
                record.exc_info = record.exc_text = None
        return record.levelno >= self.level


def start_logging(settings) -> logging.Handler:
    """One handler on the root logger: stderr (or LOG_FILE), Scrapy's LOG_FORMAT."""
    path = settings.get("LOG_FILE")
    handler = logging.FileHandler(path, encoding=settings.get("LOG_ENCODING")) if path \
        else logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(settings.get("LOG_FORMAT"), settings.get("LOG_DATEFORMAT")))
    handler.addFilter(_Threshold(logging.getLevelName(settings.get("LOG_LEVEL"))))
    logging.root.setLevel(logging.NOTSET)
    logging.root.addHandler(handler)
    return handler


class Interruptible(CrawlerProcess):
    """Scrapy's CrawlerProcess, remembering Ctrl-C (SIGINT) and SIGTERM: `interrupted` is 0,
    1 (stopping gracefully: the crawls close and report) or 2 (sent twice: stopped at once),
    `signum` the signal. Closing monitors are switched off on the first signal: a crawl cut
    short is reported as interrupted, not as monitor failures. (Scrapy's own handlers are
    wrapped, so its two-step stop stays as it is.)"""

    interrupted, signum = 0, 0

    def __init__(self, settings):
        super().__init__(settings)
        # Scrapy's logging configuration sets its loggers to DEBUG: every page's "Crawled" and
        # "Scraped" record would be made, then dropped by the handler's threshold.
        threshold = logging.getLevelName(self.settings.get("LOG_LEVEL"))
        logging.getLogger("scrapy").setLevel(min(threshold, logging.INFO))

    def _signal_shutdown(self, signum, frame):
        from twisted.internet import reactor

        self.interrupted, self.signum = 1, signum
        self._silence_monitors()
        super()._signal_shutdown(signum, frame)
        reactor.callFromThread(logging.getLogger(REPORT_LOGGER).warning,
                               "interrupted: closing the crawls (press Ctrl-C again to stop at once)")

    def _signal_kill(self, signum, frame):
        self.interrupted = 2
        super()._signal_kill(signum, frame)

    def _silence_monitors(self) -> None:
        from scrapy import signals
        from spidermon.contrib.scrapy.extensions import Spidermon

        for crawler in self.crawlers:
            for extension in getattr(crawler.extensions, "middlewares", ()):
                if isinstance(extension, Spidermon):
                    crawler.signals.disconnect(extension.spider_closed, signal=signals.spider_closed)

    @property
    def exit_status(self) -> int | None:
        """128 + the signal (130 after Ctrl-C), as a shell reports a program ended by it; None
        when no signal stopped the crawl."""
        return 128 + self.signum if self.interrupted else None


class CommandFailed(Exception):
    """The command could not do its job for a reason outside dvcrawl (a site that cannot be
    reached): one line on stderr and exit status 1, no traceback."""

    status = 1
