"""The one page factory: every caller gets a page's reader from `dvcrawl.extract.factory`, with
the registry's selector overrides applied and a template's own page class used."""
from dataclasses import replace

from dvcrawl.extract.factory import article_page, choose_page, listing_page, template_for
from dvcrawl.extract.generic import GenericArticlePage, GenericListingPage
from dvcrawl.extract.page import ArticlePage, ListingPage, Template
from dvcrawl.registry import load_registry
from dvcrawl.templates import TEMPLATES
from tests.conftest import SNAPSHOTS, load_jsonl, recorded_page

PAGE = """<html><body><h1 class="t">Hội nghị dân vận khéo</h1>
<div class="body"><p>Ban Dân vận Huyện ủy tổ chức hội nghị sơ kết công tác dân vận.</p></div>
<p class="stats">Lượt xem: 1.234 (cập nhật hôm qua)</p></body></html>"""


class ViewsInProse(ArticlePage):
    """A quirky field read by the template's own method: the count follows "Lượt xem:"."""

    def views(self) -> int | None:
        text = self.sel.css("p.stats::text").get() or ""
        return int(text.split(":")[1].split("(")[0].strip().replace(".", "")) if ":" in text else None


class Quirky(Template):
    name = "quirky_test"
    title = "h1.t"
    body = "div.body"
    page_class = ViewsInProse


def test_template_page_class_reads_its_own_field():
    page = article_page(PAGE, "https://x.vn/a.html", Quirky)
    assert type(page) is ViewsInProse
    assert page.fields()["views"] == 1234 and page.fields()["title"] == "Hội nghị dân vận khéo"
    chosen, how, missing = choose_page(PAGE, "https://x.vn/a.html", Quirky)
    assert (type(chosen), how, missing) == (ViewsInProse, "site", [])


def test_fallback_to_generic_when_the_template_misses_a_field():
    drifted = type("Drifted", (Quirky,), {"body": "div.gone"})
    chosen, how, missing = choose_page(PAGE, "https://x.vn/a.html", drifted)
    assert (type(chosen), how, missing) == (GenericArticlePage, "generic", ["body"])
    assert "sơ kết công tác dân vận" in chosen.fields()["body"]


def test_no_template_means_generic_readers():
    assert type(article_page(PAGE, "https://x.vn/a.html", None)) is GenericArticlePage
    assert type(listing_page(PAGE, "https://x.vn/", None)) is GenericListingPage
    assert choose_page(PAGE, "https://x.vn/a.html", None)[1:] == ("generic", [])


def test_registry_selector_overrides_reach_every_reader():
    site = load_registry()["ninhbinh"]
    assert template_for(site) is TEMPLATES[site.template]  # no overrides: the template itself
    gold = load_jsonl(SNAPSHOTS / "ninhbinh" / "expected.jsonl")[0]
    html = recorded_page("ninhbinh", gold["url"])
    overridden = template_for(replace(site, selectors=(("title", ".summary_detail"),)))
    assert issubclass(overridden, TEMPLATES[site.template]) and overridden.title == ".summary_detail"
    page = article_page(html, gold["url"], overridden)
    assert page.title() == gold["summary"] != gold["title"]
    assert isinstance(listing_page(html, gold["url"], overridden), ListingPage)
