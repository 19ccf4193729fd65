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


# References in unusual forms (ranges "số 05, 06-CT/TW", lists with "và", State codes with a year,
# merged-unit issuers) and numbers that are no documents (phones, licences, dates, scores,
# addresses, roads), written and scored blind before the rules were tuned to them.
@pytest.mark.parametrize("text,expected", [
    ('Tiếp tục thực hiện Kết luận 114-KL/TW ngày 14/7/2015 của Ban Bí thư về nâng cao chất lượng, hiệu quả công tác dân vận của Đảng, Nhà nước, MTTQ.',
     ['114-KL/TW']),
    ('Quán triệt Quy định số 11-QĐi/TW ngày 18/2/2019 của Bộ Chính trị về trách nhiệm của người đứng đầu cấp ủy trong việc tiếp dân, đối thoại trực tiếp với dân.',
     ['11-QĐi/TW']),
    ('Triển khai Nghị quyết 18-NQ/TW về tiếp tục đổi mới, sắp xếp tổ chức bộ máy và Chỉ thị 05-CT/TW của Bộ Chính trị.',
     ['18-NQ/TW', '05-CT/TW']),
    ('Theo Hướng dẫn 36-HD/BTGTW của Ban Tuyên giáo Trung ương (nay là Ban Tuyên giáo và Dân vận Trung ương).',
     ['36-HD/BTGTW']),
    ('Luật số 65/2020/QH14 sửa đổi, bổ sung một số điều của Luật Xây dựng; Thông tư 01/2024/TT-BNV của Bộ Nội vụ.',
     ['65/2020/QH14', '01/2024/TT-BNV']),
    ('Căn cứ Quyết định 1234/QĐ-UBND ngày 12/3/2024 của UBND tỉnh và Kế hoạch số 12-KH/ĐU của Đảng ủy xã.',
     ['1234/QĐ-UBND', '12-KH/ĐU']),
    ('Thực hiện Chỉ thị số 05, 06-CT/TW của Bộ Chính trị, Huyện ủy ban hành kế hoạch.',
     ['05-CT/TW', '06-CT/TW']),
    ('Quán triệt Nghị quyết số 57 và 59-NQ/TW của Bộ Chính trị; Kết luận số 21-KL/TW và Quy định số 144-QĐ/TW.',
     ['57-NQ/TW', '59-NQ/TW', '21-KL/TW', '144-QĐ/TW']),
    ('Thực hiện Nghị quyết số 25-NQ/TW và Kết luận số 43-KL/TW của Ban Bí thư về tăng cường và đổi mới sự lãnh đạo của Đảng đối với công tác dân vận.',
     ['25-NQ/TW', '43-KL/TW']),
    ('Điện thoại: 0229.3871.456. Giấy phép số 12/GP-TTĐT do Sở Thông tin và Truyền thông cấp ngày 12/3/2024.',
     []),
    ('Đội bóng xã thắng 3/5 trận; nhà văn hóa ở số 12/3 đường Lê Lợi, gần QL1A, tiếp nhận 1/2 số hàng.',
     []),
    ('Theo Quyết định số 99-QĐ/TW ngày 03/10/2017 và Quyết định 23-QĐ/TW ngày 30/7/2021 của Ban Chấp hành Trung ương.',
     ['99-QĐ/TW', '23-QĐ/TW']),
    ('Thực hiện Kế hoạch số 28-KH/BDVTU ngày 15/01/2025 của Ban Dân vận Tỉnh ủy và Công văn số 456-CV/HU của Huyện ủy.',
     ['28-KH/BDVTU', '456-CV/HU']),
    ('Nghị quyết số 60-NQ/TW ngày 12/4/2025 của Hội nghị Trung ương 11 khóa XIII về sắp xếp đơn vị hành chính; Nghị quyết 202/2025/QH15 của Quốc hội về sắp xếp đơn vị hành chính cấp tỉnh.',
     ['60-NQ/TW', '202/2025/QH15']),
    ('Nghị định 59/2023/NĐ-CP quy định chi tiết Luật Thực hiện dân chủ ở cơ sở; Quyết định số 1719/QĐ-TTg.',
     ['59/2023/NĐ-CP', '1719/QĐ-TTg']),
    ('Thông báo kết luận số 120-TB/TU và Chương trình hành động số 15-CTr/TU; Tờ trình số 45/TTr-UBND.',
     ['120-TB/TU', '15-CTr/TU', '45/TTr-UBND']),
    ('Căn cứ Quy chế số 05-QC/TU ngày 2/3/2021 về công tác dân vận của hệ thống chính trị tỉnh.',
     ['05-QC/TU']),
    ('Kỷ niệm 95 năm Ngày truyền thống công tác dân vận (15/10/1930 - 15/10/2025); 26 năm thực hiện Ngày “Dân vận khéo”.',
     []),
    ('Đảng bộ xã có 35/35 chi bộ đạt trong sạch vững mạnh; tỷ lệ 98,5%; Hotline 1900.1234; mã số thuế 0101234567.',
     []),
    ('Thực hiện Chỉ thị số 49-CT/TW và Quy định 144-QĐ/TW của Bộ Chính trị, Nghị quyết số 43-NQ/TW ngày 24/11/2023.',
     ['49-CT/TW', '144-QĐ/TW', '43-NQ/TW']),
    ('Hướng dẫn số 02-HD/BDVTW ngày 7/5/2025 của Ban Dân vận Trung ương và Kết luận 126-KL/TW, Kết luận 127-KL/TW.',
     ['02-HD/BDVTW', '126-KL/TW', '127-KL/TW']),
    ('Thực hiện Quy định số 124-QĐ/TW và Hướng dẫn số 01-HD/BDVTU ngày 3/1/2025; Kế hoạch số 45-KH/ĐUP của Đảng ủy phường.',
     ['124-QĐ/TW', '01-HD/BDVTU', '45-KH/ĐUP']),
    ('Theo Nghị quyết số 35/2024/NQ-HĐND ngày 10/12/2024 của HĐND tỉnh và Quyết định số 2345/QĐ-UBND.',
     ['35/2024/NQ-HĐND', '2345/QĐ-UBND']),
    ('Thực hiện các Chỉ thị số 12, 13 và 14-CT/TU của Ban Thường vụ Tỉnh ủy.',
     ['12-CT/TU', '13-CT/TU', '14-CT/TU']),
    ('Số điện thoại đường dây nóng: 0229 3871 567; Email: bandanvan@ninhbinh.gov.vn; Giấy phép số 08/GP-STTTT.',
     []),
    ('Kết luận số 123-KL/TW ngày 24/01/2025 và Kết luận 127 - KL/TW ngày 28/2/2025 của Bộ Chính trị, Ban Bí thư.',
     ['123-KL/TW', '127-KL/TW']),
    ('Nghị định số 33/2023/NĐ-CP quy định về cán bộ, công chức cấp xã; Thông tư số 05/2023/TT-BNV.',
     ['33/2023/NĐ-CP', '05/2023/TT-BNV']),
    ('Địa chỉ: số 36/2 đường Nguyễn Huệ; tỷ số 2/1; lúc 14h30 ngày 5/6; quốc lộ 14C; Km 12+500.',
     []),
    ('Thực hiện Chương trình số 07-CTr/TU và Thông báo số 45-TB/VPTW của Văn phòng Trung ương Đảng.',
     ['07-CTr/TU', '45-TB/VPTW']),
    ('Luật Mặt trận Tổ quốc Việt Nam số 75/2015/QH13 và Luật số 97/2025/QH15.',
     ['75/2015/QH13', '97/2025/QH15']),
    ('Nghị quyết số 01-NQ/ĐU ngày 15/7/2025 của Đảng ủy xã về nhiệm vụ 6 tháng cuối năm.',
     ['01-NQ/ĐU']),
    ('Thực hiện Kết luận số 01-KL/TW, Chỉ thị 05-CT/TW ngày 15/5/2016 của Bộ Chính trị, Kế hoạch số 03-KH/TU.',
     ['01-KL/TW', '05-CT/TW', '03-KH/TU']),
    ('theo Nghị quyết số 1211/2016/UBTVQH13 và Nghị quyết 35/2023/UBTVQH15 của Ủy ban Thường vụ Quốc hội',
     ['1211/2016/UBTVQH13', '35/2023/UBTVQH15']),
    ('Quyết định số 217-QĐ/TW và 218-QĐ/TW ngày 12/12/2013 của Bộ Chính trị',
     ['217-QĐ/TW', '218-QĐ/TW']),
    ('Công văn số 234-CV/BDVTU ngày 5/3/2025; Văn bản số 1567/UBND-VX; Hướng dẫn số 09-HD/UBKTTW',
     ['234-CV/BDVTU', '1567/UBND-VX', '09-HD/UBKTTW']),
    ('Trụ sở: số 15/7 Lê Duẩn; điện thoại (0229) 3871.234; fax 0229.3871.999; ISSN 1859-1234; Giấy phép 36/GP-BTTTT',
     []),
    ('Nghị quyết số 26-NQ/TU và Nghị quyết số 26-NQ/TU',
     ['26-NQ/TU']),
    ('Chỉ thị số 45-CT/TW ngày 11/3/2025 về đại hội đảng bộ các cấp tiến tới Đại hội đại biểu toàn quốc lần thứ XIV của Đảng',
     ['45-CT/TW']),
    ('Thực hiện Nghị quyết số 68-NQ/TW và 66-NQ/TW của Bộ Chính trị, Kết luận số 150-KL/TW.',
     ['68-NQ/TW', '66-NQ/TW', '150-KL/TW']),
    ('Theo Kế hoạch số 102-KH/ĐUK ngày 1/8/2025 của Đảng ủy Khối; Quyết định số 35-QĐ/ĐUP.',
     ['102-KH/ĐUK', '35-QĐ/ĐUP']),
    ('Học sinh đạt 8/10 điểm; hỗ trợ 5/7 hộ; Ngày 19/5/2025; Tổ 12/3 khu phố 4.',
     []),
    ('Thực hiện Nghị quyết số 57-NQ/TW, ngày 22/12/2024 của Bộ Chính trị',
     ['57-NQ/TW']),
    ('Căn cứ QĐ số 123/QĐ-UBND và Kế hoạch 01/KH-UBND, Kế hoạch số 45/KH-BDVTU, Thông báo số 12/TB-VPUB',
     ['123/QĐ-UBND', '01/KH-UBND', '45/KH-BDVTU', '12/TB-VPUB']),
    ('Nghị quyết số 19-NQ/TW ngày 16-6-2022 và Nghị quyết liên tịch số 01/2024/NQLT-CP-ĐCTUBTWMTTQVN',
     ['19-NQ/TW', '01/2024/NQLT-CP-ĐCTUBTWMTTQVN']),
    ('Quyết định 1027-QĐ/TW, Chỉ thị 30/CT-TTg, Hướng dẫn số 09-HD/BTCTW',
     ['1027-QĐ/TW', '30/CT-TTg', '09-HD/BTCTW']),
    ('Kết luận 14: Kết luận số 14-KL/TW ngày 22/9/2021 của Bộ Chính trị',
     ['14-KL/TW']),
    ('Nghị quyết Trung ương 4 khóa XII, Nghị quyết 04 – NQ/TW và Chỉ thị số 35 - CT/TW',
     ['04-NQ/TW', '35-CT/TW']),
    ('thực hiện Nghị quyết số 11-NQ/TU ngày 10/5/2022 của Tỉnh ủy (khóa XX), Chỉ thị số 03-CT/TU',
     ['11-NQ/TU', '03-CT/TU']),
    ('Theo Quyết định số 1628/QĐ-TTg và Quyết định số 90/QĐ-TTg ngày 18/01/2022 của Thủ tướng Chính phủ',
     ['1628/QĐ-TTg', '90/QĐ-TTg']),
    ('Nghị định 78/2025/NĐ-CP; Luật Đất đai số 31/2024/QH15; Kế hoạch số 139-KH/TU; Thông báo số 01-TB/BTGDVTU',
     ['78/2025/NĐ-CP', '31/2024/QH15', '139-KH/TU', '01-TB/BTGDVTU']),
])
def test_documents_in_paragraphs_written_before_tuning(text, expected):
    assert refs(text) == expected


def test_numbers_listed_before_a_reference_share_its_code_and_kind_but_not_its_date():
    listed, last = find_documents("Chỉ thị số 05, 06-CT/TW ngày 5/3/2024 của Bộ Chính trị")
    assert (listed["ref"], listed["kind"], listed["date"]) == ("05-CT/TW", "Chỉ thị", None)
    assert (last["ref"], last["kind"], last["date"]) == ("06-CT/TW", "Chỉ thị", "2024-03-05")
    assert refs("có 35 và 36-NQ/TW", "đạt 35/35 chi bộ, 12, 13/QĐ-UBND") == ["36-NQ/TW", "13/QĐ-UBND"]
