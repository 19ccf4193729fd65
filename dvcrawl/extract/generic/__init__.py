"""Template-less extraction for sites dvcrawl has never seen, and the fallback for drifted ones.

`article` reads an article page, `listing` a section listing (`dvcrawl.extract.factory`
picks the template's or the generic reader for a page).
"""
from dvcrawl.extract.generic.article import GenericArticlePage, GenericTemplate
from dvcrawl.extract.generic.listing import GenericListingPage, is_page_of

__all__ = ["GenericArticlePage", "GenericListingPage", "GenericTemplate", "is_page_of"]

