"""Generic (template-less) extraction: recorded sites read without their selectors, and page
shapes none of the recorded sites has (NukeViet-style, table layouts, title inside the body)."""
import json

import pytest

from dvcrawl.extract.factory import choose_page
from dvcrawl.extract.generic import GenericArticlePage, GenericListingPage, is_page_of
from dvcrawl.extract.generic.listing import is_later_page
from dvcrawl.extract.page import ArticlePage, Template
from dvcrawl.templates import TEMPLATES
from tests.conftest import SNAPSHOTS, SITE_IDS, load_jsonl, recorded_page
from tests.test_fixtures import FIXTURES

NUKEVIET = (FIXTURES / "huyenx" / "nukeviet-article.html").read_text(encoding="utf-8")
TABLE_LAYOUT = (FIXTURES / "xay" / "table-layout-article.html").read_text(encoding="utf-8")
LISTING = (FIXTURES / "huyenx" / "listing.html").read_text(encoding="utf-8")

def start_urls(site_id: str) -> list[str]:
    return json.loads((SNAPSHOTS / site_id / "site.json").read_text(encoding="utf-8"))["start_urls"]


def generic_listing(site_id: str) -> tuple[dict, list[str]]:
    """URL → listing date over the section's listing pages found by generic pagination."""
    todo, seen, dates = list(start_urls(site_id)), [], {}
    while todo:
        url = todo.pop(0)
        if url in seen:
            continue
        seen.append(url)
        try:
            page = GenericListingPage(recorded_page(site_id, url), url)
        except KeyError:  # a redirect: its target is listed too
            continue
        dates.update({e.url: e.date for e in page.entries()})
        todo.extend(page.next_pages())
    return dates, seen


CASES = [(site, gold) for site in SITE_IDS for gold in load_jsonl(SNAPSHOTS / site / "expected.jsonl")]


@pytest.mark.parametrize("site_id,gold", CASES, ids=[g["url"].rsplit("/", 1)[-1][-40:] for _, g in CASES])
def test_generic_article_matches_gold_without_selectors(site_id, gold):
    dates, _ = generic_listing(site_id)
    page = GenericArticlePage(recorded_page(site_id, gold["url"]), gold["url"], listing_date=dates.get(gold["url"]))
    got = page.fields()
    assert page.looks_like_article()
    fields = ("url", "title", "summary", "published", "authors", "images", "views")
    assert {f: got[f] for f in fields} == {f: gold[f] for f in fields}
    assert got["body"].split("\n\n") == gold["body"]


@pytest.mark.parametrize("site_id", SITE_IDS)
def test_generic_listing_finds_the_section_list_and_its_pages(site_id):
    dates, pages = generic_listing(site_id)
    gold = {g["url"] for g in load_jsonl(SNAPSHOTS / site_id / "expected.jsonl")}
    assert len(pages) >= 2, "pagination was followed"
    assert gold <= set(dates)
    assert len(set(dates) - gold) <= 1  # no sidebar, menu or related-news links
    for url in start_urls(site_id):
        assert not GenericArticlePage(recorded_page(site_id, url), url).looks_like_article()


def test_nukeviet_style_article():
    page = GenericArticlePage(NUKEVIET, "https://huyenx.gov.vn/news/dan-van/hoi-nghi-doi-thoai-2022-123.html")
    got = page.fields()
    assert got["title"] == "Hội nghị đối thoại giữa Bí thư Huyện ủy với Nhân dân năm 2022"
    assert got["summary"].startswith("Ngày 12/5/2022, Ban Thường vụ Huyện ủy")
    assert got["published"] == "2022-05-12T15:20:00+07:00"
    assert got["views"] == 1234
    assert got["authors"] == ["Nguyễn Văn An"]  # from "Tác giả bài viết:", not "Nguồn tin:"
    assert got["images"] == [{"src": "https://huyenx.gov.vn/uploads/news/2022_05/doi-thoai.jpg",
                              "caption": "Quang cảnh hội nghị đối thoại"}]
    body = got["body"].split("\n\n")
    assert len(body) == 3 and body[0].startswith("Tham dự hội nghị")
    text = got["body"] + got["summary"]
    for chrome in ("Tác giả bài viết", "Nguồn tin", "Tổng số điểm", "Những tin", "Lượt xem", "Cơ quan chủ quản",
                   "Giao ban công tác dân vận quý II"):
        assert chrome not in text
    assert page.looks_like_article()


def test_table_layout_with_title_date_and_related_links_inside_the_body():
    page = GenericArticlePage(TABLE_LAYOUT, "https://xay.gov.vn/tin/mat-tran-xa-y-dan-van-kheo.html")
    got = page.fields()
    assert got["title"] == "Mặt trận xã Y ra mắt mô hình “Dân vận khéo” về bảo vệ môi trường"
    assert got["published"] == "2021-11-03T08:45:00+07:00"
    assert got["summary"].startswith("Sáng 02/11, Ủy ban MTTQ xã Y")  # a wholly bold first paragraph
    assert got["views"] == 57
    assert got["authors"] == ["Trần Thị Bình"]
    body = got["body"].split("\n\n")
    assert body[0].startswith("Mô hình do Ban công tác Mặt trận") and len(body) == 2
    assert "Hội nghị công tác dân vận xã Y" not in got["body"]  # the "Các tin khác" links


def test_listing_without_selectors_and_its_pagination():
    page = GenericListingPage(LISTING, "https://huyenx.gov.vn/news/dan-van/")
    assert [e.url.rsplit("/", 1)[-1] for e in page.entries()] == [
        "hoi-nghi-doi-thoai-2022-123.html", "giao-ban-dan-van-quy-i-2022-120.html", "dan-van-kheo-2022-118.html"]
    assert [e.date for e in page.entries()][0] == "2022-05-12T15:20:00+07:00"
    assert page.next_pages() == ["https://huyenx.gov.vn/news/dan-van/page-2", "https://huyenx.gov.vn/news/dan-van/page-3"]
    assert not GenericArticlePage(LISTING, "https://huyenx.gov.vn/news/dan-van/").looks_like_article()


@pytest.mark.parametrize("url,listing,expected", [
    ("https://a.vn/dan-van/trang-2.html", "https://a.vn/dan-van/", True),
    ("https://a.vn/dan-van/page-3", "https://a.vn/dan-van/", True),
    ("https://a.vn/chuyen-muc/dan-van.html?page=2", "https://a.vn/chuyen-muc/dan-van.html", True),
    ("https://a.vn/Default.aspx?tabid=121&CateID=35&page=2", "https://a.vn/Default.aspx?tabid=121&CateID=35", True),
    ("https://a.vn/dan-van/?page=100000", "https://a.vn/dan-van/", False),  # trap guard
    ("https://a.vn/kinh-te/", "https://a.vn/dan-van/", False),
    ("https://b.vn/dan-van/trang-2.html", "https://a.vn/dan-van/", False),
    ("https://a.vn/dan-van/bai-viet-123.html", "https://a.vn/dan-van/", False),
    # from a later page, the pages after it (a pager shows a window of page numbers)
    ("https://a.vn/dan-van/trang-7.html", "https://a.vn/dan-van/trang-6.html", True),
    ("https://a.vn/chuyen-muc/dan-van/page/4/", "https://a.vn/chuyen-muc/dan-van/page/3/", True),
    ("https://a.vn/tin/dan-van-p3.html", "https://a.vn/tin/dan-van-p2.html", True),
    ("https://a.vn/dan-van/?page=7", "https://a.vn/dan-van/?page=6", True),
    ("https://a.vn/kinh-te/trang-3.html", "https://a.vn/dan-van/trang-2.html", False),
    ("https://a.vn/dan-van/bai-viet-123.html", "https://a.vn/dan-van/trang-2.html", False),
    ("https://a.vn/dan-van-13.html", "https://a.vn/dan-van-12.html", False),  # a section's id is no page
    # EasyDNNnews (DNN): the pager's id, then the page
    ("https://a.vn/tin-tuc/category/dan-van/PgrID/1234/PageID/2", "https://a.vn/tin-tuc/category/dan-van", True),
    ("https://a.vn/tin-tuc/category/dan-van/PgrID/1234/PageID/3",
     "https://a.vn/tin-tuc/category/dan-van/PgrID/1234/PageID/2", True),
    ("https://a.vn/tin-tuc/category/dan-van/ArticleID/5678", "https://a.vn/tin-tuc/category/dan-van", False),
])
def test_is_page_of(url, listing, expected):
    assert is_page_of(url, listing) is expected


def test_category_links_are_not_pagination():
    html = ('<html><body><div class="menu-x"><a href="?tabid=1&CateID=36">Công tác tổ chức</a></div>'
            '<div class="pager"><a href="?tabid=1&CateID=35&page=2">2</a></div></body></html>')
    page = GenericListingPage(html, "https://a.vn/?tabid=1&CateID=35")
    assert page.next_pages() == ["https://a.vn/?tabid=1&CateID=35&page=2"]


def broken(template):
    """The template after a redesign: its content element has a new class."""
    return type("Drifted", (template,), {"name": template.name, "body": ".noi-dung-moi"})


def test_choose_page_falls_back_when_selectors_miss():
    gold = load_jsonl(SNAPSHOTS / "ninhbinh" / "expected.jsonl")[0]
    html = recorded_page("ninhbinh", gold["url"])
    page, how, missing = choose_page(html, gold["url"], TEMPLATES["dnn_newsdetail"])
    assert (how, missing) == ("site", []) and type(page) is ArticlePage
    page, how, missing = choose_page(html, gold["url"], broken(TEMPLATES["dnn_newsdetail"]))
    assert (how, missing) == ("generic", ["body"]) and isinstance(page, GenericArticlePage)
    assert page.body().split("\n\n") == gold["body"]
    page, how, _ = choose_page(html, gold["url"], None)
    assert how == "generic"


def test_section_label_lead_heading_and_author_element():
    html = """<html><head><title>Cổng thông tin</title></head><body>
    <ul class="nav-x"><li><a href="/dan-van">Công tác dân vận</a></li></ul>
    <div class="detail"><h1><a href="/bai/123.html">Huyện ủy đối thoại với đoàn viên thanh niên năm 2023</a></h1>
    <div class="cat">Công tác dân vận</div>
    <h2>Chiều 5/6, Thường trực Huyện ủy tổ chức hội nghị đối thoại với đoàn viên, thanh niên trên địa bàn huyện.</h2>
    <div class="tacgia">Bài và ảnh: Lê Văn Cường</div>
    <div class="entry">
    <p>Tại hội nghị, các đoàn viên đã nêu nhiều ý kiến về việc làm, khởi nghiệp và học nghề cho thanh niên nông thôn.</p>
    <p>Lãnh đạo huyện đã trả lời, tiếp thu các ý kiến và giao các cơ quan chuyên môn giải quyết kịp thời.</p></div>
    </div></body></html>"""
    page = GenericArticlePage(html, "https://h.vn/bai/123.html")
    assert page.title() == "Huyện ủy đối thoại với đoàn viên thanh niên năm 2023"  # not the section label
    assert page.summary().startswith("Chiều 5/6, Thường trực Huyện ủy")
    assert page.authors() == ["Lê Văn Cường"]
    assert page.paragraphs()[0].startswith("Tại hội nghị") and len(page.paragraphs()) == 2


def test_generic_spider_topic_rule():
    from types import SimpleNamespace

    from dvcrawl.spiders.generic import GenericSpider
    spider = GenericSpider(site_id="binhduong")
    spider.dan_van_links = {"https://binhduong.dcs.vn/tin-tuc/a-1.html"}
    response = lambda url: SimpleNamespace(url=url, meta={})  # noqa: E731
    weak = SimpleNamespace(topic_label="other", topic_score=0.35)
    assert spider.relevant(weak, response("https://binhduong.dcs.vn/tin-tuc/a-1.html"))  # listed in dân vận
    assert not spider.relevant(weak, response("https://binhduong.dcs.vn/tin-tuc/b-2.html"))
    assert not spider.relevant(SimpleNamespace(topic_label="other", topic_score=0.0),
                               response("https://binhduong.dcs.vn/tin-tuc/a-1.html"))
    assert spider.relevant(SimpleNamespace(topic_label="relevant", topic_score=0.9), response("https://x.vn/"))
    spider.keep_all = True
    assert spider.relevant(SimpleNamespace(topic_label="other", topic_score=0.0), response("https://x.vn/"))


def test_wordpress_article_and_category_listing():
    html = (FIXTURES / "huyenuyz" / "wordpress-article.html").read_text(encoding="utf-8")
    page = GenericArticlePage(html, "https://huyenuyz.vn/ban-dan-van-so-ket-6-thang/")
    assert page.title() == "Ban Dân vận Huyện ủy sơ kết 6 tháng đầu năm"  # h1 in the article's <header>
    assert page.published() == "2022-07-08T09:30:00+07:00"  # shown 08/07/2022; the time from <time datetime>
    assert page.views() == 342  # "Lượt xem: 342" next to a date, not 2022
    assert page.authors() == ["Phạm Thu Hà"] and page.summary() is None
    listing = (FIXTURES / "huyenuyz" / "listing.html").read_text(encoding="utf-8")
    found = GenericListingPage(listing, "https://huyenuyz.vn/category/dan-van/")
    assert [e.url for e in found.entries()] == ["https://huyenuyz.vn/ban-dan-van-so-ket-6-thang/",
                                                "https://huyenuyz.vn/hoi-nghi-truoc/"]
    assert found.next_pages() == ["https://huyenuyz.vn/category/dan-van/page/2/"]
    assert found.in_dan_van_section()


@pytest.mark.parametrize("html", ["<html></html>", "<p>một dòng</p>",
                                  '<html><body><a href="/b">một hai ba bốn năm sáu bảy tám chín</a></body></html>'])
def test_degenerate_pages_are_neither_articles_nor_lists(html):
    page = GenericArticlePage(html, "https://x.vn/a")
    assert not page.looks_like_article() and page.body() == ""
    listing = GenericListingPage(html, "https://x.vn/a")
    assert listing.entries() == [] and listing.next_pages() == []


def test_rating_widget_lines_are_chrome():
    from dvcrawl.extract.chrome import is_chrome_line
    for line in ("Tổng số điểm của bài viết là: 12 trong 3 đánh giá", "Click để đánh giá bài viết",
                 "Đánh giá bài viết", "Những tin mới hơn", "Tác giả bài viết: Lê Văn A", "Nguồn tin: Báo Nhân Dân"):
        assert is_chrome_line(line), line
    assert not is_chrome_line("Đánh giá bài viết này, nhiều đại biểu cho rằng công tác dân vận đã có chuyển biến rõ nét.")


def test_chrome_is_read_from_class_tokens_not_substrings():
    from dvcrawl.extract.chrome import is_chrome_attr
    assert not is_chrome_attr("post-12 post type-post hentry category-dan-van tag-dan-van")  # WordPress terms
    assert not is_chrome_attr("shared main-content")
    assert is_chrome_attr("post-tags") and is_chrome_attr("box-related") and is_chrome_attr("tin-lien-quan")
    assert is_chrome_attr("tag-list")  # a tag list where no post marker says it names a term
    assert is_chrome_attr("box-tin-khac") and not is_chrome_attr("tin-khach-hang")  # a phrase of whole parts


def test_a_container_named_like_a_sidebar_that_holds_the_article_is_read():
    text = "Ban Dân vận Huyện ủy tổ chức hội nghị sơ kết công tác dân vận sáu tháng đầu năm. " * 4
    html = (f'<html><body><div class="sidebar_right"><h1>Ban Dân vận sơ kết sáu tháng đầu năm</h1>'
            f'<p>{text}</p><p>{text}</p></div><div class="sidebar"><ul><li><a href="/a">Tin khác một</a></li>'
            f'</ul></div></body></html>')
    page = GenericArticlePage(html, "https://x.vn/a")
    assert page.title() == "Ban Dân vận sơ kết sáu tháng đầu năm" and page.body().count("sơ kết") == 8


def test_a_thin_page_is_read_from_trafilatura():
    text = "Hội Nông dân xã tổ chức tập huấn kỹ thuật trồng lúa cho hơn một trăm hội viên trong xã. "
    html = f'<html><body><h1>Tập huấn kỹ thuật cho nông dân</h1><span>{text * 4}</span></body></html>'
    page = GenericArticlePage(html, "https://x.vn/a")
    assert "tập huấn kỹ thuật trồng lúa" in page.body()


def test_a_template_whose_date_box_moved_finds_the_date_elsewhere_on_the_page():
    class Moved(Template):
        name, title, body, published = "moved", "h1", ".content", ".old-date"
    html = ('<html><body><h1>Tiêu đề bài viết</h1><div class="box"><span class="post-date">15/04/2024 08:15</span></div>'
            '<div class="content"><p>Nội dung bài viết đủ dài để đọc được thành một đoạn văn.</p></div></body></html>')
    page = ArticlePage(html, "https://x.vn/a", Moved)
    assert page.published() == "2024-04-15T08:15:00+07:00" and "published" not in page.missing()


TODAY_BOX = ('<html><body><div class="top-date">Thứ Năm, 03/12/2026</div><h1>Tiêu đề bài viết</h1>'
             '<div class="content"><p>Nội dung bài viết đủ dài để đọc được thành một đoạn văn.</p></div>'
             '{extra}</body></html>')


def test_the_listing_date_comes_before_a_today_box_in_the_header():
    class NoDateSpot(Template):
        name, title, body = "no_date_spot", "h1", ".content"
    page = ArticlePage(TODAY_BOX.format(extra=""), "https://x.vn/a", NoDateSpot, listing_date="2024-04-15")
    assert page.published() == "2024-04-15"
    without_listing = ArticlePage(TODAY_BOX.format(extra=""), "https://x.vn/a", NoDateSpot)
    assert without_listing.published() == "2026-12-03"  # the page-wide search is the last resort


def test_the_page_wide_date_search_finds_every_kind_of_date_element_in_page_order():
    dated = ['<time datetime="2024-01-02T03:04:00+07:00">hôm qua</time>',
             '<span itemprop="datePublished">05/02/2024</span>', '<span id="post-date">06/03/2024</span>',
             '<span class="ngay-dang">07/04/2024</span>', '<span class="post-time">08/05/2024 09:10</span>']
    expected = ["2024-01-02T03:04:00+07:00", "2024-02-05", "2024-03-06", "2024-04-07", "2024-05-08T09:10:00+07:00"]
    for k in range(len(dated)):
        html = f'<html><head><meta name="date" content="x"></head><body>{"".join(dated[k:])}</body></html>'
        assert ArticlePage(html, "https://x.vn/a", None)._page_date() == expected[k]


def test_a_related_box_left_unclosed_keeps_the_text_it_swallowed_and_its_links_stay_out():
    text = "Ban Dân vận Huyện ủy tổ chức hội nghị sơ kết công tác dân vận sáu tháng đầu năm với nhiều nội dung. " * 2
    other = "Một tiêu đề rất dài của bài viết khác về công tác dân vận ở cơ sở trong năm nay " * 2
    html = (f'<html><body><h1>Ban Dân vận sơ kết sáu tháng đầu năm 2024</h1><div class="content"><p>{text}</p>'
            f'<p>{text}</p><div class="tin-lien-quan"><ul><li><a href="/a">Hội nghị triển khai công tác dân vận '
            f'năm 2024</a></li></ul><p>Đoạn cuối. {text}</p><p>Xem thêm: <a href="/b">{other}</a></p>'
            f'</div></div></body></html>')
    paragraphs = GenericArticlePage(html, "https://x.vn/a").paragraphs()
    assert len(paragraphs) == 3 and paragraphs[-1].startswith("Đoạn cuối.")


def test_an_aspnet_form_around_the_main_column_is_read_as_content():
    text = "Ban Dân vận Huyện ủy tổ chức hội nghị sơ kết công tác dân vận sáu tháng đầu năm với nhiều nội dung. " * 3
    menu = "".join(f'<li><a href="/m{i}">Mục {i}</a></li>' for i in range(300))  # most elements are menu
    html = (f'<html><body><ul class="nav">{menu}</ul><div class="main"><form id="aspnetForm">'
            f'<h1>Ban Dân vận sơ kết sáu tháng đầu năm 2024</h1><p>{text}</p><p>{text}</p></form></div></body></html>')
    page = GenericArticlePage(html, "https://x.vn/a")
    assert page.title() == "Ban Dân vận sơ kết sáu tháng đầu năm 2024" and len(page.paragraphs()) == 2


def test_a_next_js_page_is_an_article_only_when_it_declares_one():
    page = (FIXTURES / "biencuong" / "nextjs-article" / "page.html").read_text(encoding="utf-8")
    url = "https://biencuong.example.vn/dan-toc-ton-giao/a5521.html"
    assert GenericArticlePage(page, url).looks_like_article()
    listing = page.replace('"@type":"NewsArticle"', '"@type":"CollectionPage"')
    assert not GenericArticlePage(listing, url).looks_like_article()


def test_a_long_sidebar_widget_beside_a_short_article_stays_a_sidebar():
    about = "Trang thông tin của Đảng bộ xã giới thiệu hoạt động của các tổ chức chính trị ở địa phương. " * 6
    text = "Hội Nông dân xã tổ chức tập huấn kỹ thuật trồng lúa cho hơn một trăm hội viên trong xã. " * 3
    html = (f'<html><body><div class="sidebar"><p>{about}</p></div><div class="main">'
            f'<h1>Hội Nông dân xã tập huấn kỹ thuật</h1><p>{text}</p></div></body></html>')
    page = GenericArticlePage(html, "https://x.vn/a")
    assert page.body() == text.strip()


PARAGRAPH = "Ban Dân vận Huyện ủy tổ chức hội nghị sơ kết công tác dân vận sáu tháng đầu năm với nhiều nội dung. "


def test_a_template_rendered_byline_right_after_the_body_is_read():
    def page(after: str) -> GenericArticlePage:
        return GenericArticlePage(f'<html><body><h1>Ban Dân vận sơ kết sáu tháng đầu năm 2024</h1>'
                                  f'<div class="prose"><p>{PARAGRAPH * 2}</p><p>{PARAGRAPH * 2}</p></div>{after}'
                                  f'</body></html>', "https://x.vn/a")
    byline = page('<div class="mt-6 flex justify-end"><p class="text-right font-bold">Thanh Hà</p></div>')
    assert byline.authors() == ["Thanh Hà"] and len(byline.paragraphs()) == 2
    assert page('<ul class="pager"><li><a href="/b">Trước</a></li></ul>').authors() == []
    assert page('<div><span>Minh Anh</span></div>').authors() == []  # a line nothing marks as a byline


def test_a_lead_set_bold_by_a_class_is_the_summary():
    lead = "Sáng 12/7, Đảng ủy xã tổ chức hội nghị triển khai nhiệm vụ công tác dân vận sau sắp xếp đơn vị hành chính."
    html = (f'<html><body><h1>Đảng ủy xã triển khai nhiệm vụ công tác dân vận</h1><div class="space-y-5">'
            f'<p class="text-lg font-semibold">{lead}</p><p>{PARAGRAPH * 2}</p><p>{PARAGRAPH * 2}</p>'
            f'</div></body></html>')
    page = GenericArticlePage(html, "https://x.vn/a")
    assert page.summary() == lead and len(page.paragraphs()) == 2


def test_a_captioned_figure_between_title_and_body_is_the_first_picture():
    hero = ('<figure><span><img src="data:image/gif;base64,R0lGOD"><noscript><img src="/u/hero.jpg"></noscript>'
            '</span><figcaption>Quang cảnh hội nghị</figcaption></figure>')
    html = (f'<html><body><article><h1>Ban Dân vận sơ kết sáu tháng đầu năm 2024</h1>'
            f'<figure><img src="/u/avatar.png"></figure>{hero}<div class="prose"><p>{PARAGRAPH * 2}</p>'
            f'<figure><img src="/u/in-text.jpg"><figcaption>Đại biểu phát biểu</figcaption></figure>'
            f'<p>{PARAGRAPH * 2}</p></div></article></body></html>')
    page = GenericArticlePage(html, "https://x.vn/a")
    assert page.images() == [{"src": "https://x.vn/u/hero.jpg", "caption": "Quang cảnh hội nghị"},
                             {"src": "https://x.vn/u/in-text.jpg", "caption": "Đại biểu phát biểu"}]


def test_an_inline_font_wrapper_is_no_body_its_block_with_the_picture_table_is():
    html = (f'<html><body><table><tr><td class="title"><b>Ban Dân vận sơ kết sáu tháng đầu năm 2024</b></td></tr>'
            f'<tr><td class="text"><table align="center"><tr><td><img src="/Upload/hoi-nghi.jpg"></td></tr>'
            f'<tr><td><i>Quang cảnh hội nghị</i></td></tr></table><font face="Arial" size="2">'
            f'<P align=justify>{PARAGRAPH * 2}<P align=justify>{PARAGRAPH * 2}</font></td></tr></table></body></html>')
    page = GenericArticlePage(html, "https://x.vn/default.asp?act=detail&id=1")
    assert page.images() == [{"src": "https://x.vn/Upload/hoi-nghi.jpg", "caption": "Quang cảnh hội nghị"}]
    assert len(page.paragraphs()) == 2


def test_a_comment_before_a_list_is_passed_over():
    """DNN writes `<!-- Start_Module_N -->` before each module: the heading above still counts,
    and the comment breaks nothing."""
    html = ("<html><body><h1>Tiêu đề bài viết về công tác dân vận ở xã</h1><div class='content'>"
            + "<p>" + "Nội dung bài viết về công tác dân vận của Đảng ủy xã trong năm nay. " * 8 + "</p></div>"
            "<b>Tin liên quan</b><!-- Start_Module_1234 --><ul><li><a href='/a/1'>Một bài viết khác về dân vận ở xã bên</a></li>"
            "<li><a href='/a/2'>Hai bài viết khác về dân vận ở xã bên cạnh</a></li></ul></body></html>")
    page = GenericArticlePage(html, "https://xa.vn/a/0")
    assert page.looks_like_article()
    assert "Một bài viết khác" not in page.body()


WP_THEME_ARTICLE = """<html><head><meta property="og:image" content="https://dv.vn/up/anh-chinh.jpg"></head><body>
<h1 class="entry-title">Phụ nữ phường Bắc Lý chung tay xây dựng tuyến phố văn minh</h1>
<div class="td-post-featured-image"><figure><img src="https://dv.vn/up/anh-chinh-696x464.jpg"></figure></div>
<div class="td-post-content">
<p>Mô hình tuyến phố văn minh do Hội Liên hiệp Phụ nữ phường Bắc Lý phát động đã thu hút đông đảo hội viên tham gia,
góp phần làm cho các tuyến phố ngày càng sạch đẹp, an toàn và văn minh hơn trong năm nay.</p>
<p><em><strong>Xem thêm: </strong><a href="https://dv.vn/le-thuy-hieu-qua-mo-hinh-dan-van-kheo/">Lệ Thủy: Hiệu quả từ mô hình
Dân vận khéo trong xây dựng nông thôn mới</a></em></p>
<p>Các chi hội phụ nữ đã vận động hội viên trồng hoa, lắp đèn chiếu sáng và duy trì tổng vệ sinh vào sáng Chủ nhật
hằng tuần, được Nhân dân đồng tình hưởng ứng và nhân rộng ra nhiều tổ dân phố khác trên địa bàn.</p>
<div class="td-a-rec td-a-rec-id-content_bottom"><a href="https://dv.vn/chuyen-muc/dan-van-kheo/"><img src="https://dv.vn/up/banner-728x90.jpg"></a></div>
</div>
<div class="author-box-wrap"><div class="td-author-description">Tài khoản đăng tin của Ban Dân vận Tỉnh ủy, tin bài do cộng tác viên gửi về.</div></div>
<div class="td_block_related_posts"><div class="td_module_related_posts"><a href="https://dv.vn/bai-mot/">Bài viết liên quan thứ nhất về dân vận khéo</a></div>
<div class="td_module_related_posts"><a href="https://dv.vn/bai-hai/">Bài viết liên quan thứ hai về dân vận khéo</a></div></div>
</body></html>"""


def test_a_news_themes_article_page_is_read_without_its_chrome():
    """tagDiv Newspaper (tests/sites/wp_newspaper): a "Xem thêm:" link and a banner in the text
    make no list; the author box's description is no lead; the featured picture without a
    caption is the picture the page declares; the banner is an ad."""
    page = GenericArticlePage(WP_THEME_ARTICLE, "https://dv.vn/phu-nu-phuong-bac-ly/")
    assert page.looks_like_article()
    assert page.summary() is None
    assert [p["src"] for p in page.images()] == ["https://dv.vn/up/anh-chinh-696x464.jpg"]
    assert page.body().startswith("Mô hình tuyến phố") and "Xem thêm" not in page.body()


def test_a_later_listing_page_links_its_first_page():
    assert is_page_of("https://a.vn/chuyen-muc/dan-van/", "https://a.vn/chuyen-muc/dan-van/page/2/")
    assert not is_page_of("https://a.vn/chuyen-muc/kinh-te/", "https://a.vn/chuyen-muc/dan-van/page/2/")


@pytest.mark.parametrize("url,later", [
    ("https://a.vn/cong-tac-dan-van?start=12", True), ("https://a.vn/cong-tac-dan-van?start=0", False),
    ("https://a.vn/dan-van/trang-3.html", True), ("https://a.vn/dan-van/?page=1", False),
    ("https://a.vn/dan-van/?page=2", True), ("https://a.vn/dan-van/", False), ("https://a.vn/tin?id=1234", False),
])
def test_is_later_page(url, later):
    assert is_later_page(url) is later


def test_the_last_page_of_a_listing_may_hold_one_entry():
    """Joomla's blog layout (tests/sites/joomla4_phuong): 6 articles a page, the 13th alone on
    page 3. One link makes no list, except on a later page."""
    html = ("<html><body><div id='main'><h1>Công tác Dân vận</h1><div class='blog'><div class='item'>"
            "<h2><a href='/cong-tac-dan-van/221-ra-mat-ban-thuong-truc'>Ra mắt Ban Thường trực Ủy ban MTTQ phường</a></h2>"
            "<p>Sáng 5/9, Ủy ban MTTQ Việt Nam phường tổ chức ra mắt Ban Thường trực nhiệm kỳ mới.</p></div></div>"
            "</div></body></html>")
    assert [e.url for e in GenericListingPage(html, "https://a.vn/cong-tac-dan-van?start=12").entries()] == [
        "https://a.vn/cong-tac-dan-van/221-ra-mat-ban-thuong-truc"]
    assert GenericListingPage(html, "https://a.vn/cong-tac-dan-van").entries() == []


def test_the_page_grid_around_main_is_no_sidebar():
    """Drupal's Olivero wraps <main> and the sidebar in `sidebar-grid`: its links are the page's
    own, so a listing's only entry on its last page is still found."""
    html = ("<html><body><header><nav><a href='/a/tin-khac-ve-kinh-te-xa-hoi'>Tin khác về kinh tế xã hội</a></nav></header>"
            "<div class='sidebar-grid grid-full'><main><h1>Dân vận</h1><div class='views-row'>"
            "<h2><a href='/tin-tuc/dan-van/luc-luong-vu-trang-giup-dan'>Lực lượng vũ trang tỉnh giúp dân xây dựng nông thôn mới</a></h2>"
            "<p>Năm qua, lực lượng vũ trang tỉnh đã giúp dân hàng nghìn ngày công.</p></div></main>"
            "<aside class='sidebar'><h2>Tin mới</h2></aside></div><footer><p>"
            + "Cơ quan chủ quản: Tỉnh ủy Tuyên Quang. Địa chỉ: số 1 đường Trần Hưng Đạo, phường Minh Xuân. " * 8
            + "</p></footer></body></html>")
    page = GenericListingPage(html, "https://a.vn/chuyen-muc/dan-van?page=2")
    assert [e.url for e in page.entries()] == ["https://a.vn/tin-tuc/dan-van/luc-luong-vu-trang-giup-dan"]


def test_a_headline_set_as_a_plain_line_is_found_by_the_title_the_page_declares():
    """FrontPage pages set the headline as <p><font size=4><b>, inside the text's cell, with no
    heading nor title class: the line the <title> names is the headline, not a sidebar label."""
    headline = "Đảng ủy xã Nhân Thịnh quán triệt Quy định số 124-QĐ/TW của Ban Bí thư"
    html = (f"<html><head><title>Đảng ủy xã Nhân Thịnh - {headline}</title></head><body><table><tr>"
            "<td width='180'><p>Số lượt truy cập: 12345 người</p></td><td>"
            f"<p><font size='4'><b>{headline}</b></font></p>"
            + "<p align='justify'>Sáng 11/6, Đảng ủy xã tổ chức hội nghị quán triệt, triển khai Quy định số 124-QĐ/TW "
              "của Ban Bí thư đến toàn thể cán bộ, đảng viên trong xã. </p>" * 3
            + "</td></tr></table></body></html>")
    assert GenericArticlePage(html, "https://a.vn/chitiet.asp?id=412").title() == headline
