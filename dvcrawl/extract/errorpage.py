"""Error pages answered 200 ("soft 404s"): a page whose title, a heading or (for a short page)
its text says the page does not exist."""
import re

from dvcrawl.extract.parsed import page_selector

_NOT_FOUND = re.compile(
    r"không\s+tìm\s+thấy\s+(trang|tài\s+nguyên|nội\s+dung|bài\s+viết|dữ\s+liệu)"
    r"|(trang|bài\s+viết|nội\s+dung|tin)(\s+\w+){0,4}\s+không\s+tồn\s+tại"
    r"|page\s+not\s+found|not\s+found|^\s*(error\s+)?404\b", re.I)
# Words one of which every match of _NOT_FOUND contains: a label without any is not searched
# (the search costs about 10 µs a heading, the test under 1 µs).
_NOT_FOUND_WORDS = ("không", "found", "404")


def _not_found(text: str):
    """_NOT_FOUND's match in `text`, or None."""
    lowered = text.lower()
    if any(word in lowered for word in _NOT_FOUND_WORDS):
        return _NOT_FOUND.search(text)
    return None


def error_heading(response) -> str | None:
    """`soft_404: …` when the page's <title> or a heading says it is an error page ("Không tìm
    thấy trang"). Cheap (a few elements): asked of every page before it is read."""
    for el in page_selector(response).root.iter("title", "h1", "h2", "h3"):
        label = " ".join("".join(el.itertext()).split())
        if label and len(label) < 200 and _not_found(label):
            return f"soft_404: the page says {label[:80]!r}"
    return None


def soft_404(response) -> str | None:
    """`soft_404: …` when a page answered 200 is really an error page: a heading says so
    (`error_heading`), or a short page says so anywhere in its text. The text is only read for
    pages that gave no article, so a real article quoting "không tồn tại" is not one."""
    reason = error_heading(response)
    if reason:
        return reason
    # lxml's own strings, not parsel's (a Selector per text node). Not smart_strings=False: with
    # lxml 6.1.3 the crawl then kept every parsed page (peak RSS 205 → 342 MB at 1,000 articles).
    root = page_selector(response).root
    text = " ".join(" ".join(root.xpath("//body//text()[not(ancestor::script) and not(ancestor::style)]")).split())
    if len(text) < 4000:
        match = _not_found(text)
        if match:
            return f"soft_404: the page says {match.group(0)!r}"
    return None
