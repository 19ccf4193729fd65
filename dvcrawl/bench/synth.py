"""A large synthetic site set built from the recorded templates, rendered on demand.

Each recorded site gives its templates: its listing page (main list and pager) and its
in-section article pages. They are parsed once, the parts that vary are replaced by markers,
and the result is kept as a list of literal strings and marker names, so rendering a page is a
string join (tens of microseconds) and the set costs no memory per article.

For `n` articles the set has, spread evenly over the sites:

- `n` distinct stories (title and body paragraphs drawn from a pool of generated Vietnamese
  paragraphs by a hash of the story id, so two stories share almost no text);
- about 2 % syndicated copies: an article of another site carrying the story of an article of
  the first site (same title and paragraphs, other site's markup and URL);
- about 1 % duplicate links: a listing entry with tracking parameters pointing to an article
  already listed (the page's canonical link is the plain URL);
- listing pages of `PER_PAGE` entries, paginated with a pager showing the next `PAGER_WINDOW`
  pages, as on the real sites.

Everything is deterministic for a given `n`, so the server process and the benchmark process
can build the same set independently.
"""
from __future__ import annotations

import html
import json
import math
import random
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html

from dvcrawl.extract.factory import listing_page, template_for
from dvcrawl.replay import Snapshot

PER_PAGE = 20
PAGER_WINDOW = 10
POOL = 4096
SYNDICATE_EVERY = 50   # 2 %: article i % 50 == 7 of sites 2… carries the first site's story i
DUPLICATE_EVERY = 100  # 1 %: one extra tracking-parameter link per 100 entries
TRACKING = "utm_source=zalo&utm_medium=share"
_MARK = "@@BENCH:{}@@"
_MARK_RE = re.compile(r"@@BENCH:(\w+)@@")
_MASK = (1 << 64) - 1


def mix(a: int, b: int) -> int:
    """A 64-bit integer hash of two ints (splitmix64 finaliser): cheap and well spread."""
    x = (a * 0x9E3779B97F4A7C15 + b * 0xC2B2AE3D27D4EB4F + 0x165667B19E3779F9) & _MASK
    x ^= x >> 30
    x = (x * 0xBF58476D1CE4E5B9) & _MASK
    x ^= x >> 27
    x = (x * 0x94D049BB133111EB) & _MASK
    return x ^ (x >> 31)


class Compiled:
    """A page with markers, split once: render() fills the markers by name."""

    def __init__(self, text: str):
        parts = _MARK_RE.split(text)
        self.literals = parts[0::2]
        self.names = parts[1::2]

    def render(self, values: dict[str, str]) -> str:
        out = [self.literals[0]]
        for name, literal in zip(self.names, self.literals[1:]):
            out.append(values[name])
            out.append(literal)
        return "".join(out)


def _serialize(doc) -> str:
    return lxml.html.tostring(doc.getroottree(), encoding="unicode", doctype="<!DOCTYPE html>")


@dataclass
class ArticleTemplate:
    page: Compiled
    url: str                     # the recorded URL (path and query are reused)
    marker_lengths: list[int]    # original length of each replaced text run
    recorded_title: str          # the recorded article's headline, replaced everywhere in the head


@dataclass
class SiteTemplates:
    id: str
    template: str
    start_path: str
    page_path: str               # listing page p: page_path.format(p=p)
    listing: Compiled
    item: Compiled
    pager_unit: Compiled
    pager_sep: str
    articles: list[ArticleTemplate] = field(default_factory=list)


def _page_text(snapshot: Snapshot, url: str) -> str | None:
    """The recorded HTML of `url` when it was a 200 page with a body, else None."""
    status, _, body = snapshot.lookup(url)
    return body.decode("utf-8", "replace") if status == 200 and body else None


def _path(url: str) -> str:
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def _top_level(elements: list) -> list:
    chosen = set(elements)
    return [e for e in elements if not any(a in chosen for a in e.iterancestors())]


def _listing_templates(html_text: str, url: str, tpl) -> tuple[Compiled, Compiled, Compiled, str, str]:
    page = listing_page(html_text, url, tpl)
    next_urls = page.next_pages()
    page2 = next((u for u in next_urls if re.search(r"\d+(?=\D*$)", _path(u))), None)
    if page2 is None:
        raise ValueError(f"{url}: no numbered next page to learn the pagination from")
    path2 = _path(page2)
    m = list(re.finditer(r"\d+", path2))[-1]
    page_path = path2[:m.start()].replace("{", "{{").replace("}", "}}") + "{p}" + \
        path2[m.end():].replace("{", "{{").replace("}", "}}")

    doc = lxml.html.fromstring(html_text)
    items = _top_level(doc.xpath(tpl.xpaths["listing_item"]))
    proto = items[0]
    first_link = proto.xpath(tpl.xpaths["listing_link"])
    href = first_link[0].get("href")
    for a in proto.iter("a"):
        if a.get("href") == href:
            a.set("href", _MARK.format("HREF"))
    item = Compiled(lxml.html.tostring(proto, encoding="unicode", with_tail=False))
    parent, prev = proto.getparent(), proto.getprevious()
    for it in items:
        it.getparent().remove(it)
    if prev is not None:
        prev.tail = (prev.tail or "") + _MARK.format("ITEMS")
    else:
        parent.text = (parent.text or "") + _MARK.format("ITEMS")

    links = [a for a in doc.xpath(tpl.xpaths["next_page"])
             if (a.get("href") or "").strip() and not a.get("href").startswith(("javascript:", "#"))]
    a = links[0]
    unit = a.getparent() if a.getparent().tag == "li" else a
    container = unit.getparent()
    for child in list(a):
        a.remove(child)
    a.text = _MARK.format("LABEL")
    a.set("href", _MARK.format("HREF"))
    pager_unit = Compiled(lxml.html.tostring(unit, encoding="unicode", with_tail=False))
    sep = "\n" if unit.tag == "li" else " "
    for child in list(container):
        container.remove(child)
    container.text = _MARK.format("PAGER")
    return Compiled(_serialize(doc)), item, pager_unit, sep, page_path


def _retitle_head(doc, recorded_title: str) -> None:
    """Put the TITLE marker wherever the page's head repeats the recorded headline (`<title>`,
    og:/twitter: meta, JSON-LD), so a synthetic page names one article throughout: a reader that
    trusts the head (the generic one does) must find the generated headline, not the recorded one."""
    if not recorded_title:
        return
    words = re.compile(r"\s+".join(re.escape(w) for w in recorded_title.split()))
    marker = _MARK.format("TITLE")
    for el in doc.xpath("//title | //script[@type='application/ld+json']"):
        if el.text:
            el.text = words.sub(marker, el.text)
    for meta in doc.xpath("//meta[@content]"):
        meta.set("content", words.sub(marker, meta.get("content")))


def _article_template(html_text: str, url: str, tpl) -> ArticleTemplate:
    doc = lxml.html.fromstring(html_text)
    title = doc.xpath(tpl.xpaths["title"])[0]
    recorded_title = " ".join(title.text_content().split())
    for child in list(title):
        title.remove(child)
    title.text = _MARK.format("TITLE")
    _retitle_head(doc, recorded_title)
    for link in doc.xpath('//link[@rel="canonical"]'):
        link.set("href", _MARK.format("URL"))
    body = doc.xpath(tpl.xpaths["body"])[0]
    lengths: list[int] = []

    def swap(text: str | None) -> str | None:
        if text and len(text.strip()) >= 100:
            lengths.append(len(text.strip()))
            return " " + _MARK.format(f"P{len(lengths) - 1}") + " "
        return text

    for el in body.iter():
        if not isinstance(el.tag, str) or el.tag in ("script", "style"):
            continue
        el.text = swap(el.text)
        if el is not body:
            el.tail = swap(el.tail)
    return ArticleTemplate(page=Compiled(_serialize(doc)), url=url, marker_lengths=lengths,
                           recorded_title=recorded_title)


def load_templates(snapshots: Path, registry: dict) -> list[SiteTemplates]:
    """Templates of every recorded site in `snapshots` that the registry knows."""
    sites = []
    for site_id, site in sorted(registry.items()):
        folder = snapshots / site_id
        if not (folder / "responses.jsonl").is_file():
            continue
        tpl = template_for(site)
        snapshot = Snapshot(folder)
        start = site.start_urls[0]
        listing, item, unit, sep, page_path = _listing_templates(_page_text(snapshot, start), start, tpl)
        st = SiteTemplates(id=site_id, template=site.template, start_path=_path(start), page_path=page_path,
                           listing=listing, item=item, pager_unit=unit, pager_sep=sep)
        lines = (folder / "expected.jsonl").read_text(encoding="utf-8").splitlines()
        expected = [json.loads(x)["url"] for x in lines if x.strip()]
        for url in expected:
            page = _page_text(snapshot, url)
            if page is not None:
                st.articles.append(_article_template(page, url, tpl))
        if st.articles:
            sites.append(st)
    return sites


def _vocabulary(snapshots: Path) -> list[str]:
    words: set[str] = set()
    for path in sorted(snapshots.glob("*/expected.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                words.update(w.lower() for w in re.findall(r"[^\W\d_]{2,}", " ".join(rec.get("body") or [])))
    return sorted(words)


class TextPool:
    """Generated paragraphs and titles; story s picks its texts by hash."""

    def __init__(self, snapshots: Path, seed: int = 6):
        vocab = _vocabulary(snapshots)
        rng = random.Random(seed)

        def sentence(lo, hi):
            ws = [rng.choice(vocab) for _ in range(rng.randint(lo, hi))]
            return ws[0].capitalize() + " " + " ".join(ws[1:])

        self.paragraphs = [sentence(20, 60) + "." for _ in range(POOL)]
        self.titles = [sentence(7, 14) for _ in range(POOL)]

    def title(self, story: int) -> str:
        return f"{self.titles[mix(story, 1_000_003) % POOL]} {story}"

    def paragraph(self, story: int, marker: int, length: int) -> str:
        count = 1 if length <= 400 else min(8, round(length / 200))
        return " ".join(self.paragraphs[mix(story, marker * 16 + t) % POOL] for t in range(count))


@dataclass(frozen=True)
class Article:
    site: int       # index into SiteSet.sites
    template: int   # index into the site's article templates
    story: int
    path: str       # canonical path (and query)


class SiteSet:
    """`n` articles over the recorded sites, addressed by (site index, path and query)."""

    def __init__(self, snapshots: Path, registry: dict, n: int, hosts: list[str] | None = None):
        self.snapshots = Path(snapshots)
        self.sites = load_templates(self.snapshots, registry)
        self.pool = TextPool(self.snapshots)
        self.hosts = hosts or [f"127.0.0.{i + 2}" for i in range(len(self.sites))]
        self.n = n
        k = len(self.sites)
        per_site = [n // k + (1 if i < n % k else 0) for i in range(k)]
        self.routes: list[dict[str, tuple]] = [{} for _ in range(k)]
        self.entries: list[list[str]] = [[] for _ in range(k)]   # listing hrefs in order
        self.duplicates = 0
        self.syndicated = 0
        for s, st in enumerate(self.sites):
            for i in range(per_site[s]):
                story = s * 10_000_000 + i
                if s > 0 and i % SYNDICATE_EVERY == 7 and i < per_site[0]:
                    story = i  # the story of the first site's article i, republished here
                    self.syndicated += 1
                t = i % len(st.articles)
                path = self._article_path(st.articles[t].url, 100_000 + i)
                art = Article(site=s, template=t, story=story, path=path)
                self.routes[s][path] = ("article", art)
                self.entries[s].append(path)
                if i % DUPLICATE_EVERY == DUPLICATE_EVERY - 1:
                    prev_path = self.entries[s][-PER_PAGE // 2] if len(self.entries[s]) > PER_PAGE // 2 else path
                    prev = self.routes[s][prev_path][1]
                    dup = prev_path + ("&" if "?" in prev_path else "?") + TRACKING
                    self.routes[s][dup] = ("article", prev)
                    self.entries[s].append(dup)
                    self.duplicates += 1
            pages = max(1, math.ceil(len(self.entries[s]) / PER_PAGE))
            for p in range(1, pages + 1):
                self.routes[s][self.listing_path(s, p)] = ("listing", p)
        self.pages = sum(len(r) for r in self.routes)

    @staticmethod
    def _article_path(url: str, number: int) -> str:
        """The recorded article address with its id (trailing number) replaced by `number`."""
        path, sep, query = _path(url).partition("?")
        if query and re.search(r"\d+$", query):
            return path + sep + re.sub(r"\d+$", str(number), query)
        m = re.search(r"\d+(?=(?:\.html?)?$)", path)
        if m:
            return path[:m.start()] + str(number) + path[m.end():] + sep + query
        return path + f"-{number}" + sep + query

    def listing_path(self, s: int, p: int) -> str:
        return self.sites[s].start_path if p == 1 else self.sites[s].page_path.format(p=p)

    def listing_pages(self, s: int) -> int:
        return max(1, math.ceil(len(self.entries[s]) / PER_PAGE))

    def base(self, s: int, port: int) -> str:
        return f"http://{self.hosts[s]}:{port}"

    def urls(self, s: int, port: int) -> list[str]:
        """Every URL a complete crawl of site `s` fetches (listing pages first)."""
        base = self.base(s, port)
        listing = [base + self.listing_path(s, p) for p in range(1, self.listing_pages(s) + 1)]
        return listing + [base + e for e in self.entries[s]]

    def expected_items(self) -> int:
        """Articles a complete crawl exports: every article once, duplicate links dropped."""
        return sum(1 for routes in self.routes for path, (kind, art) in routes.items()
                   if kind == "article" and art.path == path)

    # rendering -------------------------------------------------------------------------------
    def render(self, s: int, target: str, port: int) -> str | None:
        """The HTML for `target` (path and query) on site `s`, or None (404)."""
        route = self.routes[s].get(target)
        if route is None:
            return None
        if route[0] == "listing":
            return self.render_listing(s, route[1], port)
        return self.render_article(route[1], port)

    def render_article(self, art: Article, port: int) -> str:
        st = self.sites[art.site]
        tpl = st.articles[art.template]
        values = {"TITLE": self.pool.title(art.story),
                  "URL": html.escape(self.base(art.site, port) + art.path)}
        for j, length in enumerate(tpl.marker_lengths):
            values[f"P{j}"] = self.pool.paragraph(art.story, j, length)
        return tpl.page.render(values)

    def title_of(self, art: Article) -> str:
        return self.pool.title(art.story)

    def render_listing(self, s: int, p: int, port: int) -> str:
        st = self.sites[s]
        chunk = self.entries[s][(p - 1) * PER_PAGE:p * PER_PAGE]
        items = "\n".join(st.item.render({"HREF": html.escape(e)}) for e in chunk)
        last = self.listing_pages(s)
        units = []
        for q in range(p + 1, min(last, p + PAGER_WINDOW) + 1):
            units.append(st.pager_unit.render({"HREF": html.escape(self.listing_path(s, q)), "LABEL": str(q)}))
        return st.listing.render({"ITEMS": items, "PAGER": st.pager_sep.join(units)})

    def sample_articles(self, count: int) -> list[tuple[int, Article]]:
        """`count` articles spread evenly over the sites and their templates."""
        out = []
        per = max(1, count // len(self.sites))
        for s, routes in enumerate(self.routes):
            arts = [a for path, (kind, a) in routes.items() if kind == "article" and a.path == path]
            out.extend((s, a) for a in arts[:per])
        return out[:count]
