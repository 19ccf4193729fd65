"""The User-Agent naming who runs the crawler, in ASCII (HTTP headers allow nothing else)."""
from scrapy import signals
from scrapy.downloadermiddlewares.useragent import UserAgentMiddleware

from dvcrawl.text import transliterate


def contact_user_agent(agent: str, contact: str) -> str:
    """`agent` with `{contact}` replaced by `contact`, transliterated to ASCII: Scrapy would
    send a non-ASCII header as raw UTF-8 bytes, and urllib refuses it."""
    return transliterate(agent.replace("{contact}", contact))


class ContactUserAgentMiddleware(UserAgentMiddleware):
    """The User-Agent with `{contact}` replaced by DVCRAWL_CONTACT (a URL or e-mail address
    where site operators can reach whoever runs the crawler), always ASCII."""

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        o = cls(contact_user_agent(settings.get("USER_AGENT") or "", settings.get("DVCRAWL_CONTACT") or ""))
        crawler.signals.connect(o.spider_opened, signal=signals.spider_opened)
        return o

    def spider_opened(self, spider):
        """A spider's own `user_agent` attribute is made ASCII too."""
        super().spider_opened(spider)
        self.user_agent = transliterate(self.user_agent or "")
