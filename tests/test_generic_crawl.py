"""End-to-end through the replay layer: the generic spider on every recorded site (given only
its start URL), and a site spider whose template drifted falling back to generic extraction."""
import json
import shutil
import subprocess
import sys

import pytest

from dvcrawl.templates import TEMPLATES
from tests.conftest import ROOT, SITE_IDS, SNAPSHOTS, load_jsonl

FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0"]  # replays need no politeness
FIELDS = ("title", "summary", "published", "authors", "images", "views")


def crawl(args: list[str], feed, cwd=ROOT) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "scrapy", "crawl", *args, "-s", "LOG_LEVEL=INFO", *FAST,
                             "-O", str(feed)], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def start_urls(folder) -> str:
    return ",".join(json.loads((folder / "site.json").read_text(encoding="utf-8"))["start_urls"])


def assert_matches_gold(items: list[dict], folder) -> None:
    gold = {g["url"]: g for g in load_jsonl(folder / "expected.jsonl")}
    assert sorted(i["url"] for i in items) == sorted(gold)
    for item in items:
        want = gold[item["url"]]
        assert {f: item[f] for f in FIELDS} == {f: want[f] for f in FIELDS}, item["url"]
        assert item["body"].split("\n\n") == want["body"]


OFF_TOPIC = "/tin-tuc/kim-ngach-xuat-khau-6-thang-dau-nam-2020-cua-tinh-uoc-dat-12-3-ty-usd-4605.html"


@pytest.fixture(scope="module")
def mixed_root(tmp_path_factory):
    """binhduong whose section list also carries an economy story (a mixed listing)."""
    root = tmp_path_factory.mktemp("mixed")
    shutil.copytree(SNAPSHOTS / "binhduong", root / "binhduong")
    listing = root / "binhduong" / "pages" / "0002.html"
    entry = (f'<div class="item clearfix"><div class="info"><h3 class="title"><a href="{OFF_TOPIC}">Kim ngạch '
             'xuất khẩu 6 tháng đầu năm 2020 của tỉnh ước đạt 12,3 tỷ USD</a></h3><div class="date">16/07/2020 '
             '14:00</div><p class="sapo">Xuất khẩu của tỉnh giảm nhẹ so với cùng kỳ do dịch Covid-19.</p></div></div>')
    html = listing.read_text(encoding="utf-8").replace('<div class="list-news">', '<div class="list-news">' + entry, 1)
    listing.write_text(html, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def generic_feeds(tmp_path_factory, mixed_root):
    out = tmp_path_factory.mktemp("generic")
    procs = {site: crawl(["generic", "-a", f"site_id={site}", "-a", f"start_urls={start_urls(SNAPSHOTS / site)}",
                          "-s", f"DVCRAWL_SNAPSHOT={SNAPSHOTS / site}"], out / f"{site}.jsonl")
             for site in SITE_IDS if site != "binhduong"}
    # binhduong: start URLs from the registry, snapshot from DVCRAWL_SNAPSHOT_ROOT/<site_id>
    procs["binhduong"] = crawl(["generic", "-a", "site_id=binhduong", "-s", f"DVCRAWL_SNAPSHOT_ROOT={mixed_root}"],
                               out / "binhduong.jsonl")
    procs["_all"] = crawl(["generic", "-a", "site_id=binhduong", "-a", "keep_all=1",
                           "-s", f"DVCRAWL_SNAPSHOT_ROOT={mixed_root}"], out / "keep_all.jsonl")
    logs = {}
    for site, proc in procs.items():
        logs[site], _ = proc.communicate(timeout=300)
        assert proc.returncode == 0, logs[site]
    return {site: load_jsonl(out / f"{site}.jsonl") for site in SITE_IDS} | {
        "_all": load_jsonl(out / "keep_all.jsonl"), "_logs": logs}


@pytest.mark.parametrize("site", SITE_IDS)
def test_generic_spider_exports_the_gold_set_without_selectors(generic_feeds, site):
    items = generic_feeds[site]
    assert_matches_gold(items, SNAPSHOTS / site)
    assert all(i["site"] == site and i["extraction"] == "generic" and i["topic_label"] == "relevant"
               for i in items)


def test_off_topic_articles_are_left_out_unless_keep_all(generic_feeds):
    assert "'dvcrawl/skipped/off_topic': 1" in generic_feeds["_logs"]["binhduong"]  # and not exported
    labels = {i["url"]: i["topic_label"] for i in generic_feeds["_all"]}
    assert labels.pop("https://binhduong.dcs.vn" + OFF_TOPIC) == "other"
    assert set(labels.values()) == {"relevant"} and len(labels) == 5


@pytest.fixture(scope="module")
def drifted(tmp_path_factory):
    """ninhbinh after a redesign nobody told us about: the article text element is renamed."""
    root = tmp_path_factory.mktemp("drift")
    folder = root / "ninhbinh"
    shutil.copytree(SNAPSHOTS / "ninhbinh", folder)
    for page in (folder / "pages").glob("*.html"):
        page.write_bytes(page.read_bytes().replace(b'class="content_detail"', b'class="noidung_chitiet"'))
    return root


def test_drifted_template_falls_back_and_is_reported(drifted, tmp_path):
    proc = crawl(["ninhbinh", "-s", f"DVCRAWL_SNAPSHOT={drifted / 'ninhbinh'}"], tmp_path / "feed.jsonl")
    log, _ = proc.communicate(timeout=300)
    assert proc.returncode == 0, log
    items = load_jsonl(tmp_path / "feed.jsonl")
    assert_matches_gold(items, SNAPSHOTS / "ninhbinh")  # still the right items
    assert {i["extraction"] for i in items} == {"generic"}
    assert "'dvcrawl/fallback/ninhbinh': 5" in log
    gold_urls = [g["url"] for g in load_jsonl(SNAPSHOTS / "ninhbinh" / "expected.jsonl")]
    for url in gold_urls:
        assert f"ninhbinh: template selectors found no body, generic extraction used: {url}" in log


def test_drifted_site_is_flagged_in_the_run_summary(drifted, tmp_path):
    proc = subprocess.run([sys.executable, "-m", "dvcrawl.cli", "run", "--sites", "ninhbinh", "--snapshots",
                           str(drifted), "--state", str(tmp_path / "state"), "--output", str(tmp_path / "out"), *FAST],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    summary = json.loads(next((tmp_path / "out").rglob("*summary*.json")).read_text(encoding="utf-8"))
    site = summary["sites"]["ninhbinh"]
    assert len(site["fallback_pages"]) == 5, proc.stdout + proc.stderr
    assert site["status"] == "failed" and any("drift" in f for f in site["failures"])


def test_check_command_fails_on_a_drifted_site(drifted):
    proc = subprocess.run([sys.executable, "-m", "dvcrawl.cli", "check", "ninhbinh", "--snapshot",
                           str(drifted / "ninhbinh"), "--limit", "3"], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "FAILED fallbacks: 3 article(s) needed generic extraction" in proc.stdout
    assert "result: FAILED" in proc.stdout


def test_a_listing_redesign_is_read_without_selectors(tmp_path):
    """ninhbinh's section list renamed (its template's listing selectors find nothing): the
    listing is read by the generic reader, the same articles are exported, and it is reported."""
    folder = tmp_path / "ninhbinh"
    shutil.copytree(SNAPSHOTS / "ninhbinh", folder)
    assert TEMPLATES["dnn_newsdetail"].listing_item == "div.list_news table"
    for page in (folder / "pages").glob("*.html"):
        page.write_bytes(page.read_bytes().replace(b'class="list_news"', b'class="muc-tin-moi"'))
    proc = crawl(["ninhbinh", "-s", f"DVCRAWL_SNAPSHOT={folder}"], tmp_path / "feed.jsonl")
    log, _ = proc.communicate(timeout=300)
    assert proc.returncode == 0, log
    assert "template selectors found no article links, generic listing reader used" in log
    assert sorted(i["url"] for i in load_jsonl(tmp_path / "feed.jsonl")) == \
        sorted(g["url"] for g in load_jsonl(SNAPSHOTS / "ninhbinh" / "expected.jsonl"))
