"""Persons named in an article, with their positions (dvcrawl/people.py)."""
import pytest

from dvcrawl.people import find_people
from tests.conftest import GOLD, GOLD_IDS


def people(*texts):
    return [(p["name"], p["role"]) for p in find_people(*texts)]


@pytest.mark.parametrize("gold", GOLD, ids=GOLD_IDS)
def test_recorded_articles_name_the_gold_people(gold):
    expected = [(p["name"], p["role"]) for p in gold["people"]]
    assert people(gold["title"], gold["summary"], "\n\n".join(gold["body"])) == expected


# Sentences written in the style of other party committee sites: positions after the name
# (comma, dash, parentheses), before it, lists of officials, ranks and titles, ethnic names,
# places and organisations named after people.
@pytest.mark.parametrize("text,expected", [
    ('Bí thư Tỉnh ủy Nguyễn Văn Hùng phát biểu chỉ đạo hội nghị.',
     [('Nguyễn Văn Hùng', 'Bí thư Tỉnh ủy')]),
    ('Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch HĐND tỉnh Trần Văn Nam chủ trì hội nghị.',
     [('Trần Văn Nam', 'Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch HĐND tỉnh')]),
    ('Dự hội nghị có đồng chí Lê Thị Hoa (Phó Chủ tịch UBND huyện) và ông Phạm Văn Bình, trưởng thôn Đông.',
     [('Lê Thị Hoa', 'Phó Chủ tịch UBND huyện'), ('Phạm Văn Bình', 'trưởng thôn Đông')]),
    ('Các đồng chí: Hoàng Minh Tuấn, TUV, Bí thư Huyện ủy; Vũ Thị Lan, UVBTV, Trưởng Ban Dân vận Huyện ủy đồng chủ trì hội nghị.',
     [('Hoàng Minh Tuấn', 'TUV, Bí thư Huyện ủy'), ('Vũ Thị Lan', 'UVBTV, Trưởng Ban Dân vận Huyện ủy')]),
    ('Thượng tá Đặng Văn Long, Chỉ huy trưởng Ban CHQS huyện báo cáo tình hình.',
     [('Đặng Văn Long', 'Chỉ huy trưởng Ban CHQS huyện')]),
    ('PGS.TS Bùi Quang Huy, Giám đốc Học viện trình bày tham luận.',
     [('Bùi Quang Huy', 'Giám đốc Học viện')]),
    ('Già làng Y Kông chia sẻ kinh nghiệm. Bà Nguyễn Thị Mai, hội viên Chi hội Phụ nữ thôn 3 cho biết gia đình đã hiến đất.',
     [('Y Kông', None), ('Nguyễn Thị Mai', 'hội viên Chi hội Phụ nữ thôn 3')]),
    ('Các đồng chí lãnh đạo huyện, lãnh đạo Ban Dân vận Tỉnh ủy và Hội Nông dân tỉnh dự hội nghị tại xã Trần Phú.',
     []),
    ('Đoàn công tác do đồng chí Đỗ Văn Chiến, Ủy viên Bộ Chính trị, Bí thư Trung ương Đảng, Chủ tịch Ủy ban Trung ương MTTQ Việt Nam làm trưởng đoàn đã đến thăm.',
     [('Đỗ Văn Chiến', 'Ủy viên Bộ Chính trị, Bí thư Trung ương Đảng, Chủ tịch Ủy ban Trung ương MTTQ Việt Nam')]),
    ('Phát biểu tại buổi làm việc, đồng chí Ngô Thị Thanh Hằng - Phó Chủ tịch Thường trực UBND tỉnh nhấn mạnh vai trò của người đứng đầu.',
     [('Ngô Thị Thanh Hằng', 'Phó Chủ tịch Thường trực UBND tỉnh')]),
    ('Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh gắn với phong trào “Dân vận khéo” tại thành phố Hồ Chí Minh.',
     []),
    ('Thực hiện lời dạy của Chủ tịch Hồ Chí Minh, đồng chí Trương Quang Hải, Bí thư Đảng ủy xã An Phú phát động phong trào.',
     [('Hồ Chí Minh', 'Chủ tịch'), ('Trương Quang Hải', 'Bí thư Đảng ủy xã An Phú')]),
    ('Anh Lò Văn Pấng, Bí thư Chi đoàn bản Nà Sản đã vận động bà con.',
     [('Lò Văn Pấng', 'Bí thư Chi đoàn bản Nà Sản')]),
    ('Đồng chí Hà Văn Thắng, Phó Trưởng ban Thường trực Ban Dân vận Tỉnh ủy; đồng chí Lương Thị Nhung, Phó Chủ tịch Hội LHPN tỉnh cùng dự.',
     [('Hà Văn Thắng', 'Phó Trưởng ban Thường trực Ban Dân vận Tỉnh ủy'), ('Lương Thị Nhung', 'Phó Chủ tịch Hội LHPN tỉnh')]),
    ('Tổng Bí thư Tô Lâm gửi thư chúc mừng.',
     [('Tô Lâm', 'Tổng Bí thư')]),
    ('Hội nghị do Ban Thường vụ Huyện ủy Trần Văn Thời tổ chức tại Hội trường huyện.',
     []),
    ('Trao đổi với phóng viên, ông Lê Minh Đức cho biết: “Người dân rất đồng tình”.',
     [('Lê Minh Đức', None)]),
    ('Đồng chí Phạm Thị Thanh Trà, Ủy viên Trung ương Đảng, Bộ trưởng Bộ Nội vụ dự và phát biểu.',
     [('Phạm Thị Thanh Trà', 'Ủy viên Trung ương Đảng, Bộ trưởng Bộ Nội vụ')]),
    ('Tham dự có đồng chí Nguyễn Thanh Tùng, nguyên Phó Bí thư Tỉnh ủy và các đồng chí nguyên lãnh đạo tỉnh qua các thời kỳ.',
     [('Nguyễn Thanh Tùng', 'nguyên Phó Bí thư Tỉnh ủy')]),
    ('Chủ tịch UBND xã Đinh Công Thành cho biết, năm 2023 xã đã hoàn thành 12 tuyến đường.',
     [('Đinh Công Thành', 'Chủ tịch UBND xã')]),
    ('Đ/c Vương Đình Huệ, Chủ tịch Quốc hội gặp mặt cử tri.',
     [('Vương Đình Huệ', 'Chủ tịch Quốc hội')]),
    ('Theo đồng chí Huỳnh Thị Kim Liên, Trưởng Ban Dân vận Thị ủy Bến Cát, thời gian tới thị xã tiếp tục nhân rộng các mô hình.',
     [('Huỳnh Thị Kim Liên', 'Trưởng Ban Dân vận Thị ủy Bến Cát')]),
    ('Nhân dịp này, Ủy ban MTTQ Việt Nam tỉnh trao 50 suất quà cho hộ nghèo tại xã Lê Lợi.',
     []),
    ('Chị Đàm Thị Hương ở thôn Bản Chang chia sẻ, nhờ được hỗ trợ vốn gia đình đã thoát nghèo.',
     [('Đàm Thị Hương', None)]),
    ('Đồng chí Trịnh Văn Quyết - Bí thư Tỉnh ủy, Trưởng đoàn ĐBQH tỉnh kết luận hội nghị.',
     [('Trịnh Văn Quyết', 'Bí thư Tỉnh ủy, Trưởng đoàn ĐBQH tỉnh')]),
    ('Đại tá Mai Xuân Trường, Ủy viên Ban Thường vụ Tỉnh ủy, Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh dự lễ.',
     [('Mai Xuân Trường', 'Ủy viên Ban Thường vụ Tỉnh ủy, Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh')]),
    ('Ông Kiều Văn Sáu (thôn Yên Thịnh) tự nguyện hiến 200m2 đất làm đường.',
     [('Kiều Văn Sáu', None)]),
    ('Cùng dự có các đồng chí Ủy viên Ban Thường vụ Tỉnh ủy; đại diện lãnh đạo các sở, ban, ngành.',
     []),
    ('Đồng chí Nông Văn Chí, Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh và đồng chí Triệu Thị Hà, Ủy viên Ban Thường vụ, Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy trao quà.',
     [('Nông Văn Chí', 'Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh'), ('Triệu Thị Hà', 'Ủy viên Ban Thường vụ, Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy')]),
    ('Em Lâm Gia Bảo, học sinh lớp 9 Trường THCS Lê Quý Đôn nhận học bổng.',
     [('Lâm Gia Bảo', None)]),
    ('Phát biểu kết luận, đồng chí Nguyễn Văn A nhấn mạnh: các cấp ủy cần tăng cường công tác dân vận.',
     [('Nguyễn Văn A', None)]),
    ('Đồng chí Dương Văn Trang, Ủy viên Trung ương Đảng, Bí thư Tỉnh ủy Gia Lai. Đồng chí Dương Văn Trang đã trao quà.',
     [('Dương Văn Trang', 'Ủy viên Trung ương Đảng, Bí thư Tỉnh ủy Gia Lai')]),
    ('Bí thư Chi bộ thôn Phú Xuân Cao Văn Lợi cho biết, chi bộ đã họp bàn công khai.',
     [('Cao Văn Lợi', 'Bí thư Chi bộ thôn Phú Xuân')]),
    ('Tại điểm cầu tỉnh Hà Nam có đồng chí Lê Thị Thủy, Bí thư Tỉnh ủy.',
     [('Lê Thị Thủy', 'Bí thư Tỉnh ủy')]),
    ('Chiều 12/5, đồng chí Lê Văn Thành, Ủy viên Ban Thường vụ Tỉnh ủy, Trưởng Ban Dân vận Tỉnh ủy đã làm việc với Ban Thường vụ Huyện ủy Tiên Yên.',
     [('Lê Văn Thành', 'Ủy viên Ban Thường vụ Tỉnh ủy, Trưởng Ban Dân vận Tỉnh ủy')]),
    ('Tiếp đoàn có đồng chí Bùi Thị Minh Hoài, Bí thư Trung ương Đảng, Trưởng Ban Dân vận Trung ương.',
     [('Bùi Thị Minh Hoài', 'Bí thư Trung ương Đảng, Trưởng Ban Dân vận Trung ương')]),
    ('Ông Trần Văn Tám, người có uy tín ở ấp Phước Lợi cho biết, bà con đồng thuận cao.',
     [('Trần Văn Tám', 'người có uy tín ở ấp Phước Lợi')]),
    ('Theo ông Phạm Hữu Nghị, Chủ tịch UBND xã Tân Thành, xã đã vận động được 1,2 tỷ đồng.',
     [('Phạm Hữu Nghị', 'Chủ tịch UBND xã Tân Thành')]),
    ('Về phía tỉnh có các đồng chí: Hầu A Lềnh, Bí thư Tỉnh ủy; Giàng Páo Mỷ, Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch HĐND tỉnh.',
     [('Hầu A Lềnh', 'Bí thư Tỉnh ủy'), ('Giàng Páo Mỷ', 'Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch HĐND tỉnh')]),
    ('Hội Cựu chiến binh xã phối hợp với Đoàn Thanh niên ra quân làm đường giao thông nông thôn tại thôn Lê Xá.',
     []),
    ('Đồng chí Đoàn Văn Việt, Phó Chủ tịch UBND tỉnh Lâm Đồng trao Bằng khen cho 15 tập thể.',
     [('Đoàn Văn Việt', 'Phó Chủ tịch UBND tỉnh Lâm Đồng')]),
    ('Phát biểu chỉ đạo, Chủ tịch Ủy ban MTTQ Việt Nam tỉnh Nguyễn Thị Kim Chi đề nghị các cấp Mặt trận tiếp tục đổi mới.',
     [('Nguyễn Thị Kim Chi', 'Chủ tịch Ủy ban MTTQ Việt Nam tỉnh')]),
    ('Ông Lý Seo Chứ, Trưởng bản Sín Chải chia sẻ về cách làm.',
     [('Lý Seo Chứ', 'Trưởng bản Sín Chải')]),
    ('Hội nghị đã nghe đồng chí Tạ Quang Định, Phó Giám đốc Sở Nội vụ quán triệt Nghị định số 59/2023/NĐ-CP.',
     [('Tạ Quang Định', 'Phó Giám đốc Sở Nội vụ')]),
    ('Đồng chí Châu Văn Lâm, UVTW Đảng, Bí thư Tỉnh ủy, Trưởng đoàn Đại biểu Quốc hội tỉnh dự và phát biểu chỉ đạo.',
     [('Châu Văn Lâm', 'UVTW Đảng, Bí thư Tỉnh ủy, Trưởng đoàn Đại biểu Quốc hội tỉnh')]),
    ('Bà Mai Thị Hạnh (72 tuổi, ở tổ dân phố số 5) là một trong những hộ đầu tiên hiến đất.',
     [('Mai Thị Hạnh', None)]),
    ('Thiếu tướng Trần Minh Tuấn, Giám đốc Công an tỉnh cùng đoàn công tác đến thăm.',
     [('Trần Minh Tuấn', 'Giám đốc Công an tỉnh')]),
    ('Dự lễ phát động có đồng chí Vũ Hồng Bắc - Bí thư Tỉnh ủy Bắc Giang; đồng chí Lê Ánh Dương - Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh.',
     [('Vũ Hồng Bắc', 'Bí thư Tỉnh ủy Bắc Giang'), ('Lê Ánh Dương', 'Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh')]),
    ('Huyện Giao Thủy đã có 100% xã đạt chuẩn nông thôn mới; xã Hồng Thuận, xã Giao Thịnh đạt chuẩn nâng cao.',
     []),
    ('Thay mặt lãnh đạo tỉnh, đồng chí Hồ Văn Niên, Ủy viên dự khuyết Trung ương Đảng, Bí thư Tỉnh ủy chúc mừng các tập thể.',
     [('Hồ Văn Niên', 'Ủy viên dự khuyết Trung ương Đảng, Bí thư Tỉnh ủy')]),
    ('Theo bà Đinh Thị Phương Lan, Phó Chủ tịch UBND huyện, huyện sẽ nhân rộng mô hình.',
     [('Đinh Thị Phương Lan', 'Phó Chủ tịch UBND huyện')]),
    ('Anh Nguyễn Văn Chung ở xóm 3 là người đi đầu trong phong trào hiến đất.',
     [('Nguyễn Văn Chung', None)]),
    ('Đường Trần Hưng Đạo và đường Lê Lợi được chỉnh trang sạch đẹp.',
     []),
    ('Trưởng Ban Tổ chức Tỉnh ủy Lê Văn Sử trao quyết định cho các đồng chí.',
     [('Lê Văn Sử', 'Trưởng Ban Tổ chức Tỉnh ủy')]),
    ('Cụ Phan Văn Khải, 85 tuổi, đảng viên 55 năm tuổi Đảng ở thôn Đông, vẫn tích cực tham gia.',
     [('Phan Văn Khải', None)]),
    ('Đồng chí Thái Thanh Quý, Ủy viên Trung ương Đảng, Bí thư Tỉnh ủy, Chủ tịch HĐND tỉnh, Trưởng Đoàn ĐBQH tỉnh kết luận hội nghị.',
     [('Thái Thanh Quý', 'Ủy viên Trung ương Đảng, Bí thư Tỉnh ủy, Chủ tịch HĐND tỉnh, Trưởng Đoàn ĐBQH tỉnh')]),
    ('Sáng 15/8, Ban Dân vận Thành ủy Vĩnh Yên tổ chức hội nghị sơ kết. Đồng chí Nguyễn Thị Thu Hà, Ủy viên Ban Thường vụ, Trưởng Ban Dân vận Thành ủy chủ trì.',
     [('Nguyễn Thị Thu Hà', 'Ủy viên Ban Thường vụ, Trưởng Ban Dân vận Thành ủy')]),
    ('Tới dự có đồng chí Trần Quốc Tỏ, Ủy viên Trung ương Đảng, Thứ trưởng Bộ Công an.',
     [('Trần Quốc Tỏ', 'Ủy viên Trung ương Đảng, Thứ trưởng Bộ Công an')]),
    ('Bà Lò Thị Xuân, Trưởng bản Pá Han kể lại những ngày đầu vận động bà con.',
     [('Lò Thị Xuân', 'Trưởng bản Pá Han')]),
    ('Ông Vàng A Sử chia sẻ: “Nhờ cán bộ hướng dẫn, gia đình tôi đã có thu nhập ổn định”.',
     [('Vàng A Sử', None)]),
    ('Theo đồng chí Phùng Văn Hải, Chủ tịch Hội Nông dân tỉnh, năm 2024 các cấp Hội đã vận động nông dân hiến hơn 20.000 m2 đất.',
     [('Phùng Văn Hải', 'Chủ tịch Hội Nông dân tỉnh')]),
    ('Phó Chủ tịch UBND tỉnh Hồ Thị Minh trao quyết định công nhận xã đạt chuẩn nông thôn mới.',
     [('Hồ Thị Minh', 'Phó Chủ tịch UBND tỉnh')]),
    ('Cùng dự có đồng chí Huỳnh Quốc Việt, Bí thư Tỉnh ủy Cà Mau; đồng chí Nguyễn Hồ Hải, Phó Bí thư Thường trực Tỉnh ủy.',
     [('Huỳnh Quốc Việt', 'Bí thư Tỉnh ủy Cà Mau'), ('Nguyễn Hồ Hải', 'Phó Bí thư Thường trực Tỉnh ủy')]),
    ('Tham dự hội nghị có các đồng chí trong Ban Thường vụ Huyện ủy, Thường trực HĐND, UBND, Ủy ban MTTQ Việt Nam huyện Hải Hậu.',
     []),
    ('Hội thi do Hội Liên hiệp Phụ nữ huyện Châu Thành phối hợp với Trường THPT Nguyễn Đình Chiểu tổ chức.',
     []),
    ('Đồng chí Đinh Văn Hùng - Bí thư Chi bộ, Trưởng thôn Đồng Tâm cho biết thôn đã hoàn thành việc làm đường.',
     [('Đinh Văn Hùng', 'Bí thư Chi bộ, Trưởng thôn Đồng Tâm')]),
    ('Phát biểu tại hội nghị, đồng chí Lê Minh Hoan nhấn mạnh vai trò của nông dân.',
     [('Lê Minh Hoan', None)]),
    ('Chị Tạ Thị Hồng, Chi hội trưởng Chi hội Phụ nữ thôn 4, là người đi đầu.',
     [('Tạ Thị Hồng', 'Chi hội trưởng Chi hội Phụ nữ thôn 4')]),
    ('Trung tướng Nguyễn Văn Nghĩa, Phó Tổng Tham mưu trưởng Quân đội nhân dân Việt Nam đến thăm, tặng quà.',
     [('Nguyễn Văn Nghĩa', 'Phó Tổng Tham mưu trưởng Quân đội nhân dân Việt Nam')]),
    ('Đồng chí Trương Thị Mai, Ủy viên Bộ Chính trị, Thường trực Ban Bí thư dự và chỉ đạo hội nghị.',
     [('Trương Thị Mai', 'Ủy viên Bộ Chính trị, Thường trực Ban Bí thư')]),
    ('Buổi lễ có sự tham dự của ông Kiều Công Định, Giám đốc Trung tâm Văn hóa - Thể thao huyện.',
     [('Kiều Công Định', 'Giám đốc Trung tâm Văn hóa - Thể thao huyện')]),
    ('Năm 2023, xã Hà Lâm đã vận động nhân dân hiến 5.000m2 đất để mở rộng đường liên thôn.',
     []),
    ('Hội nghị được nghe TS. Nguyễn Văn Dũng, giảng viên Học viện Chính trị khu vực I báo cáo chuyên đề.',
     [('Nguyễn Văn Dũng', 'giảng viên Học viện Chính trị khu vực I')]),
    ('Đồng chí Chu Thị Hạnh (Chủ tịch Hội LHPN tỉnh) và đồng chí Hà Văn Tuấn (Bí thư Tỉnh đoàn) trao giải.',
     [('Chu Thị Hạnh', 'Chủ tịch Hội LHPN tỉnh'), ('Hà Văn Tuấn', 'Bí thư Tỉnh đoàn')]),
    ('Gia đình anh Lục Văn Thắng ở bản Nà Làng đã tự nguyện hiến 300m2 đất.',
     [('Lục Văn Thắng', None)]),
    ('Đại biểu Quốc hội Nguyễn Thị Xuân tiếp xúc cử tri tại xã.',
     [('Nguyễn Thị Xuân', 'Đại biểu Quốc hội')]),
    ('Đồng chí Nguyễn Văn Bình, Tỉnh ủy viên, Bí thư Huyện ủy Kim Sơn phát biểu.',
     [('Nguyễn Văn Bình', 'Tỉnh ủy viên, Bí thư Huyện ủy Kim Sơn')]),
    ('Ông Hoàng Văn Lợi, SN 1965, trú tại thôn Nà Pài, đã hiến 500m2 đất.',
     [('Hoàng Văn Lợi', None)]),
    ('Ngày 20/9, Huyện ủy Bảo Lâm tổ chức Hội nghị biểu dương điển hình “Dân vận khéo”. Dự hội nghị có đồng chí Hoàng Văn Thạch, Phó Trưởng Ban Dân vận Tỉnh ủy Cao Bằng.',
     [('Hoàng Văn Thạch', 'Phó Trưởng Ban Dân vận Tỉnh ủy Cao Bằng')]),
    ('Thay mặt Ban Thường vụ Tỉnh ủy, đồng chí Phó Bí thư Thường trực Tỉnh ủy Nguyễn Ngọc Lâm trao Huy hiệu 55 năm tuổi Đảng cho đồng chí Lê Văn Út.',
     [('Nguyễn Ngọc Lâm', 'Phó Bí thư Thường trực Tỉnh ủy'), ('Lê Văn Út', None)]),
    ('Theo Trưởng Ban Dân vận Huyện ủy Võ Thị Ngọc Hân, toàn huyện có 120 mô hình “Dân vận khéo”.',
     [('Võ Thị Ngọc Hân', 'Trưởng Ban Dân vận Huyện ủy')]),
    ("Ông Điểu Lành, người có uy tín trong đồng bào dân tộc S'tiêng ở xã Đồng Nai, là tấm gương tiêu biểu.",
     [('Điểu Lành', "người có uy tín trong đồng bào dân tộc S'tiêng ở xã Đồng Nai")]),
    ('Đồng chí Dương Thanh Bình, Ủy viên Trung ương Đảng, Trưởng Ban Dân nguyện của Ủy ban Thường vụ Quốc hội cùng đoàn công tác đã thăm Khu di tích Trần Văn Ơn.',
     [('Dương Thanh Bình', 'Ủy viên Trung ương Đảng, Trưởng Ban Dân nguyện của Ủy ban Thường vụ Quốc hội')]),
    ('Dịp này, Ủy ban nhân dân tỉnh tặng Bằng khen cho 20 tập thể, 35 cá nhân; Công ty TNHH Phạm Gia Bảo ủng hộ 200 triệu đồng.',
     []),
    ('Tham gia mô hình, chị Lường Thị Ánh, bản Co Mạ cho biết thu nhập gia đình tăng gấp đôi.',
     [('Lường Thị Ánh', None)]),
    ('Cùng dự có các đồng chí: Đặng Xuân Phong, Ủy viên Trung ương Đảng, Bí thư Tỉnh ủy; Trịnh Xuân Trường, Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh; Vũ Xuân Thủy, Ủy viên Ban Thường vụ, Trưởng Ban Dân vận Tỉnh ủy.',
     [('Đặng Xuân Phong', 'Ủy viên Trung ương Đảng, Bí thư Tỉnh ủy'), ('Trịnh Xuân Trường', 'Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh'), ('Vũ Xuân Thủy', 'Ủy viên Ban Thường vụ, Trưởng Ban Dân vận Tỉnh ủy')]),
    ('Bí thư Đảng ủy xã Nguyễn Văn Hòa cho biết: “Xã sẽ tiếp tục vận động Nhân dân hiến đất”.',
     [('Nguyễn Văn Hòa', 'Bí thư Đảng ủy xã')]),
    ('Đoàn Thanh niên Cộng sản Hồ Chí Minh huyện phối hợp với Hội Cựu chiến binh tổ chức ra quân.',
     []),
    ('Ông Phan Văn Chính (Trưởng ấp Tân Hòa) chia sẻ kinh nghiệm vận động.',
     [('Phan Văn Chính', 'Trưởng ấp Tân Hòa')]),
    ('Đồng chí Bế Thanh Tịnh, nguyên Ủy viên Ban Thường vụ Tỉnh ủy, nguyên Trưởng Ban Dân vận Tỉnh ủy ôn lại truyền thống.',
     [('Bế Thanh Tịnh', 'nguyên Ủy viên Ban Thường vụ Tỉnh ủy, nguyên Trưởng Ban Dân vận Tỉnh ủy')]),
    ('Tại buổi tiếp xúc, cử tri Trần Văn Bảy ở ấp 3 kiến nghị sửa chữa cầu.',
     [('Trần Văn Bảy', None)]),
    ('Đại diện gia đình, bà Lê Thị Tuyết xúc động cảm ơn Đảng ủy, chính quyền xã.',
     [('Lê Thị Tuyết', None)]),
    ('Hội nghị do đồng chí Lý Thị Hồng Nhung, Phó Chủ tịch Thường trực Ủy ban MTTQ Việt Nam tỉnh chủ trì.',
     [('Lý Thị Hồng Nhung', 'Phó Chủ tịch Thường trực Ủy ban MTTQ Việt Nam tỉnh')]),
    ('Phát huy lời dạy của Bác Hồ “Dân vận khéo thì việc gì cũng thành công”, xã Phạm Văn Cội đã huy động sức dân.',
     []),
])
def test_people_and_their_positions(text, expected):
    assert people(text) == expected


def test_each_person_once_with_the_role_of_the_first_mention_that_gives_one():
    assert people("Đồng chí Lâm Hoàng Sa thăm hỏi bà con.", None,
                  "Đồng chí Lâm Hoàng Sa, Trưởng Ban Dân vận Tỉnh ủy phát biểu. Đồng chí Hoàng Sa "
                  "nhấn mạnh; đồng chí Lâm Hoàng Sa, Ủy viên Ban Thường vụ Tỉnh ủy kết luận.") == [
        ("Lâm Hoàng Sa", "Trưởng Ban Dân vận Tỉnh ủy")]


def test_a_place_named_after_a_person_is_no_person_even_where_it_stands_alone():
    assert people("Trần Văn Thời: Đối thoại với Nhân dân", None,
                  "Ban Thường vụ Huyện ủy Trần Văn Thời tổ chức hội nghị đối thoại.") == []


def test_a_name_never_runs_into_the_next_paragraph():
    assert people("… đáp ứng yêu cầu trong tình hình mới./.\n\nHoàng Mai\n\nTrung tâm VH-TT-TT Giao Thủy") == []
    assert people("Đồng chí Phạm Duy Hưng, Phó Chủ tịch UBND tỉnh\n\nNguyễn Văn An cho biết") == [
        ("Phạm Duy Hưng", "Phó Chủ tịch UBND tỉnh"), ("Nguyễn Văn An", None)]


@pytest.mark.parametrize("body", [
    "Hội nghị diễn ra.\n\nHoàng Văn Minh", "Hội nghị diễn ra.\n\nTin, ảnh: Lê Thị Hoa",
    "Hội nghị diễn ra.\n\nNguyễn Thị Mai - Trung tâm VH-TT-TT Giao Thủy", "Ảnh: Trần Văn Tú",
])
def test_a_byline_left_in_the_body_is_no_mention(body):
    assert people(body) == []


def test_a_title_about_one_person_names_that_person():
    assert people("Nguyễn Thị Lan - người giữ lửa phong trào “Dân vận khéo”") == [("Nguyễn Thị Lan", None)]


def test_no_text_no_people():
    assert people(None, "", "Hội nghị diễn ra tại hội trường.") == []
