"""The benchmark keeps working: its synthetic sites read correctly with the real templates, and
a tiny run (`dvcrawl bench --quick`) ends with a well-formed `bench:` line. Loopback only."""
import re
import subprocess
import sys

import pytest

from conftest import ROOT, SNAPSHOTS
from dvcrawl.bench.synth import PER_PAGE, SiteSet
from dvcrawl.extract.factory import article_page, listing_page, template_for
from dvcrawl.registry import load_registry

PORT = 8080
KEYS = ("pages", "dvcrawl_pps", "scrapy_pps", "crawl_ratio", "extract_ms", "trafilatura_ms",
        "extract_speedup", "peak_rss_mb_5k", "peak_rss_mb_20k", "dedup_lookup_us")


@pytest.fixture(scope="module")
def sites() -> SiteSet:
    return SiteSet(SNAPSHOTS, load_registry(), 600)


def test_site_set_is_complete_and_readable(sites):
    """Every site's listing pages link every article, and each article page is read back by the
    site's real template with its generated title, canonical URL and a body."""
    assert len(sites.sites) == len([s for s in load_registry() if (SNAPSHOTS / s / "responses.jsonl").is_file()])
    assert sites.expected_items() == 600
    assert sites.duplicates > 0 and sites.syndicated > 0
    for s, st in enumerate(sites.sites):
        template = template_for(load_registry()[st.id])
        base = sites.base(s, PORT)
        linked, listing_seen, queue = [], set(), [base + st.start_path]
        while queue:
            url = queue.pop()
            if url in listing_seen:
                continue
            listing_seen.add(url)
            page = listing_page(sites.render(s, url[len(base):], PORT), url, template)
            entries = page.entries()
            assert 0 < len(entries) <= PER_PAGE
            linked += [e.url for e in entries]
            queue += page.next_pages()
        assert len(listing_seen) == sites.listing_pages(s)
        assert sorted(u[len(base):] for u in linked) == sorted(sites.entries[s])
        for url in linked[:12]:
            kind, art = sites.routes[s][url[len(base):]]
            page = article_page(sites.render(s, url[len(base):], PORT), url, template)
            fields = page.fields()
            assert page.in_section()
            assert fields["title"] == sites.title_of(art)
            assert fields["url"] == base + art.path  # tracking-parameter copies name the plain URL
            assert len(fields["body"]) > 200


def test_stories_are_distinct_except_syndicated_copies(sites):
    titles = {}
    for routes in sites.routes:
        for path, (kind, art) in routes.items():
            if kind == "article" and art.path == path:
                titles.setdefault(sites.title_of(art), set()).add(art.site)
    copies = sum(len(on) - 1 for on in titles.values())
    assert copies == sites.syndicated
    assert len(titles) == sites.expected_items() - sites.syndicated


def test_unknown_address_is_404(sites):
    assert sites.render(0, "/no/such/page.html", PORT) is None


@pytest.mark.timeout(180)
def test_quick_benchmark_prints_every_figure(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "dvcrawl.cli", "bench", "--quick", "--articles", "100", "--prefill", "2000",
         "--work", str(tmp_path)],
        capture_output=True, text=True, cwd=ROOT, timeout=170)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    last = proc.stdout.strip().splitlines()[-1]
    assert last.startswith("bench: ")
    figures = dict(pair.split("=", 1) for pair in last[len("bench: "):].split())
    assert list(figures)[:len(KEYS)] == list(KEYS)
    for key in KEYS:
        assert re.fullmatch(r"\d+(\.\d+)?", figures[key]), (key, figures[key])
    assert int(figures["pages"]) > 100
    assert figures["items"] == figures["expected_items"] == "100"
    assert float(figures["dvcrawl_pps"]) > 0 and float(figures["scrapy_pps"]) > 0
    assert float(figures["extract_speedup"]) > 1
    stages = dict(pair.split(":") for pair in figures["stage_ms"].split(","))
    assert list(stages) == ["parse", "soft404", "read", "normalize", "validate", "signature"]
    assert all(float(ms) > 0 for ms in stages.values())
    assert "politeness off" in proc.stdout


def test_normalize_fast_paths_keep_behaviour():
    """normalize() collapses spaces with str.split() and fixes Ð/ð only when present: the
    same result as the documented regular expression and translation table."""
    import sys as _sys

    from dvcrawl.text import _LOOKALIKES, _SPACES, normalize

    spaces = [chr(c) for c in range(_sys.maxunicode + 1) if _SPACES.fullmatch(chr(c))]
    assert all(ch.isspace() for ch in spaces)
    assert all(_SPACES.fullmatch(chr(c)) for c in range(_sys.maxunicode + 1) if chr(c).isspace())
    text = "  Ðảng\u00a0bộ\u2003tỉnh \u200bNinh   Bình ðó\n\t"
    assert normalize(text) == _SPACES.sub(" ", text.translate(_LOOKALIKES).replace("\u200b", "")).strip()
    assert normalize(text) == "Đảng bộ tỉnh Ninh Bình đó"
