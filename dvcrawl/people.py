"""Persons named in an article, with the position printed next to them.

Pure text in, fields out. Readers ask which officials took part, so every person named in
the title, lead and body is listed once, in order of first appearance, as
`{"name": "Nguyễn Văn A", "role": "Phó Bí thư Thường trực Tỉnh ủy" | None}`.

A name is a run of 2–5 capitalised syllables that starts with a Vietnamese family name, or
follows a word that only precedes persons ("đồng chí", "ông", "bà", a military rank…). Runs
that name a place or an organisation ("xã Chu Hương", "Huyện ủy Trần Văn Thời", "tư tưởng
Hồ Chí Minh") are not persons. The role is the position printed after the name ("X, Phó Bí
thư…", "X - Ủy viên…", "X (Chủ tịch…)"), before it ("Bí thư Tỉnh ủy X") or both, read with a closed
vocabulary of position and body words, so it ends where the sentence goes on ("… chủ trì hội
nghị"). Regular expressions only: this runs on every crawled article. The text is expected
normalised (`dvcrawl.text.normalize`): words are parted by one space, paragraphs by newlines, and
neither a name nor a position runs on into the next paragraph.
"""
import re

from dvcrawl.names import FAMILY_NAMES

_UPPER = "A-ZÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬĐÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
_LOWER = _UPPER.lower()
_WORD_END = r"(?![\w'’])"

_FAMILY = "|".join(sorted(FAMILY_NAMES, key=len, reverse=True))
# Words that only ever precede a person: kept out of the name.
_CUES = (r"đồng chí|Đồng chí|đ/c|Đ/c|ông|Ông|bà|Bà|anh|Anh|chị|Chị|cháu|Cháu|cụ|Cụ|em|Em"
         r"|già làng|Già làng|nghệ nhân|Nghệ nhân|linh mục|Linh mục|mục sư|Mục sư|Hòa thượng"
         r"|Thượng tọa|Đại đức|[Tt]hầy giáo|[Cc]ô giáo|[Nn]hà báo"
         r"|PGS\.? ?TS\.?|GS\.? ?TS\.?|TS\.?|ThS\.?|BS\.?|Tiến sĩ|Thạc sĩ"
         r"|Bác sĩ|(?:Đại|Thượng|Trung|Thiếu) (?:tướng|tá|úy|uý)|Chuẩn úy|Binh nhất|Binh nhì"
         r"|(?:Thượng|Trung|Hạ) sĩ")
# Where a position begins.
_ROLE_HEADS = (
    r"(?:[Nn]guyên )?(?:"
    r"(?:Phó |phó )?(?:Bí thư|Chủ tịch|Chủ nhiệm|Giám đốc|Tổng Giám đốc|Chánh|Thủ tướng"
    r"|Tổng Bí thư|Trưởng|trưởng|Chỉ huy trưởng|Chính ủy|Chính uỷ|Tư lệnh|Viện trưởng"
    r"|Hiệu trưởng|Bộ trưởng|Thứ trưởng|Cục trưởng|Vụ trưởng|Tổng Thư ký|Thư ký|Tổ trưởng"
    r"|Đội trưởng|Chi hội trưởng|Trưởng đoàn|Chủ tọa|Tổng biên tập|Tổng Biên tập"
    r"|Tổng Tham mưu trưởng|Tham mưu trưởng|Chánh án|Thẩm phán|Kiểm sát viên|Chuyên viên"
    r"|Giảng viên|Phóng viên|Thường trực|Tổng cục trưởng|Đồn trưởng|Trạm trưởng"
    r"|Trung đoàn trưởng|Sư đoàn trưởng|Chính trị viên|Quản xứ|Quản nhiệm|Trụ trì)"
    r"|bí thư|chủ tịch|phó chủ tịch|chủ nhiệm|giám đốc|tổ trưởng|chi hội trưởng"
    r"|trưởng (?:thôn|ấp|bản|buôn|khu phố|xóm|khóm)"
    r"|(?:Tỉnh|Huyện|Thành|Quận|Thị|Đảng) (?:ủy|uỷ) viên|Ủy viên|Uỷ viên|ủy viên|uỷ viên"
    r"|Thành viên|thành viên|hội viên|Hội viên|đoàn viên|đảng viên"
    r"|Đại biểu Quốc hội|đại biểu Quốc hội|Đại biểu HĐND|đại biểu HĐND"
    r"|Người có uy tín|người có uy tín|cán bộ|công chức|giáo viên|bác sĩ|chiến sĩ|giảng viên"
    r"|chuyên viên|phóng viên|nhân viên|kiểm sát viên|đồn trưởng|trạm trưởng"
    r"|(?:UV|TU|HU|ĐU|TV|BTV|UVBTV|UVTV|UVBCH|TUV|HUV|ĐUV|TVTU|TVHU|UVTW|UVTƯ|PBT|PCT)(?!\w))")
# Lower-case words a position or the body it belongs to is written with; anything else (a verb:
# "chủ trì", "dự", "cho biết") ends it. Nouns only: "chỉ đạo" and "thực hiện" only in "Ban Chỉ
# đạo thực hiện …".
_ROLE_WORDS = (
    "ủy ban|uỷ ban|ủy viên|uỷ viên|ủy|uỷ|ban|thường trực|thường vụ|tỉnh ủy|tỉnh uỷ|huyện ủy"
    "|huyện uỷ|thành ủy|thành uỷ|quận ủy|thị ủy|đảng ủy|đảng uỷ|tỉnh|huyện|xã|phường|thị trấn"
    "|thị xã|thành phố|quận|thôn|ấp|bản|buôn|plei|sóc|xóm|khóm|khu phố|tổ dân phố|khu dân cư|làng"
    "|hội đồng nhân dân|đồng nhân dân|nhân dân|đảng bộ|chi bộ|chi hội|đoàn thể|khối|cơ quan"
    "|doanh nghiệp|dân vận|tuyên giáo|mặt trận|tổ quốc|lao động|nông dân|phụ nữ|cựu chiến binh"
    "|thanh thiếu niên|thanh niên|cộng sản|liên hiệp|liên đoàn|(?<=[Bb]an )chỉ đạo"
    "|(?<=đạo )thực hiện|phong trào|thi đua|giai đoạn|nhiệm kỳ|khóa|khoá|đại biểu|quốc hội"
    "|văn phòng|phòng|sở|ngành|chấp hành|trưởng|phó|của|các|trực thuộc|cấp|cơ sở|chuyên trách"
    "|quân sự|công an|biên phòng|bộ đội|chính trị|xã hội|dân tộc|tôn giáo|văn hóa|văn hoá"
    "|giáo dục|y tế|nội vụ|tài chính|tư pháp|nông nghiệp|phát triển nông thôn|nông thôn mới"
    "|thương binh|giao thông|vận tải|công thương|thông tin|truyền thông|khoa học|công nghệ"
    "|trường|hợp tác xã|thanh tra|kiểm tra|nội chính|kinh tế|mầm non|tiểu học|trung học"
    "|chữ thập đỏ|người cao tuổi|cao tuổi|nghèo|nhà trường|hưu trí|chi nhánh|dân chủ|xung phong"
    "|quốc gia|công ty|hội thi|hội diễn|hội thao|khuyến học|đô thị văn minh|tự quản|an ninh"
    "|trật tự|quốc phòng"
    "|chính quyền|đại đoàn kết|lực lượng vũ trang|dân quân|thể thao|du lịch|nhi đồng|tiền phong"
    "|trung ương|đảng|hội đồng|bí thư|chủ tịch|giám đốc|chủ nhiệm|thành viên|hội viên|tổ trưởng"
    "|dự khuyết|khu vực|trong(?= đồng bào)|đồng bào|nước|nhà nước"
    # the communes' service centres (2025): "Trung tâm Phục vụ hành chính công xã …"
    "|phục vụ hành chính công(?! tác)|hành chính công(?! tác)|hành chính|(?<=chính )công(?! tác)|một cửa")
# Second syllables of capitalised words ("Dân vận", "Thường trực", "Ủy ban", "Cựu chiến binh").
_SECOND_SYLLABLES = (
    "vận|trực|vụ|hành|đạo|hiệp|ban|ủy|uỷ|phòng|ương|đồng(?! chủ)|bộ|tra|giáo|trận|quốc|dân|nữ"
    "|chiến|binh|niên|an|sự|dục|tế|hóa|hoá|thao|lịch|chính|nghiệp|thương|tịch|thư|trưởng|viên"
    "|đốc|nhiệm|lệnh|biểu|sản|tộc|trị|hội|xã|nhân|trấn|phố|thị|chức|động|học|nghệ|tin|thông"
    "|pháp|sát|tác|quan|tải|lượng|trang|trào|đua|đội|viện|đoàn|huy|tâm|vực|mưu|nguyện|kế|hoạch"
    "|tư|nguyên|trường|thủy|thuỷ|hộ|khẩu|phủ|tích|mại|bạc|thuế|ngoại|giao|nước|cứu|sinh|lợi|cảnh"
    "|dựng|xứ|ty|khu|gia|thi|ký|chế|cục|hàng|sách|thập|đỏ|thánh|quyền")
_CAPITAL = rf"[{_UPPER}](?:[{_LOWER}]|['’][{_UPPER}{_LOWER}])*"
_ROLE_TOKEN = (
    rf"(?:TP\.(?= [{_UPPER}])"                                  # "UBND TP. Hồ Chí Minh"
    rf"|(?:{_CAPITAL}|[{_UPPER}][{_UPPER}0-9]+[a-z]?)(?: (?:{_SECOND_SYLLABLES}){_WORD_END}){{0,3}}"
    rf"|(?:{_ROLE_WORDS})"
    rf"|(?:ở|tại)(?= (?:ấp|xã|thôn|bản|buôn|làng|plei|bon|sóc|xóm|khóm|tổ|khu|phường|thị trấn|huyện|tỉnh|cơ sở) )"
    rf"|và(?= (?!(?:{_FAMILY}) |{_ROLE_HEADS}|{_CUES})[{_UPPER}])"  # "Ban Tuyên giáo và Dân vận"
    rf"|\d+(?: ?[-–] ?\d+)?|“[^”]{{1,80}}”|\"[^\"]{{1,80}}\"){_WORD_END}")
_SEGMENT = (rf"(?:{_ROLE_HEADS}){_WORD_END}(?: (?:{_SECOND_SYLLABLES}){_WORD_END}){{0,3}}"
            rf"(?:(?: +| ?[-–] ?| +[-–] +)(?:{_ROLE_TOKEN}))*")
# The body or place a position belongs to, printed after a comma ("Trưởng Ban Xây dựng Đảng, Đảng
# ủy xã Sơn Đông", "Trưởng bản Nà Mò, xã Mường Lạn").
_BODY = (r"(?:(?:Đảng|Huyện|Tỉnh|Thành|Quận|Thị) (?:ủy|uỷ)|UBND|HĐND|Ban|Ủy ban|Uỷ ban|xã|phường|thị trấn|huyện"
         r"|tỉnh|thôn|bản|buôn|ấp)")
_ROLE = (rf"{_SEGMENT}(?:(?: *, *(?:kiêm +)?| +kiêm +)"
         rf"(?:{_SEGMENT}|(?:giai đoạn|nhiệm kỳ|khóa|khoá)(?: +{_ROLE_TOKEN})*"
         rf"|{_BODY}(?: +{_ROLE_TOKEN})+))*")
# An aside with a number between a name and its position: "Bà Lê Thị Hồng (68 tuổi), hội viên …".
_ASIDE = r"(?: *\([^()\n]{0,30}\d[^()\n]{0,30}\))?"
_AFTER = re.compile(rf"{_ASIDE} *(?:,|\(|-|–|—|:)? *({_ROLE})")
_HEAD = re.compile(rf"(?:{_ROLE_HEADS}){_WORD_END}")
_BEFORE = re.compile(rf"(?:^|(?<= ))({_ROLE}) *,? *(?:(?:{_CUES}) +)*$")

# A capitalised syllable that is not where a position or a body begins ("Nguyễn Văn A Bí thư").
_NOT_NAME = (r"(?:Thanh [Nn]iên|Cộng [Ss]ản|Bí thư|Chủ tịch|Chủ nhiệm|Giám đốc|Phó "
             r"|Trưởng (?:[Bb]an|phòng|thôn|ấp|đoàn|khoa)|Chi (?:bộ|hội)|Thị (?:xã|trấn|ủy)"
             r"|Thành (?:phố|ủy)|Ban |Hội |Đảng |Ủy |Uỷ |Ủy$|Xã |Huyện |Tỉnh |Phường |Quận "
             rf"|Thôn |Ấp |Tổ |Khu |Đoàn ){_WORD_END}")
_SYLLABLE = rf"(?!{_NOT_NAME})(?!(?:Bí|Phó|Chủ|Giám) ){_CAPITAL}"
# Runs of capitalised syllables, the only places a name can be (a cheap scan: it starts only at a
# capital letter). A run is a name where it starts with a family name or follows a cue word.
_RUN = re.compile(rf"{_CAPITAL}(?: +{_SYLLABLE}){{1,6}}{_WORD_END}")
_TOKEN = re.compile(r"\S+")
_CAPITAL_CUES = frozenset(("Ông", "Bà", "Anh", "Chị", "Cháu", "Cụ", "Em"))
_CUE_BEFORE = re.compile(rf"(?<![\w'’])(?:{_CUES}):? +$")  # "các đồng chí: Hầu A Lềnh, …"
# A run right after these words names a place or an organisation, not a person.
_PLACE_BEFORE = re.compile(
    r"(?:xã|phường|thị trấn|huyện|quận|thị xã|thành phố|TP\.?|tỉnh|ấp|thôn|bản|làng|khóm|xóm"
    r"|khu phố|tổ dân phố|đường|phố|trường|THCS|THPT|TH|tiểu học|mầm non|cầu|chợ|sông|núi"
    r"|huyện ủy|huyện uỷ|tỉnh ủy|tỉnh uỷ|thành ủy|thành uỷ|quận ủy|thị ủy|đảng ủy|đảng bộ|UBND"
    r"|HĐND|công ty|TNHH|cổ phần|tập đoàn|nhà máy|HTX|hợp tác xã|tư tưởng|phong cách|đạo đức"
    r"|tấm gương|cộng sản|TNCS|di tích|đền|chùa|nhà thờ|giáo xứ|họ|dòng họ|bảo tàng|giải thưởng"
    r"|quỹ|bệnh viện|trung tâm|nhà văn hóa|nhà văn hoá|lăng|tượng đài|huân chương|quê|lễ hội"
    r"|đảo|quần đảo|chuyên|đại học|học viện|cao đẳng|lưu niệm|quảng trường|đại lộ|hẻm|ngõ|kiệt"
    r"|khu) +$", re.I)
# "Tin, ảnh: Hoàng Mai", or a closing paragraph that is a name alone ("Hoàng Mai - Trung tâm
# VH-TT-TT"): a byline left in the text, not a person the article names.
_CREDIT_WORD = r"(?:tin|bài|ảnh|video|nguồn|tác giả|thực hiện)"
_CREDIT_BEFORE = re.compile(rf"(?:^|\n) *{_CREDIT_WORD}(?: *(?:,|và|&|/) *{_CREDIT_WORD})* *: *$", re.I)
_CREDIT_AFTER = re.compile(r" *(?:[-–(][^\n]{0,60})?$")
_CLAUSE_MARKS = (".", ";", ":", "!", "?", "(", "“", '"', "\n")
_NEW_UNIT = " (mới) "  # a province or commune as merged in 2025, printed after its name
_LEADER = "Hồ Chí Minh"  # Vietnam's first president: named as a person only as "Chủ tịch Hồ Chí Minh"


def _runs(text: str):
    """The runs of capitalised syllables of `text` that start a word ("TS Bùi" is "Bùi")."""
    pos = 0
    while run := _RUN.search(text, pos):
        if run.start() and text[run.start() - 1].isalnum():
            pos = run.start() + 1
            continue
        yield run
        pos = run.end()


def _is_credit(text: str, start: int, end: int, before: str) -> bool:
    if ":" in before[-40:] and _CREDIT_BEFORE.search(before[-40:]):
        return True
    closing_paragraph = start > 0 and text[start - 1] == "\n"  # of a body, never a title
    last_paragraph = "\n" not in text[end:].rstrip()
    return closing_paragraph and last_paragraph and _CREDIT_AFTER.match(text, end) is not None


def _role_before(window: str) -> str | None:
    if window.endswith(_NEW_UNIT):  # "Bí thư Tỉnh ủy Tuyên Quang (mới) Hầu A Lềnh"
        window = window[:-len(_NEW_UNIT)] + " "
    window = window[max(map(window.rfind, _CLAUSE_MARKS)) + 1:]  # from where the clause starts
    if window.lstrip()[:1] in (",", "-", "–", "—", "("):
        return None  # a position after the previous person's name belongs to that person
    match = _BEFORE.search(window)
    # capitalised, as a title before a name is: "với phóng viên, ông X" gives X no position
    return match[1] if match and not match[1][0].islower() else None


def _after_place_named(text: str, tokens: list, first: int) -> int:
    """Where the name starts in a run after a place word: "xã Tam Nông Trần Đức Long" names the
    commune (two syllables at least), then the person, at a family name that leaves three
    syllables or more ("tỉnh Nguyễn Thị Kim Chi" is one person: "Kim Chi" is no full name)."""
    if not _PLACE_BEFORE.search(text, max(0, tokens[0].start() - 30), tokens[0].start()):
        return first
    return next((i for i in range(2, len(tokens) - 2) if tokens[i][0] in FAMILY_NAMES), first)


def _next_person_at(text: str, start: int, end: int) -> int | None:
    """Where a position read after a name turns into the next person's ("Phó Thủ tướng Hồ Đức
    Phớc, Bộ trưởng Bộ Nội vụ Phạm Thị Thanh Trà"): the start of the part, after a comma, ";" or
    "và", that holds a full name (three syllables from a family name) no place word precedes."""
    pos = start
    while run := _RUN.search(text, pos, end):
        pos = run.end()
        tokens = list(_TOKEN.finditer(text, run.start(), run.end()))
        at = next((t.start() for t in tokens[:-2] if t[0] in FAMILY_NAMES), None)
        if (at is None or text.startswith(_LEADER, at)
                or _PLACE_BEFORE.search(text, max(0, at - 30), at)):
            continue
        part_starts = [i + len(mark) for mark in (", ", "; ", " và ")
                       if (i := text.rfind(mark, start, at)) >= 0]
        return max(part_starts, default=start)
    return None


def _joined(before: str | None, after: str | None) -> str | None:
    """Positions printed on both sides of a name are one role, as read: "Phó Bí thư Tỉnh ủy
    Nguyễn Đình Trung, Trưởng đoàn đại biểu Quốc hội tỉnh"."""
    if before and after and before != after:
        return f"{before.rstrip(' ,')}, {after}"
    return before or after


def _clean_role(role: str) -> str:
    role = role.strip(" ,-–")
    while True:  # "… của", "… các": a connecting word does not end a position
        head, _, last = role.rpartition(" ")
        if head and last in ("của", "các", "và", "kiêm"):
            role = head.rstrip(" ,-–")
        else:
            return role


def find_people(*texts: str | None) -> list[dict]:
    """Persons named in `texts` (title, lead, body), in order of first appearance, each once."""
    people: dict[str, dict] = {}
    places: set[str] = set()
    mentions = []
    for text in texts:
        if not text:
            continue
        last_end = 0
        for run in _runs(text):
            if run.start() < last_end:
                continue  # inside the position of the name before: "Bí thư Huyện ủy Trần Văn Thời"
            tokens = list(_TOKEN.finditer(text, run.start(), run.end()))
            cued = (_CUE_BEFORE.search(text, max(0, run.start() - 16), run.start()) is not None
                    and not _HEAD.match(text, run.start()))  # "Đồng chí Trưởng Ban Dân vận …"
            if tokens[0][0] in _CAPITAL_CUES and len(tokens) > 2:  # "Ông Lê Văn Hoàng, …"
                tokens, cued = tokens[1:], True
            first = 0 if cued else next(
                (i for i, t in enumerate(tokens[:-1]) if t[0] in FAMILY_NAMES), None)
            if first is None:
                continue  # "Ban Dân vận", "Việt Nam": no family name, no cue
            if not cued:
                first = _after_place_named(text, tokens, first)
            tokens = tokens[first:first + 5]
            start, end = tokens[0].start(), tokens[-1].end()
            name = " ".join(t[0] for t in tokens)
            before = text[max(last_end, start - 200):start]
            if _is_credit(text, start, end, before):
                continue
            after = _AFTER.match(text, end)
            role, role_end = (after[1], after.end()) if after else (None, end)
            if after and (cut := _next_person_at(text, after.start(1), role_end)) is not None:
                role, role_end = text[after.start(1):cut], cut
            if not cued and _PLACE_BEFORE.search(before[-30:]):
                # "xã Chu Hương"; but "Bí thư Huyện ủy Nguyễn Văn A" is a person
                if not (name.count(" ") >= 2 and _role_before(before)):
                    places.add(name)
                    continue
            role = _joined(_role_before(before), role)
            last_end = role_end
            mentions.append((name, _clean_role(role) if role else None, cued))
    cued_names = {name for name, _, cued in mentions if cued}  # "Đại tướng Võ Nguyên Giáp"
    for name, role, cued in mentions:
        if (name in places and name not in cued_names) or (name == _LEADER and role != "Chủ tịch"):
            continue
        known = people.get(name) or next(  # "đồng chí Hoàng Sa" after "Lâm Hoàng Sa"
            (p for full, p in people.items() if full.endswith(" " + name)), None)
        if known:
            known["role"] = known["role"] or role
        elif name.count(" ") > 1 or cued or role:  # two syllables alone ("Hà Nội") are often a place
            people[name] = {"name": name, "role": role}
    return list(people.values())
