"""What both generic readers need from a parsed page: tags, class words, text, and which
elements lie outside the page's content (navigation, header/footer, sidebars, forms, chrome)."""
import re

from lxml import etree

from dvcrawl.extract.chrome import TOKEN_PARTS, is_chrome_attr
from dvcrawl.extract.content import MAJOR_SHARE, unlinked_length
from dvcrawl.text import normalize

# Containers that never hold the article or the section's list.
OUTSIDE_TAGS = frozenset(("nav", "footer", "aside", "header", "form", "select", "option", "script",
                      "style", "noscript", "template", "iframe", "marquee", "button", "label"))
# Class/id words of page furniture that is not marked up with nav/footer/aside tags: a token
# part that is the word, ends with it ("mainmenu", "rightsidebar") or adds a number ("sidebar2").
LAYOUT_WORDS = ("footer", "copyright", "sidebar", "navbar", "menu", "topbar")
_LAYOUT_PART = re.compile(r"^[a-z]*(?:" + "|".join(LAYOUT_WORDS) + r")\d*$")
# Tokens that describe the page's layout rather than name the element ("has-sidebar").
_MODIFIER_PREFIXES = ("has-", "has_", "with-", "with_", "no-", "no_", "without-", "layout-", "page-")
HEADING_TAGS = frozenset(("h1", "h2", "h3", "h4"))
TITLE_ATTR = re.compile(r"title|tieu-?de|headline|heading", re.I)
SPLIT_WORDS = re.compile(r"[\s_\-]+|(?<=[a-z])(?=[A-Z])")
TITLE_TEXT = etree.XPath("/descendant::title/text()", smart_strings=False)
_HEADLINE_OR_ARTICLE = etree.XPath("(descendant::h1 | descendant::article | descendant::main)[1]")
_MAIN = etree.XPath('(descendant::main | descendant::*[@role="main"])[1]')


def tag_of(el) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def attr_words(el) -> set[str]:
    """Lower-case words of an element's class and id ("article__sapo" → {"article", "sapo"})."""
    raw = f"{el.get('class') or ''} {el.get('id') or ''}"
    return {w.lower() for w in SPLIT_WORDS.split(raw) if w}


def is_chrome_element(el) -> bool:
    return is_chrome_attr(el.get("class")) or is_chrome_attr(el.get("id"))


def is_layout_element(el) -> bool:
    """True when a class or id token names page furniture (sidebar, menu, footer…)."""
    for value in (el.get("class"), el.get("id")):
        for token in (value or "").lower().split():
            if token.startswith(_MODIFIER_PREFIXES):
                continue
            if any(_LAYOUT_PART.match(part) for part in TOKEN_PARTS.split(token)):
                return True
    return False


def text_of(el) -> str:
    """The element's text, normalised ("" for None, a comment or a processing instruction)."""
    return normalize(" ".join(el.itertext())) if el is not None and isinstance(el.tag, str) else ""


class PageTree:
    """Document order and exclusion of one parsed page, computed once."""

    def __init__(self, root, chrome=is_chrome_element):
        self.root = root
        self.order = {el: n for n, el in enumerate(root.iter())}
        self._outside: dict = {}
        self._chrome = chrome  # the class/id rule for chrome containers (the readers differ)
        self._texts: dict = {}
        self._page_text: int | None = None

    def text(self, el) -> str:
        """`text_of(el)`, computed once per element (the readers ask for the same ones often)."""
        found = self._texts.get(el)
        if found is None:
            found = self._texts[el] = text_of(el)
        return found

    def outside(self, el) -> bool:
        """True inside navigation, header/footer, sidebars, forms or a chrome container."""
        if el is None:
            return False
        if el in self._outside:
            return self._outside[el]
        tag = tag_of(el)
        if tag in ("html", "body"):
            result = False
        elif tag in ("header", "footer") and el.xpath("ancestor::article | ancestor::main"):
            result = self._chrome_by_name(el) or self.outside(el.getparent())  # an article's own header/footer
        elif tag in OUTSIDE_TAGS and not (tag == "form" and self._is_page_form(el)):
            result = True
        else:
            result = self._chrome_by_name(el) or self.outside(el.getparent())
        self._outside[el] = result
        return result

    def _chrome_by_name(self, el) -> bool:
        """Chrome or furniture by class/id, unless the element holds most of the page's text
        and the article's frame (an h1, <article> or <main>): a content column under an unlucky
        name, not a long "about" widget beside a short article; or it holds the page's <main>."""
        if not (is_layout_element(el) or self._chrome(el)):
            return False
        if _MAIN(el):
            return False  # a layout grid around the page's <main> (Drupal Olivero's `sidebar-grid`)
        return self._minor(el) or _HEADLINE_OR_ARTICLE(el) == []

    def _is_page_form(self, el) -> bool:
        """ASP.NET pages wrap the whole page, or its main column, in one <form>: a form holding
        most of the page's elements or of its text is not a comment form."""
        return sum(1 for _ in el.iter()) > len(self.order) / 2 or not self._minor(el)

    def _minor(self, el) -> bool:
        """True when `el` holds less than the major share of the page's text outside links."""
        if self._page_text is None:
            body = self.root.find("body")
            self._page_text = unlinked_length(body if body is not None else self.root)
        return unlinked_length(el) < MAJOR_SHARE * self._page_text

    def contains(self, outer, inner) -> bool:
        while inner is not None:
            if inner is outer:
                return True
            inner = inner.getparent()
        return False

