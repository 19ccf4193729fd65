"""The benchmark keeps working: its synthetic sites read correctly with the real templates, and
a tiny run (`dvcrawl bench --quick`) ends with a well-formed `bench:` line. Loopback only."""
import os
import re
import signal
import subprocess
import sys

import pytest

from conftest import ROOT, SNAPSHOTS
from dvcrawl.bench.synth import PER_PAGE, SiteSet
from dvcrawl.extract.factory import article_page, listing_page, template_for
from dvcrawl.registry import load_registry

PORT = 8080
# the last line of `dvcrawl bench --articles 100`: memory figures named for the sizes it ran
KEYS = ("pages", "dvcrawl_pps", "scrapy_pps", "crawl_ratio", "vs_trafilatura_crawl", "template_ms", "generic_ms",
        "trafilatura_ms", "generic_speedup", "workers_speedup", "peak_rss_mb_25", "peak_rss_mb_100",
        "dedup_lookup_us")


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
            generic = article_page(sites.render(s, url[len(base):], PORT), url, None).fields()
            assert (generic["title"], generic["body"]) == (fields["title"], fields["body"])


def test_synthetic_pages_name_one_article_throughout(sites):
    """Where the head (`<title>`, og:title, JSON-LD) names the article, it names the generated
    headline, never the recorded one: a reader trusting the head reads the same article as one
    trusting the h1."""
    for s, art in sites.sample_articles(40):
        head = sites.render_article(art, PORT).split("</head>")[0]
        assert sites.sites[s].articles[art.template].recorded_title not in head


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


@pytest.mark.timeout(600)
def test_quick_benchmark_prints_every_figure(tmp_path):
    """About a minute on an idle two-core machine; minutes when it is shared."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "dvcrawl.cli", "bench", "--quick", "--articles", "100", "--prefill", "2000",
         "--work", str(tmp_path)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=580)
    finally:  # the benchmark's server and crawl processes go with it
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 0, out[-3000:] + err[-3000:]
    *_, details_line, last = out.strip().splitlines()
    assert last.startswith("bench: ") and details_line.startswith("bench-details: ")
    figures = dict(pair.split("=", 1) for pair in last[len("bench: "):].split())
    details = dict(pair.split("=", 1) for pair in details_line[len("bench-details: "):].split())
    assert tuple(figures) == KEYS
    for key in KEYS:
        assert re.fullmatch(r"\d+(\.\d+)?", figures[key]) or figures[key] == "n/a", (key, figures[key])
    assert int(figures["pages"]) > 100
    assert details["items"] == details["expected_items"] == "100"
    assert float(figures["dvcrawl_pps"]) > 0 and float(figures["scrapy_pps"]) > 0
    assert float(figures["vs_trafilatura_crawl"]) > 1 and float(figures["generic_speedup"]) > 1
    assert details["crawl_processes"] == "dvcrawl:1,scrapy:1"  # crawl_ratio: one process against one
    before, after = map(float, details["scrapy_pps_before_after"].split(","))  # bare crawls either side
    assert abs(float(figures["scrapy_pps"]) - (before + after) / 2) <= 1
    assert details["wrong_pages"].startswith("template:0,generic:0,")
    stages = dict(pair.split(":") for pair in details["stage_ms"].split(","))
    assert list(stages) == ["parse", "soft404", "read", "normalize", "validate", "signature"]
    assert all(float(ms) > 0 for ms in stages.values())
    assert "politeness off" in out
    assert "Scrapy + trafilatura at 25 articles (the same pages): 30 pages" in out
    assert "WARNING" not in out


def test_no_spider_callback_is_a_generator_returning_a_value():
    """WARN_ON_GENERATOR_RETURN_VALUE is off for speed: this is the check Scrapy made per response."""
    import inspect

    from scrapy.spiderloader import SpiderLoader
    from scrapy.utils.misc import is_generator_with_return_value
    from scrapy.utils.project import get_project_settings

    from dvcrawl.settings import WARN_ON_GENERATOR_RETURN_VALUE

    assert WARN_ON_GENERATOR_RETURN_VALUE is False
    loader = SpiderLoader.from_settings(get_project_settings())
    callbacks = {fn for name in loader.list() for cls in inspect.getmro(loader.load(name))
                 if cls.__module__.startswith("dvcrawl.") for fn in vars(cls).values()
                 if inspect.isgeneratorfunction(fn)}
    assert len(callbacks) >= 2
    assert not [fn.__qualname__ for fn in callbacks if is_generator_with_return_value(fn)]


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
