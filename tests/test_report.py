"""`dvcrawl report`: the tables it computes from a real SQLite store and the run summaries, the
files it writes, the user mistakes it refuses, and (slow) a report after a real run and the page
as a real headless Chromium renders it."""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SITE_IDS, SNAPSHOTS
from dvcrawl.registry import PROVINCES_2025
from dvcrawl.report.figures import build
from dvcrawl.report.source import RunFolder
from dvcrawl.store import open_store, signature, story_text

NGHI_QUYET = {"ref": "25-NQ/TW", "kind": "Nghị quyết", "code": "NQ", "number": "25", "issuer": "TW",
              "year": None, "date": "2013-06-03"}
KET_LUAN = {"ref": "114-KL/TW", "kind": "Kết luận", "code": "KL", "number": "114", "issuer": "TW",
            "year": None, "date": None}
BI_THU = {"name": "Nguyễn Văn An", "role": "Phó Bí thư Thường trực Tỉnh ủy"}
TRUONG_BAN = {"name": "Trần Thị Bình", "role": "Trưởng Ban Dân vận Tỉnh ủy"}


def article(n: int, site: str, province: str, published: str | None, version: int = 1, **extra) -> dict:
    return {"url": f"https://{site}.example.vn/tin/{n}.html", "site": site, "title": f"Dân vận khéo số {n}",
            "body": "…", "province_2025": province, "published": published, "version": version,
            "extraction": "site", **extra}


def summary(run_id: str, started: str, sites: dict) -> dict:
    return {"run_id": run_id, "started_at": started, "status": "ok", "sites": {
        site: {"status": s.get("status", "ok"), "failures": s.get("failures", []),
               "articles": {"new": s.get("new", 0), "updated": s.get("updated", 0), "unchanged": 0,
                            "duplicate": 0, "rejected": s.get("rejected", 0)},
               "http_failures": [{"url": "u", "status": 404}] * s.get("http", 0), "parse_failures": [],
               "fallback_pages": ["https://x/"] * s.get("fallbacks", 0)} for site, s in sites.items()}}


def write_jsonl(path: Path, records: list[dict]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")


def record_run(store, run_id: str, items: list[dict]) -> None:
    """Record a run's published articles the way `dvcrawl run` does: one transaction per feed."""
    feed = f"feed-{run_id}.jsonl"
    with store.transaction():
        assert store.claim_run(run_id, feed, len(items))
        for item in items:
            store.record({"fingerprint": f"fp-{item['url']}-{item['version']}", "story_id": item["url"], **item},
                         signature(story_text(item["title"], None, item["body"])), run_id, feed)


@pytest.fixture
def stored(tmp_path) -> tuple[Path, Path]:
    """(state, runs): two runs over two sites recorded in a real SQLite store, their summaries
    and rejects in a run folder (which holds no feed: the articles come from the store). The
    second run updates one article, fails a site and refuses an item."""
    state, runs = tmp_path / "state", tmp_path / "output"
    runs.mkdir()
    run1, run2 = "20260101T000000Z-aaaaaa", "20260201T000000Z-bbbbbb"
    with open_store(state) as store:
        record_run(store, run1, [
            article(1, "ninhbinh", "Ninh Bình", "2025-11-03T08:00:00+07:00", documents=[NGHI_QUYET], people=[BI_THU]),
            article(2, "ninhbinh", "Ninh Bình", "2025-12-20", documents=[NGHI_QUYET, KET_LUAN], people=[BI_THU]),
            article(3, "binhduong", "Thành phố Hồ Chí Minh", "2025-12-05T10:00:00+07:00",
                    documents=[KET_LUAN], people=[{"name": "Nguyễn Văn An", "role": None}, TRUONG_BAN])])
        record_run(store, run2, [
            article(2, "ninhbinh", "Ninh Bình", "2025-12-20", version=2, documents=[NGHI_QUYET], people=[]),
            article(4, "binhduong", "TP. Hồ Chí Minh", "2026-01-15", documents=[], people=[]),
            article(5, "binhduong", None, None)])
    write_jsonl(runs / f"rejects-{run2}.jsonl", [
        {"reason": "chrome: 'Lượt xem:' in body", "run_id": run2, "item": {"site": "binhduong"}},
        {"reason": "future_date: 2030-01-01", "run_id": run2, "item": {"site": "binhduong"}}])
    (runs / f"summary-{run1}.json").write_text(json.dumps(summary(run1, "2026-01-01T00:00:00+00:00", {
        "ninhbinh": {"new": 2}, "binhduong": {"new": 1, "fallbacks": 1}})), encoding="utf-8")
    (runs / f"summary-{run2}.json").write_text(json.dumps(summary(run2, "2026-02-01T00:00:00+00:00", {
        "ninhbinh": {"updated": 1},
        "binhduong": {"new": 2, "rejected": 2, "http": 3, "status": "failed",
                      "failures": ["template_drift: every article needed the fallback"]}})), encoding="utf-8")
    return state, runs


def test_tables_from_the_store_and_the_run_summaries(stored):
    state, runs = stored
    with open_store(state, create=False) as store:
        articles = list(store.articles())
    folder = RunFolder(runs)
    report = build(articles, folder.runs(), folder.rejects())
    assert report.articles == 5 and report.runs == 2
    rows = {r["province"]: r for r in report.provinces}
    assert set(PROVINCES_2025) <= set(rows) and len(rows) == 35  # the 34, and articles without a province
    assert (rows["Ninh Bình"]["articles"], rows["Ninh Bình"]["last"]) == (2, "2025-12-20")
    assert rows["Thành phố Hồ Chí Minh"]["articles"] == 2  # "TP. Hồ Chí Minh" is the same province
    assert rows["Thành phố Hà Nội"]["articles"] == 0 and rows["Thành phố Hà Nội"]["last"] is None
    assert report.months == ["2025-11", "2025-12", "2026-01"]
    assert report.by_province_month["Ninh Bình"] == {"2025-11": 1, "2025-12": 1}
    # the updated article counts once, as its latest version says
    assert report.documents == [{"ref": "25-NQ/TW", "kind": "Nghị quyết", "articles": 2},
                                {"ref": "114-KL/TW", "kind": "Kết luận", "articles": 1}]
    assert report.people == [{"name": "Nguyễn Văn An", "role": "Phó Bí thư Thường trực Tỉnh ủy", "articles": 2},
                             {"name": "Trần Thị Bình", "role": "Trưởng Ban Dân vận Tỉnh ủy", "articles": 1}]
    health = {r["site"]: r for r in report.health}
    assert health["binhduong"] == {
        "site": "binhduong", "runs": 2, "failed_runs": 1, "fallbacks": 1, "rejected": 2, "leaks": 1,
        "failures": 3, "last_status": "failed", "last_run": "2026-02-01T00:00:00+00:00",
        "last_problems": ["template_drift: every article needed the fallback"]}
    assert [(r["new"], r["updated"]) for r in report.run_history["ninhbinh"]] == [(2, 0), (0, 1)]
    assert [a["date"] for a in report.latest] == ["2026-01-15", "2025-12-20", "2025-12-05", "2025-11-03", None]


def dvcrawl(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dvcrawl.cli", "report", *args],
                          capture_output=True, text=True, timeout=120)


def test_report_writes_a_page_and_its_plots(stored, tmp_path):
    state, runs = stored
    folder = tmp_path / "report"
    proc = dvcrawl("--state", str(state), "--runs", str(runs), "--output", str(folder))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("report: ") and "(5 articles, 2 runs)" in proc.stdout
    assert sorted(p.name for p in folder.iterdir()) == [
        "documents.png", "health.png", "index.html", "people.png", "province-months.png", "run-history.png"]
    page = (folder / "index.html").read_text(encoding="utf-8")
    for name in ("documents.png", "health.png", "people.png", "province-months.png", "run-history.png"):
        assert f'src="{name}"' in page
        assert (folder / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert '<a href="https://binhduong.example.vn/tin/4.html">Dân vận khéo số 4</a>' in page
    assert "Phó Bí thư Thường trực Tỉnh ủy" in page and "114-KL/TW" in page
    assert "http://" not in page.replace('href="https://', "") and "<script" not in page  # nothing to fetch


@pytest.mark.parametrize("case", ["output_is_a_file", "runs_missing", "runs_not_a_run_folder", "no_store",
                                  "read_only"])
def test_user_mistakes_are_one_line_status_2_nothing_written(case, stored, tmp_path):
    target, (state, runs) = tmp_path / "new" / "report", stored
    if case == "output_is_a_file":
        target = tmp_path / "file.html"
        target.write_text("x")
    elif case == "runs_missing":
        runs = tmp_path / "no-such-folder"
    elif case == "runs_not_a_run_folder":
        runs = tmp_path / "empty"
        runs.mkdir()
    elif case == "no_store":
        state = tmp_path / "no-state"
        state.mkdir()
    else:
        if os.geteuid() == 0:
            pytest.skip("root writes anywhere")
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        target = locked / "report"
    proc = dvcrawl("--state", str(state), "--runs", str(runs), "--output", str(target))
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr
    assert not (tmp_path / "new").exists() and not (target.is_dir() and any(target.iterdir()))
    assert not any((tmp_path / "no-state").glob("*"))  # a missing store is not created


@pytest.mark.slow
def test_report_after_a_real_run_reads_every_article_from_the_store(tmp_path):
    """A real `dvcrawl run` over the recorded sites, then a report of its store and summaries."""
    out, state = tmp_path / "out", tmp_path / "state"
    done = subprocess.run([sys.executable, "-m", "dvcrawl.cli", "run", "--snapshots", str(SNAPSHOTS),
                           "--state", str(state), "--output", str(out)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    published = sum(1 for _ in (out / "latest.jsonl").open(encoding="utf-8"))
    (out / "latest.jsonl").unlink()  # the report never reads a feed
    for feed in out.glob("feed-*.jsonl"):
        feed.unlink()
    proc = dvcrawl("--state", str(state), "--runs", str(out), "--output", str(tmp_path / "report"))
    assert proc.returncode == 0, proc.stderr
    assert f"({published} articles, 1 runs)" in proc.stdout and published >= len(SITE_IDS)
    page = (tmp_path / "report" / "index.html").read_text(encoding="utf-8")
    assert all(f"<td>{site}</td>" in page for site in SITE_IDS)  # every site in the run history


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# injected at the top of a copy of the page: collects script errors, console errors and resources
# that failed to load, and once the page has loaded writes what it found into the DOM
CHECK = """<script>
window.__errors = [];
window.addEventListener("error", e => window.__errors.push(String(e.message || (e.target && e.target.src) || e)), true);
const consoleError = console.error;
console.error = (...args) => { window.__errors.push(args.join(" ")); consoleError(...args); };
window.addEventListener("load", () => {
  const images = [...document.images];
  document.body.setAttribute("data-check", JSON.stringify({
    images: images.length, loaded: images.filter(i => i.complete && i.naturalWidth > 0).length,
    sections: document.querySelectorAll("h2").length, errors: window.__errors}));
});
</script>"""


def chromium(url: str, profile: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
         "--virtual-time-budget=5000", *args, url], capture_output=True, text=True, timeout=90)


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (.ci/run installs it)")
def test_report_renders_in_headless_chromium(stored, tmp_path):
    """Every plot loads (naturalWidth > 0), no script or console error, every section there."""
    import html

    state, runs = stored
    folder = tmp_path / "report"
    assert dvcrawl("--state", str(state), "--runs", str(runs), "--output", str(folder)).returncode == 0
    page = (folder / "index.html").read_text(encoding="utf-8")
    (folder / "check.html").write_text(page.replace("<head>", "<head>" + CHECK, 1), encoding="utf-8")
    proc = chromium((folder / "check.html").as_uri(), tmp_path / "profile", "--dump-dom")
    assert proc.returncode == 0, proc.stderr[-2000:]
    marker = 'data-check="'
    start = proc.stdout.index(marker) + len(marker)
    check = json.loads(html.unescape(proc.stdout[start:proc.stdout.index('"', start)]))
    assert check == {"images": 5, "loaded": 5, "sections": 7, "errors": []}
    shot = tmp_path / "shot.png"
    chromium((folder / "index.html").as_uri(), tmp_path / "profile", f"--screenshot={shot}", "--window-size=1200,2400")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
