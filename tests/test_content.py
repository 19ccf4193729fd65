"""Chrome stripping, captions and bylines on small HTML cases in the sites' own markup styles."""
import pytest
from parsel import Selector

from dvcrawl.extract.content import read_content

BASE = "https://example.dcs.vn/tin/a.html"


def read(html: str):
    root = Selector(text=f"<html><body><div id='c'>{html}</div></body></html>").css("#c")[0].root
    return read_content(root, BASE)


CASES = [
    # (name, html, paragraphs, images [(src, caption)], byline)
    ("word paragraphs and right-aligned bold byline",
     "<p class='MsoNormal'><span>Đoạn một.</span></p><p>&nbsp;</p>"
     "<p align='right'><b><span>Thanh Thủy - Ban Dân vận Tỉnh ủy</span></b></p>",
     ["Đoạn một."], [], ["Thanh Thủy - Ban Dân vận Tỉnh ủy"]),
    ("image table with caption cell",
     "<p>Trước ảnh.</p><table><tr><td><img src='/u/a.jpg'></td></tr>"
     "<tr><td><em>Quang cảnh hội nghị</em></td></tr></table><p>Sau ảnh.</p>",
     ["Trước ảnh.", "Sau ảnh."], [("https://example.dcs.vn/u/a.jpg", "Quang cảnh hội nghị")], []),
    ("figure with lazy image and figcaption",
     "<figure><img src='data:image/gif;base64,R0lGOD' data-src='/u/b.jpg'><figcaption>Chú thích</figcaption></figure>"
     "<p>Nội dung.</p>",
     ["Nội dung."], [("https://example.dcs.vn/u/b.jpg", "Chú thích")], []),
    ("italic line right after an image paragraph is its caption",
     "<p><img src='/u/c.jpg'></p><p><em>Đồng chí phát biểu</em></p><p>Tiếp theo.</p>",
     ["Tiếp theo."], [("https://example.dcs.vn/u/c.jpg", "Đồng chí phát biểu")], []),
    ("image without caption keeps caption null",
     "<p><img src='/u/d.jpg'></p><p>Đoạn văn thường.</p>",
     ["Đoạn văn thường."], [("https://example.dcs.vn/u/d.jpg", None)], []),
    ("placeholder src is not an image",
     "<p><img class='lazy' src='/themes/x/images/grey.gif'></p><p>Văn bản.</p>", ["Văn bản."], [], []),
    ("chrome elements and lines removed",
     "<p>Thân bài.</p><div class='share-bar'>Chia sẻ: Facebook</div>"
     "<div class='tin-lien-quan'><b>Tin liên quan</b><ul><li><a href='#'>Bài khác</a></li></ul></div>"
     "<form><input name='captcha'>Mã xác nhận</form><p>Lượt xem: 59</p>",
     ["Thân bài."], [], []),
    ("bold name then organisation line",
     "<p>Nội dung dài của bài viết.</p><p><strong>Hoàng Mai</strong></p><p>Trung tâm VH-TT-TT Giao Thủy</p>",
     ["Nội dung dài của bài viết."], [], ["Hoàng Mai", "Trung tâm VH-TT-TT Giao Thủy"]),
    ("a short bold sentence that is no name stays in the body",
     "<p>Mở đầu.</p><p><strong>Kết quả đạt được rất đáng khích lệ.</strong></p>",
     ["Mở đầu.", "Kết quả đạt được rất đáng khích lệ."], [], []),
    ("related-news box inside the body, after the byline",
     "<p>Thân bài.</p><p style='text-align: right;'><strong>Minh Hiền – Quốc Toàn</strong></p>"
     "<div style='border: 1px dashed'><p><strong>Tin liên quan:</strong></p><ul>"
     "<li><a href='/a'>Ban Dân vận Tỉnh ủy triển khai nhiệm vụ</a></li><li><a href='/b'>Bài khác</a></li></ul></div>",
     ["Thân bài."], [], ["Minh Hiền – Quốc Toàn"]),
    ("long right-aligned byline with organisation",
     "<p>Thân bài.</p><p style='text-align: right;'><strong>Quang Huy - Ban Dân vận Thành ủy Tam Điệp</strong></p>",
     ["Thân bài."], [], ["Quang Huy - Ban Dân vận Thành ủy Tam Điệp"]),
    ("running text with 'xem thêm' stays",
     "<p>Người dân có thể xem thêm thông tin tại trụ sở UBND xã.</p>",
     ["Người dân có thể xem thêm thông tin tại trụ sở UBND xã."], [], []),
    ("a Tailwind variant naming figcaption styles the figures inside: its text is no caption",
     "<div class='prose max-w-none prose-figcaption:text-center prose-figcaption:italic'><p>Đoạn một.</p>"
     "<figure><img src='/u/e.jpg'><figcaption>Chú thích ảnh</figcaption></figure><p>Đoạn hai.</p></div>",
     ["Đoạn một.", "Đoạn hai."], [("https://example.dcs.vn/u/e.jpg", "Chú thích ảnh")], []),
    ("a caption class is read from a token's whole parts",
     "<p>Trước ảnh.</p><table><tr><td><img src='/u/f.jpg'></td></tr><tr><td class='image_desc'>Toàn cảnh buổi lễ</td>"
     "</tr></table><div class='descendant'>Sau ảnh.</div>",
     ["Trước ảnh.", "Sau ảnh."], [("https://example.dcs.vn/u/f.jpg", "Toàn cảnh buổi lễ")], []),
    ("a byline set right and bold by utility classes",
     "<p>Thân bài.</p><p class='text-right font-bold'>Thanh Hà - Ban Dân vận Huyện ủy</p>",
     ["Thân bài."], [], ["Thanh Hà - Ban Dân vận Huyện ủy"]),
    ("a right alignment only on wide screens marks no byline",
     "<p>Thân bài.</p><p class='md:text-right md:font-bold'>Thanh Hà - Ban Dân vận Huyện ủy</p>",
     ["Thân bài.", "Thanh Hà - Ban Dân vận Huyện ủy"], [], []),
    ("a lazy image whose real one is in the noscript beside it",
     "<figure><span><img src='data:image/gif;base64,R0lGOD'><noscript><img src='/u/g.jpg'></noscript></span>"
     "<figcaption>Quang cảnh hội nghị</figcaption></figure><p>Nội dung.</p>",
     ["Nội dung."], [("https://example.dcs.vn/u/g.jpg", "Quang cảnh hội nghị")], []),
    ("a screen-reader-only label is not read (Drupal's media field label)",
     "<p>Đoạn đầu.</p><article class='media'><div class='field__label visually-hidden'>Hình ảnh</div>"
     "<img src='/u/h.jpg'></article><p>Đoạn sau.</p>",
     ["Đoạn đầu.", "Đoạn sau."], [("https://example.dcs.vn/u/h.jpg", None)], []),
    ("Bootstrap's hidden classes hide NukeViet's schema.org fields",
     "<span class='hidden hide d-none'>2025-09-10T08:00:00+07:00</span><p>Đoạn đầu.</p>",
     ["Đoạn đầu."], [], []),
    ("a short hidden label is not read; a long hidden rest of the article is",
     "<div style='display:none'>Nội dung Trang</div><p>Đoạn đầu.</p><span hidden>Chú thích ẩn</span>"
     "<div style='display: none;'><p>" + "Phần còn lại của bài viết, mở ra khi bạn đọc bấm Xem tiếp. " * 4 + "</p></div>",
     ["Đoạn đầu.", ("Phần còn lại của bài viết, mở ra khi bạn đọc bấm Xem tiếp. " * 4).strip()], [], []),
]


@pytest.mark.parametrize("name,html,paragraphs,images,byline", CASES, ids=[c[0] for c in CASES])
def test_read_content(name, html, paragraphs, images, byline):
    content = read(html)
    assert content.paragraphs == paragraphs
    assert [(i.src, i.caption) for i in content.images] == images
    assert content.byline == byline


def test_cms_accounts_are_not_people_and_a_role_abbreviation_gives_way_to_a_name():
    from dvcrawl.extract.content import people
    assert people("Đăng bởi: Admin") == [] and people("Quản trị viên") == []
    assert people("Minh Anh - P.V") == ["Minh Anh"] and people("P.V") == ["P.V"]


def test_an_image_known_only_by_its_srcset_takes_the_widest_candidate():
    from lxml import html as lxml_html
    from dvcrawl.extract.content import image_src
    img = lxml_html.fromstring('<img src="data:image/gif;base64,R0l" srcset="/a-300.jpg 300w, /a-1024.jpg 1024w">')
    assert image_src(img, "https://x.vn/b/") == "https://x.vn/a-1024.jpg"


def test_bylines_with_an_affiliation_in_parentheses_or_set_in_capitals_name_their_people():
    from dvcrawl.extract.content import people
    assert people("Hồng Nhung (TTVH huyện)") == ["Hồng Nhung"] and people("Lê Hoa (st)") == ["Lê Hoa"]
    assert people("NGUYỄN VĂN AN") == ["NGUYỄN VĂN AN"]
    assert people("TIN LIÊN QUAN") == [] and people("BAN DÂN VẬN TỈNH ỦY") == []


def test_the_content_element_is_never_a_caption_whatever_its_class():
    root = Selector(text="<html><body><div class='news-desc'><p>Đoạn một của bài.</p>"
                         "<p>Đoạn hai của bài.</p></div></body></html>").css(".news-desc")[0].root
    assert read_content(root, BASE).paragraphs == ["Đoạn một của bài.", "Đoạn hai của bài."]


def test_a_noscript_image_kept_as_text_is_parsed():
    from lxml import html as lxml_html
    from dvcrawl.extract.content import image_src
    box = lxml_html.fromstring('<div><img src="data:image/gif;base64,R0l"><noscript>&lt;img src="/u/h.jpg"&gt;'
                               '</noscript></div>')
    assert image_src(box.find("img"), "https://x.vn/b/") == "https://x.vn/u/h.jpg"


def test_a_fields_text_leaves_out_the_label_the_page_hides():
    """SharePoint renders a field's label hidden before the field: the lead is the text alone."""
    from dvcrawl.extract.page import ArticlePage, Template

    class Sapo(Template):
        summary = ".sapo"
        body = "#c"

    html = ("<html><body><h1>Tiêu đề</h1><div class='sapo'><div style='display:none'>Tóm tắt</div>"
            "<b>Sáng 12/7, hội nghị sơ kết.</b></div><div id='c'><p>Thân bài.</p></div></body></html>")
    assert ArticlePage(html, BASE, Sapo).summary() == "Sáng 12/7, hội nghị sơ kết."
