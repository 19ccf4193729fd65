"""`scrapy crawl generic -a site_id=ID [-a start_urls=URL[,URL…]] [-a home=URL]`: a site never seen before.

No template from the registry: given start URLs, listing pages are read by `GenericListingPage`
and articles by `GenericArticlePage`. Given only a home page (`-a home=URL`, or the registry's
or the snapshot's `home` when no start URLs are known anywhere), the spider finds the dân vận
section(s) itself and recognises the CMS family (dvcrawl/discovery.py): a family we have a
template for is read with it once its selectors fit the section's listing. Only articles the
topic rules label dân vận-relevant are exported unless `-a keep_all=1`. Listing pages, pages
that are not articles (home, error and list pages reached by a link) and second URLs of one
article (the canonical link decides; the dedup pipeline drops repeats) never reach the feed.

Arguments: `site_id` (required; the feed's `site`, and the snapshot folder name under
DVCRAWL_SNAPSHOT_ROOT), `start_urls` (comma-separated; default: the registry's or the
snapshot's), `home`, `keep_all=1`. Pagination stops like the site spiders'
(DVCRAWL_TRAP_PATIENCE, DVCRAWL_MAX_LISTING_PAGES).
"""
from dvcrawl.registry import ConfigError, load_registry
from dvcrawl.replay import snapshot_folder
from dvcrawl.sitefacts import site_for
from dvcrawl.spiders.sites import SiteSpider

_TRUE = ("1", "true", "yes", "on")


class GenericSpider(SiteSpider):
    """Crawl the dân vận section of a site dvcrawl has no registry template for.

    Crawling, discovery and reading are the site spiders' (a site spider without template
    reads generically); this class only takes the site from arguments, registry or snapshot.
    """

    name = "generic"

    def __init__(self, site_id: str | None = None, start_urls: str | list | None = None,
                 home: str | None = None, keep_all: str | bool = False, *args, **kwargs):
        if not site_id:
            raise ConfigError("generic spider: -a site_id=ID is required")
        if isinstance(start_urls, str):
            start_urls = [u.strip() for u in start_urls.split(",") if u.strip()]
        self.home_arg = home
        self.site = site_for(site_id, list(start_urls or []), strict=False, home=home)  # completed in from_crawler
        super().__init__(*args, **kwargs)
        self.keep_all = str(keep_all).lower() in _TRUE

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        if spider.site_id not in load_registry() or not (spider.start_urls or spider.site.home):
            snapshot = snapshot_folder(crawler.settings, spider.site_id)
            spider.site = site_for(spider.site_id, list(spider.start_urls), snapshot,
                                   home=spider.home_arg)  # site.json facts
            spider.start_urls = list(spider.site.start_urls)
            spider.allowed_domains = list(spider.site.domains)
        return spider
