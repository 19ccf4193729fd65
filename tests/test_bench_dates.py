"""Every date string the recorded sites show parses through the explicit patterns of
dvcrawl.dates, never through the dateparser fallback (which is slow to load and to run)."""
import re

import pytest
from parsel import Selector

from conftest import SITE_IDS, SNAPSHOTS, load_jsonl
from dvcrawl import dates
from dvcrawl.dates import parse_date
from dvcrawl.registry import load_registry
from dvcrawl.extract.factory import template_for

_YEAR = re.compile(r"\b(19|20)\d{2}\b")


def shown_dates(site_id: str) -> list[str]:
    """Date texts of every recorded page of a site: the template's date elements (article and
    listing), meta published times and JSON-LD dates."""
    template = template_for(load_registry()[site_id])
    folder = SNAPSHOTS / site_id
    texts = []
    for record in load_jsonl(folder / "responses.jsonl"):
        if not record.get("body"):
            continue
        sel = Selector(text=(folder / record["body"]).read_bytes().decode("utf-8", "replace"))
        for name in ("published", "listing_date"):
            if name in template.xpaths:
                texts += sel.xpath(template.xpaths[name]).xpath("string()").getall()
        texts += sel.xpath('//meta[contains(@property, "published_time") or @name="pubdate"]/@content').getall()
        for raw in sel.xpath('//script[@type="application/ld+json"]/text()').getall():
            texts += re.findall(r'"date(?:Published|Modified)"\s*:\s*"([^"]+)"', raw)
    return [" ".join(t.split()) for t in texts if t.strip()]


@pytest.fixture
def no_dateparser(monkeypatch):
    def refuse(text):
        raise AssertionError(f"dateparser fallback called for {text!r}")

    monkeypatch.setattr(dates, "_dateparser_fallback", refuse)


@pytest.mark.parametrize("site_id", SITE_IDS)
def test_every_recorded_date_parses_without_dateparser(site_id, no_dateparser):
    texts = shown_dates(site_id)
    assert texts, f"{site_id}: no date strings found in the snapshot"
    with_year = [t for t in texts if _YEAR.search(t)]
    assert with_year
    for text in with_year:
        parsed = parse_date(text, fallback=False)
        assert parsed is not None, f"{site_id}: no explicit pattern for {text!r}"
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}\+07:00)?", parsed)
        assert parse_date(text) == parsed  # the fallback is never reached for these


@pytest.mark.parametrize("site_id", SITE_IDS)
def test_template_dates_match_expected_feed(site_id, no_dateparser):
    """The article's shown date, read by the explicit patterns, is the expected `published`."""
    template = template_for(load_registry()[site_id])
    if "published" not in template.xpaths:
        pytest.skip("template shows no date on article pages (the listing date is used)")
    folder = SNAPSHOTS / site_id
    bodies = {r["url"]: r["body"] for r in load_jsonl(folder / "responses.jsonl") if r.get("body")}
    checked = 0
    for expected in load_jsonl(folder / "expected.jsonl"):
        if expected["url"] not in bodies or not expected.get("published"):
            continue
        sel = Selector(text=(folder / bodies[expected["url"]]).read_bytes().decode("utf-8"))
        shown = " ".join(sel.xpath(template.xpaths["published"]).xpath("string()").getall())
        assert parse_date(shown, fallback=False) == expected["published"], shown
        checked += 1
    assert checked


def test_formats_the_sites_use():
    """One example of each shape seen on the five sites, parsed by the patterns alone."""
    cases = {
        "Thứ Sáu, 23/07/2021 | 16:05": "2021-07-23T16:05:00+07:00",
        "Thứ năm, 02/07/2020, 08:45 (GMT+7)": "2020-07-02T08:45:00+07:00",
        "Ngày đăng: 03.12.2020": "2020-12-03",
        "3/4/2020 15:12": "2020-04-03T15:12:00+07:00",
        "(09/04/2021)": "2021-04-09",
        "2021-10-15T15:20:09+07:00": "2021-10-15T15:20:00+07:00",
        "14/10/2021 10:25": "2021-10-14T10:25:00+07:00",
    }
    for text, iso in cases.items():
        assert parse_date(text, fallback=False) == iso, text
    assert parse_date("31/02/2020", fallback=False) is None
