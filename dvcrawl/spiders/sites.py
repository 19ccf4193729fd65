"""One spider per registered site, generated from the registry: `scrapy crawl <site id>`.

A site spider starts from the site's dân vận section, follows the section's pagination and
the article links of its main list (not sidebars or related-news boxes, which lead out of the
section), and reads articles with the site's template. It stays on the site's domains.
"""
import hashlib
import uuid
from datetime import datetime, timezone

import scrapy

from dvcrawl.extract.page import ArticlePage, ListingPage
from dvcrawl.items import Article
from dvcrawl.registry import Site, load_registry
from dvcrawl.templates import TEMPLATES
from dvcrawl.urls import canonicalize, same_site


def fingerprint(title: str, body: str) -> str:
    """Content fingerprint: sha1 of the normalised title and body."""
    return hashlib.sha1(f"{title}\n{body}".encode("utf-8")).hexdigest()


def story_id_for(url: str) -> str:
    """Default story id: stable for a canonical URL (dedup may assign a shared one)."""
    return uuid.uuid5(uuid.NAMESPACE_URL, url).hex[:16]


class SiteSpider(scrapy.Spider):
    """Base of the per-site spiders; subclasses only set `site`."""

    site: Site

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.site_id = self.site.id
        self.template = TEMPLATES[self.site.template]
        self.allowed_domains = list(self.site.domains)
        self.start_urls = list(self.site.start_urls)

    def parse(self, response):
        """A listing page of the section: its articles and its next pages."""
        self.crawler.stats.inc_value("dvcrawl/pages/listing")
        page = ListingPage(response.selector, response.url, self.template)
        entries = page.entries()
        if not entries:
            self.crawler.stats.inc_value("dvcrawl/drift/empty_listing")
            self.logger.warning("%s: listing page has no article links (template drift?): %s",
                                self.site_id, response.url)
        for entry in entries:
            if same_site(entry.url, self.site.domains):
                yield response.follow(entry.url, callback=self.parse_article,
                                      meta={"listing_date": entry.date})
        for url in page.next_pages():
            if same_site(url, self.site.domains):
                yield response.follow(url, callback=self.parse)

    def parse_article(self, response):
        stats = self.crawler.stats
        stats.inc_value("dvcrawl/pages/article")
        page = ArticlePage(response.selector, response.url, self.template,
                           listing_date=response.meta.get("listing_date"))
        if not page.in_section():
            stats.inc_value("dvcrawl/skipped/off_section")
            self.logger.info("%s: not in the dân vận section (%s): %s", self.site_id, page.section(), response.url)
            return
        yield self.make_item(page, response)

    def make_item(self, page: ArticlePage, response) -> Article:
        fields = page.fields()
        url = fields.pop("url")
        if not same_site(url, self.site.domains):  # a canonical link pointing elsewhere is not trusted
            url = canonicalize(response.url)
        return Article(
            url=url, site=self.site.id, site_name=self.site.name, province=self.site.province,
            province_2025=self.site.province_2025, level=self.site.level,
            story_id=story_id_for(url),
            fingerprint=fingerprint(fields["title"] or "", fields["body"] or ""),
            crawled_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
            **fields,
        )


def _spider_class(site: Site) -> type[SiteSpider]:
    return type(f"{site.id.title()}Spider", (SiteSpider,),
                {"name": site.id, "site": site, "__module__": __name__,
                 "__doc__": f"Crawl the dân vận section of {site.name}."})


for _site in load_registry().values():
    globals()[f"{_site.id.title()}Spider"] = _spider_class(_site)
