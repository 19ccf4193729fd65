"""One spider per registered site, generated from the registry: `scrapy crawl <site id>`.

A site spider starts from the site's dân vận section, follows the section's pagination and
the article links of its main list (not sidebars or related-news boxes, which lead out of the
section), and reads articles with the site's template. It stays on the site's domains.
"""
from dataclasses import replace

import scrapy
from scrapy import signals
from scrapy.exceptions import DontCloseSpider

from dvcrawl.assembly import build_article, story_id_for
from dvcrawl.discovery import find_sections, parent_menus, recognise, template_fits
from dvcrawl.failures import describe_failure, record_failure
from dvcrawl.extract.errorpage import error_heading, soft_404
from dvcrawl.extract.factory import article_page, choose_page, listing_page, template_for
from dvcrawl.extract.generic import GenericListingPage
from dvcrawl.extract.page import ArticlePage, Template
from dvcrawl.extract.parsed import page_selector
from dvcrawl.items import Article
from dvcrawl.registry import Site, load_registry
from dvcrawl.templates import TEMPLATES
from dvcrawl.topic import SECTION_THRESHOLD
from dvcrawl.urls import canonicalize, same_site


def claim_of(item: Article) -> tuple[int, int]:
    """What a page claiming a URL is recognised by: its title and fingerprint, hashed."""
    return hash(item.title), hash(item.fingerprint)


class SiteSpider(scrapy.Spider):
    """Base of the per-site spiders; subclasses only set `site`."""

    site: Site

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.site_id = self.site.id
        self.template = template_for(self.site)  # None for the generic spider
        self.allowed_domains = list(self.site.domains)
        self.start_urls = list(self.site.start_urls)
        # Kept until the crawl ends, one entry per article: 64-bit hashes (str.__hash__, stable
        # within the process) instead of the strings, about 0.5 KB less per article.
        self.article_links: set[int] = set()     # hashes of the article URLs found on listing pages
        self.listing_pages = 0
        self.claims: dict[int, tuple[int, int]] = {}  # item URL -> (title, fingerprint) exported, hashed
        self.held: list[tuple] = []              # items whose canonical URL is another page's
        # A section a maintainer gave (start URLs and template in the registry) is exported
        # whole; a discovered section or a site read without template keeps only articles the
        # topic rules find about dân vận (`relevant`).
        self.keep_all = bool(self.site.template and self.site.start_urls)
        self.dan_van_links: set[str] = set()  # article links listed in a section named dân vận
        self.candidate: type[Template] | None = None  # a recognised template, not yet confirmed
        self.reader = f"registry:{self.site.template}" if self.template else "generic"

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(spider.report_reader, signal=signals.spider_closed)
        return spider

    def report_reader(self, spider=None, reason=None):
        """How the site was read, for the run summary (`dvcrawl/reader`)."""
        self.crawler.stats.set_value("dvcrawl/reader", self.reader)

    async def start(self):
        if not self.start_urls and self.site.home:  # nobody gave the section: find it
            yield scrapy.Request(self.site.home, callback=self.discover, errback=self.failed)
        for url in self.start_urls:
            # dont_filter stays False: with it, Scrapy would follow an off-site redirect of a start URL
            yield scrapy.Request(url, callback=self.parse, errback=self.failed)

    # section discovery -----------------------------------------------------------------------
    def discover(self, response):
        """The home page (or a parent menu's page): crawl the dân vận section(s) it links, else
        look one level down the menus that may hold them ("Xây dựng Đảng › Dân vận"); a home
        page with neither is read as the list itself (the topic rules keep dân vận articles)."""
        sel = page_selector(response)
        stats = self.crawler.stats
        if response.meta.get("dv_parent") is None:
            found = recognise(sel, response.url, response.text)
            stats.set_value("dvcrawl/cms", found.family or "unknown")
            if self.template is None and found.template:
                self.candidate = TEMPLATES[found.template]
        sections = find_sections(sel, response.url)
        for section in sections:
            self.logger.info("%s: dân vận section %s (%s %r, confidence %.2f)", self.site_id, section.url,
                             section.evidence, section.label, section.confidence)
            stats.set_value("dvcrawl/sections", [*stats.get_value("dvcrawl/sections", []), section.url])
            yield response.follow(section.url, callback=self.parse, errback=self.failed,
                                  meta={"dv_section": True})
        if sections or response.meta.get("dv_parent") is not None:
            return
        parents = parent_menus(sel, response.url)
        for n, url in enumerate(parents):
            yield response.follow(url, callback=self.discover, errback=self.failed, meta={"dv_parent": n})
        if not parents:  # perhaps a site all about dân vận: its home page is the list
            self.logger.warning("%s: the home page links no dân vận section; reading it as the list: %s",
                                self.site_id, response.url)
            yield from self.parse(response)

    # failures ------------------------------------------------------------------------------
    def fail(self, url: str, reason: str, kind: str = "page") -> None:
        """Give up on `url`: recorded for the run summary (dvcrawl/failures.py)."""
        self.logger.warning("%s: %s: %s", self.site_id, reason, url)
        record_failure(self.crawler, self.site_id, url, reason, kind)

    def failed(self, failure):
        """Errback of every request: record the failure with a one-line reason (an expected
        network fault is not a traceback in the log)."""
        kind, reason = describe_failure(failure)
        request = getattr(failure, "request", None)
        url = request.url if request is not None else "?"
        if request is not None and request.meta.get("redirect_urls"):
            url = request.meta["redirect_urls"][0]  # the URL we linked, not where it led
        self.fail(url, reason, kind)

    # listing pages -------------------------------------------------------------------------
    def parse(self, response):
        """A listing page of the section: its articles and its next pages.

        Trap guard: pagination is followed only while it brings new article links; after
        DVCRAWL_TRAP_PATIENCE listing pages in a row without one (an endless "next" link, a
        calendar) or DVCRAWL_MAX_LISTING_PAGES pages, the chain stops and is reported."""
        settings = self.crawler.settings
        self.crawler.stats.inc_value("dvcrawl/pages/listing")
        self.listing_pages += 1
        page = self.listing_page(response)
        entries = page.entries()
        if not entries and not isinstance(page, GenericListingPage):
            generic = GenericListingPage(page_selector(response), response.url)
            found = generic.entries()
            if found:  # a redesign the template does not know: read without selectors
                self.crawler.stats.inc_value("dvcrawl/drift/listing_fallback")
                self.logger.warning("%s: template selectors found no article links, generic listing reader "
                                    "used: %s", self.site_id, response.url)
                page, entries = generic, found
        if not entries:
            reason = soft_404(response)
            if reason:
                self.fail(response.url, reason)
                return
            self.crawler.stats.inc_value("dvcrawl/drift/empty_listing")
            self.logger.warning("%s: listing page has no article links (template drift?): %s",
                                self.site_id, response.url)
        new = 0
        for entry in entries:
            if same_site(entry.url, self.site.domains):
                if hash(entry.url) not in self.article_links:
                    self.article_links.add(hash(entry.url))
                    new += 1
                yield response.follow(entry.url, callback=self.parse_article, errback=self.failed,
                                      meta={"listing_date": entry.date})
        barren = 0 if new else response.meta.get("dv_barren", 0) + 1
        if barren >= settings.getint("DVCRAWL_TRAP_PATIENCE", 2):
            self.fail(response.url, f"trap: {barren} listing pages in a row without a new article "
                                    "link; pagination stopped here", "trap")
            return
        if self.listing_pages >= settings.getint("DVCRAWL_MAX_LISTING_PAGES", 500):
            self.fail(response.url, f"trap: DVCRAWL_MAX_LISTING_PAGES "
                                    f"({self.listing_pages}) reached; pagination stopped here", "trap")
            return
        for url in page.next_pages():
            if same_site(url, self.site.domains):
                yield response.follow(url, callback=self.parse, errback=self.failed,
                                      meta={"dv_barren": barren, "dv_section": response.meta.get("dv_section")})

    def listing_page(self, response):
        """The reader of one listing page: the template's, or without one the generic reader.
        A recognised template is adopted once its selectors find this listing's articles."""
        sel = page_selector(response)
        if self.candidate is not None:
            if template_fits(sel, response.url, self.candidate):
                self.template, self.reader = self.candidate, f"recognised:{self.candidate.name}"
            self.candidate = None
        page = listing_page(sel, response.url, self.template)
        if isinstance(page, GenericListingPage) and (response.meta.get("dv_section") or page.in_dan_van_section()):
            self.dan_van_links.update(e.url for e in page.entries())
        return page

    # article pages -------------------------------------------------------------------------
    def parse_article(self, response):
        self.crawler.stats.inc_value("dvcrawl/pages/article")
        reason = error_heading(response)
        if reason:
            self.fail(response.url, reason)
            return
        yield from self.read_article(response)

    def not_an_article(self, response, reason: str) -> None:
        """Give up on a page that gave no article: an error page if its text says so (see
        `soft_404`), else `reason`."""
        self.fail(response.url, soft_404(response) or reason)

    def read_article(self, response):
        """The item of an article page that is not an error page, if it is one to export."""
        item = self.template_item(response) if self.template else self.generic_item(response)
        if item is None:
            return
        if not self.relevant(item, response):
            self.crawler.stats.inc_value("dvcrawl/skipped/off_topic")
            self.logger.info("%s: not about dân vận (score %.2f): %s", self.site_id, item.topic_score, response.url)
            return
        yield from self.claim(item, response)

    def relevant(self, item, response) -> bool:
        """The topic rule for export (dvcrawl/topic.py): relevant, or nearly so and listed in a
        section named dân vận; everything when the section is one a maintainer gave."""
        if self.keep_all or item.topic_label == "relevant":
            return True
        listed = {response.url, *response.meta.get("redirect_urls", [])} & self.dan_van_links
        return bool(listed) and item.topic_score >= SECTION_THRESHOLD

    def generic_item(self, response) -> Article | None:
        """An article read without template, or None (a page that is no article is counted)."""
        page = article_page(page_selector(response), response.url, None, response.meta.get("listing_date"))
        if not page.looks_like_article():
            reason = soft_404(response)
            if reason:
                self.fail(response.url, reason)
                return None
            self.crawler.stats.inc_value("dvcrawl/skipped/not_article")
            self.logger.info("%s: not an article page: %s", self.site_id, response.url)
            return None
        return self.make_item(page, response, "generic")

    def template_item(self, response) -> Article | None:
        """An article read with the template (generic extraction where its selectors miss), or None."""
        stats = self.crawler.stats
        listing_date = response.meta.get("listing_date")
        page = article_page(page_selector(response), response.url, self.template, listing_date)
        if not page.in_section():
            stats.inc_value("dvcrawl/skipped/off_section")
            self.logger.info("%s: not in the dân vận section (%s): %s", self.site_id, page.section(), response.url)
            return None
        if not page.title() and not page.paragraphs() \
                and len(self.listing_page(response).entries()) >= 3:
            self.not_an_article(response, "no_article: a list of articles, not an article")
            return None
        page, extraction, missing = choose_page(page_selector(response), response.url, self.template, listing_date, page)
        if missing:  # template drift (the selectors miss a field the template promises), or an error page
            reason = soft_404(response)
            if reason:
                self.fail(response.url, reason)
                return None
            stats.inc_value(f"dvcrawl/fallback/{self.site_id}")
            self.logger.warning("%s: template selectors found no %s, generic extraction used: %s",
                                self.site_id, "/".join(missing), response.url)
        item = self.make_item(page, response, extraction)
        if not item.title or not item.body:
            self.not_an_article(response, f"no_article: no {'title' if not item.title else 'text'} found")
            return None
        return item

    def claim(self, item: Article, response):
        """Export `item` under its canonical URL, unless that URL belongs to another article.

        A page whose canonical link is its own URL (or one it was redirected from) owns that URL.
        A page naming another page as canonical (a print view, a second URL of the article, or
        a different article claiming the same id) is held until the crawl is idle: it is then a
        duplicate of the owner when the owner has its title, or else exported under its own URL.
        """
        own = {canonicalize(u) for u in [response.url, *response.meta.get("redirect_urls", [])]}
        if item.url in own:
            self.claims.setdefault(hash(item.url), claim_of(item))
            yield item
        else:
            self.held.append((item, canonicalize(response.url)))

    def release_held(self, response=None):
        held, self.held = self.held, []
        for item, fetched in held:
            owner, mine = self.claims.get(hash(item.url)), claim_of(item)
            if owner is None or owner[0] == mine[0] or owner[1] == mine[1]:
                self.claims.setdefault(hash(item.url), mine)
                yield item  # the owner's copy, or the only one: dedup keeps one
            else:
                self.crawler.stats.inc_value("dvcrawl/id_conflict")
                self.logger.warning("%s: %s claims the URL of another article (%s); exported under "
                                    "its own URL", self.site_id, fetched, item.url)
                url = fetched
                yield replace(item, url=url, story_id=story_id_for(url))

    def spider_idle(self, spider=None):
        """Release the held items through one local `data:` request (a spider can only emit
        items from a callback); three tries, then they are reported rather than kept."""
        if not self.held:
            return
        self.release_tries = getattr(self, "release_tries", 0) + 1
        if self.release_tries > 3:
            for item, fetched in self.held:
                self.fail(fetched, "held: could not be released at the end of the crawl", "page")
            self.held = []
            return
        self.crawler.engine.crawl(scrapy.Request(
            "data:,", callback=self.release_held, errback=self.failed, dont_filter=True,
            meta={"dont_obey_robotstxt": True, "allow_offsite": True, "dont_retry": True}))
        raise DontCloseSpider

    def make_item(self, page: ArticlePage, response, extraction: str = "site") -> Article:
        return build_article(self.site, page, response.url, extraction)


def _spider_class(site: Site) -> type[SiteSpider]:
    return type(f"{site.id.title()}Spider", (SiteSpider,),
                {"name": site.id, "site": site, "__module__": __name__,
                 "__doc__": f"Crawl the dân vận section of {site.name}."})


for _site in load_registry().values():
    globals()[f"{_site.id.title()}Spider"] = _spider_class(_site)
