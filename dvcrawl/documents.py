"""Numbered Party and State documents cited in an article ("Kết luận số 114-KL/TW").

Pure text in, fields out. Analysts ask first which documents an article implements, so every
reference is written one way, whatever spacing or dash the site printed: Party documents as
`<number>-<code>/<issuer>` (`25-NQ/TW`, `11-QĐi/TW`), State documents as
`<number>/<year>/<code>-<agency>`, `<number>/<year>/<agency>` or `<number>/<code>-<agency>`
(`59/2023/NĐ-CP`, `10/2022/QH15`, `16/CT-TTg`, `1234/UBND-NC`). A reference needs a number
and a code: "Nghị quyết số 25", dates, phone and licence numbers are never documents.
"""
import re
from datetime import date

# What a document code means (the ref's code part, or the printed type word when it has none).
KINDS = {
    "NQ": "Nghị quyết", "CT": "Chỉ thị", "KL": "Kết luận", "QĐ": "Quyết định",
    "QĐi": "Quy định", "QC": "Quy chế", "HD": "Hướng dẫn", "KH": "Kế hoạch",
    "TB": "Thông báo", "CTr": "Chương trình", "BC": "Báo cáo", "CV": "Công văn",
    "NĐ": "Nghị định", "TT": "Thông tư", "TTLT": "Thông tư liên tịch", "PL": "Pháp lệnh",
    "ĐA": "Đề án", "TTr": "Tờ trình", "CĐ": "Công điện", "QyĐ": "Quy định",
}
_TYPE_WORDS = ("Nghị quyết", "Chỉ thị", "Kết luận", "Quyết định", "Quy định", "Quy chế",
               "Hướng dẫn", "Kế hoạch", "Thông báo", "Chương trình", "Báo cáo", "Công văn",
               "Nghị định", "Thông tư liên tịch", "Thông tư", "Pháp lệnh", "Luật", "Đề án",
               "Tờ trình", "Công điện")
_UPPER = "A-ZĐ"
_CODE = rf"[{_UPPER}][{_UPPER}]*[a-z]?[{_UPPER}]*"            # NQ, QĐi, CTr, TTg
_PART = rf"[{_UPPER}][{_UPPER}a-z0-9]*"                      # TW, BDVTU, UBND, QH15, TTg
_DASH = r"\s*[-\u2010\u2011\u2012\u2013\u2014\u2212]\s*"
_SLASH = r"\s*/\s*"
_END = r"(?![\wĐđ])"
_ISSUER = rf"{_PART}(?:-{_PART})*"
_REFERENCE = re.compile(
    rf"(?<![\w/.,-])(?P<number>\d{{1,5}}[a-z]?)(?:"
    rf"{_SLASH}(?P<year>(?:19|20)\d\d){_SLASH}(?P<ycode>{_PART})(?:{_DASH}(?P<yissuer>{_ISSUER}))?"
    rf"|{_SLASH}(?P<scode>{_CODE}){_DASH}(?P<sissuer>{_ISSUER})"
    rf"|{_DASH}(?P<pcode>{_CODE}){_SLASH}(?P<pissuer>{_ISSUER})"
    rf"){_END}")
_TYPE_BEFORE = re.compile(rf"({'|'.join(_TYPE_WORDS)})(?:\s+(?:số|Số))?\s*$", re.I)
_DATE_AFTER = re.compile(  # "ngày 03/6/2013", "ngày 5-3-2024", "ngày 06 tháng 01 năm 2020"
    r"^\s*,?\s*(?:ban hành\s+)?(?:ngày|ngay)\s+(\d{1,2})\s*"
    r"(?:[/.-]\s*(\d{1,2})\s*[/.-]|\s+tháng\s+(\d{1,2})\s+năm)\s*(\d{4})", re.I)
_LICENCE = re.compile(r"(giấy phép|gp)\W*(số)?\W*$", re.I)
# "Chỉ thị số 05, 06-CT/TW", "Nghị quyết số 57 và 59-NQ/TW": numbers listed before a reference
# share its code; the type word or "số" before the list tells them from counts ("35/35 chi bộ").
_LISTED_BEFORE = re.compile(
    rf"(?:{'|'.join(_TYPE_WORDS)}|số|Số)\s+((?:\d{{1,5}}[a-z]?\s*(?:,|và)\s*)+)$", re.I)
_LISTED_NUMBER = re.compile(r"\d{1,5}[a-z]?")


# Every reference has a slash before a capital letter ("-NQ/TW", "/NĐ-CP", "/QH15") and dates
# have none: a scan for that literal slash is some hundred times cheaper than the full pattern,
# which then only reads a few characters around each hit.
_HINT = re.compile(r"/[^\S\n]*[A-ZĐ]")


def _references(text: str):
    """The matches of `_REFERENCE` in `text`, found around the hints only."""
    covered = 0
    for hint in _HINT.finditer(text):
        at = hint.start()
        if at < covered:
            continue
        for match in _REFERENCE.finditer(text, max(covered, at - 30), hint.end() + 60):
            if match.start() <= at < match.end():
                covered = match.end()
                yield match
                break


def _date_after(text: str) -> str | None:
    """The date of issue printed right after a reference ("… 25-NQ/TW ngày 07/4/2021"), as
    `YYYY-MM-DD`. Not `dates.parse_date`, which searches the whole text and reads times: only a
    "ngày …" date at the very start belongs to the document, a later one is another event's."""
    match = _DATE_AFTER.match(text)
    if not match:
        return None
    day, month, year = int(match[1]), int(match[2] or match[3]), int(match[4])
    try:
        return date(year, month, day).isoformat()
    except ValueError:  # 31/02: not a date, and not the document's
        return None


def _kind(code: str | None, issuer: str, printed: str | None) -> str | None:
    if printed:
        return printed[0].upper() + printed[1:].lower()
    if code in KINDS:
        return KINDS[code]
    if code is None and issuer.startswith("QH"):
        return "Luật"
    return "Công văn" if code is None else None


def _listed_before(before: str) -> re.Match | None:
    """The list of numbers `before` ends with, if any (tried only after a comma or "và")."""
    tail = before.rstrip()
    return _LISTED_BEFORE.search(before) if tail.endswith((",", " và")) else None


def find_documents(*texts: str | None) -> list[dict]:
    """The numbered documents cited in `texts` (title, lead, body), in order, each once."""
    found: dict[str, dict] = {}
    for text in texts:
        if not text:
            continue
        for match in _references(text):
            before = text[max(0, match.start() - 40):match.start()]
            if _LICENCE.search(before):
                continue
            listed = _listed_before(before)
            typed = before[:listed.start(1)] if listed else before
            for number in _LISTED_NUMBER.findall(listed[1]) if listed else ():
                _add(found, match, number, typed, None)
            when = _date_after(text[match.end():match.end() + 40])
            _add(found, match, match["number"], typed, when)
    return list(found.values())


def _add(found: dict[str, dict], match: re.Match, number: str, typed: str,
         when: str | None) -> None:
    """Record reference `match` under `number` once (its type word read from `typed`, the text
    before it, only then); a later mention may give its date."""
    year = match["year"]
    if year:  # `59/2023/NĐ-CP`, or `10/2022/QH15` with no type code
        code, issuer = ((match["ycode"], match["yissuer"]) if match["yissuer"]
                        else (None, match["ycode"]))
        ref = f"{number}/{year}/{code}-{issuer}" if code else f"{number}/{year}/{issuer}"
    elif match["scode"]:
        code, issuer = match["scode"], match["sissuer"]
        ref = f"{number}/{code}-{issuer}"
    else:
        code, issuer = match["pcode"], match["pissuer"]
        ref = f"{number}-{code}/{issuer}"
    if code == "GP":  # a licence (giấy phép), wherever it is printed
        return
    if code is not None and code not in KINDS and year is None and match["scode"]:
        # `1234/UBND-NC`: an agency and its office, the usual numbering of a Công văn
        code, issuer = None, f"{code}-{issuer}"
    if ref in found:  # first mention printed without its date: a later one may give it
        found[ref]["date"] = found[ref]["date"] or when
        return
    printed = _TYPE_BEFORE.search(typed)
    found[ref] = {"ref": ref, "kind": _kind(code, issuer, printed and printed[1]), "code": code,
                  "number": number, "issuer": issuer, "year": int(year) if year else None,
                  "date": when}
