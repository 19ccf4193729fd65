"""Rules for Vietnamese site chrome: what never belongs in an article's title, lead or body.

Two kinds of rule: elements removed before text is read (forms, share bars, related-news
boxes, counters, found by tag or by class/id words), and whole short lines recognised by how
they start ("Lượt xem: 59", "Tin liên quan", "Chia sẻ:"). A line is chrome only when it is
short and starts that way, so running text that merely contains "lượt" or "xem thêm" stays.
"""
import re
from functools import lru_cache

# Tags whose content is never article text.
DROP_TAGS = frozenset(("script", "style", "noscript", "template", "form", "input", "button", "select",
                       "option", "textarea", "iframe", "object", "embed", "svg", "canvas", "map",
                       "nav", "header", "footer", "aside", "marquee", "label"))

# The related-news family of the chrome words below: boxes of links that templates nest inside
# the text.
RELATED_CLASS_WORDS = frozenset(("related", "relate", "relatedposts", "lienquan", "tinlienquan", "tlq",
                                 "other", "othernews", "tinkhac"))
RELATED_CLASS_PHRASES = (("tin", "lien", "quan"), ("lien", "quan"), ("tin", "khac"), ("more", "news"))

# Words in class or id attributes of chrome containers. A class value is split into its
# tokens, a token into its dash/underscore parts; a part equal to one of these words marks the
# element ("box-related", "post-tags", "social-share"). Never a substring: "sidebar_right"
# or "shared" do not contain "share", and WordPress taxonomy classes are not chrome (below).
CHROME_CLASS_WORDS = RELATED_CLASS_WORDS | frozenset((
    "share", "social", "sharing", "comment", "comments", "binhluan", "captcha", "tools", "tool", "print",
    "fontsize", "rating", "rate", "vote", "tags", "tag", "keywords", "zalo", "breadcrumb",
    "breadcrumbs", "pager", "pagination", "paging", "advert", "ads", "banner", "views", "hit",
    "counter", "viewcount", "sendmail", "navigation", "sharedaddy", "addthis", "commentlist",
    "advertisement", "adsbygoogle", "quangcao", "sponsored",
))
# Multi-part names whose parts are not chrome words on their own.
CHROME_CLASS_PHRASES = RELATED_CLASS_PHRASES + (("binh", "luan"), ("font", "size"), ("fb", "like"),
                                                ("view", "count"), ("email", "action"), ("quang", "cao"),
                                                ("a", "rec"))  # tagDiv Newspaper's ad blocks: td-a-rec
# WordPress (and similar) put the post's taxonomy terms on its container as classes:
# `class="post type-post hentry category-dan-van tag-dan-van"`. Such a `tag-…`/`category-…`
# token names a term, not a tag list, when the class value also carries a post marker.
_TERM_PREFIXES = ("tag-", "tag_", "category-", "category_", "post_tag-")
_POST_MARKER = re.compile(r"(?:^|\s)(?:hentry|post(?:\s|$)|type-\w|status-\w|format-\w|post-\d|postid-\d)", re.I)
TOKEN_PARTS = re.compile(r"[_\-]+")  # a class token's parts: "box_tin-lien-quan" → box, tin, lien, quan


def _named(token: str, terms_allowed: bool, words: frozenset, phrases: tuple) -> bool:
    """True when a class token has one of `words` as a whole part, or the parts of a phrase."""
    if terms_allowed and token.startswith(_TERM_PREFIXES):
        return False
    parts = [p for p in TOKEN_PARTS.split(token) if p]
    if any(p in words for p in parts):
        return True
    if len(parts) > 1:  # whole parts in a row: "tin-khac", not "tin-khach-hang"
        joined = f" {' '.join(parts)} "
        return any(f" {' '.join(phrase)} " in joined for phrase in phrases)
    return False


def attr_names(value: str | None, words: frozenset, phrases: tuple) -> bool:
    """True when a class or id value names one of `words` or `phrases`: one of its tokens has
    it as whole parts. A token with a variant prefix ("md:text-right", Tailwind's
    "prose-figcaption:italic") styles the element in some state or its children: it names nothing."""
    if not value:
        return False
    lowered = value.lower()
    terms = bool(_POST_MARKER.search(lowered))
    return any(_named(t, terms, words, phrases) for t in lowered.split() if ":" not in t)


@lru_cache(maxsize=8192)  # a site's pages repeat the same few class and id values
def is_chrome_attr(value: str | None) -> bool:
    """True when a class or id value names a chrome container (share bar, related list, …):
    one of its tokens has a chrome word as a whole part."""
    return attr_names(value, CHROME_CLASS_WORDS, CHROME_CLASS_PHRASES)


@lru_cache(maxsize=4096)
def is_related_attr(value: str | None) -> bool:
    """True when a class or id value names a related-news box."""
    return attr_names(value, RELATED_CLASS_WORDS, RELATED_CLASS_PHRASES)


# How a line pointing to other articles starts ("Xem thêm: …", "Tin liên quan").
_RELATED_STARTS = (r"xem thêm", r"đọc thêm", r"đọc tiếp", r"xem tiếp", r"tin liên quan", r"bài liên quan",
                   r"tin cùng chuyên mục", r"có thể bạn quan tâm")
_LINE_STARTS = _RELATED_STARTS + (
    r"lượt xem", r"lượt đọc", r"số lần đọc", r"lượt truy cập", r"số lượt truy cập", r"đang truy cập", r"số lượt",
    r"đang online",
    r"số người đang online", r"thống kê truy cập", r"tin khác", r"các tin khác", r"tin đã đưa",
    r"những tin mới hơn", r"những tin cũ hơn", r"tin mới hơn", r"tin cũ hơn", r"tin đọc nhiều",
    r"chia sẻ", r"in bài", r"gửi email", r"gửi bài", r"cỡ chữ", r"bình luận", r"gửi bình luận",
    r"ý kiến bạn đọc", r"gửi ý kiến", r"mã xác nhận", r"nhập mã", r"captcha", r"nhập lại",
    r"từ khóa", r"từ khoá", r"tags?", r"liên kết website", r"tổng số điểm", r"đánh giá",
    r"giấy phép số", r"cơ quan chủ quản", r"chịu trách nhiệm", r"bản quyền", r"về đầu trang",
    r"tác giả bài viết", r"nguồn tin", r"ngày đăng", r"cập nhật lúc", r"trở về", r"quay lại",
    r"tổng số điểm của bài viết là", r"(?:click|bấm|nhấn) (?:vào )?để đánh giá(?: bài viết)?",
    r"đánh giá bài viết", r"đăng bởi", r"người đăng", r"posted by", r"tin bài liên quan",
    r"bài viết liên quan", r"tin cùng chủ đề",
)
_CHROME_LINE = re.compile(r"^\W*(?:" + "|".join(_LINE_STARTS) + r")(?:\s*[:(\-|»]|\s*$|\s+\d)", re.I)
_PURE_CHROME = re.compile(r"^[\W\d]*(?:A[-+]\s*)+[\W\d]*$|^(?:facebook|twitter|zalo|print|email)$", re.I)
MAX_CHROME_LINE = 120


# "Xem thêm: <headline of another article>": a related link however long its headline.
_RELATED_LINK_LINE = re.compile(r"^\W*(?:" + "|".join(_RELATED_STARTS) + r")\s*[:>»]", re.I)
MAX_RELATED_LINE = 300


def is_chrome_line(text: str) -> bool:
    """True for a short line that is site chrome, e.g. "Lượt xem: 137" or "Tin liên quan"."""
    if not text:
        return False
    if len(text) > MAX_CHROME_LINE:
        return len(text) <= MAX_RELATED_LINE and bool(_RELATED_LINK_LINE.match(text))
    return bool(_CHROME_LINE.match(text) or _PURE_CHROME.match(text))


# Not built from `_RELATED_STARTS`: a heading is a whole line (at most a colon after it), in
# more wordings and spacings ("Các bài viết khác", "Tin bài cùng  chủ đề").
_RELATED_HEADING = re.compile(
    r"^\W*(?:(?:các\s+)?(?:tin|bài)(?:\s+viết)?\s+(?:liên\s+quan|khác|cùng\s+chuyên\s+mục|đã\s+đưa)|"
    r"(?:tin|bài)\s+(?:bài\s+|viết\s+)?cùng\s+chủ\s+đề|có\s+thể\s+bạn\s+quan\s+tâm|"
    r"xem\s+thêm|đọc\s+thêm|đọc\s+tiếp|xem\s+tiếp|những\s+tin\s+(?:mới|cũ)\s+hơn)\s*:?\s*$", re.I)


def is_related_heading(text: str) -> bool:
    """True for the heading of a related-news list ("Tin liên quan:", "Xem thêm", …)."""
    return bool(_RELATED_HEADING.match(text))


# Texts that must never appear anywhere in a feed item (used by validation as a leak check).
LEAK_MARKERS = ("Lượt xem:", "Số lần đọc", "Lượt truy cập", "Số người đang online", "Thống kê truy cập",
                "Gửi bình luận", "Mã xác nhận", "Ý kiến bạn đọc", "Cơ quan chủ quản", "Giấy phép số",
                "Tin cùng chuyên mục", "Những tin mới hơn", "Những tin cũ hơn", "Tổng số điểm")
