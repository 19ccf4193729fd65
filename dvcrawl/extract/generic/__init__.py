"""Template-less extraction for sites dvcrawl has never seen, and the fallback for drifted ones.

`article` reads an article page, `listing` a section listing; `choose_page` (here) picks the
reader for one article page: the template's, or the generic one when the template misses a field.
"""
from parsel import Selector

from dvcrawl.extract.generic.article import GenericArticlePage, GenericTemplate
from dvcrawl.extract.generic.listing import GenericListingPage, is_page_of
from dvcrawl.extract.page import ArticlePage, Template

__all__ = ["GenericArticlePage", "GenericListingPage", "GenericTemplate", "choose_page", "is_page_of"]


def choose_page(html: str | Selector, url: str, template: type[Template] | None = None,
                listing_date: str | None = None, page: ArticlePage | None = None
                ) -> tuple[ArticlePage, str, list[str]]:
    """The page reader for one article: (page, "site" | "generic", fields the template missed).

    With a template, the template's page is used unless its selectors miss a field the template
    promises (title, body, date): then the page falls back to generic extraction. `page`, when
    given, is that template's reader of this same page already made by the caller (the fields
    it has read are not read again).
    """
    sel = html if isinstance(html, Selector) else Selector(text=html)
    if template is None:
        return GenericArticlePage(sel, url, listing_date=listing_date), "generic", []
    if page is None:
        page = ArticlePage(sel, url, template, listing_date=listing_date)
    missing = page.missing()
    if missing:
        return GenericArticlePage(sel, url, listing_date=listing_date), "generic", missing
    return page, "site", []
