"""Vietnamese family names: byline reading (dvcrawl.extract) and people extraction
(dvcrawl.people) both check a name against them, so they live below both."""

FAMILY_NAMES = frozenset("""
Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Lâm Hà Ma Phương
Trịnh Lưu Doãn Trương Mai Cao Tô Tạ Đào Đoàn Lương Châu Quách Thái Triệu Kiều Chu Nông Vương
Lại Hứa Bế Giang Đàm Tống Mạc Lò Lục Lường Cầm Quàng Vi Hầu Giàng Sùng Vàng Thào Mùa Lầu Tòng
Khổng Khúc Kim La Lăng Lữ Mạch Mẫn Nghiêm Ninh Phí Phùng Quan Sầm Thạch Thân Tôn Ưng Âu Bạch
Cù Chế Diệp Đồng Giáp Hàn Khương Lạc Mã Ông Thiều Tăng Tiêu Trình Ứng Đậu Điểu Ksor Rơ Siu
Chung Khuất Lã Lỗ Bành Tiết Nhâm Kha Quản Sái Đan Vưu Nguỵ Ngụy Bạc Cà
""".split())
