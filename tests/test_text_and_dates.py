"""Table-driven tests for dates, normalisation, counters, chrome lines, bylines and URLs,
with the real strings of the recorded sites."""
import unicodedata

import pytest

from dvcrawl.dates import _dateparser_fallback, is_future, parse_date
from dvcrawl.extract.chrome import is_chrome_line
from dvcrawl.extract.content import authors_from_byline, people
from dvcrawl.text import normalize, parse_count, transliterate
from dvcrawl.urls import canonicalize

DATES = [
    ("3/4/2020 15:12", "2020-04-03T15:12:00+07:00"),                          # ninhbinh article
    ("25/3/2020 10:37", "2020-03-25T10:37:00+07:00"),
    ("(03/04/2020)", "2020-04-03"),                                           # ninhbinh listing
    ("Thứ Sáu, 23/07/2021 | 16:05", "2021-07-23T16:05:00+07:00"),             # backan article
    ("14/10/2021 10:25", "2021-10-14T10:25:00+07:00"),                        # backan listing
    ("2021-07-23T16:05:00+07:00", "2021-07-23T16:05:00+07:00"),               # backan JSON-LD
    ("2020-10-16T02:12:00Z", "2020-10-16T09:12:00+07:00"),                    # UTC → +07:00
    ("Thứ hai, 20/07/2020, 09:10 (GMT+7)", "2020-07-20T09:10:00+07:00"),      # binhduong article
    ("Thứ năm, 09/07/2020, 16:20 (GMT+7)", "2020-07-09T16:20:00+07:00"),
    ("Ngày đăng: 03.12.2020", "2020-12-03"),                                  # camau article
    ("24.02.2020", "2020-02-24"),
    ("(17.10.2020)", "2020-10-17"),                                           # camau related list
    ("(09/04/2021)", "2021-04-09"),                                           # giaothuy listing
    ("16:05 23/07/2021", "2021-07-23T16:05:00+07:00"),                        # time-first layouts
    ("16h05 ngày 23/7/2021", "2021-07-23T16:05:00+07:00"),
    ("ngày 5 tháng 3 năm 2021", "2021-03-05"),
    # 12-hour clocks: ASP.NET/SharePoint in a Vietnamese culture (SA/CH), WordPress (sáng/chiều), AM/PM
    ("12/06/2025 8:15 CH", "2025-06-12T20:15:00+07:00"),
    ("12/06/2025 08:15:00 SA", "2025-06-12T08:15:00+07:00"),
    ("12/06/2025 12:05 SA", "2025-06-12T00:05:00+07:00"),
    ("12/06/2025 12:05 CH", "2025-06-12T12:05:00+07:00"),
    ("Cập nhật: 12-06-2025 | 3:05 PM", "2025-06-12T15:05:00+07:00"),
    ("8:15 CH 12/06/2025", "2025-06-12T20:15:00+07:00"),
    ("16:05 Chủ nhật, 23/07/2021", "2021-07-23"),                         # "Ch" of Chủ is no CH
    # months as words: WordPress's Vietnamese locale, English templates
    ("12 Tháng Sáu, 2025", "2025-06-12"),
    ("Tháng Mười Hai 3, 2025", "2025-12-03"),
    ("12 Tháng Mười, 2025", "2025-10-12"),
    ("12 tháng 6, 2025", "2025-06-12"),
    ("Th6 12, 2025", "2025-06-12"),
    ("12 Th6 2025 08:00", "2025-06-12T08:00:00+07:00"),
    ("12 Tháng Sáu, 2025 lúc 8:15 chiều", "2025-06-12T20:15:00+07:00"),
    ("June 12, 2025", "2025-06-12"),
    ("Jun. 3rd, 2025 10:20 am", "2025-06-03T10:20:00+07:00"),
    ("4 Sep 2025", "2025-09-04"),
    ("12 marathon 2025", None),
    ("31/02/2020", None),                                                     # impossible: refused
    ("32/01/2020 10:00", None),
    ("Lượt xem: 1.234", None),                                                # a counter is no date
    ("", None),
    (None, None),
]


@pytest.mark.parametrize("text,expected", DATES)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text,expected", [t for t in DATES if t[1]])
def test_site_formats_need_no_dateparser(text, expected):
    assert parse_date(text, fallback=False) == expected


def test_dateparser_answer_needs_the_texts_year_and_a_shown_time():
    """dateparser fills what it cannot read from today's date ("12 Tháng Sáu, 2025" came back
    as 12 January 2027): its answer counts only with the year the text shows, and is a date
    alone when the text shows no time."""
    assert _dateparser_fallback("12 Tháng Sáu, 2025") is None
    assert _dateparser_fallback("12 tháng 6, 2025") == "2025-06-12"


@pytest.mark.parametrize("published,future", [
    ("2020-04-03T15:12:00+07:00", False), ("2020-04-03", False), ("2999-01-01", True),
    ("2999-01-01T00:00:00+07:00", True),
])
def test_is_future(published, future):
    assert is_future(published) is future


NFD = unicodedata.normalize("NFD", "Công tác dân vận")
NORMALISE = [
    (NFD, "Công tác dân vận"),                                    # decomposed → NFC
    ("\u00d0ảng bộ t\u1ec9nh", "Đảng bộ tỉnh"),                    # Icelandic Ð → Đ
    ("\u00f0oàn kết", "đoàn kết"),
    ("Dân\u00a0vận\u2009khéo", "Dân vận khéo"),                   # no-break / thin spaces
    ("Dân\u200bvận", "Dânvận"),                                   # zero-width removed
    ("  Hội   nghị\n\t giao ban  ", "Hội nghị giao ban"),          # whitespace collapsed
    ("Ph&#432;&#417;ng &amp; Nam", "Phương & Nam"),               # entities decoded
    ("thi đua &quot;Dân vận khéo&quot;", 'thi đua "Dân vận khéo"'),
    ("hoá", "hoá"), ("hóa", "hóa"),                               # tone-mark placement kept
    ("", ""), (None, ""),
]


@pytest.mark.parametrize("raw,expected", NORMALISE)
def test_normalize(raw, expected):
    assert normalize(raw) == expected


@pytest.mark.parametrize("raw,expected", [
    ("23", 23), ("1.234", 1234), ("1,234", 1234), ("Lượt xem: 137", 137), ("Số lần đọc: 318", 318),
    ("12.648.305", 12648305), ("", None), (None, None), ("chưa có", None),
    ("25/03/2020", None), ("10:37", None),
    ("Ngày đăng: 12/06/2025 8:15 CH | Lượt xem: 1.245", 1245),  # a labelled counter in a date line
    ("12/06/2025 | 1.245 lượt xem", 1245),
])
def test_parse_count(raw, expected):
    assert parse_count(raw) == expected


@pytest.mark.parametrize("line,chrome", [
    ("Lượt xem: 137", True), ("Số lần đọc: 318", True), ("Số lượt truy cập:", True), ("Đang truy cập: 12", True), ("Tin liên quan", True), ("Xem thêm", True),
    ("Tin khác", True), ("Tin cùng chuyên mục", True), ("Chia sẻ:", True), ("Gửi bình luận", True),
    ("Ý kiến bạn đọc", True), ("Mã xác nhận", True), ("Cỡ chữ: A- A+", True), ("A- A+", True),
    ("Những tin mới hơn", True), ("Những tin cũ hơn:", True),
    ("Cơ quan chủ quản: Tỉnh ủy Ninh Bình", True), ("Giấy phép số 45/GP-TTĐT", True),
    # running text that merely contains the words stays
    ("Xem thêm các mô hình dân vận khéo tại các xã trong huyện", False),
    ("Mỗi năm có hàng nghìn lượt người dân tham gia đối thoại với cấp ủy", False),
    ("Tin liên quan đến công tác dân vận được đăng tải thường xuyên trên trang này, phục vụ bạn đọc"
     " trong tỉnh và cả nước theo dõi kịp thời các chủ trương mới.", False),
])
def test_chrome_lines(line, chrome):
    assert is_chrome_line(line) is chrome


@pytest.mark.parametrize("line,names", [
    ("Thanh Thủy - Ban Dân vận Tỉnh ủy", ["Thanh Thủy"]),
    ("Lê Chung- Văn phòng Tỉnh ủy", ["Lê Chung"]),
    ("Thanh Xuân – Hoàng Phúc", ["Thanh Xuân", "Hoàng Phúc"]),
    ("N.V", ["N.V"]), ("P.V", ["P.V"]),
    ("Thu Trang", ["Thu Trang"]),
    ("Bài và ảnh: Minh Khang", ["Minh Khang"]),
    ("Trung tâm VH-TT-TT Giao Thủy", []),
    ("Theo Báo Nhân Dân", []),
    ("Nguồn: Ban Dân vận Trung ương", []),
])
def test_byline_people(line, names):
    assert people(line) == names


def test_authors_keep_order_without_repeats():
    assert authors_from_byline(["Hoàng Mai", "Trung tâm VH-TT-TT Giao Thủy", "Hoàng Mai"]) == ["Hoàng Mai"]


@pytest.mark.parametrize("url,canonical", [
    ("https://giaothuy.namdinh.gov.vn/a/b-1281.html?utm_source=zalo&utm_medium=share",
     "https://giaothuy.namdinh.gov.vn/a/b-1281.html"),
    ("https://camau.dcs.vn/web/guest/x/-/asset_publisher/k1/content/y?inheritRedirect=true"
     "&redirect=https%3A%2F%2Fcamau.dcs.vn%2Fweb%2Fguest%2Fx", "https://camau.dcs.vn/web/guest/x/-/asset_publisher/k1/content/y"),
    ("https://ninhbinh.dcs.vn/Default.aspx?tabid=121&CateID=35&NewsID=12503#top",
     "https://ninhbinh.dcs.vn/Default.aspx?tabid=121&CateID=35&NewsID=12503"),  # order kept
    ("HTTPS://Backan.DCS.vn/a-post1.html", "https://backan.dcs.vn/a-post1.html"),
    ("https://phuong.vn:443/tin-tuc/Pages/a.aspx", "https://phuong.vn/tin-tuc/Pages/a.aspx"),  # SharePoint's links
    ("http://xa.vn:80/a", "http://xa.vn/a"),
    ("https://xa.vn:8443/a", "https://xa.vn:8443/a"), ("http://xa.vn:443/a", "http://xa.vn:443/a"),
])
def test_canonicalize(url, canonical):
    assert canonicalize(url) == canonical


@pytest.mark.parametrize("text, ascii_text", [
    ("research crawler for dân vận news", "research crawler for dan van news"),
    ("Ban Dân vận Tỉnh ủy Đắk Lắk", "Ban Dan van Tinh uy Dak Lak"),
    ("Ðảng", "Dang"),  # the Icelandic look-alike
    ("mailto:ops@example.org", "mailto:ops@example.org"),
    ("ops→x", "ops%E2%86%92x"),  # no Latin letter inside: percent-encoded, not dropped
])
def test_transliterate_to_ascii(text, ascii_text):
    assert transliterate(text) == ascii_text
