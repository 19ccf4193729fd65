"""What both generic readers need from a parsed page: tags, class words, text, and which
elements lie outside the page's content (navigation, header/footer, sidebars, forms, chrome)."""
import re

from lxml import etree

from dvcrawl.extract.chrome import is_chrome_attr
from dvcrawl.text import normalize

# Containers that never hold the article or the section's list.
OUTSIDE_TAGS = frozenset(("nav", "footer", "aside", "header", "form", "select", "option", "script",
                      "style", "noscript", "template", "iframe", "marquee", "button", "label"))
# Class/id words of page furniture that is not marked up with nav/footer/aside tags.
LAYOUT_WORDS = ("footer", "copyright", "sidebar", "navbar", "menu", "topbar")
HEADING_TAGS = frozenset(("h1", "h2", "h3", "h4"))
TITLE_ATTR = re.compile(r"title|tieu-?de|headline|heading", re.I)
SPLIT_WORDS = re.compile(r"[\s_\-]+|(?<=[a-z])(?=[A-Z])")
TITLE_TEXT = etree.XPath("/descendant::title/text()", smart_strings=False)


def tag_of(el) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def attr_words(el) -> set[str]:
    """Lower-case words of an element's class and id ("article__sapo" → {"article", "sapo"})."""
    raw = f"{el.get('class') or ''} {el.get('id') or ''}"
    return {w.lower() for w in SPLIT_WORDS.split(raw) if w}


def is_chrome_element(el) -> bool:
    return is_chrome_attr(el.get("class")) or is_chrome_attr(el.get("id"))


def text_of(el) -> str:
    return normalize(" ".join(el.itertext())) if el is not None else ""


class PageTree:
    """Document order and exclusion of one parsed page, computed once."""

    def __init__(self, root, chrome=is_chrome_element):
        self.root = root
        self.order = {el: n for n, el in enumerate(root.iter())}
        self._outside: dict = {}
        self._chrome = chrome  # the class/id rule for chrome containers (the readers differ)

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
            result = self._chrome(el) or self.outside(el.getparent())  # an article's own header/footer
        elif tag in OUTSIDE_TAGS and not (tag == "form" and self._is_page_form(el)):
            result = True
        elif any(word in part for part in attr_words(el) for word in LAYOUT_WORDS):
            result = True
        else:
            result = self._chrome(el) or self.outside(el.getparent())
        self._outside[el] = result
        return result

    def _is_page_form(self, el) -> bool:
        """ASP.NET pages wrap the whole page in one <form>: that one is not a comment form."""
        return sum(1 for _ in el.iter()) > len(self.order) / 2

    def contains(self, outer, inner) -> bool:
        while inner is not None:
            if inner is outer:
                return True
            inner = inner.getparent()
        return False

