"""Publication dates as the sites show them, day first, in Asia/Ho_Chi_Minh.

Explicit patterns cover every format the supported sites use; dateparser (vi, DMY) is only a
fallback for formats nobody has written a pattern for yet. The result is ISO 8601 with +07:00
when the page shows a time, `YYYY-MM-DD` when it shows only a date, and None when the text is
not a real date (31/02/2020 is refused, not rolled over).

Besides numbers, sites write months as words (WordPress's Vietnamese locale: "12 Tháng Sáu,
2025", "Th6 12, 2025"; English templates: "June 12, 2025") and times on a 12-hour clock with
SA/CH (sáng, chiều: what ASP.NET and SharePoint print for a Vietnamese culture), the words
themselves, or AM/PM.
"""
import re
import unicodedata
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache

VN_TZ = timezone(timedelta(hours=7), "Asia/Ho_Chi_Minh")

_ISO = re.compile(
    r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[T ](?P<H>\d{1,2}):(?P<M>\d{2})(?::\d{2}(?:\.\d+)?)?\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?)?"
)
# a 12-hour clock's half of the day: SA/CH or sáng/chiều/tối (WordPress's Vietnamese), AM/PM
_MERIDIEM = r"(?:\s*(?P<ap>sa|ch|sáng|chiều|tối|am|pm|a\.m\.|p\.m\.)(?!\w))?"
_TIME = r"(?P<H>\d{1,2})\s*(?:[:h]|giờ)\s*(?P<M>\d{2})(?:[:]\d{2})?" + _MERIDIEM
_DMY = r"(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})"
_WORDS = r"ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})"
# A month as a word: "Tháng Sáu", "tháng 6", "Th6" (Vietnamese), "June", "Jun." (English).
_MONTH_NAMES = {"một": 1, "giêng": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6,
                "bảy": 7, "tám": 8, "chín": 9, "mười": 10, "mười một": 11, "mười hai": 12, "chạp": 12}
_ENGLISH_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
                   "october", "november", "december")
_ENGLISH_MONTH_NUMBERS = {name[:3]: number for number, name in enumerate(_ENGLISH_MONTHS, 1)}
_MONTH = (r"(?:(?:tháng|th)\s*(?P<mw>\d{1,2}(?!\d)|" + "|".join(sorted(_MONTH_NAMES, key=len, reverse=True)) +
          r")(?!\w)|(?P<en>" + "|".join(_ENGLISH_MONTHS) + "|" + "|".join(m[:3] for m in _ENGLISH_MONTHS) +
          r"|sept)\.?(?![a-z]))")
_SEP = r"[\s,|\-–—(]*"
_AT_TIME = r"(?:" + _SEP + r"(?:lúc\s*|at\s+)?" + _TIME + r")?"  # "12 Tháng Sáu, 2025 lúc 8:15 chiều"
_PATTERNS = [
    re.compile(_DMY + _SEP + _TIME, re.I),  # 25/3/2020 10:37 · Thứ Sáu, 23/07/2021 | 16:05
    re.compile(_TIME + _SEP + r"(?:ngày\s*)?" + _DMY, re.I),  # 16:05 23/07/2021
    re.compile(_WORDS + r"(?:" + _SEP + _TIME + r")?", re.I),
    re.compile(_DMY, re.I),  # 24.02.2020 · 3/12/2020
    # 12 Tháng Sáu, 2025 · 12 tháng 6 năm 2025 · 12 June 2025
    re.compile(r"(?<!\d)(?P<d>\d{1,2})\s+" + _MONTH + r"\s*,?\s*(?:năm\s+)?(?P<y>\d{4})" + _AT_TIME, re.I),
    # Tháng Sáu 12, 2025 · Th6 12, 2025 · June 12, 2025
    re.compile(_MONTH + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?\s*,\s*(?P<y>\d{4})" + _AT_TIME, re.I),
]


def _month(g: dict) -> str:
    """The month of a match: a number, a Vietnamese month word or an English month name."""
    if g.get("m"):
        return g["m"]
    if g.get("en"):
        return str(_ENGLISH_MONTH_NUMBERS[g["en"][:3].lower()])
    word = " ".join(g["mw"].lower().split())
    return word if word.isdigit() else str(_MONTH_NAMES[word])


def _hour(hh: str, meridiem: str | None) -> int:
    """The hour on a 24-hour clock: 8 CH is 20, 12 SA is 0."""
    hour = int(hh)
    if meridiem and hour <= 12:
        afternoon = meridiem.lower().replace(".", "") in ("ch", "chiều", "tối", "pm")
        hour = hour % 12 + (12 if afternoon else 0)
    return hour


def _build(y, m, d, hh=None, mm=None, tz=None, meridiem=None) -> str | None:
    try:
        day = date(int(y), int(m), int(d))
        if hh is None:
            return day.isoformat()
        moment = datetime(day.year, day.month, day.day, _hour(hh, meridiem), int(mm))
    except ValueError:
        return None
    if tz and tz != "Z":
        sign = 1 if tz[0] == "+" else -1
        digits = tz[1:].replace(":", "")
        offset = timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
        moment = moment.replace(tzinfo=offset).astimezone(VN_TZ)
    elif tz == "Z":
        moment = moment.replace(tzinfo=timezone.utc).astimezone(VN_TZ)
    else:
        moment = moment.replace(tzinfo=VN_TZ)
    return moment.isoformat(timespec="seconds")


@lru_cache(maxsize=4096)  # a page's date is read twice (drift check, field); list dates repeat
def parse_date(text: str | None, fallback: bool = True) -> str | None:
    """Parse one Vietnamese date string; see the module docstring for the result."""
    if not text:
        return None
    text = unicodedata.normalize("NFC", " ".join(text.split()))
    match = _ISO.search(text)
    if match and (match.group("H") or not re.search(r"\d{1,2}[/.]\d{1,2}[/.]\d{4}", text)):
        g = match.groupdict()
        return _build(g["y"], g["m"], g["d"], g["H"], g["M"], g["tz"])
    for pattern in _PATTERNS:
        match = pattern.search(text)
        if match:
            g = match.groupdict()
            return _build(g["y"], _month(g), g["d"], g.get("H"), g.get("M"), meridiem=g.get("ap"))
    return _dateparser_fallback(text) if fallback else None


@lru_cache(maxsize=1024)
def _dateparser_fallback(text: str) -> str | None:
    """Last resort for a format no pattern knows; only used when it finds a year in the text,
    and its answer only when it is that year (dateparser fills what it cannot read from today:
    "12 Tháng Sáu, 2025" came back as a January 2027 date). A text without a time gives a date."""
    years = set(re.findall(r"\b((?:19|20)\d{2})\b", text))
    if not years:
        return None
    import dateparser  # imported lazily: it is slow to load and rarely needed

    parsed = dateparser.parse(
        text,
        languages=["vi", "en"],
        settings={"DATE_ORDER": "DMY", "TIMEZONE": "Asia/Ho_Chi_Minh",
                  "RETURN_AS_TIMEZONE_AWARE": True, "PREFER_DAY_OF_MONTH": "first",
                  "STRICT_PARSING": True},
    )
    if parsed is None or str(parsed.year) not in years:
        return None
    if not re.search(r"\d\s*(?:[:h]|giờ)\s*\d{2}", text):
        return parsed.date().isoformat()
    parsed = parsed.astimezone(VN_TZ)
    return parsed.replace(second=0, microsecond=0).isoformat(timespec="seconds")


def is_future(published: str, now: datetime | None = None, slack: timedelta = timedelta(days=1)) -> bool:
    """True when `published` lies beyond now (plus a day's slack for clock and timezone skew)."""
    now = now or datetime.now(VN_TZ)
    if len(published) == 10:
        return date.fromisoformat(published) > (now + slack).date()
    return datetime.fromisoformat(published) > now + slack
