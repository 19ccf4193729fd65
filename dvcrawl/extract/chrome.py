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

# Words in class or id attributes of chrome containers (matched as whole dash/underscore parts).
CHROME_CLASS_WORDS = (
    "share", "social", "sharing", "comment", "comments", "binhluan", "binh-luan", "captcha",
    "related", "lienquan", "tinlienquan", "tin-lien-quan", "tlq", "other", "othernews",
    "tinkhac", "tin-khac", "more-news", "tools", "tool", "print", "fontsize", "font-size",
    "rating", "rate", "vote", "tags", "tag", "keywords", "fb-like", "zalo", "breadcrumb",
    "breadcrumbs", "pager", "pagination", "paging", "advert", "ads", "banner", "view-count",
    "views", "hit", "counter", "viewcount", "news-views", "sendmail", "email-action",
    "print-action", "share-action", "news-tools", "detail-tools", "box-related", "navigation",
)

_CLASS_WORD_RE = re.compile(
    r"(?:^|[\s_\-])(?:" + "|".join(re.escape(w) for w in sorted(CHROME_CLASS_WORDS, key=len, reverse=True))
    + r")(?:$|[\s_\-])", re.I)


@lru_cache(maxsize=4096)  # a site's pages repeat the same few class and id values
def is_chrome_attr(value: str | None) -> bool:
    """True when a class or id value names a chrome container (share bar, related list, …)."""
    return bool(value) and bool(_CLASS_WORD_RE.search(value))


_LINE_STARTS = (
    r"lượt xem", r"lượt đọc", r"số lần đọc", r"lượt truy cập", r"số lượt", r"đang online",
    r"số người đang online", r"thống kê truy cập", r"tin liên quan", r"bài liên quan",
    r"tin cùng chuyên mục", r"tin khác", r"các tin khác", r"tin đã đưa", r"xem thêm",
    r"những tin mới hơn", r"những tin cũ hơn", r"tin mới hơn", r"tin cũ hơn", r"tin đọc nhiều",
    r"chia sẻ", r"in bài", r"gửi email", r"gửi bài", r"cỡ chữ", r"bình luận", r"gửi bình luận",
    r"ý kiến bạn đọc", r"gửi ý kiến", r"mã xác nhận", r"nhập mã", r"captcha", r"nhập lại",
    r"từ khóa", r"từ khoá", r"tags?", r"liên kết website", r"tổng số điểm", r"đánh giá",
    r"giấy phép số", r"cơ quan chủ quản", r"chịu trách nhiệm", r"bản quyền", r"về đầu trang",
    r"tác giả bài viết", r"nguồn tin", r"ngày đăng", r"cập nhật lúc", r"trở về", r"quay lại",
    r"tổng số điểm của bài viết là", r"(?:click|bấm|nhấn) (?:vào )?để đánh giá(?: bài viết)?",
    r"đánh giá bài viết",
)
_CHROME_LINE = re.compile(r"^\W*(?:" + "|".join(_LINE_STARTS) + r")(?:\s*[:(\-|»]|\s*$|\s+\d)", re.I)
_PURE_CHROME = re.compile(r"^[\W\d]*(?:A[-+]\s*)+[\W\d]*$|^(?:facebook|twitter|zalo|print|email)$", re.I)
MAX_CHROME_LINE = 120


def is_chrome_line(text: str) -> bool:
    """True for a short line that is site chrome, e.g. "Lượt xem: 137" or "Tin liên quan"."""
    if not text:
        return False
    if len(text) > MAX_CHROME_LINE:
        return False
    return bool(_CHROME_LINE.match(text) or _PURE_CHROME.match(text))


_RELATED_HEADING = re.compile(
    r"^\W*(?:(?:các\s+)?(?:tin|bài)(?:\s+viết)?\s+(?:liên\s+quan|khác|cùng\s+chuyên\s+mục|đã\s+đưa)|"
    r"xem\s+thêm|đọc\s+thêm|những\s+tin\s+(?:mới|cũ)\s+hơn)\s*:?\s*$", re.I)


def is_related_heading(text: str) -> bool:
    """True for the heading of a related-news list ("Tin liên quan:", "Xem thêm", …)."""
    return bool(_RELATED_HEADING.match(text))


# Texts that must never appear anywhere in a feed item (used by validation as a leak check).
LEAK_MARKERS = ("Lượt xem:", "Số lần đọc", "Lượt truy cập", "Số người đang online", "Thống kê truy cập",
                "Gửi bình luận", "Mã xác nhận", "Ý kiến bạn đọc", "Cơ quan chủ quản", "Giấy phép số",
                "Tin cùng chuyên mục", "Những tin mới hơn", "Những tin cũ hơn", "Tổng số điểm")
