"""What a site's home page tells about it: its dân vận section(s) and its CMS family.

HTML in, facts out, no crawling (the spiders fetch: `SiteSpider.discover`). Sections are
found the way a reader finds them: a menu or sub-menu entry ("Xây dựng Đảng › Công tác dân
vận"), a home-page box title or its "Xem thêm" link, or failing those a link whose URL slug
names the section (`/cong-tac-dan-van/`). Names are matched without diacritics or case, so
"CÔNG TÁC DÂN VẬN", "Dân Vận khéo" and "cong-tac-dan-van" are one name.

The CMS family is read from the generator meta tag, asset paths and URL schemes. When the
family is one we have a template for, the spider still confirms it on the first section
listing (`template_fits`) before using it; anything else is read by generic extraction.
"""
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

from parsel import Selector

from dvcrawl.extract.generic.listing import GenericListingPage, site_links
from dvcrawl.extract.generic.tree import HEADING_TAGS, TITLE_ATTR, tag_of, text_of
from dvcrawl.extract.page import ListingPage, Template
from dvcrawl.templates import TEMPLATES
from dvcrawl.text import fold, normalize
from dvcrawl.urls import canonicalize

# Folded section labels, strongest first: (pattern, confidence). A label is a menu entry or a
# box title, so it is short; a longer text is an article headline that merely mentions dân vận.
_LABELS = (
    (re.compile(r"^(cong tac )?dan van$"), 1.0),
    (re.compile(r"^ban dan van\b"), 0.6),  # often the committee's own page (who's who), not news
    (re.compile(r"\bdan van\b"), 0.9),     # dân vận khéo, tuyên giáo - dân vận, dân vận - mặt trận
    (re.compile(r"\bdan toc\b.*\bton giao\b|\bton giao\b.*\bdan toc\b"), 0.5),
    (re.compile(r"^mat tran\b.*\bdoan the\b|^mat tran( to quoc)?$"), 0.5),
)
# Pages named after the section that are not its news: documents, schedules, who's who.
_NOT_NEWS = re.compile(r"\b(van ban|tai lieu|lich|gioi thieu|co cau|to chuc bo may|lien he|hoi dap|video|thu vien)\b")
_SLUG = re.compile(r"(?:^|-)dan-?van(?:-|$)|(?:^|-)dan-toc-ton-giao(?:-|$)")
_MAX_LABEL_WORDS, _MAX_LABEL_CHARS = 7, 50
_MORE = re.compile(r"^(?:(?:xem (?:them|tiep|tat ca)|chi tiet|tat ca|more)\s*[»›>]*|[»›>]+)$")
# Menu entries under which sites put the dân vận section, to look into when the home page
# shows no section itself.
_PARENTS = re.compile(r"^(xay dung dang|tin tuc( - su kien)?|hoat dong|chuyen muc|cong tac dang|"
                      r"chinh tri|tin tuc su kien|dang bo)$")
_PAGER_LABEL = re.compile(r"^(?:[\d\s.…-]+|trang (?:sau|truoc|tiep|cuoi|dau)|tiep|sau|next|prev(?:ious)?|last|first)$")
_PAGER_BOX = re.compile(r"pag|phan-?trang|phantrang", re.I)
_NOT_PAGES = re.compile(r"\.(pdf|docx?|xlsx?|pptx?|zip|rar|jpe?g|png|gif|mp4|mp3)$", re.I)
_SELECT_MARGIN, _MAX_SECTIONS = 0.15, 4


@dataclass(frozen=True)
class Section:
    url: str
    label: str
    confidence: float  # 0–1: how sure the page names this link the dân vận section
    evidence: str      # what named it: "label", "box title", "URL slug"


@dataclass(frozen=True)
class Recognition:
    family: str | None     # "wordpress", "joomla", a template name…; None when unknown
    template: str | None   # the template (TEMPLATES) of that family, when we have one
    confidence: float      # 0–1
    evidence: tuple[str, ...] = ()


def _label_confidence(label: str) -> float:
    folded = " ".join(re.sub(r"[^\w]+", " ", fold(label)).split())
    if not folded or len(folded.split()) > _MAX_LABEL_WORDS or len(label) > _MAX_LABEL_CHARS:
        return 0.0
    score = next((score for pattern, score in _LABELS if pattern.search(folded)), 0.0)
    return score / 2 if _NOT_NEWS.search(folded) else score


def _slug_names_section(url: str) -> bool:
    """True when a path segment or query value of `url` is a section slug such as
    `cong-tac-dan-van` (short: an article slug that mentions dân vận is long)."""
    parts = urlsplit(url)
    pieces = parts.path.split("/") + [v for _, v in parse_qsl(parts.query)]
    for piece in pieces:
        slug = re.sub(r"\.\w{2,5}$", "", fold(piece)).replace("_", "-")
        slug = re.sub(r"-?\d+$", "", slug)
        if _SLUG.search(slug) and len(slug.split("-")) <= 6:
            return True
    return False


def _anchor_label(a) -> str:
    return text_of(a) or normalize(a.get("title") or "") or normalize(" ".join(a.xpath(".//img/@alt")))


def _box_title(a) -> str:
    """The title of the home-page box a "Xem thêm" link belongs to."""
    for box in list(a.iterancestors())[:3]:
        for el in box.iter():
            if el is not a and (tag_of(el) in HEADING_TAGS or TITLE_ATTR.search(el.get("class") or "")):
                label = text_of(el)
                if label and len(label) <= _MAX_LABEL_CHARS:
                    return label
    return ""


def _links(sel: Selector, url: str):
    """(absolute URL, anchor) of every link to another page of the site, files left out."""
    return ((target, a) for target, a in site_links(sel.root, url) if not _NOT_PAGES.search(urlsplit(target).path))


def _in_pager(a, label: str) -> bool:
    """A page-number or next-page link of a list (its URL may carry the section's slug)."""
    return bool(_PAGER_LABEL.match(fold(label))) or any(
        _PAGER_BOX.search(f"{el.get('class') or ''} {el.get('id') or ''}") for el in [a, *list(a.iterancestors())[:3]])


def find_sections(sel: Selector, url: str) -> list[Section]:
    """The dân vận section links of a page (a home page, or a parent section's page), best
    first: those within a small margin of the best one, at most a few."""
    best: dict[str, Section] = {}
    for target, a in _links(sel, url):
        label = _anchor_label(a)
        found = Section(target, label, _label_confidence(label), "label")
        if _MORE.match(fold(label)):
            title = _box_title(a)
            found = Section(target, title, 0.95 * _label_confidence(title), "box title")
        if _slug_names_section(target) and not _in_pager(a, label):  # not page 2 of a list
            slug = Section(target, label, 0.7, "URL slug")
            found = max(found, slug, key=lambda s: s.confidence)
        key = canonicalize(target)
        if found.confidence and (key not in best or found.confidence > best[key].confidence):
            best[key] = found
    ranked = sorted(best.values(), key=lambda s: -s.confidence)
    if not ranked or ranked[0].confidence < 0.5:
        return []
    top = ranked[0].confidence
    if top == 1.0:  # the section is named exactly: its namesakes ("Dân vận khéo") are its sub-sections
        return [s for s in ranked if s.confidence == top][:_MAX_SECTIONS]
    return [s for s in ranked if s.confidence >= top - _SELECT_MARGIN][:_MAX_SECTIONS]


def parent_menus(sel: Selector, url: str) -> list[str]:
    """Menu entries ("Xây dựng Đảng", "Tin tức") whose pages may list the dân vận section
    when the home page does not."""
    out = []
    for target, a in _links(sel, url):
        if _PARENTS.match(" ".join(re.sub(r"[^\w]+", " ", fold(_anchor_label(a))).split())):
            if target not in out:
                out.append(target)
    return out[:_MAX_SECTIONS]


# CMS families we have no template for: evidence in the generator tag or the page source.
_FAMILIES = (
    ("wordpress", r"wordpress", r"/wp-content/|/wp-includes/|/wp-json/"),
    ("joomla", r"joomla", r"/media/jui/|/components/com_|option=com_content|/media/system/js/"),
    ("drupal", r"drupal", r"/sites/default/files/|drupal-settings-json|Drupal\.settings"),
    ("nukeviet", r"nukeviet", r"nv_base_siteurl|nv_lang_data|nv_siteroot|nukeviet"),
    ("sharepoint", r"sharepoint", r"/_layouts/15/|_spPageContextInfo|/SitePages/|/Pages/\w[\w-]*\.aspx"),
    ("liferay", r"liferay", r"Liferay\.(?:AUI|Portlet|ThemeDisplay)|/-/asset_publisher/|/o/frontend-js"),
    ("dnn", r"dotnetnuke|\bdnn\b", r"Default\.aspx\?tabid=\d+|DotNetNuke|/Portals/\d+/"),
    ("nextjs", r"next\.js", r"__NEXT_DATA__|/_next/static/"),
    ("telecom_portal", r"vnpt|viettel", r"vnpt-portal|VNPT|Viettel|/Portal/|portal\.vnpt"),
)
# The family each template belongs to, where it has one of the above.
_TEMPLATE_FAMILY = {"liferay_asset_publisher": "liferay", "dnn_newsdetail": "dnn"}
_MIN_SCHEME_LINKS = 2


def recognise(sel: Selector, url: str, source: str | None = None) -> Recognition:
    """The page's CMS family, and the template for it when we have one.

    A template is named when at least two of the page's links follow its article URL scheme
    (`Template.article_url`), or when the generator or page source names its family."""
    source = source if source is not None else sel.get()
    generator = " ".join(sel.xpath('//meta[translate(@name, "GENRATO", "genrato")="generator"]/@content').getall())
    families = []
    for family, gen, marks in _FAMILIES:
        evidence = []
        if re.search(gen, generator, re.I):
            evidence.append(f"generator {generator[:40]!r}")
        found = re.search(marks, source)
        if found:
            evidence.append(f"page source {found.group(0)!r}")
        if evidence:
            families.append((len(evidence), family, tuple(evidence)))
    links = [target for target, _ in _links(sel, url)]
    schemes = []
    for name, template in TEMPLATES.items():
        if template.article_url:
            hits = sum(1 for target in links if re.search(template.article_url, target))
            if hits >= _MIN_SCHEME_LINKS:
                schemes.append((hits, name))
    if schemes:
        hits, name = max(schemes)
        family_evidence = next((e for _, f, e in families if f == _TEMPLATE_FAMILY.get(name)), ())
        confidence = min(1.0, 0.5 + 0.1 * hits + 0.2 * bool(family_evidence))
        return Recognition(_TEMPLATE_FAMILY.get(name, name), name, round(confidence, 2),
                           (f"{hits} links follow its article URL scheme",) + family_evidence)
    if families:
        strength, family, evidence = max(families)
        template = next((n for n, f in _TEMPLATE_FAMILY.items() if f == family), None)
        return Recognition(family, template, 0.5 + 0.25 * strength, evidence)
    return Recognition(None, None, 0.0)


def template_fits(sel: Selector, url: str, template: type[Template]) -> bool:
    """True when `template`'s listing selectors find the articles of this listing page, and its
    next pages when the page has a pager: the confirmation a recognised template needs before a
    crawl relies on it. (A Liferay 7.1+ site has its articles where the recorded Liferay site
    has them, but the newer Clay pager: with that template the crawl stopped on page 1.)"""
    page = ListingPage(sel, url, template)
    return bool(page.entries()) and (bool(page.next_pages()) or not GenericListingPage(sel, url).next_pages())
