"""Pages not in Vietnamese are read by trafilatura; Vietnamese pages by the generic reader's own
rules, whatever language their template declares."""
import pytest
from lxml import etree
from parsel import Selector

from dvcrawl.extract.generic import GenericArticlePage
from dvcrawl.extract.generic.language import is_vietnamese
from tests.test_fixtures import FIXTURES

VI_TEXT = "Ban Dân vận Huyện ủy tổ chức hội nghị sơ kết công tác dân vận sáu tháng đầu năm 2024."
EN_TEXT = "The district committee held a meeting to review the first six months of the year."
DE_TEXT = "Der Vorstand hat die Jahresversammlung auf den kommenden Donnerstag verschoben."
FR_TEXT = "À côté de l'église, le marché a été déplacé après la fête du village, même en été."
EN_NAMES = ("Nguyễn Văn An and Trần Thị Bình met the delegation from Hà Nội, and the talks "
            "covered trade, tourism, education and the new rail line along the northern coast.")


def page(body: str = "", head: str = "", html_attrs: str = "") -> str:
    return f"<html{html_attrs}><head>{head}</head><body>{body}</body></html>"


@pytest.mark.parametrize("html,vietnamese", [
    (page(f"<p>{EN_TEXT}</p>", html_attrs=' lang="vi"'), True),  # declared Vietnamese: trusted
    (page(f"<p>{EN_TEXT}</p>", html_attrs=' lang="vi-VN"'), True),
    (page(f"<p>{EN_TEXT}</p>", '<meta property="og:locale" content="vi_VN">'), True),
    (page(f"<p>{EN_TEXT}</p>", '<meta http-equiv="Content-Language" content="vi">'), True),
    (page(f"<p>{VI_TEXT}</p>", html_attrs=' lang="en-US"'), True),  # a template default: text decides
    (page(f"<div>{VI_TEXT}<br>{VI_TEXT}</div>"), True),  # no <p>: the body's text
    (page("<p>" + VI_TEXT.replace("ậ", "a\u0323\u0302") + "</p>"), True),  # combining tone marks
    (page(f"<p>{EN_TEXT}</p>", html_attrs=' lang="en"'), False),
    (page(f"<p>{DE_TEXT}</p>"), False),
    (page(f"<p>{FR_TEXT}</p>", html_attrs=' lang="fr"'), False),  # à é ê are French as well
    (page(f"<p>{EN_NAMES}</p>"), False),  # a few Vietnamese names in English prose
    (page(f"<p>{EN_TEXT}</p>", html_attrs=' lang="video"'), False),  # "vi" only as a language tag
    (page(), False),
])
def test_language_decision(html, vietnamese):
    assert is_vietnamese(Selector(text=html).root) is vietnamese


def test_an_english_wordpress_post_is_read_without_sidebar_comments_or_related_posts():
    html = (FIXTURES / "general" / "wordpress-blog-en.html").read_text(encoding="utf-8")
    sel = Selector(text=html)
    before = etree.tostring(sel.root)
    page = GenericArticlePage(sel, "https://greenthumb.example/2023/06/14/north-side/")
    body = page.body()
    assert page.title() == "Why we moved our garden beds to the north side"
    assert body.startswith("After three summers of scorched tomatoes")
    assert body.endswith("It costs a weekend of digging and nothing else.")
    assert "What changed in the first season" in body
    for chrome in ("Share on Twitter", "Related posts", "Our compost bins", "parsley", "Leave a Reply",
                   "Recent Posts", "Next post", "amateur gardeners", "Proudly powered", "Tagged", "Posted on"):
        assert chrome not in body, chrome
    assert page.authors() == ["Margaret Hale"]  # date, authors and images from the generic reader
    assert page.published() == "2023-06-14T15:30:00+07:00"
    assert page.images() == [{"src": "https://greenthumb.example/wp-content/uploads/2023/06/beds.jpg",
                              "caption": "The new raised beds in early May, before the first planting."}]
    assert etree.tostring(sel.root) == before  # trafilatura read a copy of the parsed tree


def test_a_vietnamese_page_is_read_by_its_own_rules_whatever_language_it_declares():
    html = (FIXTURES / "huyenuyz" / "wordpress-article.html").read_text(encoding="utf-8")
    url = "https://huyenuyz.vn/ban-dan-van-so-ket-6-thang/"
    assert '<html lang="vi">' in html
    declared_english = GenericArticlePage(html.replace('<html lang="vi">', '<html lang="en-US">', 1), url).fields()
    assert declared_english == GenericArticlePage(html, url).fields()
    assert declared_english["title"] == "Ban Dân vận Huyện ủy sơ kết 6 tháng đầu năm"


def test_a_thin_page_not_in_vietnamese_is_read_by_trafilatura_once(monkeypatch):
    import trafilatura

    calls = []

    def counted(extractor):
        def run(*args, **kwargs):
            calls.append(extractor.__name__)
            return extractor(*args, **kwargs)
        return run

    for name in ("extract", "bare_extraction"):  # its two entry points
        monkeypatch.setattr(trafilatura, name, counted(getattr(trafilatura, name)))
    html = page(f"<h1>Review of the first six months</h1><span>{EN_TEXT} {EN_NAMES}</span>", html_attrs=' lang="en"')
    article = GenericArticlePage(html, "https://x.vn/en/review")
    assert article.fields()["title"] == "Review of the first six months"  # trafilatura's reading
    assert article.content.paragraphs[-1] == f"{EN_TEXT} {EN_NAMES}"  # the thin-page fallback's
    assert len(calls) == 1
