"""Golden tests: every recorded article page of every bundled site → its expected item.

Inputs are the recorded pages (listing pages give the dates some templates show only
there); expected outputs are the snapshot's expected.jsonl. Parametrised over the registry,
so a new site with a snapshot is tested without writing a test.
"""
import pytest

from dvcrawl.extract.factory import article_page, listing_page, template_for
from dvcrawl.registry import load_registry
from tests.conftest import SNAPSHOTS, SITE_IDS, load_jsonl, recorded_page

REGISTRY = load_registry()
CASES = [(site_id, gold) for site_id in SITE_IDS if site_id in REGISTRY
         for gold in load_jsonl(SNAPSHOTS / site_id / "expected.jsonl")]


def listing_dates(site_id: str) -> dict[str, str | None]:
    """URL → date shown on the section's listing pages, following their pagination."""
    site = REGISTRY[site_id]
    template = template_for(site)
    todo, seen, dates = list(site.start_urls), set(), {}
    while todo:
        url = todo.pop()
        if url in seen:
            continue
        seen.add(url)
        try:
            page = listing_page(recorded_page(site_id, url), url, template)
        except KeyError:  # a redirect or unrecorded page: not a listing
            continue
        dates.update({e.url: e.date for e in page.entries()})
        todo.extend(page.next_pages())
    return dates


def test_every_bundled_snapshot_has_a_registered_site():
    assert set(SITE_IDS) <= set(REGISTRY), set(SITE_IDS) - set(REGISTRY)


@pytest.mark.parametrize("site_id,gold", CASES, ids=[g["url"].rsplit("/", 1)[-1][-48:] for _, g in CASES])
def test_article_matches_gold(site_id, gold):
    page = article_page(recorded_page(site_id, gold["url"]), gold["url"], template_for(REGISTRY[site_id]),
                        listing_dates(site_id).get(gold["url"]))
    got = page.fields()
    assert got["url"] == gold["url"]
    assert got["title"] == gold["title"]
    assert got["summary"] == gold["summary"]
    assert got["body"].split("\n\n") == gold["body"]
    assert got["published"] == gold["published"]
    assert got["authors"] == gold["authors"]
    assert got["images"] == gold["images"]
    assert got["views"] == gold["views"]
    assert page.in_section()
    assert page.missing() == []
