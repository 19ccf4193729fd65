"""The generic article reader: an `ArticlePage` whose elements are found by analysis.

The body is the element holding the most paragraph text (link-heavy blocks and chrome
excluded), the title the heading nearest before it (preferring one equal to og:title or
<title>), and date, views and lead are looked up around them. Every field method, the
paragraph/caption/byline reader (`read_content`) and the Vietnamese chrome rules are shared
with the template-driven pages; only the element lookup differs. Those rules are Vietnamese: a
page in another language takes title and text from trafilatura (`_general`), the rest (date,
authors, images) from this reader.
"""
import re
from functools import cached_property
from urllib.parse import urljoin, urlsplit

from lxml import etree
from parsel import Selector

from dvcrawl.dates import parse_date
from dvcrawl.extract.chrome import DROP_TAGS, is_chrome_line, is_related_attr
from dvcrawl.extract.content import (BLOCK_TAGS, MAX_CAPTION, Content, Picture, authors_from_byline, class_marks,
                                     image_src, is_hidden, may_hide, read_content, sets_bold, string_value, trailing_byline)
from dvcrawl.extract.generic.fallback import (GeneralReading, general_reading, json_body, text_element,
                                              trafilatura_text)
from dvcrawl.extract.generic.language import is_vietnamese
from dvcrawl.extract.generic.listing import GenericListingPage
from dvcrawl.extract.generic.tree import (HEADING_TAGS, TITLE_ATTR, TITLE_TEXT, PageTree, attr_words,
                                          tag_of, text_of)
from dvcrawl.extract.page import ArticlePage, Template
from dvcrawl.text import labelled_count, normalize, parse_count
from dvcrawl.urls import canonicalize


class GenericTemplate(Template):
    """No selectors: every element is found by `GenericArticlePage`'s analysis."""

    name = "generic"


_HEADING_RANK = {"h1": 1, "h2": 2, "h3": 3, "h4": 4}  # other title-classed elements rank 2.5
_NEAR_LEVELS = 6
_SUMMARY_WORDS = frozenset(("sapo", "lead", "summary", "description", "desc", "tomtat", "tom", "intro",
                            "teaser", "excerpt", "abstract", "chapeau", "mota", "trichdan", "hometext",
                            "brief", "shortdesc", "short"))
_DATE_WORDS = frozenset(("date", "time", "datetime", "ngay", "ngaydang", "publish", "published",
                         "pubdate", "posted", "created", "thoigian", "meta"))
_VIEW_WORDS = frozenset(("view", "views", "viewcount", "hit", "hits", "counter", "count", "luotxem",
                         "read", "reads", "luotdoc"))
_AUTHOR_LABEL = re.compile(r"^\W*(?:(?:tác\s*giả(?:\s*bài\s*viết)?|người\s*viết|bài\s*(?:và|,|&)?\s*ảnh|"
                           r"phóng\s*viên|nhóm\s*phóng\s*viên|thực\s*hiện)\s*:|viết\s*bởi\s*:?)\s*", re.I)
_AUTHOR_WORDS = frozenset(("author", "authors", "tacgia", "byline", "butdanh", "writer", "nguoiviet",
                           "createdby"))
_MIN_PARAGRAPH = 30
_THIN_BODY = 250  # below this much body text the page's JSON, then trafilatura, are asked
_IN_FIGURE = etree.XPath("ancestor-or-self::figure")
_TITLE_SEPARATOR = re.compile(r"\s+[|–—-]\s+|\s*\|\s*")
_META_LINE = 120  # the longest date/counter line under a headline
_LISTED_SHARE = 0.3  # a body whose list entries hold more of its text than this is a listing
_CRUMBS = etree.XPath('/descendant::*[contains(@class, "breadcrumb")]/descendant::*[self::li or self::a]')


def _paragraph_blocks(tree: PageTree) -> dict:
    """Block element → (own text length, own link text length), for blocks outside chrome."""
    sizes: dict = {}
    for node in tree.root.xpath("//body//text()"):
        parent = node.getparent()
        if parent is not None and node.is_tail:  # text after an element belongs to its parent
            parent = parent.getparent()
        if parent is None or tag_of(parent) in DROP_TAGS:
            continue
        text = normalize(str(node))
        if not text:
            continue
        in_link = False
        el = parent
        while el is not None and tag_of(el) not in BLOCK_TAGS and not _marked(el):
            if tag_of(el) == "a":
                in_link = True
            el = el.getparent()
        if el is None:
            continue
        total, links = sizes.get(el, (0, 0))
        sizes[el] = (total + len(text) + 1, links + (len(text) + 1 if in_link else 0))
    return {el: v for el, v in sizes.items() if not tree.outside(el)}


class GenericArticlePage(ArticlePage):
    """An article page read by content analysis: same fields and rules as `ArticlePage`."""

    def __init__(self, html: str | Selector, url: str, template: type[Template] = GenericTemplate,
                 listing_date: str | None = None):
        super().__init__(html, url, template, listing_date)
        self._tree: PageTree | None = None
        self._blocks: dict = {}
        self._own: Content | None = None
        self._json: str | None = None
        self._from_json = False  # the body was read from the page's JSON
        self._arounds: dict = {}  # _around() by its chrome flag

    @cached_property
    def _general(self) -> GeneralReading | None:
        """trafilatura's reading of a page not in Vietnamese (None for a Vietnamese page, or
        when trafilatura finds no text): the one place where the language routes the page."""
        return None if is_vietnamese(self.root) else general_reading(self.root, self._trafilatura_text)

    @cached_property
    def _trafilatura_text(self) -> str:
        """trafilatura's text of the page, read once for both `_general` and the thin-page
        fallback of `content` (a thin page not in Vietnamese asks for both)."""
        return trafilatura_text(self.root, self.url)

    def paragraphs(self) -> list[str]:
        """The body element's paragraphs; for a page not in Vietnamese, trafilatura's."""
        if self._general is None:
            return super().paragraphs()
        paras = list(self._general.paragraphs)
        while paras and paras[0] == self.title():
            paras.pop(0)
        return paras

    # element lookup by analysis (the only part that differs from ArticlePage) --------------
    @property
    def tree(self) -> PageTree:
        if self._tree is None:
            self._tree = PageTree(self.sel.root)
        return self._tree

    def _has(self, name: str) -> bool:
        return name in ("title", "summary", "body", "published", "views")

    def _find(self, name: str):
        finder = getattr(self, f"_find_{name}", None)
        return finder() if finder else None

    def _drop(self) -> tuple:
        """Title, lead, date and counter elements that sit inside the chosen body element."""
        body = self._node("body")
        drop = []
        if body is None:
            return ()
        for name in ("title", "summary", "published", "views"):
            node = self._node(name)
            if node is not None and node is not body and self.tree.contains(body, node):
                drop.append(node)
        for el in body.iter():
            if el is not body and self.tree.outside(el) and not self.tree.outside(el.getparent()) \
                    and not (is_related_attr(el.get("class")) or is_related_attr(el.get("id"))):
                drop.append(el)  # furniture inside the body (an entry footer, a menu, a sidebar);
                # related boxes are left to read_content, which keeps the text they swallowed
        for el in body.iter("ul", "ol", "div", "table", "section", "p"):
            anchors = [len(self.tree.text(a)) for a in el.iter("a") if len(self.tree.text(a)) >= 15]
            if el is not body and len(anchors) >= 2 and sum(anchors) >= 0.6 * len(self.tree.text(el)):
                drop.append(el)  # a list of links (related news) inside the body
        return tuple(drop)

    def _find_body(self):
        tree = self.tree
        blocks = self._blocks = _paragraph_blocks(tree)
        scores: dict = {}
        for el, (total, links) in blocks.items():
            if total < _MIN_PARAGRAPH or links > total * 0.5 or tag_of(el) in ("h1", "h2", "h3", "h4", "h5", "h6") \
                    or _marked(el):
                continue  # headings, title, lead and date lines are read but do not make a text container
            own = total - links
            scores[el] = scores.get(el, 0) + own
            parent = el.getparent()
            if parent is not None and tag_of(parent) not in ("body", "html") and not tree.outside(parent):
                scores[parent] = scores.get(parent, 0) + own
                grand = parent.getparent()
                if grand is not None and tag_of(grand) not in ("body", "html") and not tree.outside(grand):
                    scores[grand] = scores.get(grand, 0) + own / 2
        if not scores:
            return None
        # a block that is one paragraph of a bigger container loses to the container
        best = max(scores, key=lambda el: (scores[el], -tree.order.get(el, 0)))
        # an inline wrapper (a <font> or <span> around the paragraphs) is no container: its
        # block holds the pictures and tables beside it too
        while tag_of(best) not in BLOCK_TAGS:
            parent = best.getparent()
            if parent is None or tag_of(parent) in ("body", "html") or tree.outside(parent):
                break
            best = parent
        return best

    @property
    def content(self) -> Content:
        """The body element's content; for a page where it is thin, the article the page
        carries as JSON when that is longer, else trafilatura's text when it holds what this
        reader found (and more) or this reader found next to nothing."""
        if self._content is None:
            found = self._own_content()
            if _size(found) < _THIN_BODY:
                json_text = self._json_body()
                other = read_content(text_element(json_text), self.url) if json_text.strip() else Content()
                if _size(other) > max(_size(found), 2 * _MIN_PARAGRAPH):
                    found, self._from_json = other, True
            if _size(found) < _THIN_BODY:
                text = self._trafilatura_text
                other = read_content(text_element(text), self.url) if text.strip() else Content()
                flat = normalize(text)
                if _size(other) > max(_size(found), 2 * _MIN_PARAGRAPH) and (
                        _size(found) < 2 * _MIN_PARAGRAPH or all(p in flat for p in found.paragraphs)):
                    found, self._from_json = other, False
            self._content = found
        return self._content

    def _own_content(self) -> Content:
        """The content of the body element this reader found (no fallback)."""
        if self._own is None:
            node = self._node("body")
            self._own = read_content(node, self.url, self._drop()) if node is not None else Content()
        return self._own

    def _declares_article(self) -> bool:
        """The page says it is one article (og:type, a JSON-LD *Article/*Posting): a listing's
        JSON also carries article bodies, of the articles it lists."""
        types = [t for o in self.json_ld() for t in ([o.get("@type")] if isinstance(o.get("@type"), str)
                                                       else o.get("@type") or [])]
        return (self.meta("og:type") or "").lower() == "article" or any(
            isinstance(t, str) and t.endswith(("Article", "Posting", "Report")) for t in types)

    def _json_body(self) -> str:
        if self._json is None:
            self._json = json_body(self.root, self.json_ld())
        return self._json

    def summary(self) -> str | None:
        """The lead element's text; for an article read from its JSON, the description it
        declares (the sapo such pages render from the same data). A page not in Vietnamese has
        none: its text, as trafilatura reads it, starts with the lead."""
        if self._general is not None:
            return None
        found = super().summary()
        if found or _size(self.content) == 0 or not self._from_json:  # (content decides _from_json)
            return found
        declared = [str(o["description"]) for o in self.json_ld() if o.get("description")]
        return normalize(declared[0] if declared else self.meta("og:description", "description") or "") or None

    def title(self) -> str | None:
        """The headline element's text; else the headline the page declares (JSON-LD, og:title).
        For a page not in Vietnamese, trafilatura's headline first."""
        if self._general is not None and self._general.title:
            return self._general.title
        found = super().title()
        if found:
            return found
        declared = [str(o["headline"]) for o in self.json_ld() if o.get("headline")]
        return normalize(declared[0] if declared else self.meta("og:title", "twitter:title") or "") or None

    def _reference_titles(self) -> list[str]:
        """Per-article titles the page declares: og/twitter title, and the article part of a
        "<headline> | <site name>" <title> (a bare <title> is usually just the site name)."""
        refs = [self.meta("og:title", "twitter:title") or ""]
        title = normalize((TITLE_TEXT(self.root) or [""])[0])
        separators = list(_TITLE_SEPARATOR.finditer(title))
        site_name = normalize(self.meta("og:site_name") or "").casefold()
        if separators:  # the parts, and all but the site's name at either end ("… sáng - xanh - sạch")
            refs += _TITLE_SEPARATOR.split(title)
            refs += [title[separators[0].end():], title[:separators[-1].start()]]
        return [normalize(r).casefold() for r in refs
                if r and len(normalize(r)) >= 10 and normalize(r).casefold() != site_name]

    def _find_title(self):
        tree, body = self.tree, self._node("body")
        body_at = tree.order.get(body, len(tree.order)) if body is not None else len(tree.order)
        candidates = []
        for el in tree.root.iter():
            tag = tag_of(el)
            if not tag or (tag not in HEADING_TAGS and not TITLE_ATTR.search(
                    f"{el.get('class') or ''} {el.get('id') or ''}")):
                continue
            if tag in ("title", "head", "meta", "a") or tree.outside(el):
                continue
            if body is not None and tree.contains(el, body):
                continue
            text = self.tree.text(el)
            if not 10 <= len(text) <= 400:
                continue
            candidates.append(el)
        refs = self._reference_titles()
        short = {self.tree.text(el) for el in candidates if len(self.tree.text(el).split()) < 6}
        labels = [a for a in tree.root.iter("a") if self.tree.text(a) in short]  # menu/breadcrumb links
        candidates = [el for el in candidates if self.tree.text(el) not in short or not any(
            self.tree.text(a) == self.tree.text(el) for a in labels if not tree.contains(el, a))]

        def distance(el):
            at = tree.order.get(el, 0)
            return at - body_at if at > body_at else body_at - at - 0.5  # before the body wins ties

        matching = [el for el in candidates if self.tree.text(el).casefold() in refs]
        if matching:
            return min(matching, key=distance)
        # a headline comes before the text: before the body element, or inside it (some
        # templates put it there) ahead of the first paragraph that is not a heading
        first_text = body_at
        if body is not None:
            for el in body.iter():
                total, links = self._blocks.get(el, (0, 0))
                if total >= 2 * _MIN_PARAGRAPH and links <= total / 2 and tag_of(el) not in HEADING_TAGS:
                    first_text = tree.order.get(el, body_at)
                    break
        before = [el for el in candidates if tree.order.get(el, 0) < first_text
                  and len(self.tree.text(el).split()) >= 3 and not self.tree.text(el).isupper()
                  and not attr_words(el) & _SUMMARY_WORDS]
        if not before:  # the headline the page declares, set as a plain line (FrontPage's <font size=4>)
            declared = [el for el in self._blocks if self.tree.text(el).casefold() in refs
                        and len(self.tree.text(el).split()) >= 4 and not tree.outside(el)]
            return min(declared, key=distance) if declared else self._plain_title(first_text)
        # near the text in the tree (not the site header), the highest heading, then the closest
        near = [el for el in before if body is None or _depth(_common(el, body)) >= _depth(body) - _NEAR_LEVELS]
        return min(near or before, key=lambda el: (_HEADING_RANK.get(tag_of(el), 2.5) if near else 0,
                                                   abs(tree.order.get(el, 0) - body_at)))

    def _plain_title(self, first_text: int):
        """Last resort for a page with no heading and no title class: the closest short line
        before the text that is not a date, a link or chrome."""
        body, tree = self._node("body"), self.tree
        if body is None:
            return None
        for el in sorted(self._blocks, key=lambda b: -tree.order.get(b, 0)):
            if tree.order.get(el, 0) >= first_text or tree.contains(el, body) or tree.contains(body, el):
                continue
            text = self.tree.text(el)
            if _depth(_common(el, body)) < _depth(body) - _NEAR_LEVELS:
                return None
            if 15 <= len(text) <= 250 and len(text.split()) >= 4 and not el.xpath(".//a") and not text.isupper() \
                    and not parse_date(text, fallback=False) and not is_chrome_line(text):
                return el
        return None

    def _article_root(self):
        """The smallest element holding both title and body (where date, lead and views are)."""
        title, body = self._node("title"), self._node("body")
        if body is None:
            return None
        if title is None:
            return body.getparent() if body.getparent() is not None else body
        return _common(title, body)

    def _around(self, chrome: bool = False):
        """Elements of the article root outside the body and title, in document order; chrome
        containers (counters, related lists) are left out unless `chrome`. Computed once."""
        if chrome not in self._arounds:
            self._arounds[chrome] = self._find_around(chrome)
        return self._arounds[chrome]

    def _find_around(self, chrome: bool) -> list:
        root, body, title = self._article_root(), self._node("body"), self._node("title")
        if root is None:
            return []
        tree = self.tree
        start = self._body_text_start()
        out = []
        for el in root.iter():
            if not isinstance(el.tag, str) or el is root or el is body:
                continue
            if body is not None and tree.contains(body, el) and not (chrome or tree.order.get(el, 0) < start):
                continue
            if title is not None and tree.contains(title, el):
                continue
            style = el.get("style") or ""
            if tag_of(el) in DROP_TAGS or _in_link(el, root) or may_hide(el, style, el.get("class")) \
                    and is_hidden(el, style):
                continue  # (what the page hides is no lead, date or counter: NukeViet's schema.org spans)
            if not chrome and tree.outside(el):
                continue
            out.append(el)
        return out

    def _body_text_start(self) -> int:
        """Document position where the body's text starts: some templates put title, date and
        lead inside the body element, before the first real paragraph."""
        body, title = self._node("body"), self._node("title")
        if body is None:
            return 0
        for el in body.iter():
            total, links = self._blocks.get(el, (0, 0))
            if total < _MIN_PARAGRAPH or links > total / 2:
                continue
            if title is not None and (self.tree.contains(title, el) or self.tree.contains(el, title)):
                continue
            if total <= _META_LINE and parse_date(self.tree.text(el), fallback=False):
                continue  # the date line ("Ngày 12/06/2025 | Lượt xem: 235")
            if _IN_FIGURE(el):
                continue  # a lead picture's caption (NukeViet: the picture, then the lead)
            marked = el
            while marked is not None and marked is not body:
                if attr_words(marked) & (_SUMMARY_WORDS | _DATE_WORDS):
                    break
                marked = marked.getparent()
            if marked is None or marked is body:
                return self.tree.order.get(el, 0)
        return self.tree.order.get(body, 0)

    def _find_summary(self):
        around = self._around()
        body, title = self._node("body"), self._node("title")
        for el in around:
            if attr_words(el) & _SUMMARY_WORDS and len(self.tree.text(el)) >= 30 and not el.xpath(".//a"):
                if body is not None and (self.tree.contains(el, body) or self.tree.order[el] > self.tree.order[body]
                                         and not self.tree.contains(body, el)):
                    continue  # (a lead comes before or in the text: after it, an author box's description)
                if title is not None and self.tree.contains(el, title):
                    continue
                return el
        if title is not None and body is not None:  # a bold or heading line between title and text
            for el in around:
                if not self.tree.order[title] < self.tree.order[el] < self.tree.order[body] \
                        or self.tree.contains(el, body) or len(self.tree.text(el)) < 60 or el.xpath(".//a"):
                    continue
                if tag_of(el) in ("h2", "h3", "h4", "h5") or _fully_bold(el):
                    return el
        lead = self._bold_lead()
        if lead is not None:
            return lead
        description = normalize(self.meta("og:description", "description") or "")
        if len(description) >= 60 and body is not None:
            head = description[:50].casefold()
            body_at = self.tree.order.get(body, 0)
            for el in around:
                if self.tree.order.get(el, 0) < body_at and self.tree.text(el).casefold().startswith(head) \
                        and not self.tree.contains(el, body):
                    return el
        return None

    def _bold_lead(self):
        """A first paragraph set wholly in bold, followed by more text: the lead of Word-pasted
        articles whose template has no lead element."""
        body = self._node("body")
        if body is None:
            return None
        start = self._body_text_start()
        first = next((el for el in body.iter() if self.tree.order.get(el, -1) == start), None)
        if first is None or first is body or len(self.tree.text(first)) < 60:
            return None
        if not _fully_bold(first):
            return None
        rest = sum(total - links for el, (total, links) in self._blocks.items()
                   if self.tree.contains(body, el) and self.tree.order.get(el, 0) > start)
        return first if rest >= 100 else None

    def _find_published(self):
        body = self._node("body")
        body_at = self.tree.order.get(body, 0) if body is not None else 0
        # date lines often sit in a tools bar (chrome); list entries next to links never count
        around = [el for el in self._around(chrome=True) if not _in_list_entry(el)]
        around.sort(key=lambda el: self.tree.order.get(el, 0) > body_at)  # before the body first
        for el in around:
            if attr_words(el) & _DATE_WORDS and len(self.tree.text(el)) <= 120 and parse_date(self.tree.text(el), fallback=False):
                return el
        for el in around:
            own = normalize(" ".join(filter(None, (el.text, *(child.tail for child in el)))))
            if own and len(own) <= 80 and parse_date(own, fallback=False):
                return el
        return None

    def _find_views(self):
        for el in self._around(chrome=True):
            text = self.tree.text(el)
            if len(text) > 60:
                continue
            if attr_words(el) & _VIEW_WORDS and re.fullmatch(r"\d[\d.,]*", text):
                return el  # a bare number in a counter element
            if labelled_count(text) is not None and not el.xpath(".//*[self::div or self::p or self::li]"):
                return el
        return None

    def authors(self) -> list[str]:
        """The byline under the text, at the end of the body element or in a line of its own
        right after it; else an author element or a labelled line ("Tác giả bài viết: …") near it."""
        found = super().authors() or authors_from_byline(self._byline_after_body())
        if found:
            return found
        root = self._article_root()
        if root is None:
            return []
        for el in self._around(chrome=True):
            if (attr_words(el) & _AUTHOR_WORDS or el.get("itemprop") == "author") and len(self.tree.text(el)) <= 120:
                names = authors_from_byline([_AUTHOR_LABEL.sub("", self.tree.text(el))])
                if names:
                    return names
        for el in root.iter("p", "div", "span", "li", "td"):
            text = self.tree.text(el)
            if len(text) <= 120 and _AUTHOR_LABEL.match(text) and not el.xpath(".//p | .//div"):
                names = authors_from_byline([_AUTHOR_LABEL.sub("", text)])
                if names:
                    return names
        return []

    def _byline_after_body(self) -> list[str]:
        """The byline lines of the first element with text after the body element: templates
        render the article's author field there (`<p class="text-right font-bold">`)."""
        body = self._node("body")
        for el in body.itersiblings() if body is not None else ():
            if isinstance(el.tag, str) and self.tree.text(el):
                return [] if self.tree.outside(el) else trailing_byline(el, self.url)
        return []

    def _pictures(self) -> list[Picture]:
        """The body's pictures, after those of figures of the article before its body element
        that are captioned or show the picture the page declares (og:image, in any of
        WordPress's sizes): a template's lead picture stands there, outside the text (between
        title and text, or above the title as Joomla's Helix puts it)."""
        title, body, root = self._node("title"), self._node("body"), self._article_root()
        if title is None or body is None or root is None:
            return super()._pictures()
        order, lead = self.tree.order, []
        declared = _unsized(urljoin(self.url, self.meta("og:image") or ""))
        for el in root.iter("figure", "img"):
            if order[el] >= order[body] or self.tree.contains(body, el) or self.tree.outside(el):
                continue
            if el.tag == "figure":
                lead += [pic for pic in read_content(el, self.url).images if pic.caption or _unsized(pic.src) == declared]
            elif not _IN_FIGURE(el):  # an image field, its caption a field beside it (Drupal)
                src, caption = image_src(el, self.url), self._caption_beside(el)
                if src and (caption or _unsized(src) == declared):
                    lead.append(Picture(src=src, caption=caption))
        return lead + super()._pictures()

    def _caption_beside(self, img) -> str | None:
        """The caption of a lead image set as its own field: the element right after the image's
        box (the image's ancestor beside the text) when a caption class names it."""
        box, body = img, self._node("body")
        while box.getparent() is not None and not self.tree.contains(box.getparent(), body):
            box = box.getparent()
        after = next(box.itersiblings(etree.Element), None)
        if after is None or not class_marks(after.get("class")).caption:
            return None
        text = self.tree.text(after)
        return text if 0 < len(text) <= MAX_CAPTION else None

    def published(self) -> str | None:
        """As for templates; a date shown without its time takes the time a machine-readable
        date of the same day gives (<time datetime>, microdata, JSON-LD, meta tags)."""
        shown = super().published()
        if shown and len(shown) == 10:
            root = self._article_root()
            values = root.xpath('.//time/@datetime | .//*[@itemprop="datePublished"]/@content'
                                ' | .//*[@itemprop="datePublished"]/@datetime') if root is not None else []
            values += [str(o["datePublished"]) for o in self.json_ld() if o.get("datePublished")]
            values.append(self.meta("article:published_time", "og:article:published_time") or "")
            for value in values:
                found = parse_date(value, fallback=False)
                if found and len(found) > 10 and found[:10] == shown:
                    return found
        return shown

    def canonical_url(self) -> str:
        """The canonical link, unless it points at the site's home page (a CMS misconfiguration)."""
        url = super().canonical_url()
        return url if urlsplit(url).path not in ("", "/") or urlsplit(url).query else canonicalize(self.url)

    def views(self) -> int | None:
        node = self._node("views")
        if node is None:
            return None
        return parse_count(self.tree.text(node))

    # page kind ---------------------------------------------------------------------------
    def looks_like_article(self) -> bool:
        """A page with a title and real body text, not a list of links (listing, home page)."""
        body = self._node("body")
        if not self.title():
            return False
        if len(normalize(self._json_body())) >= _THIN_BODY and self._declares_article():
            return True  # the article is in the page's JSON
        text = _size(self._own_content())
        if body is None or text < 100:
            return False
        links = {a.get("href"): len(self.tree.text(a)) for a in body.xpath(".//a[@href]") if len(self.tree.text(a)) >= 20}
        if len(links) >= 3 and sum(links.values()) > 0.3 * text or len(links) >= 8 and sum(links.values()) > 0.15 * text:
            return False  # the "text" is a list of headlines
        title = self._node("title")
        here = {canonicalize(self.url), self.canonical_url()}
        if title is not None and any(canonicalize(urljoin(self.url, h)) not in here
                                     for h in title.xpath("ancestor-or-self::a/@href | .//a/@href")
                                     if not h.startswith(("#", "javascript:"))):
            return False  # the headline links to another page: an entry of a list
        # a list of entries around the text, or holding a good part of it; a link or two in the
        # text ("Xem thêm: …", a banner to the section) is no list
        entries = [e for _, e in GenericListingPage(self.sel, self.url).entry_elements()]
        around = any(self.tree.contains(e, body) for e in entries)
        inside = sum(len(self.tree.text(e)) for e in entries if self.tree.contains(body, e))
        return not (len(entries) >= 2 and (around or inside > _LISTED_SHARE * text))

    def section(self) -> str | None:
        texts = [normalize(string_value(c)) for c in _CRUMBS(self.root)]
        return texts[-1] if texts and texts[-1] else None


def _unsized(src: str) -> str:
    """An image's address without a CMS's size: WordPress's suffix ("a-696x464.jpg" → "a.jpg"),
    Drupal's image style ("files/styles/wide/public/a.jpg?itok=…" → "files/a.jpg")."""
    src = re.sub(r"/styles/[^/]+/public/", "/", src.split("?")[0])
    return re.sub(r"-\d+x\d+(?=\.\w+$)", "", src)


def _size(content: Content) -> int:
    return sum(len(p) for p in content.paragraphs)


def _marked(el) -> bool:
    """An element whose class or id says it is a title, lead, date or counter."""
    return bool(attr_words(el) & (_SUMMARY_WORDS | _DATE_WORDS | _VIEW_WORDS)) \
        or bool(TITLE_ATTR.search(el.get("class") or ""))


def _in_link(el, root) -> bool:
    """True for an <a> or an element inside one (below `root`)."""
    while el is not None and el is not root:
        if tag_of(el) == "a":
            return True
        el = el.getparent()
    return False


def _depth(el) -> int:
    return sum(1 for _ in el.iterancestors())


def _common(a, b):
    """The nearest element holding both `a` and `b`."""
    ancestors = {a, *a.iterancestors()}
    while b is not None and b not in ancestors:
        b = b.getparent()
    return b


def _fully_bold(element) -> bool:
    """True when every piece of text of `element` is inside <b>/<strong>, bold style or a bold
    class ("font-bold")."""
    for node in element.xpath(".//text()"):
        if not node.strip():
            continue
        el = node.getparent().getparent() if node.is_tail else node.getparent()
        while el is not None and not sets_bold(tag_of(el), el.get("style") or "", class_marks(el.get("class"))):
            el = None if el is element else el.getparent()
        if el is None:
            return False
    return True


def _in_list_entry(el) -> bool:
    """True for the date or counter of a list entry (a short block with a headline link)."""
    parent = el.getparent()
    if parent is None:
        return False
    return len(text_of(parent)) < 400 and any(len(text_of(a)) >= 20 for a in parent.iter("a"))




