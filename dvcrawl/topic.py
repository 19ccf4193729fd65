"""Dân vận relevance: a label and a score for each article, from Vietnamese keyword rules.

Công tác dân vận is the Party's work with the people: the dân vận committees (Ban Dân vận),
the Fatherland Front (Mặt trận Tổ quốc, MTTQ) and the mass organisations (Hội Nông dân, Hội
Liên hiệp Phụ nữ, Đoàn Thanh niên, Hội Cựu chiến binh, Công đoàn), grassroots democracy
(Quy chế dân chủ ở cơ sở), dialogues between leaders and the people, religious and ethnic
affairs, and the "Dân vận khéo" emulation movement. An article is relevant when it is about
that work, not when it merely mentions "nhân dân".

How the score is computed (all matching is on lower-cased NFC text, whole words):

- every rule below is a phrase with a weight; a phrase counts once per article part;
- hits in the title weigh x3, in the lead x2, in the body x1 (the body's hits are capped at
  two per phrase, so long articles do not win by length);
- raw = sum of weight x part factor x hits; score = raw / (raw + 5), in [0, 1);
- label `relevant` when score >= 0.5 (raw >= 5), else `other`.

So one strong phrase in the title (3 x 3 = 9) is enough; a farming or tourism story that
mentions the Front once in passing (3 x 1) is not.

The generic spider exports `relevant` articles, and also articles scoring at least
SECTION_THRESHOLD (0.3, raw >= ~2.1) that it found listed in a section named dân vận (the
section's URL, heading or title says so): a short dân vận item with few keywords is not lost,
while unrelated stories in the list (score 0 or close) still are left out.
"""
from dataclasses import dataclass

from dvcrawl.extract.page import SECTION_WORDS
from dvcrawl.text import normalize

THRESHOLD = 0.5
SECTION_THRESHOLD = 0.3
_HALF = 5.0  # raw score giving 0.5

# (phrase, weight). Strong: the phrase names dân vận work itself.
STRONG = 3.0
MEDIUM = 1.5
WEAK = 0.5
RULES: tuple[tuple[str, float], ...] = (
    ("dân vận", STRONG),                       # công tác dân vận, Ban Dân vận, Dân vận khéo
    ("mặt trận tổ quốc", STRONG),
    ("mttq", STRONG),
    ("quy chế dân chủ", STRONG),
    ("dân chủ ở cơ sở", STRONG),
    ("đối thoại với nhân dân", STRONG),
    ("đối thoại trực tiếp", STRONG),
    ("tiếp xúc, đối thoại", STRONG),
    ("công tác dân tộc", STRONG),
    ("công tác tôn giáo", STRONG),
    ("tín ngưỡng, tôn giáo", STRONG),
    ("người có uy tín", STRONG),
    ("khối đại đoàn kết", STRONG),
    ("đại đoàn kết toàn dân", STRONG),
    ("giám sát và phản biện xã hội", STRONG),
    ("phản biện xã hội", MEDIUM),
    ("tổ chức chính trị - xã hội", MEDIUM),
    ("đoàn thể chính trị", MEDIUM),
    ("đoàn thể", MEDIUM),
    ("hội nông dân", MEDIUM),
    ("hội liên hiệp phụ nữ", MEDIUM),
    ("hội phụ nữ", MEDIUM),
    ("đoàn thanh niên", MEDIUM),
    ("hội cựu chiến binh", MEDIUM),
    ("liên đoàn lao động", MEDIUM),
    ("công đoàn", MEDIUM),
    ("tiếp dân", MEDIUM),
    ("đối thoại", MEDIUM),
    ("tôn giáo", MEDIUM),
    ("chức sắc", MEDIUM),
    ("đồng bào dân tộc", MEDIUM),
    ("vận động nhân dân", MEDIUM),
    ("tuyên truyền, vận động", MEDIUM),
    ("nắm tình hình nhân dân", MEDIUM),
    ("tình hình tư tưởng", MEDIUM),
    ("kiến nghị của", WEAK),
    ("khu dân cư", WEAK),
    ("đoàn viên, hội viên", WEAK),
    ("hội viên", WEAK),
    ("an sinh xã hội", WEAK),
    ("nhân dân", WEAK),
)
_PART_FACTOR = {"title": 3.0, "summary": 2.0, "body": 1.0}
_BODY_CAP = 2


@dataclass(frozen=True)
class Topic:
    label: str     # "relevant" | "other"
    score: float   # in [0, 1)
    hits: tuple[str, ...] = ()  # the phrases found, for maintainers


def in_section_words(text: str | None) -> bool:
    """True when a section name or URL says dân vận ("Công tác dân vận", /cong-tac-dan-van/)."""
    return bool(text) and bool(SECTION_WORDS.search(normalize(text)))


def _prepare(text: str | None) -> str:
    return normalize(text).lower().replace("mttq việt nam", "mttq")


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"  # exactly the regex class \w


def _whole_words(text: str, phrase: str, limit: int) -> int:
    r"""Occurrences of `phrase` in `text` not inside a longer word, counted up to `limit`.

    What `re.findall(r"(?<!\w)phrase(?!\w)")` counts, with str.find: a regex without a
    literal prefix tries every position of a long body."""
    count, start = 0, text.find(phrase)
    while start != -1 and count < limit:
        end = start + len(phrase)
        if (start == 0 or not _is_word_char(text[start - 1])) and (end == len(text) or not _is_word_char(text[end])):
            count += 1
            start = text.find(phrase, end)
        else:
            start = text.find(phrase, start + 1)
    return count


def classify(title: str | None, summary: str | None = None, body: str | None = None) -> Topic:
    """The dân vận label and score of one article (see the module docstring for the rules)."""
    raw, hits = 0.0, []
    parts = {"title": _prepare(title), "summary": _prepare(summary), "body": _prepare(body)}
    every_part = "\0".join(parts.values())  # most phrases are in no part: one search tells
    for phrase, weight in RULES:
        if phrase not in every_part:
            continue
        for part, text in parts.items():
            count = _whole_words(text, phrase, _BODY_CAP if part == "body" else 1)
            if not count:
                continue
            raw += weight * _PART_FACTOR[part] * count
            if phrase not in hits:
                hits.append(phrase)
    score = round(raw / (raw + _HALF), 3) if raw else 0.0
    return Topic(label="relevant" if score >= THRESHOLD else "other", score=score, hits=tuple(hits))
