"""Is a page Vietnamese? The generic reader's rules (chrome words, bylines, counters) are
Vietnamese; a page in another language is read by trafilatura instead (`fallback.general_reading`).

A declaration of Vietnamese (`<html lang>`, `og:locale`, a `content-language` meta) is trusted.
A declaration of another language is not, on its own: Vietnamese CMS templates often ship with
`lang="en"` or none at all. The text decides then: the share of letters only Vietnamese writes
(ă đ ơ ư and the tone-marked vowels; â ê ô à é ã… are French or Portuguese too) in the page's
title and first paragraphs.
"""
import re
import unicodedata

from lxml import etree

_DECLARED = etree.XPath('/html/@lang'
                        ' | /html/head/meta[@property="og:locale" or @name="og:locale"]/@content'
                        ' | /html/head/meta[translate(@http-equiv, "CONTENT-LANGUAGE", "content-language")'
                        '="content-language" or @name="language"]/@content', smart_strings=False)
_SAMPLE = etree.XPath("/html/head/title/text() | /descendant::p/descendant::text()", smart_strings=False)
_BODY_TEXT = etree.XPath("/html/body/descendant::text()[not(ancestor::script or ancestor::style)]",
                         smart_strings=False)
_VIETNAMESE_ONLY = re.compile("[ăđơưĂĐƠƯ\u1ea0-\u1ef9]")  # U+1EA0–1EF9: ạ ả ấ … ỹ
_NOT_LETTERS = re.compile(r"[\W\d_]+")
_SAMPLE_CHARS = 1500
_MIN_SAMPLE = 200
_VIETNAMESE_SHARE = 0.05  # Vietnamese prose: 15–20 %; other text naming Vietnamese people: ~1 %


def declares_vietnamese(root) -> bool:
    """The page declares Vietnamese (`vi`, `vi-VN`, `vi_VN`) as its language."""
    return any(re.match(r"\s*vi(?:$|[-_\s,])", value, re.I) for value in _DECLARED(root))


def vietnamese_share(text: str) -> float:
    """The share of the letters of `text` that only Vietnamese writes (combining marks composed)."""
    text = unicodedata.normalize("NFC", text)
    letters = len(_NOT_LETTERS.sub("", text))
    return len(_VIETNAMESE_ONLY.findall(text)) / letters if letters else 0.0


def text_sample(root) -> str:
    """The title and the first paragraphs' text; the body's text when the page has no <p>."""
    parts, size = [], 0
    for xpath in (_SAMPLE, _BODY_TEXT):
        for text in xpath(root):
            parts.append(text)
            size += len(text)
            if size >= _SAMPLE_CHARS:
                return " ".join(parts)
        if size >= _MIN_SAMPLE:
            break
    return " ".join(parts)


def is_vietnamese(root) -> bool:
    """The page declares Vietnamese, or its text is written in it."""
    return declares_vietnamese(root) or vietnamese_share(text_sample(root)) >= _VIETNAMESE_SHARE
