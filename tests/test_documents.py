"""Numbered documents cited in an article (dvcrawl/documents.py)."""
import pytest

from dvcrawl.documents import find_documents
from tests.conftest import GOLD, GOLD_IDS


def refs(*texts):
    return [d["ref"] for d in find_documents(*texts)]


@pytest.mark.parametrize("gold", GOLD, ids=GOLD_IDS)
def test_recorded_articles_cite_the_gold_documents(gold):
    assert refs(gold["title"], gold["summary"], "\n\n".join(gold["body"])) == gold["documents"]


@pytest.mark.parametrize("text,expected", [
    ("Kế hoạch số 45 - KH/TU của Tỉnh ủy", ["45-KH/TU"]),
    ("Kế hoạch số 45–KH/TU và Kế hoạch 46 — KH/TU", ["45-KH/TU", "46-KH/TU"]),
    ("thực hiện Quyết định 99-QĐ/TW và Quy định số 11-QĐi/TW", ["99-QĐ/TW", "11-QĐi/TW"]),
    ("theo Nghị định số 59/2023/NĐ-CP của Chính phủ", ["59/2023/NĐ-CP"]),
    ("Luật số 10/2022/QH15 về thực hiện dân chủ ở cơ sở", ["10/2022/QH15"]),
    ("Công văn số 1234/UBND-NC ngày 5/4/2023", ["1234/UBND-NC"]),
    ("Chỉ thị 16/CT-TTg, Pháp lệnh số 34/2007/PL-UBTVQH11", ["16/CT-TTg", "34/2007/PL-UBTVQH11"]),
    ("Chương trình số 09-CTr/BCĐ và Hướng dẫn số 12-HD/BDVTU, Kế hoạch 27-KH/ĐUK", ["09-CTr/BCĐ", "12-HD/BDVTU", "27-KH/ĐUK"]),
    ("Nghị quyết số 25 của Ban Chấp hành Trung ương và Nghị quyết Đại hội XIII", []),
    ("Luật Thực hiện dân chủ ở cơ sở có hiệu lực từ ngày 01/7/2023.", []),
    ("Liên hệ: 0912.345.678 hoặc 0228/3.456.789. Giấy phép số 123/GP-TTĐT do Sở cấp.", []),
    ("Giấy phép số 45/GP-STTTT ngày 12/3/2019", []),
    ("Trang tin điện tử (GP 45/GP-STTTT) đăng lại Kế hoạch 7-KH/TU", ["7-KH/TU"]),
    ("Cơ quan chủ quản: Ban Tuyên giáo Tỉnh ủy - 123/GP-TTĐT", []),
    ("quý I/2020 đạt 9/10 chỉ tiêu; tỷ lệ 95/100; ngày 25/3/2020", []),
    ("Kết luận số 114-KL/TW ... tiếp tục thực hiện Kết luận số 114 - KL/TW", ["114-KL/TW"]),
])
def test_references_are_written_one_way(text, expected):
    assert refs(text) == expected


# Sentences in the style of other sites: party and State numbering, dates in three spellings,
# footers with phone and licence numbers, unnumbered laws.
@pytest.mark.parametrize("text,expected,first_date", [
    ('Thực hiện Nghị quyết số 43-NQ/TW, ngày 24/11/2023 của Ban Chấp hành Trung ương Đảng khóa XIII về tiếp tục phát huy truyền thống, sức mạnh khối đại đoàn kết toàn dân tộc',
     ['43-NQ/TW'], '2023-11-24'),
    ('Quy định số 124-QĐ/TW ngày 10/10/2023 và Quyết định số 23-QĐ/TW ngày 30/7/2021 của Ban Chấp hành Trung ương về ban hành Quy chế công tác dân vận',
     ['124-QĐ/TW', '23-QĐ/TW'], '2023-10-10'),
    ('Kế hoạch số 125 -KH/TU ngày 5-3-2024 của Ban Thường vụ Tỉnh ủy',
     ['125-KH/TU'], '2024-03-05'),
    ('Thông tư số 04/2024/TT-BNV của Bộ Nội vụ; Thông tư liên tịch số 01/2017/TTLT-BNV-BTC',
     ['04/2024/TT-BNV', '01/2017/TTLT-BNV-BTC'], None),
    ('Chỉ thị số 18-CT/TU của Ban Thường vụ Tỉnh ủy; Công văn số 45-CV/BDVTU về việc tổ chức Ngày hội Đại đoàn kết',
     ['18-CT/TU', '45-CV/BDVTU'], None),
    ('Nghị quyết số 120/2020/QH14 của Quốc hội phê duyệt Chương trình mục tiêu quốc gia',
     ['120/2020/QH14'], None),
    ('Quyết định số 1719/QĐ-TTg ngày 14/10/2021 của Thủ tướng Chính phủ',
     ['1719/QĐ-TTg'], '2021-10-14'),
    ('Hướng dẫn số 28-HD/BTGTW của Ban Tuyên giáo Trung ương; Kết luận số 01-KL/TW ngày 18/5/2021 của Bộ Chính trị',
     ['28-HD/BTGTW', '01-KL/TW'], None),
    ('Điện thoại: 0206.3870.123 - Fax: 0206.3870.456. Giấy phép số 28/GP-TTĐT ngày 12/4/2018 của Sở Thông tin và Truyền thông',
     [], None),
    ('Quy chế dân chủ ở cơ sở theo Nghị định 145/2021/NĐ-CP, Luật Thực hiện dân chủ ở cơ sở năm 2022',
     ['145/2021/NĐ-CP'], None),
    ('Thông báo Kết luận số 245-TB/TU ngày 06 tháng 01 năm 2020 của Thường trực Tỉnh ủy',
     ['245-TB/TU'], '2020-01-06'),
    ('Đề án số 08-ĐA/TU về phát triển du lịch; Chương trình hành động số 15-CTr/HU',
     ['08-ĐA/TU', '15-CTr/HU'], None),
    ('Nghị quyết 35-NQ/TW năm 2018 về tăng cường bảo vệ nền tảng tư tưởng của Đảng',
     ['35-NQ/TW'], None),
    ('Quy định 08-QĐi/TW của Ban Chấp hành Trung ương về trách nhiệm nêu gương',
     ['08-QĐi/TW'], None),
    ('Kế hoạch số 56-KH/ĐU ngày 20/01/2023 của Đảng ủy xã; Báo cáo số 112-BC/HU',
     ['56-KH/ĐU', '112-BC/HU'], '2023-01-20'),
])
def test_documents_cited_in_the_style_of_other_sites(text, expected, first_date):
    found = find_documents(text)
    assert [d["ref"] for d in found] == expected
    assert not found or found[0]["date"] == first_date


def test_fields_of_a_party_and_a_state_reference():
    party, state, law, letter = find_documents(
        "Nghị quyết số 25-NQ/TW ngày 03/6/2013 của Ban Chấp hành Trung ương; Nghị định số "
        "59/2023/NĐ-CP ngày 14 tháng 8 năm 2023; Luật số 10/2022/QH15; Công văn số 1234/UBND-NC")
    assert party == {"ref": "25-NQ/TW", "kind": "Nghị quyết", "code": "NQ", "number": "25",
                     "issuer": "TW", "year": None, "date": "2013-06-03"}
    assert state == {"ref": "59/2023/NĐ-CP", "kind": "Nghị định", "code": "NĐ", "number": "59",
                     "issuer": "CP", "year": 2023, "date": "2023-08-14"}
    assert (law["kind"], law["code"], law["issuer"], law["year"]) == ("Luật", None, "QH15", 2022)
    assert (letter["kind"], letter["code"], letter["issuer"]) == ("Công văn", None, "UBND-NC")


def test_kind_comes_from_the_code_where_no_type_word_is_printed():
    assert [d["kind"] for d in find_documents("các văn bản 217-QĐ/TW, 218-QĐ/TW và 05-CT/TW")] == [
        "Quyết định", "Quyết định", "Chỉ thị"]


def test_a_date_printed_at_a_later_mention_is_kept_and_an_impossible_one_is_not():
    first, = find_documents("Chỉ thị 30-CT/TW được quán triệt.", "Chỉ thị số 30-CT/TW ngày 18/2/1998")
    assert first["date"] == "1998-02-18"
    assert find_documents("Kế hoạch số 5-KH/TU ngày 31/02/2020")[0]["date"] is None


def test_title_lead_and_body_in_order_each_once():
    assert refs("Triển khai Kết luận 65-KL/TW", None, "Thực hiện Nghị quyết 24-NQ/TW và Kết luận 65-KL/TW") == [
        "65-KL/TW", "24-NQ/TW"]
