"""The User-Agent naming who runs the crawler."""
from scrapy import signals
from scrapy.downloadermiddlewares.useragent import UserAgentMiddleware


class ContactUserAgentMiddleware(UserAgentMiddleware):
    """The User-Agent with `{contact}` replaced by DVCRAWL_CONTACT (a URL or e-mail address
    where site operators can reach whoever runs the crawler)."""

    @classmethod
    def from_crawler(cls, crawler):
        agent = crawler.settings.get("USER_AGENT") or ""
        contact = crawler.settings.get("DVCRAWL_CONTACT") or ""
        o = cls(agent.replace("{contact}", contact))
        crawler.signals.connect(o.spider_opened, signal=signals.spider_opened)
        return o
