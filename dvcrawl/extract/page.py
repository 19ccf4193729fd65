"""Page objects: a listing page exposes article links and next pages; an article page exposes
one method per field. Both take HTML and a template of selectors and know nothing of crawling
(in the manner of web-poet page objects and fundus parsers).
"""
import json
import re
from dataclasses import dataclass
from typing import ClassVar
from urllib.parse import urljoin

from parsel import Selector
from parsel.csstranslator import HTMLTranslator

from dvcrawl.dates import parse_date
from dvcrawl.extract.content import Content, authors_from_byline, read_content
from dvcrawl.text import normalize, normalize_or_none, parse_count
from dvcrawl.urls import canonicalize

_CSS = HTMLTranslator()


def css_to_xpath(css: str) -> str:
    """One XPath for a comma-separated CSS selector list (compiled once per template)."""
    return " | ".join(_CSS.css_to_xpath(part.strip()) for part in css.split(","))


SELECTOR_NAMES = ("listing_item", "listing_link", "listing_date", "next_page", "title", "summary",
                  "body", "published", "views", "byline", "section", "drop")


class Template:
    """Selectors of one CMS family's templates. Subclasses only set class attributes.

    Every selector is CSS and is compiled to XPath once, when the subclass is defined, so a
    typo fails at import with the template's name rather than on the first page.
    """

    name: ClassVar[str] = ""
    # listing pages
    listing_item: ClassVar[str] = ""       # one entry of the section's main list
    listing_link: ClassVar[str] = "a"      # the article link inside an entry
    listing_date: ClassVar[str | None] = None  # the date shown with an entry
    next_page: ClassVar[str] = ""          # pagination links
    # article pages
    title: ClassVar[str] = "h1"
    summary: ClassVar[str | None] = None
    body: ClassVar[str] = ""
    published: ClassVar[str | None] = None
    views: ClassVar[str | None] = None
    byline: ClassVar[str | None] = None    # a separate author element, where the template has one
    section: ClassVar[str | None] = None   # breadcrumb/section label of the article
    drop: ClassVar[str | None] = None      # extra elements inside the body that are not text

    xpaths: ClassVar[dict[str, str]] = {}

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        try:
            cls.xpaths = {n: css_to_xpath(getattr(cls, n)) for n in SELECTOR_NAMES if getattr(cls, n)}
        except Exception as exc:  # cssselect raises several types; all mean a bad selector
            raise ValueError(f"template {cls.name or cls.__name__}: bad selector: {exc}") from exc


SECTION_WORDS = re.compile(r"dân\s*vận|dan[-_\s]?van", re.I)


@dataclass
class ListingEntry:
    url: str
    date: str | None


class ListingPage:
    """A section listing: article links of its main list (with their dates) and next pages."""

    def __init__(self, html: str | Selector, url: str, template: type[Template]):
        self.sel = html if isinstance(html, Selector) else Selector(text=html)
        self.url = url
        self.t = template

    def entries(self) -> list[ListingEntry]:
        out, seen = [], set()
        for item in self.sel.xpath(self.t.xpaths["listing_item"]):
            href = item.xpath(self.t.xpaths["listing_link"]).xpath("@href").get()
            if not href or href.startswith(("javascript:", "mailto:", "#")):
                continue
            url = urljoin(self.url, href.strip())
            if url in seen:
                continue
            seen.add(url)
            date = None
            if "listing_date" in self.t.xpaths:
                date = parse_date(" ".join(item.xpath(self.t.xpaths["listing_date"]).xpath("string()").getall()))
            out.append(ListingEntry(url=url, date=date))
        return out

    def next_pages(self) -> list[str]:
        if "next_page" not in self.t.xpaths:
            return []
        hrefs = self.sel.xpath(self.t.xpaths["next_page"]).xpath("@href").getall()
        return list(dict.fromkeys(urljoin(self.url, h.strip()) for h in hrefs
                                  if h.strip() and not h.startswith(("javascript:", "#"))))


class ArticlePage:
    """One article page read through a template. Each field has its own method."""

    def __init__(self, html: str | Selector, url: str, template: type[Template],
                 listing_date: str | None = None):
        self.sel = html if isinstance(html, Selector) else Selector(text=html)
        self.url = url
        self.t = template
        self.listing_date = listing_date
        self._content: Content | None = None
        self._texts: dict[str, str] = {}  # _text() by field name: each selector runs once per page

    # helpers -----------------------------------------------------------------------------
    def _first(self, name: str) -> Selector | None:
        xp = self.t.xpaths.get(name)
        if not xp:
            return None
        found = self.sel.xpath(xp)
        return found[0] if found else None

    def _has(self, name: str) -> bool:
        """Whether this page reader has a way to find `name` (a selector, or content analysis)."""
        return name in self.t.xpaths

    def _drop(self) -> tuple:
        """XPaths of elements inside the body element that are not article text."""
        return (self.t.xpaths["drop"],) if "drop" in self.t.xpaths else ()

    def _text(self, name: str) -> str:
        if name not in self._texts:
            node = self._first(name)
            self._texts[name] = normalize(node.xpath("string()").get()) if node is not None else ""
        return self._texts[name]

    def json_ld(self) -> list[dict]:
        """JSON-LD objects of the page (NewsArticle etc.); broken blocks are skipped."""
        out = []
        for raw in self.sel.xpath('//script[@type="application/ld+json"]/text()').getall():
            try:
                data = json.loads(raw)
            except ValueError:
                continue
            for obj in data if isinstance(data, list) else data.get("@graph", [data]):
                if isinstance(obj, dict):
                    out.append(obj)
        return out

    def meta(self, *names: str) -> str | None:
        for name in names:
            value = self.sel.xpath(f'//meta[@property="{name}" or @name="{name}"]/@content').get()
            if value and value.strip():
                return value.strip()
        return None

    @property
    def content(self) -> Content:
        if self._content is None:
            node = self._first("body")
            self._content = read_content(node.root, self.url, self._drop()) if node is not None else Content()
        return self._content

    # fields ------------------------------------------------------------------------------
    def canonical_url(self) -> str:
        href = self.sel.xpath('//link[@rel="canonical"]/@href').get()
        return canonicalize(urljoin(self.url, href.strip()) if href and href.strip() else self.url)

    def title(self) -> str | None:
        return normalize_or_none(self._text("title"))

    def summary(self) -> str | None:
        return normalize_or_none(self._text("summary")) if self._has("summary") else None

    def paragraphs(self) -> list[str]:
        paras = list(self.content.paragraphs)
        summary, title = self.summary(), self.title()
        while paras and paras[0] in (summary, title):
            paras.pop(0)
        return paras

    def body(self) -> str:
        return "\n\n".join(self.paragraphs())

    def published(self) -> str | None:
        """The date the template shows; else JSON-LD or meta tags; else the listing's date."""
        shown = parse_date(self._text("published")) if self._has("published") else None
        if shown:
            return shown
        for obj in self.json_ld():
            if obj.get("datePublished"):
                found = parse_date(str(obj["datePublished"]), fallback=False)
                if found:
                    return found
        meta = self.meta("article:published_time", "og:article:published_time", "pubdate")
        return parse_date(meta, fallback=False) if meta else self.listing_date

    def authors(self) -> list[str]:
        lines = [self._text("byline")] if self._has("byline") and self._text("byline") else self.content.byline
        return authors_from_byline(lines)

    def images(self) -> list[dict]:
        seen, out = set(), []
        for pic in self.content.images:
            if pic.src not in seen:
                seen.add(pic.src)
                out.append({"src": pic.src, "caption": normalize_or_none(pic.caption)})
        return out

    def views(self) -> int | None:
        return parse_count(self._text("views")) if self._has("views") else None

    def section(self) -> str | None:
        if not self.t.section:
            return None
        return normalize(" ".join(self.sel.xpath(self.t.xpaths["section"]).xpath("string()").getall())) or None

    def in_section(self) -> bool:
        """False only when the page names its section and that section is not dân vận."""
        section = self.section()
        return section is None or bool(SECTION_WORDS.search(section))

    def missing(self) -> list[str]:
        """Fields the template promises but this page lacks: the sign of template drift."""
        lacking = []
        if not self.title():
            lacking.append("title")
        if not self.paragraphs():
            lacking.append("body")
        if self._has("published") and not parse_date(self._text("published")):
            lacking.append("published")
        return lacking

    def fields(self) -> dict:
        return {"url": self.canonical_url(), "title": self.title(), "summary": self.summary(),
                "body": self.body(), "published": self.published(), "authors": self.authors(),
                "images": self.images(), "views": self.views()}
