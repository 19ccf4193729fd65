"""Text as the search index sees it: folded to plain letters, split into words, and snippets.

Vietnamese readers type queries with or without diacritics ("dan van kheo" for "Dân vận
khéo"), so both backends index and query the *folded* text: every letter reduced to its base
letter, đ/Đ to d/D (Unicode does not decompose đ, so remove_diacritics alone would keep it).
Folding maps one character to one character, so an offset in the folded text is the same
offset in the original: snippets are cut from the original text where the folded one matches.
"""
import re
import unicodedata

_WORD = re.compile(r"\w+")


def _fold_table() -> dict[int, str]:
    table = {ord("đ"): "d", ord("Đ"): "D", ord("ð"): "d", ord("Ð"): "D"}
    for block in (range(0x00C0, 0x0250), range(0x1E00, 0x1F00)):  # Latin-1 … Latin Extended Additional
        for cp in block:
            base = unicodedata.normalize("NFD", chr(cp))[0]
            if base != chr(cp) and base.isascii():
                table.setdefault(cp, base)
    return table


_FOLD = _fold_table()


def fold(text: str) -> str:
    """`text` with diacritics removed and đ as d, character for character (same length)."""
    return unicodedata.normalize("NFC", text).translate(_FOLD)


def terms(query: str) -> list[str]:
    """The folded, lower-case words of a query (what both backends match on)."""
    return _WORD.findall(fold(query).lower())


def document_key(ref: str) -> str:
    """A document number as compared: no spaces, one kind of dash, folded, upper case
    ("114-KL/TW", "59/2023/NĐ-CP" and "59/2023/nd-cp" are one key each)."""
    return fold(re.sub(r"\s+", "", ref).replace("–", "-").replace("—", "-")).upper()


def person_key(name: str) -> str:
    """A person's name as compared: folded, lower case, single spaces."""
    return " ".join(terms(name))


def snippet(text: str, words: list[str], width: int = 200) -> str:
    """About `width` characters of `text` around the first place its words match (the whole
    phrase if it occurs, else the first word), cut at word boundaries, with … where cut."""
    text = unicodedata.normalize("NFC", " ".join(text.split()))
    if len(text) <= width:
        return text
    folded = fold(text).lower()
    at = -1
    for pattern in ([r"\W+".join(map(re.escape, words))] if words else []) + [re.escape(w) for w in words]:
        found = re.search(rf"\b{pattern}\b", folded)
        if found:
            at = found.start()
            break
    start = max(0, at - width // 4) if at > 0 else 0
    if start:
        start = text.find(" ", start) + 1 or start
    end = min(len(text), start + width)
    if end < len(text):
        end = text.rfind(" ", start, end) if " " in text[start:end] else end
    return ("…" if start else "") + text[start:end].strip() + ("…" if end < len(text) else "")
