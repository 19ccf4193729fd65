"""The page objects of a page, for every caller: spiders, `dvcrawl extract`, the golden tests
and the benchmark get them here, so a page is read the same way everywhere.

A registered site is read with its template (with the registry entry's `selectors` overrides)
through the template's `page_class`, or `ArticlePage`; a page without a template, or whose
template misses a field it promises, is read by generic extraction.
"""
from parsel import Selector

from dvcrawl.extract.generic import GenericArticlePage, GenericListingPage
from dvcrawl.extract.page import ArticlePage, ListingPage, Template
from dvcrawl.registry import Site
from dvcrawl.templates import TEMPLATES


def template_for(site: Site) -> type[Template] | None:
    """The template of `site` with the selectors its registry entry overrides; None for a site
    without a known template (read by generic extraction)."""
    template = TEMPLATES.get(site.template or "")
    if template and site.selectors:
        template = type(f"{template.__name__}For{site.id.title()}", (template,), dict(site.selectors))
    return template


def _parsed(html: str | Selector) -> Selector:
    return html if isinstance(html, Selector) else Selector(text=html)


def listing_page(html: str | Selector, url: str, template: type[Template] | None) -> ListingPage:
    """The reader of one section listing: the template's, or the generic one."""
    if template is None:
        return GenericListingPage(_parsed(html), url)
    return ListingPage(_parsed(html), url, template)


def article_page(html: str | Selector, url: str, template: type[Template] | None,
                 listing_date: str | None = None) -> ArticlePage:
    """The reader of one article page through `template` (its own page class, if it names one),
    or the generic reader without a template. No fallback: see `choose_page`."""
    sel = _parsed(html)
    if template is None:
        return GenericArticlePage(sel, url, listing_date=listing_date)
    return (template.page_class or ArticlePage)(sel, url, template, listing_date=listing_date)


def choose_page(html: str | Selector, url: str, template: type[Template] | None = None,
                listing_date: str | None = None, page: ArticlePage | None = None
                ) -> tuple[ArticlePage, str, list[str]]:
    """The page reader for one article: (page, "site" | "generic", fields the template missed).

    With a template, the template's page is used unless its selectors miss a field the template
    promises (title, body, date): then the page falls back to generic extraction. `page`, when
    given, is that template's reader of this same page already made by the caller (the fields
    it has read are not read again).
    """
    sel = _parsed(html)
    if template is None:
        return article_page(sel, url, None, listing_date), "generic", []
    if page is None:
        page = article_page(sel, url, template, listing_date)
    missing = page.missing()
    if missing:
        return article_page(sel, url, None, listing_date), "generic", missing
    return page, "site", []
