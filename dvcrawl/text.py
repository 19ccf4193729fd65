"""Vietnamese text normalisation that keeps the published wording.

Sites mix NFD and NFC, use the Icelandic Ð (U+00D0) for Đ, paste no-break and zero-width
spaces from Word and sometimes double-encode entities. Readers want none of that, but tone-mark
placement ("hoá" vs "hóa") is the author's choice and is kept.
"""
import html
import re
import unicodedata
from urllib.parse import quote

_LOOKALIKES = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111"})
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"[\s\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_ENTITY = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+\d*);")
_D_WITH_STROKE = str.maketrans({"\u0110": "D", "\u0111": "d", "\u00d0": "D", "\u00f0": "d"})


def normalize(text: str | None) -> str:
    """Return `text` as NFC with look-alike letters fixed, entities decoded and spaces collapsed."""
    if not text:
        return ""
    if "&" in text and _ENTITY.search(text):
        text = html.unescape(text)
    text = unicodedata.normalize("NFC", text)
    if "\u00d0" in text or "\u00f0" in text:  # str.translate walks every character: only when needed
        text = text.translate(_LOOKALIKES)
    for space in "\n\r\t\u00a0":  # the usual spaces besides " ": made " " (cheap str.replace)
        if space in text:
            text = text.replace(space, " ")
    if text.isprintable():
        # Fast path: every zero-width character and every space but " " is non-printable
        # (Unicode "Other" or "Separator"), so only runs of " " and outer ones are left to fix.
        while "  " in text:
            text = text.replace("  ", " ")
        return text.strip(" ")
    text = _ZERO_WIDTH.sub("", text)
    # str.split() splits on exactly the characters _SPACES matches (all are str.isspace()), faster
    return " ".join(text.split())


def normalize_or_none(text: str | None) -> str | None:
    """Like `normalize`, but an empty result is None (for optional fields)."""
    return normalize(text) or None


_DIGITS = re.compile(r"\d[\d.,\s]*")
_VIEW_LABEL = re.compile(r"(?:lượt\s*xem|số\s*lần\s*đọc|lượt\s*đọc|số\s*lượt\s*xem|đã\s*xem|lượt\s*truy\s*cập\s*bài)"
                         r"\s*[:：]?\s*(\d[\d.,]*)", re.I)
_VIEW_AFTER = re.compile(r"(?<![\d/.-])(\d[\d.,]*)\s*(?:lượt\s*(?:xem|đọc)|lần\s*đọc)", re.I)


def _digits(text: str) -> int | None:
    digits = re.sub(r"\D", "", text)
    return int(digits) if digits else None


def labelled_count(text: str) -> int | None:
    """The number of a labelled counter: "Lượt xem: 1.234" or "1.234 lượt xem", or None."""
    found = _VIEW_LABEL.search(text) or _VIEW_AFTER.search(text)
    return _digits(found.group(1)) if found else None


def parse_count(text: str | None) -> int | None:
    """Read a view counter such as "1.234", "1,234" or "Lượt xem: 59" as an int.

    Vietnamese sites group thousands with "." (sometimes ","), never use decimals in counters.
    A labelled counter is read wherever it is, also in a date line ("12/06/2025 | Lượt xem:
    59"); otherwise a counter is never a date, so anything shaped like a date is refused.
    """
    if not text:
        return None
    text = normalize(text)
    labelled = labelled_count(text)
    if labelled is not None:
        return labelled
    if re.search(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{1,2}:\d{2}", text):
        return None
    match = _DIGITS.search(text)
    return _digits(match.group()) if match else None


def _without_marks(text: str) -> str:
    """Vietnamese letters without tone marks or diacritics ("Đảng" → "Dang")."""
    text = unicodedata.normalize("NFKD", text.translate(_D_WITH_STROKE))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def transliterate(text: str) -> str:
    """`text` in ASCII for places that allow nothing else (HTTP headers): Vietnamese letters
    without their marks ("dân vận" → "dan van", "Đảng" → "Dang"); any other non-ASCII
    character percent-encoded as UTF-8, so nothing is silently lost."""
    text = _without_marks(text)
    return text if text.isascii() else "".join(ch if ch.isascii() else quote(ch, safe="") for ch in text)


def fold(text: str | None) -> str:
    """Lower case without tone marks or diacritics ("Công tác Dân vận" → "cong tac dan van"):
    for matching names that sites write with or without marks, in any case or in URL slugs."""
    return _without_marks(normalize(text)).lower()
