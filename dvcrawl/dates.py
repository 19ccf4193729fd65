"""Publication dates as the sites show them, day first, in Asia/Ho_Chi_Minh.

Explicit patterns cover every format the supported sites use; dateparser (vi, DMY) is only a
fallback for formats nobody has written a pattern for yet. The result is ISO 8601 with +07:00
when the page shows a time, `YYYY-MM-DD` when it shows only a date, and None when the text is
not a real date (31/02/2020 is refused, not rolled over).
"""
import re
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache

VN_TZ = timezone(timedelta(hours=7), "Asia/Ho_Chi_Minh")

_ISO = re.compile(
    r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[T ](?P<H>\d{1,2}):(?P<M>\d{2})(?::\d{2}(?:\.\d+)?)?\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?)?"
)
_TIME = r"(?P<H>\d{1,2})\s*(?:[:h]|giờ)\s*(?P<M>\d{2})(?:[:]\d{2})?"
_DMY = r"(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})"
_WORDS = r"ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})"
_SEP = r"[\s,|\-–—(]*"
_PATTERNS = [
    re.compile(_DMY + _SEP + _TIME, re.I),  # 25/3/2020 10:37 · Thứ Sáu, 23/07/2021 | 16:05
    re.compile(_TIME + r"(?:\s*(?:sa|ch|am|pm))?" + _SEP + r"(?:ngày\s*)?" + _DMY, re.I),  # 16:05 23/07/2021
    re.compile(_WORDS + r"(?:" + _SEP + _TIME + r")?", re.I),
    re.compile(_DMY, re.I),  # 24.02.2020 · 3/12/2020
]


def _build(y, m, d, hh=None, mm=None, tz=None) -> str | None:
    try:
        day = date(int(y), int(m), int(d))
        if hh is None:
            return day.isoformat()
        moment = datetime(day.year, day.month, day.day, int(hh), int(mm))
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
    text = " ".join(text.split())
    match = _ISO.search(text)
    if match and (match.group("H") or not re.search(r"\d{1,2}[/.]\d{1,2}[/.]\d{4}", text)):
        g = match.groupdict()
        return _build(g["y"], g["m"], g["d"], g["H"], g["M"], g["tz"])
    for pattern in _PATTERNS:
        match = pattern.search(text)
        if match:
            g = match.groupdict()
            return _build(g["y"], g["m"], g["d"], g.get("H"), g.get("M"))
    return _dateparser_fallback(text) if fallback else None


@lru_cache(maxsize=1024)
def _dateparser_fallback(text: str) -> str | None:
    """Last resort for a format no pattern knows; only used when it finds a year in the text."""
    if not re.search(r"\b(19|20)\d{2}\b", text):
        return None
    import dateparser  # imported lazily: it is slow to load and rarely needed

    parsed = dateparser.parse(
        text,
        languages=["vi"],
        settings={"DATE_ORDER": "DMY", "TIMEZONE": "Asia/Ho_Chi_Minh",
                  "RETURN_AS_TIMEZONE_AWARE": True, "PREFER_DAY_OF_MONTH": "first",
                  "STRICT_PARSING": True},
    )
    if parsed is None:
        return None
    parsed = parsed.astimezone(VN_TZ)
    return parsed.replace(second=0, microsecond=0).isoformat(timespec="seconds")


def is_future(published: str, now: datetime | None = None, slack: timedelta = timedelta(days=1)) -> bool:
    """True when `published` lies beyond now (plus a day's slack for clock and timezone skew)."""
    now = now or datetime.now(VN_TZ)
    if len(published) == 10:
        return date.fromisoformat(published) > (now + slack).date()
    return datetime.fromisoformat(published) > now + slack
