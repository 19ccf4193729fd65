"""`scrapy crawl generic -a site_id=ID -a start_urls=URL[,URL…]`: a section never seen before.

No selectors: listing pages are read by `GenericListingPage` (main article list and
pagination found by analysis) and articles by `GenericArticlePage`. Only articles the topic
rules label dân vận-relevant are exported unless `-a keep_all=1`. Listing pages, pages that
are not articles (home, error and list pages reached by a link) and second URLs of one article
(the canonical link decides; the dedup pipeline drops repeats) never reach the feed.

Arguments: `site_id` (required; the feed's `site`, and the snapshot folder name under
DVCRAWL_SNAPSHOT_ROOT), `start_urls` (comma-separated; default: the registry's), `keep_all=1`.
Pagination stops like the site spiders' (DVCRAWL_TRAP_PATIENCE, DVCRAWL_MAX_LISTING_PAGES).
"""
from dvcrawl.extract.generic import GenericArticlePage, GenericListingPage
from dvcrawl.registry import ConfigError, load_registry
from dvcrawl.replay import snapshot_folder
from dvcrawl.sitefacts import site_for
from dvcrawl.extract.errorpage import soft_404
from dvcrawl.extract.parsed import page_selector
from dvcrawl.spiders.sites import SiteSpider
from dvcrawl.topic import SECTION_THRESHOLD

_TRUE = ("1", "true", "yes", "on")


class GenericSpider(SiteSpider):
    """Crawl a dân vận section of a site dvcrawl has no template for.

    Crawling (trap guards, failure records, canonical claims) is the site spiders'; only the
    readers differ: `GenericListingPage` for listings, `GenericArticlePage` for articles.
    """

    name = "generic"

    def __init__(self, site_id: str | None = None, start_urls: str | list | None = None,
                 keep_all: str | bool = False, *args, **kwargs):
        if not site_id:
            raise ConfigError("generic spider: -a site_id=ID is required")
        if isinstance(start_urls, str):
            start_urls = [u.strip() for u in start_urls.split(",") if u.strip()]
        self.site = site_for(site_id, list(start_urls or []), strict=False)  # completed in from_crawler
        self.keep_all = str(keep_all).lower() in _TRUE
        self.dan_van_links: set[str] = set()  # article links listed in a section named dân vận
        super().__init__(*args, **kwargs)

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        if spider.site_id not in load_registry() or not spider.start_urls:
            snapshot = snapshot_folder(crawler.settings, spider.site_id)
            spider.site = site_for(spider.site_id, list(spider.start_urls), snapshot)  # site.json facts
            spider.start_urls = list(spider.site.start_urls)
            spider.allowed_domains = list(spider.site.domains)
        return spider

    def listing_page(self, response):
        page = GenericListingPage(page_selector(response), response.url)
        if page.in_dan_van_section():
            self.dan_van_links.update(e.url for e in page.entries())
        return page

    def relevant(self, item, response) -> bool:
        """The topic rule for export (dvcrawl/topic.py): relevant, or nearly so and listed in a
        section named dân vận."""
        if item.topic_label == "relevant" or self.keep_all:
            return True
        listed = {response.url, *response.meta.get("redirect_urls", [])} & self.dan_van_links
        return bool(listed) and item.topic_score >= SECTION_THRESHOLD

    def read_article(self, response):
        stats = self.crawler.stats
        page = GenericArticlePage(page_selector(response), response.url,
                                  listing_date=response.meta.get("listing_date"))
        if not page.looks_like_article():
            reason = soft_404(response)
            if reason:
                self.fail(response.url, reason)
                return
            stats.inc_value("dvcrawl/skipped/not_article")
            self.logger.info("%s: not an article page: %s", self.site_id, response.url)
            return
        item = self.make_item(page, response, "generic")
        if not self.relevant(item, response):
            stats.inc_value("dvcrawl/skipped/off_topic")
            self.logger.info("%s: not about dân vận (score %.2f): %s", self.site_id, item.topic_score, response.url)
            return
        yield from self.claim(item, response)
