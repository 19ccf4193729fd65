"""Log lines of the crawl: a dropped item is one line, not the whole item."""
import os

from scrapy.logformatter import DROPPEDMSG, LogFormatter


class ShortLogFormatter(LogFormatter):
    """Scrapy's log formatter, without the whole item in the line of a dropped item: the
    pipelines' DropItem messages already name the URL and the reason (duplicate of …,
    rejected: …), and formatting an article's body for every duplicate costs time and log."""

    def dropped(self, item, exception, response, spider):
        entry = super().dropped(item, exception, response, spider)
        return {**entry, "msg": DROPPEDMSG.split(os.linesep)[0], "args": {"exception": exception}}
