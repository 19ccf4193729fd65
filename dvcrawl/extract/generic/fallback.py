"""Where an article's text is when the page's HTML has (almost) none of it.

Some pages carry the article only in JSON (a JSON-LD `articleBody`, a Next.js `__NEXT_DATA__`
payload rendered in the browser); on others the generic reader finds no text container.
These readers turn that text into an element that `read_content` reads like any body, so
captions, images and bylines follow the same rules. trafilatura, a well-kept general
extractor, is the last resort: it runs only on pages where everything else found too little.

A page not written in Vietnamese is read by trafilatura from the start (`general_reading`): the
generic reader's rules are Vietnamese (chrome words, bylines, counters), trafilatura's are
tuned on the general web.
"""
import json
import re
import unicodedata
from typing import NamedTuple

from lxml import etree, html

from dvcrawl.text import normalize

_NEXT_DATA = etree.XPath('/descendant::script[@id="__NEXT_DATA__"]/text()', smart_strings=False)
# Keys under which CMS payloads keep an article's body (HTML or plain text).
_BODY_KEYS = frozenset(("articlebody", "content", "body", "detail", "fulltext", "htmlcontent",
                        "contenthtml", "bodyhtml", "noidung"))
_TAG = re.compile(r"<\s*(?:p|div|br|img|figure|h[1-6]|span|strong|em|table)\b", re.I)


def text_element(text: str):
    """A <div> of the article text: HTML is parsed as it is, plain text becomes one <p> per line."""
    if _TAG.search(text):
        return html.fragment_fromstring(text, create_parent="div")
    root = etree.Element("div")
    for line in re.split(r"\s*\n\s*", text):
        if line.strip():
            etree.SubElement(root, "p").text = line.strip()
    return root


def _longest_body(data, key: str = "") -> str:
    """The longest string in a JSON value stored under a body-like key."""
    if isinstance(data, dict):
        found = [_longest_body(v, k) for k, v in data.items()]
        return max(found, key=len, default="")
    if isinstance(data, list):
        return max((_longest_body(v, key) for v in data), key=len, default="")
    if isinstance(data, str) and key.lower().replace("_", "") in _BODY_KEYS:
        return data
    return ""


def json_body(root, json_ld: list[dict]) -> str:
    """The article body a page carries as JSON: JSON-LD `articleBody`, else the longest body
    field of a `__NEXT_DATA__` payload."""
    bodies = [str(obj["articleBody"]) for obj in json_ld if obj.get("articleBody")]
    for raw in _NEXT_DATA(root):
        try:
            bodies.append(_longest_body(json.loads(raw)))
        except ValueError:
            continue
    return max(bodies, key=lambda b: len(normalize(b)), default="")


def trafilatura_text(root, url: str) -> str:
    """trafilatura's main text of the page (comments left out), one paragraph a line, or "".

    One extraction serves both uses of it (`general_reading`, the thin-page fallback), so a page
    is read at most once; the text is what `trafilatura.extract` returns (stripped, NFC).
    trafilatura copies a tree it is given, so `root` stays as it is."""
    import trafilatura  # imported on first use: most pages never need it

    document = trafilatura.bare_extraction(root, url=url, include_comments=False, include_tables=True)
    return unicodedata.normalize("NFC", document.text.strip()) if document is not None and document.text else ""


class GeneralReading(NamedTuple):
    """What trafilatura reads on a page: its headline and its text, one paragraph a line."""

    title: str | None
    paragraphs: list[str]


def general_reading(root, text: str) -> GeneralReading | None:
    """trafilatura's title of the page and its main text `text` (from `trafilatura_text`) as
    paragraphs; None when there is no text."""
    from trafilatura.metadata import extract_title

    paragraphs = [line for line in map(normalize, text.splitlines()) if line]
    if not paragraphs:
        return None
    return GeneralReading(normalize(extract_title(root) or "") or None, paragraphs)
