"""Page objects: a listing page exposes article links and next pages; an article page exposes
one method per field. Both take HTML and a template of selectors and know nothing of crawling
(in the manner of web-poet page objects and fundus parsers).
"""
import json
import re
from dataclasses import dataclass
from typing import ClassVar
from urllib.parse import urljoin

from cssselect import parse
from cssselect.parser import Class, CombinedSelector, Element, Hash
from cssselect.xpath import XPathExpr, is_non_whitespace
from lxml import etree
from parsel import Selector
from parsel.csstranslator import HTMLTranslator

from dvcrawl.dates import parse_date
from dvcrawl.extract.content import Content, Picture, authors_from_byline, read_content, string_value, visible_text
from dvcrawl.text import normalize, normalize_or_none, parse_count
from dvcrawl.urls import canonicalize


# XPath objects compiled once and run on lxml elements: parsel would look each expression up
# and wrap every result in a Selector on every call. String results are plain str, as parsel's.
# `/descendant::x[…]` rather than `//x[…]`: libxml2 evaluates the latter as a child step from
# every node of the page, about twice as slow.
_CANONICAL = etree.XPath('/descendant::link[@rel="canonical"]/@href', smart_strings=False)
_JSON_LD = etree.XPath('/descendant::script[@type="application/ld+json"]/text()', smart_strings=False)
_META = etree.XPath("/descendant::meta[@content]")
# The elements named for a date, in document order: a union of attribute-node scans (as in
# `_AttributeTranslator` below), three times cheaper than one element scan testing each
# element's attributes (0.4 against 1.2 ms on the benchmark's pages).
_DATE_ELEMENTS = etree.XPath(
    '/descendant::body/descendant::time'
    ' | /descendant::body/descendant::*/@itemprop[. = "datePublished"]/parent::*'
    ' | /descendant::body/descendant::*/@class[contains(., "date") or contains(., "time") or contains(., "ngay")]'
    '/parent::*'
    ' | /descendant::body/descendant::*/@id[contains(., "date")]/parent::*')


class _AttributeTranslator(HTMLTranslator):
    """cssselect's translation, except that a class or id is tested on the attribute node
    (`*/@class[…]/parent::*`, not `*[@class and …]`): libxml2 evaluates that about twice as
    fast, and each template selector scans the whole page. Only for plain selectors (see
    `_plain`): elsewhere cssselect reuses a translated part as a condition or name test."""

    def xpath_class(self, class_selector: Class) -> XPathExpr:
        xpath, name = self.xpath(class_selector.selector), class_selector.class_name
        if not is_non_whitespace(name):
            return xpath.add_condition("0")  # as cssselect: matches nothing
        return self._on_attribute(xpath, "@class", f"contains(., {self.xpath_literal(name)}) and contains("
                                  f"concat(' ', normalize-space(.), ' '), {self.xpath_literal(f' {name} ')})")

    def xpath_hash(self, id_selector: Hash) -> XPathExpr:
        xpath = self.xpath(id_selector.selector)
        return self._on_attribute(xpath, "@id", f". = {self.xpath_literal(id_selector.id)}")

    def _on_attribute(self, xpath: XPathExpr, attribute: str, test: str) -> XPathExpr:
        return type(xpath)(path=f"{xpath}/{attribute}[{test}]/", element="parent::*")


def _plain(tree) -> bool:
    """A selector of tags, classes and ids joined by descendant or child combinators."""
    if isinstance(tree, CombinedSelector):
        return tree.combinator in (" ", ">") and _plain(tree.selector) and _plain(tree.subselector)
    if isinstance(tree, (Class, Hash)):
        return _plain(tree.selector)
    return isinstance(tree, Element)


_CSS, _FAST_CSS = HTMLTranslator(), _AttributeTranslator()


def css_to_xpath(css: str) -> str:
    """One XPath for a comma-separated CSS selector list (compiled once per template)."""
    return " | ".join(_selector_to_xpath(part.strip()) for part in css.split(","))


def _selector_to_xpath(css: str) -> str:
    selectors = parse(css)
    if len(selectors) == 1 and not selectors[0].pseudo_element and _plain(selectors[0].parsed_tree):
        return _FAST_CSS.selector_to_xpath(selectors[0])
    return _CSS.css_to_xpath(css)


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
    # the page class reading this template's article pages: an ArticlePage subclass whose own
    # method reads a field the selectors cannot (one method per field, as a Fundus parser)
    page_class: ClassVar[type | None] = None
    # recognition (dvcrawl/discovery.py): a regular expression matching the family's article URLs
    article_url: ClassVar[str | None] = None

    xpaths: ClassVar[dict[str, str]] = {}
    compiled: ClassVar[dict[str, etree.XPath]] = {}  # the same, compiled

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        try:
            cls.xpaths = {n: css_to_xpath(getattr(cls, n)) for n in SELECTOR_NAMES if getattr(cls, n)}
            cls.compiled = {n: etree.XPath(xp, smart_strings=False) for n, xp in cls.xpaths.items()}
        except Exception as exc:  # cssselect raises several types; all mean a bad selector
            raise ValueError(f"template {cls.name or cls.__name__}: bad selector: {exc}") from exc


SECTION_WORDS = re.compile(r"dân\s*vận|dan[-_\s]?van", re.I)


@dataclass
class ListingEntry:
    url: str
    date: str | None


def _hrefs(links) -> list[str]:
    """The href of each link that has one (parsel's `.xpath("@href").getall()`)."""
    return [href for href in (a.get("href") for a in links) if href is not None]


class ListingPage:
    """A section listing: article links of its main list (with their dates) and next pages."""

    def __init__(self, html: str | Selector, url: str, template: type[Template]):
        self.sel = html if isinstance(html, Selector) else Selector(text=html)
        self.url = url
        self.t = template

    def entries(self) -> list[ListingEntry]:
        out, seen = [], set()
        link, date = self.t.compiled["listing_link"], self.t.compiled.get("listing_date")
        for item in self.t.compiled["listing_item"](self.sel.root):
            hrefs = _hrefs(link(item))
            href = hrefs[0] if hrefs else None
            if not href or href.startswith(("javascript:", "mailto:", "#")):
                continue
            url = urljoin(self.url, href.strip())
            if url in seen:
                continue
            seen.add(url)
            shown = parse_date(" ".join(map(string_value, date(item)))) if date else None
            out.append(ListingEntry(url=url, date=shown))
        return out

    def next_pages(self) -> list[str]:
        if "next_page" not in self.t.compiled:
            return []
        hrefs = _hrefs(self.t.compiled["next_page"](self.sel.root))
        return list(dict.fromkeys(urljoin(self.url, h.strip()) for h in hrefs
                                  if h.strip() and not h.startswith(("javascript:", "#"))))


_UNREAD = object()  # a field not read yet (None is a value: no date)


class ArticlePage:
    """One article page read through a template. Each field has its own method."""

    def __init__(self, html: str | Selector, url: str, template: type[Template],
                 listing_date: str | None = None):
        self.sel = html if isinstance(html, Selector) else Selector(text=html)
        self.root = self.sel.root
        self.url = url
        self.t = template
        self.listing_date = listing_date
        self._content: Content | None = None
        self._nodes: dict = {}  # _node() by field name: each selector runs once per page
        self._texts: dict[str, str] = {}  # _text() by field name
        self._date = _UNREAD  # published(), once asked (missing() and fields() both ask)
        self._json_ld: list[dict] | None = None  # json_ld(), asked by several fields

    # helpers -----------------------------------------------------------------------------
    def _node(self, name: str):
        """The element of field `name`, or None."""
        if name not in self._nodes:
            self._nodes[name] = self._find(name)
        return self._nodes[name]

    def _find(self, name: str):
        """The first element the template's selector for `name` finds."""
        xpath = self.t.compiled.get(name)
        found = xpath(self.root) if xpath else None
        return found[0] if found else None

    def _has(self, name: str) -> bool:
        """Whether this page reader has a way to find `name` (a selector, or content analysis)."""
        return name in self.t.xpaths

    def _drop(self) -> tuple:
        """Elements inside the body element that are not article text."""
        return tuple(self.t.compiled["drop"](self._node("body"))) if "drop" in self.t.compiled else ()

    def _text(self, name: str) -> str:
        if name not in self._texts:
            node = self._node(name)
            self._texts[name] = normalize(visible_text(node)) if node is not None else ""
        return self._texts[name]

    def json_ld(self) -> list[dict]:
        """JSON-LD objects of the page (NewsArticle etc.); broken blocks are skipped. Read once."""
        if self._json_ld is None:
            self._json_ld = []
            for raw in _JSON_LD(self.root):
                try:
                    data = json.loads(raw)
                except ValueError:
                    continue
                for obj in data if isinstance(data, list) else data.get("@graph", [data]):
                    if isinstance(obj, dict):
                        self._json_ld.append(obj)
        return self._json_ld

    def meta(self, *names: str) -> str | None:
        """The content of the first <meta> whose property or name is one of `names`, tried in
        order (a blank content counts as none). One pass over the page's meta elements."""
        content: dict = {}
        for el in _META(self.root):
            content.setdefault(el.get("property"), el.get("content"))
            content.setdefault(el.get("name"), el.get("content"))
        for name in names:
            value = content.get(name)
            if value and value.strip():
                return value.strip()
        return None

    @property
    def content(self) -> Content:
        if self._content is None:
            node = self._node("body")
            self._content = read_content(node, self.url, self._drop()) if node is not None else Content()
        return self._content

    # fields ------------------------------------------------------------------------------
    def canonical_url(self) -> str:
        hrefs = _CANONICAL(self.root)
        href = hrefs[0] if hrefs else None
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
        """The date the template shows; else JSON-LD or meta tags; else the date shown beside
        the link on the listing page; else a date anywhere on the page in an element named for
        it. The listing's date comes before that search: a page-wide search also finds a
        header's "today" box ("Thứ Năm, 03/12/2026"), which many portals have."""
        shown = parse_date(self._text("published")) if self._has("published") else None
        if shown:
            return shown
        for obj in self.json_ld():
            if obj.get("datePublished"):
                found = parse_date(str(obj["datePublished"]), fallback=False)
                if found:
                    return found
        meta = self.meta("article:published_time", "og:article:published_time", "pubdate")
        found = parse_date(meta, fallback=False) if meta else None
        return found or self.listing_date or self._page_date()

    def _page_date(self) -> str | None:
        """A date shown anywhere on the page in an element named for it (`<time>`, a "date" or
        "time" class): templates move their date box between redesigns."""
        for el in _DATE_ELEMENTS(self.root):
            text = normalize(el.get("datetime") or string_value(el))
            found = parse_date(text, fallback=False) if text and len(text) <= 120 else None
            if found:
                return found
        return None

    def authors(self) -> list[str]:
        lines = [self._text("byline")] if self._has("byline") and self._text("byline") else self.content.byline
        return authors_from_byline(lines)

    def images(self) -> list[dict]:
        seen, out = set(), []
        for pic in self._pictures():
            if pic.src not in seen:
                seen.add(pic.src)
                out.append({"src": pic.src, "caption": normalize_or_none(pic.caption)})
        return out

    def _pictures(self) -> list[Picture]:
        """The article's pictures in order, repeats allowed (`images` drops them)."""
        return self.content.images

    def views(self) -> int | None:
        return parse_count(self._text("views")) if self._has("views") else None

    def section(self) -> str | None:
        if "section" not in self.t.compiled:
            return None
        return normalize(" ".join(map(string_value, self.t.compiled["section"](self.root)))) or None

    def in_section(self) -> bool:
        """False only when the page names its section and that section is not dân vận."""
        section = self.section()
        return section is None or bool(SECTION_WORDS.search(section))

    def _published(self) -> str | None:
        """published(), read once: without a date on the template's spot it searches the page."""
        if self._date is _UNREAD:
            self._date = self.published()
        return self._date

    def missing(self) -> list[str]:
        """Fields the template promises but this page lacks: the sign of template drift."""
        lacking = []
        if not self.title():
            lacking.append("title")
        if not self.paragraphs():
            lacking.append("body")
        if self._has("published") and not self._published():
            lacking.append("published")
        return lacking

    def fields(self) -> dict:
        return {"url": self.canonical_url(), "title": self.title(), "summary": self.summary(),
                "body": self.body(), "published": self._published(), "authors": self.authors(),
                "images": self.images(), "views": self.views()}
