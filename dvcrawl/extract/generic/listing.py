"""The generic listing reader: a section's article links and next pages, found by analysis.

The article list is the group of repeated entries (a link plus its date and lead) in one
container with the most entry text, outside navigation, sidebars and related-news boxes;
pagination is `rel=next`, "Trang sau"/"Tiếp"/"»" links or page numbers in a pager, kept only
when the URL is another page of the same listing (the trap guard).
"""
import re
from itertools import islice
from urllib.parse import parse_qsl, urljoin, urlsplit, urlunsplit

from lxml import etree
from parsel import Selector

from dvcrawl.dates import parse_date
from dvcrawl.extract.chrome import CHROME_CLASS_PHRASES, CHROME_CLASS_WORDS, is_chrome_line, is_related_heading
from dvcrawl.extract.content import string_value
from dvcrawl.extract.generic.tree import HEADING_TAGS, TITLE_ATTR, TITLE_TEXT, PageTree, tag_of, text_of
from dvcrawl.extract.page import ListingEntry
from dvcrawl.text import normalize
from dvcrawl.topic import in_section_words
from dvcrawl.urls import canonicalize, site_host

_PAGER_ATTR = re.compile(r"pag|paging|phan-?trang|phantrang|page-?nav|nav-?links|trang", re.I)
_NEXT_TEXT = re.compile(r"^(?:(?:trang\s*sau|tiếp|tiếp\s*theo|sau|next|trang\s*tiếp)\s*[»›>]*|[»›>]{1,2})$", re.I)
_PRINT_URL = re.compile(r"print|/in-?bai|[?&](?:print|in)=|inbai|/in/", re.I)
# Class/id words of boxes whose links lead out of the section: the chrome words and phrases of
# article pages (related and other news, share bars, breadcrumbs, ads…) except those that list
# entries carry themselves (WordPress marks each teaser `tag-dan-van`, Drupal wraps each in
# `views-row`), plus most-read boxes and right-hand columns. Phrases are matched dash-joined; the
# bare ("lien", "quan") of article pages is left out, as listings name the box "tin-lien-quan".
_ENTRY_WORDS = {"tag", "tags", "keywords", "views", "view-count", "viewcount", "hit", "counter", "rating",
                "rate", "vote"}
_LEAVING_WORDS = (CHROME_CLASS_WORDS | {"-".join(p) for p in CHROME_CLASS_PHRASES if p != ("lien", "quan")}) \
    - _ENTRY_WORDS
_LEAVES_SECTION = re.compile(
    r"(?:^|[\s_-])(?:" + "|".join(re.escape(w) for w in sorted(_LEAVING_WORDS, key=len, reverse=True))
    + r"|docnhieu|doc-?nhieu|most-?read|mostread|xem-?nhieu|popular)(?:$|[\s_-])"
    r"|(?:^|[\s_-])(?:col|cot|column|box|side)[-_]?(?:right|phai)(?:$|[\s_-])"
    r"|(?:^|[\s_-])(?:right|phai)[-_]?(?:col|cot|column|box|side)(?:$|[\s_-])", re.I)
_MAX_PAGE_NUMBER = 500


def _leaves_section(el) -> bool:
    return bool(_LEAVES_SECTION.search(f"{el.get('class') or ''} {el.get('id') or ''}"))


def _query(url: str) -> dict:
    return dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))


def _stem(path: str) -> str:
    return re.sub(r"(?:/|\.html?|\.aspx?|\.php)$", "", path or "/")


# A page's marker after the listing's path: "/trang-3.html", "/page/3/", "-p3", "/3/", and
# EasyDNNnews's "/PgrID/1234/PageID/3" (the pager's id, then the page).
_PAGER_ID = r"(?:/[a-z]*id/\d+(?=/))?"
_PAGE_WORD = r"(?:trang|page|pageid|p|pg)"
_PAGE_END = r"(?:/|\.html?|\.aspx?|\.php)?"
_PAGE_MARK = re.compile(_PAGER_ID + r"[/_-]?" + _PAGE_WORD + r"?[/_-]?(\d{1,4})" + _PAGE_END, re.I)
# A later page's own marker at the end of its path, with its page word: what is left without it
# is the listing's first page, whose other pages a later page links to.
_LATER_PAGE = re.compile(_PAGER_ID + r"[/_-]" + _PAGE_WORD + r"[/_-]?\d{1,4}" + _PAGE_END + "$", re.I)


# Query parameters that number a listing's pages or its first entry (Joomla's start=, Liferay's
# …_cur=, WordPress's paged=).
_PAGE_PARAM = re.compile(r"(?:^|_)(?:page|trang|p|pg|paged|pageid|pageindex|cur|start|offset)$", re.I)


def is_later_page(url: str) -> bool:
    """True when `url` is a listing page after the first: /trang-3.html, ?page=3, ?start=12."""
    parts = urlsplit(url)
    if _LATER_PAGE.search(parts.path):
        return True
    return any(_PAGE_PARAM.search(k) and v.isdigit() and int(v) > (0 if k.lower().endswith(("start", "offset")) else 1)
               for k, v in parse_qsl(parts.query))


def is_page_of(url: str, listing: str) -> bool:
    """True when `url` is another page of the listing at `listing` (page=N, /trang-N, …),
    also when `listing` is itself a later page (/trang-2.html links /trang-3.html)."""
    if _is_page_of(url, listing):
        return True
    parts = urlsplit(listing)
    first = _LATER_PAGE.sub("", parts.path)
    if first == parts.path:
        return False
    target = urlsplit(url)
    if site_host(url) == site_host(listing) and _stem(target.path) == first and target.query == parts.query:
        return True  # the first page itself (WordPress themes label each entry with a link to it)
    return _is_page_of(url, urlunsplit(parts._replace(path=first)))


def _is_page_of(url: str, listing: str) -> bool:
    a, b = urlsplit(url), urlsplit(listing)
    if site_host(url) != site_host(listing):
        return False
    qa, qb = _query(url), _query(listing)
    changed = {k: v for k, v in qa.items() if qb.get(k) != v}
    dropped = [k for k in qb if k not in qa]
    numbers = [int(v) for v in changed.values() if v.isdigit()]
    if any(n > _MAX_PAGE_NUMBER for n in numbers):
        return False
    if a.path == b.path:
        if not changed and not dropped:
            return False
        return bool(numbers) or not changed  # only page-like parameters change
    stem = _stem(b.path)
    rest = a.path[len(stem):] if a.path.startswith(stem) else None
    if rest is None or dropped:
        return False
    match = _PAGE_MARK.fullmatch(rest)
    return bool(match) and int(match.group(1)) <= _MAX_PAGE_NUMBER


def site_links(root, url: str):
    """(absolute URL, anchor) of every link on the page at `url` to another page of its site:
    what both the listing reader and section discovery look among."""
    here, host = canonicalize(url), site_host(url)
    for a in root.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("javascript:", "mailto:", "tel:", "#")):
            continue
        target = urljoin(url, href)
        if urlsplit(target).scheme in ("http", "https") and site_host(target) == host \
                and canonicalize(target) != here:
            yield target, a


class GenericListingPage:
    """A section listing read without selectors: article links with dates, and next pages."""

    def __init__(self, html: str | Selector, url: str):
        self.sel = html if isinstance(html, Selector) else Selector(text=html)
        self.url = url
        self.tree = PageTree(self.sel.root, chrome=_leaves_section)
        self._entries: list[tuple] | None = None

    def _candidate_links(self) -> dict:
        """URL → anchors that may lead to an article of this site."""
        found: dict = {}
        for url, a in site_links(self.sel.root, self.url):
            if is_page_of(url, self.url) or _PRINT_URL.search(url):
                continue
            if urlsplit(url).path in ("", "/") and not urlsplit(url).query:
                continue
            if self.tree.outside(a) or _after_related_label(a):
                continue
            found.setdefault(url, []).append(a)
        # an article link has a real headline on at least one of its anchors
        return {u: anchors for u, anchors in found.items()
                if max(len(text_of(a) or normalize(a.get("title") or "")) for a in anchors) >= 15}

    def _entries_by_container(self, links: dict) -> dict:
        owner: dict = {}  # element → set of candidate URLs below it
        for url, anchors in links.items():
            for a in anchors:
                el = a
                while el is not None:
                    owner.setdefault(el, set()).add(url)
                    el = el.getparent()
        groups: dict = {}
        for url, anchors in links.items():
            entries = []
            for entry in anchors:
                while entry.getparent() is not None and owner.get(entry.getparent()) == {url}:
                    entry = entry.getparent()
                if entry not in entries:
                    entries.append(entry)
            for entry in entries:
                if entry.getparent() is not None:  # a page with one link is not a list
                    groups.setdefault(entry.getparent(), []).append((url, entry))
        return groups

    @staticmethod
    def _entry_score(entry) -> tuple[int, int]:
        """(text outside links, text in links) of one list entry."""
        total = len(text_of(entry))
        linked = sum(len(text_of(a)) for a in entry.iter("a"))
        return max(total - linked, 0), linked

    def entries(self) -> list[ListingEntry]:
        return [ListingEntry(url=url, date=_entry_date(entry)) for url, entry in self.entry_elements()]

    def in_dan_van_section(self) -> bool:
        """True when the listing's URL, <title> or a heading names the dân vận section."""
        labels = [self.url, *TITLE_TEXT(self.sel.root)]
        labels += [text_of(el) for el in self.sel.root.iter("h1", "h2", "h3", "div", "span", "td")
                   if (tag_of(el) in HEADING_TAGS or TITLE_ATTR.search(el.get("class") or ""))
                   and len(text_of(el)) <= 60 and not self.tree.outside(el)]
        return any(in_section_words(label) for label in labels)

    def entry_elements(self) -> list[tuple]:
        """(URL, entry element) of the section's main list, in page order."""
        if self._entries is not None:
            return self._entries
        self._entries = self._find_entries()
        return self._entries

    def _find_entries(self) -> list[tuple]:
        links = self._candidate_links()
        groups = {c: items for c, items in self._entries_by_container(links).items() if not _under_related_heading(c)}
        if not groups:
            return self._single_entry(links)
        scored = {}
        for container, items in groups.items():
            extra = [self._entry_score(e) for _, e in items]
            scored[container] = (sum(x + 0.5 * min(l, 200) for x, l in extra),
                                 sum(x for x, _ in extra) / len(extra))
        best = max(scored, key=lambda c: scored[c][0])
        # the list's own part of the page: boxes inside the best list's container (a featured
        # box beside a plain list), beside it, or around it
        near = {best, *list(best.iterancestors())[:2]}
        chosen = [c for c in scored if c is best
                  or scored[c][0] >= 0.15 * scored[best][0] and (c.getparent() in near or c in near)
                  or scored[c][0] >= 0.3 * scored[best][0] and scored[c][1] >= 60 and scored[best][1] >= 60]
        chosen.sort(key=lambda c: self.tree.order.get(c, 0))
        out, seen = [], set()
        for container in chosen:
            for url, entry in sorted(groups[container], key=lambda p: self.tree.order.get(p[1], 0)):
                if url not in seen:
                    seen.add(url)
                    out.append((url, entry))
        return out

    def _single_entry(self, links: dict) -> list[tuple]:
        """The one entry of a later page (a listing's last page may hold one article, which
        makes no list): its one candidate link."""
        if len(links) != 1 or not is_later_page(self.url):
            return []
        url, anchors = next(iter(links.items()))
        return [(url, anchors[0])]

    def next_pages(self) -> list[str]:
        out = []
        for a in self.sel.root.iter("a"):
            href = (a.get("href") or "").strip()
            if not href or href.startswith(("javascript:", "mailto:", "#")):
                continue
            url = urljoin(self.url, href)
            if not is_page_of(url, self.url):
                continue
            text = text_of(a) or normalize(a.get("title") or a.get("aria-label") or "")
            in_pager = any(_PAGER_ATTR.search(f"{el.get('class') or ''} {el.get('id') or ''}")
                           for el in [a, *list(a.iterancestors())[:4]])
            # a page number or "next" link to another page of this listing, or any link in a pager
            if "next" in (a.get("rel") or "").lower().split() or text.isdigit() or _NEXT_TEXT.match(text) \
                    or in_pager and re.search(r"trang|page|cuối|đầu|last|first", text, re.I):
                if url not in out:
                    out.append(url)
        return out


_INLINE_TAGS = frozenset(("a", "em", "i", "strong", "b", "span", "u", "font"))
_MAX_LABEL = 40


def _after_related_label(a) -> bool:
    """A link after a "Xem thêm:", "Tin liên quan:" or "Từ khóa:" label in its own line (an
    article's pointer to another story or its keywords, not an entry of a list)."""
    block = a.getparent()
    while block is not None and tag_of(block) in _INLINE_TAGS:
        block = block.getparent()
    link = text_of(a)
    if block is None or not link:
        return False
    line = normalize(string_value(block))  # (lxml's string(): in C, not a Python walk of the block)
    label = line[:line.find(link)].strip() if link in line else ""
    return 0 < len(label) <= _MAX_LABEL and (is_related_heading(label) or is_chrome_line(label))


def _under_related_heading(container) -> bool:
    """A list headed "Tin liên quan", "Tin khác", "Xem thêm"…: a box leading out of the
    section, whether marked up as one or just a bold line above a list (as in article bodies)."""
    for el in [container, *list(container.iterancestors())[:2]]:
        # the two elements before it (comments are passed over: DNN writes one before each module)
        for previous in islice(el.itersiblings(etree.Element, preceding=True), 2):
            if is_related_heading(text_of(previous)):
                return True
            if text_of(previous):
                break
    return False


def _entry_date(entry) -> str | None:
    """The date shown with a list entry: a short text piece that parses as a date."""
    for node in entry.xpath(".//text()"):
        text = normalize(str(node))
        if text and len(text) <= 40:
            found = parse_date(text, fallback=False)
            if found:
                return found
    return None

