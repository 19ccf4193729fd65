"""Golden fixtures saved with `dvcrawl savefixture`: each page still gives its reviewed item.

Every tests/fixtures/<site>/<name>/ with page.html, meta.json and expected.json is one case;
a new fixture is tested without writing a test.
"""
import json
from pathlib import Path

import pytest

from dvcrawl.commands.extract import Page, extract_item, resolve_site

FIXTURES = Path(__file__).resolve().parent / "fixtures"
CASES = sorted(p.parent for p in FIXTURES.glob("*/*/meta.json"))
# what extraction decides; site facts (names, provinces) come from the registry, ids are derived
COMPARED = ("url", "site", "title", "summary", "body", "published", "authors", "images", "views",
            "extraction", "topic_label", "topic_score", "fingerprint")


def test_there_are_fixtures():
    assert len(CASES) >= 4


@pytest.mark.parametrize("folder", CASES, ids=[f"{c.parent.name}/{c.name}" for c in CASES])
def test_fixture_still_extracts_its_reviewed_item(folder):
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    page = Page(meta["url"], (folder / "page.html").read_bytes(), meta.get("content_type") or "text/html")
    got = extract_item(page, resolve_site(meta["site"], meta["url"]), meta.get("generic", False),
                       meta.get("listing_date"))
    got.pop("_missing", None)
    assert {k: got[k] for k in COMPARED} == {k: expected[k] for k in COMPARED}
