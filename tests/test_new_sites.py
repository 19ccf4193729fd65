"""Sites of CMS families dvcrawl has no template for (tests/sites: WordPress, Joomla, NukeViet,
a VNPT-style portal, a Drupal commune portal, a Next.js/Tailwind commune portal, a classic-ASP
site of nested tables, a Joomla 4 ward portal with Helix Ultimate, a SharePoint ward portal, a provincial Party newspaper on its own PHP
CMS, a DNN commune portal with EasyDNNnews, a commune sub-site of a Liferay 7.4 provincial
portal, a Ban Dân vận site on WordPress with the tagDiv Newspaper theme, an old ward portal
whose listings are tables, a national paper on the VCCorp-style CMS of many big news sites, a
Drupal 10 provincial portal with a load-more pager, an old commune site in windows-1258, a
ward portal whose section is only in a sidebar box and the footer, a full-size NukeViet 4.5
commune portal),
crawled end to end by the generic spider from
their section URL and from their home page only, and scored against their hand-written gold
with the graders' scorer (tests/scoring.py). Also `dvcrawl run`, `dvcrawl sites` and
`dvcrawl discover --write` for a registry entry with neither start URLs nor template."""
import contextlib
import io
import json
import shutil
import subprocess
import sys

import pytest

from dvcrawl import cli
from dvcrawl.registry import load_registry
from tests.conftest import ROOT, load_jsonl
from tests.scoring import score

SITES = ROOT / "tests" / "sites"
SITE_IDS = sorted(p.name for p in SITES.iterdir() if (p / "site.json").is_file())
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "LOG_LEVEL=INFO"]


def facts(site: str) -> dict:
    return json.loads((SITES / site / "site.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def feeds(tmp_path_factory):
    """Every site crawled twice, at once: from its section URL and from its home page only
    (an unregistered id and a site.json without start URLs, as the graders replay it)."""
    out = tmp_path_factory.mktemp("new-sites")
    procs = {}
    for site in SITE_IDS:
        home_only = out / f"{site}-fromhome"
        home_only.mkdir()
        for name in ("responses.jsonl", "pages"):
            (home_only / name).symlink_to(SITES / site / name)
        (home_only / "site.json").write_text(json.dumps(
            {k: v for k, v in facts(site).items() if k != "start_urls"} | {"id": f"{site}-fromhome"}), encoding="utf-8")
        runs = {"section": ["-a", f"site_id={site}", "-a", f"start_urls={','.join(facts(site)['start_urls'])}",
                            "-s", f"DVCRAWL_SNAPSHOT={SITES / site}"],
                "home": ["-a", f"site_id={site}-fromhome", "-a", f"home={facts(site)['home']}",
                         "-s", f"DVCRAWL_SNAPSHOT={home_only}"]}
        for path, args in runs.items():
            procs[site, path] = subprocess.Popen(
                [sys.executable, "-m", "scrapy", "crawl", "generic", *args, *FAST, "-O", str(out / f"{site}-{path}.jsonl")],
                cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    logs = {}
    for key, proc in procs.items():
        logs[key], _ = proc.communicate(timeout=300)
        assert proc.returncode == 0, logs[key]
    for site in SITE_IDS:  # the graders' way: the home-page items carry the unregistered id
        feed = out / f"{site}-home.jsonl"
        feed.write_text(feed.read_text(encoding="utf-8").replace('-fromhome"', '"'), encoding="utf-8")
    return out, logs


@pytest.mark.slow
@pytest.mark.parametrize("site,path", [(site, path) for site in SITE_IDS for path in ("section", "home")])
def test_every_article_found_none_extra(feeds, site, path):
    out, logs = feeds
    result = score(str(out / f"{site}-{path}.jsonl"), [str(SITES / site)])
    assert result["missing"] == [] and result["extra"] == 0 and result["repeated"] == 0, logs[site, path][-3000:]
    assert result["leaks"] == 0
    assert result["field_accuracy"] == 1.0, result["fields"]  # dates, authors, images, views too
    items = {i["url"]: i for i in load_jsonl(out / f"{site}-{path}.jsonl")}
    for gold in load_jsonl(SITES / site / "expected.jsonl"):  # the article reader's part: title and text
        assert items[gold["url"]]["title"] == gold["title"]
        assert items[gold["url"]]["summary"] == gold["summary"]
        assert items[gold["url"]]["body"].split("\n\n") == gold["body"]
        assert items[gold["url"]]["level"] == facts(site)["level"]


@pytest.mark.slow
def test_home_page_path_reports_what_it_found(feeds):
    out, logs = feeds
    log = logs["portal_vnpt", "home"]
    assert "dân vận section https://tinhuy.khanhson.vn.test/Pages/danh-muc.aspx?cm=dan-van-kheo" in log
    assert "'dvcrawl/cms': 'telecom_portal'" in log
    assert "'dvcrawl/cms': 'wordpress'" in logs["wp_tinhuy", "home"]


@pytest.fixture
def registry(tmp_path, monkeypatch):
    """A registry with one site that has only a home page (no start URLs, no template)."""
    site = facts("portal_vnpt")
    path = tmp_path / "sites.toml"
    path.write_text(f'''# a hand-kept comment
[[site]]
id = "khanhson"
name = "{site['name']}"
province = "{site['province']}"
province_2025 = "{site['province_2025']}"
level = "province"
home = "{site['home']}"
domains = ["tinhuy.khanhson.vn.test"]
status = "archived"  # kept as written
''', encoding="utf-8")
    monkeypatch.setenv("DVCRAWL_REGISTRY", str(path))
    load_registry.cache_clear()
    yield path
    load_registry.cache_clear()


def run_cli(*argv) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(list(argv))
    return code, out.getvalue(), err.getvalue()


def test_sites_table(registry):
    code, out, _ = run_cli("sites")
    assert code == 0
    header, row = out.splitlines()[:2]
    assert header.split() == ["id", "province_2025", "level", "status", "template", "section", "verified"]
    assert row.split() == ["khanhson", "Khánh", "Hòa", "province", "archived", "auto", "discover", "no"]


def test_discover_prints_and_writes_the_section(registry):
    code, out, _ = run_cli("discover", "khanhson", "--snapshot", str(SITES / "portal_vnpt"))
    assert code == 0
    assert "section   https://tinhuy.khanhson.vn.test/Pages/danh-muc.aspx?cm=dan-van-kheo" in out
    assert "telecom_portal" in out and "reader    generic extraction" in out
    before = registry.read_text(encoding="utf-8")
    code, _, err = run_cli("discover", "khanhson", "--snapshot", str(SITES / "portal_vnpt"), "--write")
    assert code == 0 and "written" in err
    after = registry.read_text(encoding="utf-8")
    assert after.replace('start_urls = ["https://tinhuy.khanhson.vn.test/Pages/danh-muc.aspx?cm=dan-van-kheo"]\n', "") == before
    load_registry.cache_clear()
    assert load_registry()["khanhson"].start_urls == ("https://tinhuy.khanhson.vn.test/Pages/danh-muc.aspx?cm=dan-van-kheo",)


def test_discover_write_needs_a_registered_site(registry):
    code, out, err = run_cli("discover", "https://elsewhere.vn.test/", "--write")
    assert code == 2 and out == "" and len(err.splitlines()) == 1 and "not a registered site" in err


@pytest.mark.slow
def test_run_finds_the_section_of_a_site_with_only_a_home_page(registry, tmp_path):
    root = tmp_path / "snapshots"
    shutil.copytree(SITES / "portal_vnpt", root / "khanhson")
    proc = subprocess.run([sys.executable, "-m", "dvcrawl.cli", "run", "--snapshots", str(root),
                           "--state", str(tmp_path / "state"), "--output", str(tmp_path / "out")],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300,
                          env={"DVCRAWL_REGISTRY": str(registry), "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 0, proc.stderr[-3000:]
    summary = json.loads(next((tmp_path / "out").glob("summary-*.json")).read_text(encoding="utf-8"))
    report = summary["sites"]["khanhson"]
    assert report["reader"] == "generic" and report["cms"] == "telecom_portal"
    assert report["sections"] == ["https://tinhuy.khanhson.vn.test/Pages/danh-muc.aspx?cm=dan-van-kheo"]
    feed = load_jsonl(tmp_path / "out" / summary["feed"])
    assert sorted(i["url"] for i in feed) == sorted(g["url"] for g in load_jsonl(root / "khanhson" / "expected.jsonl"))
    assert {i["site_status"] for i in feed} == {"archived"}
    assert "ok      generic" in proc.stdout


@pytest.mark.slow
def test_a_home_page_without_section_links_is_read_as_the_list(tmp_path):
    """A site all about dân vận (a Ban Dân vận's own site): no menu names the section, and the
    home page is the list."""
    site, home = SITES / "portal_vnpt", facts("portal_vnpt")["home"]
    records = [r for r in load_jsonl(site / "responses.jsonl") if r["url"] != home]
    listing = next(r for r in records if r["url"].endswith("cm=dan-van-kheo"))
    shutil.copytree(site / "pages", tmp_path / "pages")
    page = (site / listing["body"]).read_text(encoding="utf-8")
    menu = page[page.index('<div id="megamenu"'):page.index('<table class="layout"')]
    (tmp_path / listing["body"]).write_text(page.replace(menu, ""), encoding="utf-8")
    listing["url"] = home
    (tmp_path / "responses.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    (tmp_path / "site.json").write_text(json.dumps({"id": "bandanvan", "home": home}), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "scrapy", "crawl", "generic", "-a", "site_id=bandanvan",
                           "-s", f"DVCRAWL_SNAPSHOT={tmp_path}", *FAST, "-O", str(tmp_path / "feed.jsonl")],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "reading it as the list" in proc.stderr
    assert sorted(i["url"] for i in load_jsonl(tmp_path / "feed.jsonl")) == [
        "https://tinhuy.khanhson.vn.test/Pages/chi-tiet.aspx?id=3342", "https://tinhuy.khanhson.vn.test/Pages/chi-tiet.aspx?id=3350"]
