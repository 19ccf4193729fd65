"""Section discovery, CMS recognition and the listing reader on pages written the ways sites
write them: nested and hover menus, box titles with "Xem thêm", slugs, every naming of the
section; generator tags and URL schemes; featured boxes beside plain lists and every pager."""
import json

import pytest
from parsel import Selector

from dvcrawl.discovery import find_sections, parent_menus, recognise, template_fits
from dvcrawl.extract.generic import GenericListingPage
from dvcrawl.templates import TEMPLATES
from tests.conftest import ROOT

HOME = "https://tinhuy.example.vn/"


def page(body: str, head: str = "") -> Selector:
    return Selector(text=f"<html><head>{head}</head><body>{body}</body></html>")


def sections(body: str) -> list[str]:
    return [s.url for s in find_sections(page(body), HOME)]


@pytest.mark.parametrize("label", ["Dân vận", "Công tác dân vận", "CÔNG TÁC DÂN VẬN", "Dân vận khéo",
                                   "Tuyên giáo - Dân vận", "Dân vận - Mặt trận", "Cong tac dan van"])
def test_a_menu_entry_naming_the_section_in_any_way(label):
    body = (f'<nav><ul><li><a href="/xay-dung-dang">Xây dựng Đảng</a><ul class="sub-menu">'
            f'<li><a href="/to-chuc">Tổ chức</a></li><li><a href="/c/35">{label}</a></li></ul></li>'
            f'<li><a href="/kinh-te">Kinh tế</a></li></ul></nav>')
    assert sections(body) == ["https://tinhuy.example.vn/c/35"]


def test_hover_menu_hidden_in_the_html_and_dan_toc_ton_giao_only_without_better():
    hover = ('<div class="li-menu" onmouseover="show(this)"><a href="/dm?cm=xdd">XÂY DỰNG ĐẢNG</a>'
             '<div style="display:none"><a href="/dm?cm=dtg">Dân tộc - Tôn giáo</a></div></div>')
    assert sections(hover) == ["https://tinhuy.example.vn/dm?cm=dtg"]
    assert sections(hover + '<a href="/dm?cm=dv">Công tác dân vận</a>') == ["https://tinhuy.example.vn/dm?cm=dv"]


def test_a_headline_mentioning_dan_van_is_an_article_not_the_section():
    body = ('<ul class="news"><li><a href="/tin/trien-khai-nhiem-vu-cong-tac-dan-van-nam-2024-123.html">'
            'Triển khai nhiệm vụ công tác dân vận năm 2024 trên địa bàn tỉnh</a></li></ul>')
    assert sections(body) == []


def test_box_title_with_xem_them_and_a_section_slug():
    box = ('<div class="home-box"><div class="box-title">CÔNG TÁC DÂN VẬN</div>'
           '<a href="/tin/bai-1.html"><img src="/a.jpg"></a><a href="/chuyen-muc/35">Xem thêm »</a></div>')
    assert sections(box) == ["https://tinhuy.example.vn/chuyen-muc/35"]
    slug = '<div class="more"><a href="/cong-tac-dan-van/"><img src="/banner.png" alt=""></a></div>'
    assert sections(slug) == ["https://tinhuy.example.vn/cong-tac-dan-van/"]
    article_slug = '<a href="/trien-khai-nhiem-vu-cong-tac-dan-van-nam-2024-post1.html"><img src="/a.jpg"></a>'
    assert sections(article_slug) == []


def test_parent_menus_to_look_into_when_the_home_page_names_no_section():
    body = '<nav><a href="/xdd">Xây dựng Đảng</a><a href="/tt">Tin tức - Sự kiện</a><a href="/lh">Liên hệ</a></nav>'
    assert parent_menus(page(body), HOME) == ["https://tinhuy.example.vn/xdd", "https://tinhuy.example.vn/tt"]


@pytest.mark.parametrize("head,body,family", [
    ('<meta name="generator" content="WordPress 6.5">', "", "wordpress"),
    ('<meta name="generator" content="Joomla! - Open Source Content Management">', "", "joomla"),
    ('<meta name="Generator" content="Drupal 10 (https://www.drupal.org)">', "", "drupal"),
    ('<meta name="generator" content="NukeViet v4.5">', "", "nukeviet"),
    ("", '<link href="/wp-content/themes/x/style.css" rel="stylesheet">', "wordpress"),
    ("", '<script>var nv_base_siteurl = "/";</script>', "nukeviet"),
    ("", '<script src="/themes/btb/js/main.js"></script>', None),  # any theme's script, not NukeViet's
    ("", "<p>nothing to tell</p>", None),
])
def test_cms_family_from_generator_or_page_source(head, body, family):
    found = recognise(page(body, head), HOME)
    assert found.family == family and found.template is None
    assert (found.confidence > 0) == (family is not None)


@pytest.mark.parametrize("site", ["ninhbinh", "giaothuy", "backan", "camau", "binhduong"])
def test_known_template_recognised_from_the_home_page_and_confirmed_on_the_section(site, snapshots_root):
    folder = snapshots_root / site
    facts = json.loads((folder / "site.json").read_text(encoding="utf-8"))
    records = {json.loads(line)["url"]: json.loads(line) for line in (folder / "responses.jsonl").open()}

    def selector(url):
        return Selector(text=(folder / records[url]["body"]).read_bytes().decode("utf-8"))

    registered = {"ninhbinh": "dnn_newsdetail", "giaothuy": "aspnetmvc_portal", "backan": "bootstrap_article",
                  "camau": "liferay_asset_publisher", "binhduong": "php_news_detail"}[site]
    found = recognise(selector(facts["home"]), facts["home"])
    assert found.template == registered and found.confidence >= 0.7
    assert [s.url for s in find_sections(selector(facts["home"]), facts["home"])] == facts["start_urls"]
    start = facts["start_urls"][0]
    assert template_fits(selector(start), start, TEMPLATES[registered])
    others = [t for t in TEMPLATES.values() if t.name != registered]
    assert not any(template_fits(selector(start), start, t) for t in others)  # a wrong guess is refused


def test_a_recognised_template_that_misses_the_pager_is_refused():
    """A Liferay 7.4 commune site (tests/sites/liferay_xa) lists its articles where the
    recorded Liferay site does, under the newer Clay pager: the Liferay template finds the
    entries but not page 2, so the crawl does not adopt it (the generic reader finds both)."""
    folder = ROOT / "tests" / "sites" / "liferay_xa"
    start = json.loads((folder / "site.json").read_text(encoding="utf-8"))["start_urls"][0]
    body = next(json.loads(line)["body"] for line in (folder / "responses.jsonl").open()
                if json.loads(line)["url"] == start)
    sel = Selector(text=(folder / body).read_bytes().decode("utf-8"))
    assert recognise(sel, start).template == "liferay_asset_publisher"
    assert not template_fits(sel, start, TEMPLATES["liferay_asset_publisher"])
    assert GenericListingPage(sel, start).next_pages()


LISTING = "https://xa.example.vn/chuyen-muc/dan-van.html"


def entry(n: int, extra: str = "") -> str:
    return (f'<li><a href="/tin-tuc/bai-viet-so-{n}-ve-cong-tac-dan-van-{n}.html">Bài viết số {n} về công tác dân '
            f'vận ở cơ sở</a> <span class="date">0{n}/07/2024</span>{extra}</li>')


def test_featured_box_beside_a_plain_list_and_most_read_column_left_out():
    html = (f'<table class="layout"><tr><td class="col-left"><div class="tin-noi-bat"><a href="/tin-tuc/noi-bat-99.html">'
            f'<img src="/x.jpg"></a><h2><a href="/tin-tuc/noi-bat-99.html">Bài nổi bật về phong trào Dân vận khéo năm nay</a>'
            f'</h2><p>Sapo của bài nổi bật, đủ dài để là một đoạn dẫn của bài viết trên trang chuyên mục.</p></div>'
            f'<ul class="list">{entry(1)}{entry(2)}</ul></td><td class="col-right"><div class="box-title">Đọc nhiều</div>'
            f'<ul>{entry(7)}{entry(8)}{entry(9)}</ul></td></tr></table>')
    found = [e.url.rsplit("/", 1)[1] for e in GenericListingPage(html, LISTING).entries()]
    assert found == ["noi-bat-99.html", "bai-viet-so-1-ve-cong-tac-dan-van-1.html", "bai-viet-so-2-ve-cong-tac-dan-van-2.html"]


def test_teaser_articles_of_wordpress_are_a_list():
    teaser = ('<article class="post type-post tag-dan-van category-dan-van"><header class="entry-header"><h2 class='
              '"entry-title"><a href="https://xa.example.vn/2024/07/{n}/bai-{n}/">Bài viết thứ {n} của chuyên mục dân vận'
              '</a></h2></header><div class="entry-summary"><p>Tóm tắt bài {n}.</p></div></article>')
    html = "<main>" + "".join(teaser.format(n=n) for n in (1, 2, 3)) + "</main>"
    assert len(GenericListingPage(html, "https://xa.example.vn/category/dan-van/").entries()) == 3


def test_a_list_headed_tin_lien_quan_is_not_the_section_list():
    html = f'<div class="main"><p><strong>Tin liên quan:</strong></p><ul>{entry(1)}{entry(2)}</ul></div>'
    assert GenericListingPage(html, LISTING).entries() == []


@pytest.mark.parametrize("listing,href", [
    ("https://xa.example.vn/Pages/dm.aspx?cm=dan-van", "/Pages/dm.aspx?cm=dan-van&trang=2"),
    ("https://xa.example.vn/dan-van", "/dan-van?page=2"),
    ("https://xa.example.vn/category/dan-van/", "/category/dan-van/page/2/"),
    ("https://xa.example.vn/dan-van", "/dan-van/p2"),
    ("https://xa.example.vn/chuyen-muc/dan-van.html", "/chuyen-muc/dan-van/trang-2.html"),
    ("https://xa.example.vn/news/dan-van/", "/news/dan-van/page-2/"),
    ("https://xa.example.vn/dan-van.html", "/dan-van.html?start=10"),
])
def test_every_pager(listing, href):
    html = f'<ul>{entry(1)}{entry(2)}</ul><div class="pagination"><a href="{href}">2</a><a href="{href}">Trang sau »</a></div>'
    assert GenericListingPage(html, listing).next_pages() == [f"https://xa.example.vn{href}"]


def test_the_exactly_named_section_wins_over_its_namesakes():
    body = ('<nav><a href="/cong-tac-dan-van">Công tác dân vận</a><a href="/dan-van-kheo">Dân vận khéo</a>'
            '<a href="/van-ban-dan-van">Văn bản dân vận</a></nav>')
    assert sections(body) == ["https://tinhuy.example.vn/cong-tac-dan-van"]
    assert sections('<nav><a href="/dvk">Dân vận khéo</a><a href="/vb">Văn bản dân vận</a></nav>') == [
        "https://tinhuy.example.vn/dvk"]


def test_a_pager_link_carrying_the_section_slug_is_not_a_section():
    assert sections('<div class="phantrang"><a href="/dm.aspx?cm=dan-van&trang=2">2</a>'
                    '<a href="/dm.aspx?cm=dan-van&trang=2">Trang sau</a></div>') == []
    assert sections('<div class="pagination"><a href="/dm.aspx?cm=dan-van&trang=2">»</a></div>') == []
    assert sections('<div class="box"><img src="/dv.png"><a href="/cong-tac-dan-van/">»</a></div>') == [
        "https://tinhuy.example.vn/cong-tac-dan-van/"]
