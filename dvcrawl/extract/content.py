"""Turn an article's content element into paragraphs, images with captions and a byline.

Shared by the site templates (which point at the content element with a selector) and the
generic extractor (which finds it by content analysis). The element is read as a stream of
paragraphs and images; each paragraph remembers how it was marked up (bold, italic, right
aligned, inside a figure), which is what tells captions and bylines apart from body text on
these sites: captions are italic lines or table cells next to an image, bylines are short
bold or right-aligned lines at the end.
"""
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple
from urllib.parse import urljoin

from lxml import etree
from lxml import html as lxml_html

from dvcrawl.extract.chrome import (
    DROP_TAGS,
    attr_names,
    is_chrome_attr,
    is_chrome_line,
    is_related_attr,
    is_related_heading,
)
from dvcrawl.names import FAMILY_NAMES
from dvcrawl.text import normalize

BLOCK_TAGS = frozenset((
    "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul",
    "ol", "dl", "dt", "dd", "blockquote", "table", "tbody", "thead", "tfoot", "tr", "td", "th",
    "figure", "figcaption", "pre", "center", "caption", "address", "hr",
))
_LAZY_ATTRS = ("data-src", "data-original", "data-lazy-src", "data-lazy", "data-url", "src")
_SRCSET_ATTRS = ("data-srcset", "data-lazy-srcset", "srcset")
_PLACEHOLDER = re.compile(r"^data:|(?:^|/)(?:blank|grey|gray|spacer|pixel|loading|lazy|transparent)"
                          r"[\w-]*\.(?:gif|png|svg)(?:$|\?)", re.I)
# Class words of a caption, as whole parts of a token ("wp-caption-text", "image_desc"), and
# utility classes that set a text bold or right-aligned (Tailwind, Bootstrap, Drupal's and
# WordPress's editors), which template-rendered leads and bylines carry instead of <b> or align.
_CAPTION_WORDS = frozenset(("caption", "figcaption", "imagecaption", "imgcaption", "photocaption", "desc",
                            "description", "chuthich", "imagenote", "imgnote", "photonote"))
_CAPTION_PHRASES = (("chu", "thich"), ("image", "note"), ("img", "note"), ("photo", "note"))
_BOLD_CLASSES = frozenset(("font-bold", "font-semibold", "font-extrabold", "font-black", "fw-bold", "fw-bolder",
                           "fw-semibold", "font-weight-bold", "font-weight-bolder"))
_RIGHT_CLASSES = frozenset(("text-right", "text-end", "text-align-right", "has-text-align-right"))
_RIGHT = re.compile(r"text-align\s*:\s*right", re.I)
MAX_CAPTION = 400
_MAX_BYLINE = 90
# A chrome-named element holding at least this share of the text around it is content
# under an unlucky name (a WordPress `post tag-…` wrapper, `<div class="sidebar_right">`).
MAJOR_SHARE = 0.5
_RESCUED_PARAGRAPH = 120  # see `_Reader._rescue`

# The text of an element as XPath's string() (lxml's, not parsel's: no Selector per call).
string_value = etree.XPath("string()", smart_strings=False)


# What a page hides from its readers (`hidden`, display:none, visibility:hidden) is not read
# when it is short: a field's label SharePoint renders hidden before the field ("Tóm tắt"), a
# copy kept for scripts. A long hidden block is read: it is an article's collapsed rest ("Xem
# tiếp"), which readers open.
# Screen-reader-only text is hidden too (Drupal's "visually-hidden" field labels, Bootstrap's
# sr-only, WordPress's screen-reader-text), and Bootstrap's hidden classes (NukeViet keeps its
# schema.org fields in `<span class="hidden hide d-none">`).
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_HIDDEN_CLASS = re.compile(r"(?:^|\s)(?:visually-hidden|sr-only|screen-reader-text|element-invisible|hidden|hide|d-none)"
                           r"(?:\s|$)")
# Substrings one of which every hiding style or class holds: the cheap test before the exact one.
_HIDDEN_STYLE_MARKS = ("none", "hidden")
_HIDDEN_CLASS_MARKS = ("hid", "sr-only", "d-none", "screen-reader-text", "element-invisible")
_HIDDEN = etree.XPath("descendant::*[@hidden or " + " or ".join(
    [f'contains(@style, "{m}")' for m in _HIDDEN_STYLE_MARKS] + [f'contains(@class, "{m}")' for m in _HIDDEN_CLASS_MARKS])
    + "]")
_MAX_HIDDEN = 200


_MAY_HIDE_STYLE = re.compile("|".join(_HIDDEN_STYLE_MARKS))
_MAY_HIDE_CLASS = re.compile("|".join(_HIDDEN_CLASS_MARKS))


def may_hide(el, style: str, cls: str | None) -> bool:
    """The cheap test (it runs on every element of a text): whether `el`, with this style and
    class, may be hidden at all."""
    return bool(style and _MAY_HIDE_STYLE.search(style) or cls and _MAY_HIDE_CLASS.search(cls)) \
        or "hidden" in el.attrib


def is_hidden(el, style: str) -> bool:
    """True for a short element the page hides (`style`: its style attribute, or "")."""
    cls = el.get("class")
    return (el.get("hidden") is not None or bool(style and _HIDDEN_STYLE.search(style))
            or bool(cls and _HIDDEN_CLASS.search(cls))) and len(string_value(el)) < _MAX_HIDDEN


def visible_text(el) -> str:
    """XPath's string() of `el` without the short hidden elements inside it."""
    hidden = {h for h in _HIDDEN(el) if is_hidden(h, h.get("style") or "")}
    if not hidden:
        return string_value(el)
    parts: list[str] = []
    _visible_parts(el, hidden, parts)
    return "".join(parts)


def _visible_parts(el, hidden: set, parts: list) -> None:
    if el.text and isinstance(el.tag, str):
        parts.append(el.text)
    for child in el:
        if isinstance(child.tag, str) and child not in hidden:
            _visible_parts(child, hidden, parts)
        if child.tail:
            parts.append(child.tail)


def unlinked_length(el) -> int:
    """Length of an element's text outside links: what a box of links does not have."""
    return len(string_value(el)) - sum(len(string_value(a)) for a in el.iter("a"))


@dataclass
class Paragraph:
    text: str = ""
    bold: bool = True      # every piece of text was inside <b>/<strong>
    italic: bool = True    # every piece of text was inside <em>/<i>
    link: bool = True      # every piece of text was inside <a> (a list of links)
    right: bool = False    # right-aligned (the usual byline position)
    caption: bool = False  # inside a figcaption, caption cell or image table


@dataclass
class Picture:
    src: str
    caption: str | None = None
    in_figure: bool = False


@dataclass
class Content:
    paragraphs: list[str] = field(default_factory=list)
    images: list[Picture] = field(default_factory=list)
    byline: list[str] = field(default_factory=list)  # raw byline lines, last ones of the text


def image_src(img, base_url: str) -> str | None:
    """The real image URL of an <img>, looking past lazy-load placeholders: lazy attributes,
    then `src`, then the widest candidate of a `srcset`; else that of the <img> in a <noscript>
    beside it (Next.js `legacy/image` and lazy-load plugins keep only a placeholder outside)."""
    found = _declared_src(img, base_url)
    if found is None:
        fallback = _noscript_image(img)
        if fallback is not None:
            found = _declared_src(fallback, base_url)
    return found


def _noscript_image(img):
    """The <img> of a <noscript> right before or after `img` (lxml may keep a <noscript>'s
    content as text: it is parsed then)."""
    for sibling in (img.getnext(), img.getprevious()):
        if sibling is None or sibling.tag != "noscript":
            continue
        inner = sibling.find(".//img")
        if inner is None and "<img" in (sibling.text or "").lower():
            inner = lxml_html.fragment_fromstring(sibling.text, create_parent="div").find(".//img")
        if inner is not None:
            return inner
    return None


def _declared_src(img, base_url: str) -> str | None:
    for attr in _LAZY_ATTRS:
        value = (img.get(attr) or "").strip()
        if value and not _PLACEHOLDER.search(value):
            return urljoin(base_url, value)
    for attr in _SRCSET_ATTRS:
        widest = _widest(img.get(attr) or "")
        if widest:
            return urljoin(base_url, widest)
    return None


def _widest(srcset: str) -> str | None:
    """The URL of the widest candidate of a srcset ("a.jpg 300w, b.jpg 1024w" → b.jpg)."""
    best, best_width = None, -1.0
    for candidate in srcset.split(","):
        parts = candidate.split()
        if not parts or _PLACEHOLDER.search(parts[0]):
            continue
        size = parts[1] if len(parts) > 1 else "1x"
        try:
            width = float(size[:-1])
        except ValueError:
            width = 0.0
        if width > best_width:
            best, best_width = parts[0], width
    return best


class ClassMarks(NamedTuple):
    """How an element's class marks its text, read once per class value."""
    bold: bool
    right: bool
    caption: bool


_UNMARKED = ClassMarks(False, False, False)


# Cached: a site's pages repeat the same few class and style values.
@lru_cache(maxsize=4096)
def class_marks(value: str | None) -> ClassMarks:
    """What an element's class says of its text: bold, right-aligned, a caption."""
    if not value:
        return _UNMARKED
    tokens = set(value.lower().split())
    return ClassMarks(not tokens.isdisjoint(_BOLD_CLASSES), not tokens.isdisjoint(_RIGHT_CLASSES),
                      attr_names(value, _CAPTION_WORDS, _CAPTION_PHRASES))


def sets_bold(tag: str, style: str, marks: ClassMarks) -> bool:
    """Whether an element sets its text bold: <b>/<strong>, a bold style, a bold class. One
    rule for the content walk and for the generic reader's bold leads."""
    return tag in ("b", "strong") or "bold" in style or marks.bold


@lru_cache(maxsize=4096)
def _right_style(style: str) -> bool:
    return bool(_RIGHT.search(style))


class _Reader:
    """Walks an element tree once, producing Paragraph and Picture objects in reading order."""

    def __init__(self, base_url: str, drop: tuple = ()):
        self.base_url = base_url
        self.dropped = set(drop)
        self.out: list[Paragraph | Picture] = []
        self.current: Paragraph | None = None
        self.pieces: list[str] = []  # text of the current paragraph, joined when it ends
        self.root = None
        self._root_text: int | None = None

    def read(self, root) -> list:
        self.root = root
        self._walk(root, bold=False, italic=False, right=False, caption=False, figure=False, link=False)
        self._flush()
        return self.out

    def _minor(self, el) -> bool:
        """False for the content element itself and for a chrome-named element inside it that
        holds most of its text (a WordPress `post tag-…` wrapper, not a tag list)."""
        if el is self.root:
            return False
        if self._root_text is None:
            self._root_text = unlinked_length(self.root)
        return unlinked_length(el) < MAJOR_SHARE * self._root_text

    def _rescue(self, box, bold, italic, right, caption, figure):
        """Read the article paragraphs a related-news box swallowed (a box left unclosed
        takes the rest of the text with it): long paragraphs without a link."""
        for para in box.iter("p"):
            if para.find(".//a") is None and len(normalize(string_value(para))) >= _RESCUED_PARAGRAPH:
                self._walk(para, bold, italic, right, caption, figure, link=False)

    def _text(self, text: str, bold, italic, right, caption, link):
        if text.isspace():
            if self.current is not None:
                self.pieces.append(" ")
            return
        if self.current is None:
            self.current = Paragraph(right=right, caption=caption)
        para = self.current
        self.pieces.append(text)
        para.bold &= bold
        para.italic &= italic
        para.link &= link
        para.right |= right
        para.caption |= caption

    def _flush(self):
        if self.current is not None:
            self.current.text = normalize("".join(self.pieces))
            if self.current.text:
                self.out.append(self.current)
            self.pieces = []
        self.current = None

    def _walk(self, el, bold, italic, right, caption, figure, link):
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if not tag or el in self.dropped or tag in DROP_TAGS and not (tag == "form" and not self._minor(el)):
            return  # (a form holding most of the text wraps the page, it is not a comment form)
        cls = el.get("class")
        if (is_chrome_attr(cls) or is_chrome_attr(el.get("id"))) and self._minor(el):
            if is_related_attr(cls) or is_related_attr(el.get("id")):
                self._rescue(el, bold, italic, right, caption, figure)
            return
        if tag == "img":
            src = image_src(el, self.base_url)
            if src:
                self._flush()
                self.out.append(Picture(src=src, in_figure=figure))
            return
        if tag == "br":
            self._flush()
            return
        style = el.get("style") or ""
        if may_hide(el, style, cls) and is_hidden(el, style):
            return
        block = tag in BLOCK_TAGS
        marks = class_marks(cls)
        bold = bold or sets_bold(tag, style, marks)
        italic = italic or tag in ("em", "i") or "italic" in style
        link = link or tag == "a"
        right = right or marks.right or (el.get("align") or "").lower() == "right" or _right_style(style)
        # (the content element itself is never a caption, whatever its class says)
        caption = caption or (tag in ("figcaption", "caption") or marks.caption) and el is not self.root
        if tag in ("figure", "table") and not figure:
            figure = next(el.iter("img"), None) is not None and len(normalize(string_value(el))) < MAX_CAPTION
        if block:
            self._flush()
        in_caption = caption or (figure and tag != "figure")
        text = el.text  # lxml decodes text and tail anew on each access
        if text:
            self._text(text, bold, italic, right, in_caption, link)
        for child in el:
            self._walk(child, bold, italic, right, caption, figure, link)
            tail = child.tail
            if tail:
                self._text(tail, bold, italic, right, in_caption, link)
        if block:
            self._flush()


def _attach_captions(stream: list) -> list:
    """Give captions to their images and take them out of the text stream."""
    result = []
    last_picture: Picture | None = None
    for item in stream:
        if isinstance(item, Picture):
            result.append(item)
            last_picture = item
            continue
        previous = result[-1] if result else None
        follows_image = isinstance(previous, Picture) and previous.caption is None
        is_caption = item.caption or (follows_image and item.italic and len(item.text) <= MAX_CAPTION)
        if is_caption and last_picture is not None and len(item.text) <= MAX_CAPTION:
            if last_picture.caption is None:
                last_picture.caption = item.text
            elif item.caption:
                last_picture.caption += " " + item.text
            continue
        if item.caption and len(item.text) <= MAX_CAPTION:
            continue  # a caption whose image had no usable src: still not body text
        result.append(item)
    return result


def _drop_chrome(paras) -> list[Paragraph]:
    """Remove chrome lines, and the list of links that follows a "Tin liên quan:" heading."""
    kept, in_related = [], False
    for p in paras:
        if is_related_heading(p.text):
            in_related = True
            continue
        if in_related and p.link:
            continue
        in_related = False
        if not is_chrome_line(p.text):
            kept.append(p)
    return kept


def _is_sentence(text: str) -> bool:
    words = text.split()
    return len(words) > 14 or (len(words) > 3 and text.rstrip().endswith((".", "!", "?", ":", ";")))


def _byline_candidate(p: Paragraph) -> bool:
    return len(p.text) <= _MAX_BYLINE and not _is_sentence(p.text) and (
        p.bold or p.right or looks_like_org(p.text) or bool(people(p.text)))


def _split_byline(paras: list[Paragraph]) -> tuple[list[Paragraph], list[str]]:
    """Separate the trailing byline lines (names, organisation, source) from the body.

    The tail is a byline only when it names someone in a bold or right-aligned line, is a
    source note ("Theo …", "Nguồn: …"), or is one plain line of nothing but names.
    """
    n = len(paras)
    while n > 0 and n > len(paras) - 3 and _byline_candidate(paras[n - 1]):
        n -= 1
    tail = paras[n:]
    marked_names = any((p.bold or p.right) and people(p.text) for p in tail)
    source = any(_SOURCE.match(p.text) for p in tail)
    only_names = len(tail) == 1 and _all_names(tail[0].text)
    if tail and (marked_names or source or only_names):
        return paras[:n], [p.text for p in tail]
    return paras, []


def read_content(element, base_url: str, drop: tuple = ()) -> Content:
    """Paragraphs, images and trailing byline lines of a content element (not modified),
    leaving out the elements `drop` (inside `element`)."""
    stream = _attach_captions(_Reader(base_url, drop).read(element))
    paras = _drop_chrome(p for p in stream if isinstance(p, Paragraph))
    paras, byline = _split_byline(paras)
    images = [p for p in stream if isinstance(p, Picture)]
    return Content(paragraphs=[p.text for p in paras], images=images, byline=byline)


def trailing_byline(element, base_url: str) -> list[str]:
    """The byline lines of an element that holds nothing but a bold or right-aligned byline (a
    template's author line after the text), by the rules of a byline at the end of the text."""
    if len(string_value(element)) > 3 * _MAX_BYLINE:  # no byline: not worth reading
        return []
    lines = [p for p in _Reader(base_url).read(element) if isinstance(p, Paragraph)]
    if not all(p.bold or p.right for p in lines):
        return []
    text, byline = _split_byline(lines)
    return [] if text else byline


# --- bylines --------------------------------------------------------------------------------

_ORG_WORDS = re.compile(
    r"\b(?:Ban|Trung tâm|Tỉnh ủy|Tỉnh uỷ|Huyện ủy|Huyện uỷ|Thành ủy|Thành uỷ|Đảng ủy|Đảng uỷ|UBND|HĐND|"
    r"MTTQ|Mặt trận|Báo|Đài|Phòng|Hội|Văn phòng|Cổng|Trang thông tin|Trang TTĐT|Sở|Cục|Bộ|Ủy ban|"
    r"Uỷ ban|Công an|Trường|Đoàn Thanh niên|Tỉnh đoàn|Huyện đoàn|TTXVN|VTV|Chi bộ|Liên đoàn|Tạp chí|Cơ quan|Xã|Phường|Thị trấn|Huyện|Tỉnh|"
    r"Thành phố|Quận|Khối|Viện|Học viện|Bệnh viện|Công ty|VH-TT|TTVH)\b")
_SOURCE = re.compile(r"^\(?\s*(?:theo|nguồn)\b", re.I)
_ROLE_PREFIX = re.compile(r"^\s*(?:bài\s*(?:và|,|&)?\s*ảnh|bài|ảnh|tin|tin\s*(?:và|,)\s*ảnh|"
                          r"tác giả|phóng viên|nhóm phóng viên|thực hiện|ctv|pv)\s*[:.]\s*", re.I)
_SPLIT = re.compile(r"\s*-\s+|\s+-\s*|\s*[–—]\s*|\s*,\s*|\s*;\s*|\s*/\s*|\s+và\s+|\s*&\s*|\s*\|\s*|\s*[()]\s*")
# "(TTVH huyện)", "(tổng hợp)": an affiliation or a note after the names
_PARENTHESES = re.compile(r"\s*\([^()]*\)")
_INITIALS = re.compile(r"^(?:[A-ZĐ]\.)+[A-ZĐ]?\.?$")


def looks_like_org(text: str) -> bool:
    return bool(_ORG_WORDS.search(text)) or bool(_SOURCE.match(text))


# A role's abbreviation signs for a reporter when no name does ("P.V"), never beside a name.
_ROLE_ABBREVIATION = re.compile(r"^(?:p\.?\s*v|c\.?\s*t\.?\s*v|b\.?\s*t\.?\s*v)\.?$", re.I)
# Accounts a CMS shows as the poster ("Đăng bởi: Admin"): not people.
_ACCOUNTS = re.compile(r"^(?:admin(?:istrator)?|quản\s*trị(?:\s*viên)?|webmaster|editor|biên\s*tập(?:\s*viên)?|"
                       r"ban\s*biên\s*tập|bbt|user|guest|khách|tòa\s*soạn|toà\s*soạn)$", re.I)


def _is_name(part: str) -> bool:
    """A person's name or initials ("N.V"): one to five capitalised words, not an organisation
    or a CMS account."""
    tokens = part.split()
    if not 1 <= len(tokens) <= 5 or any(ch.isdigit() for ch in part):
        return False
    if _ORG_WORDS.search(part) or _ORG_WORDS.search(part.title()) or _ACCOUNTS.match(part):
        return False
    if len(tokens) >= 2 and all(t.isalpha() and t.isupper() for t in tokens):
        return tokens[0].title() in FAMILY_NAMES  # a full name in capitals ("NGUYỄN VĂN AN")
    return all(_INITIALS.match(t) or (t[0].isupper() and t.rstrip(".").isalpha()
                                      and (len(t) == 1 or t[1:].rstrip(".").islower())) for t in tokens)


# Byline lines are read several times per page (candidate, marked names, authors) and repeat
# across a site's articles: the line-level readers below are cached.
@lru_cache(maxsize=4096)
def _all_names(line: str) -> bool:
    """True when a line is nothing but person names (and separators), a note in parentheses aside."""
    line = _PARENTHESES.sub("", normalize(line)).strip(" .()")
    parts = [p for p in _SPLIT.split(_ROLE_PREFIX.sub("", line)) if p.strip()]
    return bool(parts) and all(_is_name(p.strip()) for p in parts)


def people(line: str) -> list[str]:
    """The person names in one byline line, in order; organisations and source notes dropped.

    "Thanh Thủy - Ban Dân vận Tỉnh ủy" → ["Thanh Thủy"]; "Thanh Xuân – Hoàng Phúc" → both;
    "Theo Báo Nhân Dân" → [].
    """
    return list(_people(line))


@lru_cache(maxsize=4096)
def _people(line: str) -> tuple[str, ...]:
    line = normalize(line).strip(" .()[]")
    if _SOURCE.match(line):
        return ()
    line = _ROLE_PREFIX.sub("", line)
    names = tuple(p.strip(" .") for p in _SPLIT.split(line) if p and _is_name(p.strip()))
    named = tuple(n for n in names if not _ROLE_ABBREVIATION.match(n))
    return named or names


def authors_from_byline(lines: list[str]) -> list[str]:
    """All people named in byline lines, in order, without repeats."""
    seen: list[str] = []
    for line in lines:
        for name in people(line):
            if name not in seen:
                seen.append(name)
    return seen

