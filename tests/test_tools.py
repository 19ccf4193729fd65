"""Maintainer tools: `dvcrawl extract`, `dvcrawl savefixture`, `dvcrawl check` (no network)."""
import json
import subprocess
import sys

from dvcrawl.cli import main
from tests.conftest import ROOT, SNAPSHOTS, load_jsonl

GOLD = load_jsonl(SNAPSHOTS / "giaothuy" / "expected.jsonl")[0]
RECORDS = {r["url"]: r for r in load_jsonl(SNAPSHOTS / "giaothuy" / "responses.jsonl")}


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_extract_a_url_from_a_snapshot_prints_the_item(capsys):
    code, out, _ = run(capsys, "extract", GOLD["url"], "--snapshot", str(SNAPSHOTS / "giaothuy"),
                       "--listing-date", "2021-04-09")
    item = json.loads(out)
    assert code == 0
    assert item["site"] == "giaothuy" and item["extraction"] == "site"  # the registered site's template
    for field in ("title", "summary", "published", "authors", "images", "views"):
        assert item[field] == GOLD[field]
    assert item["body"].split("\n\n") == GOLD["body"]
    assert item["topic_label"] == "relevant" and "crawled_at" not in item


def test_extract_reads_a_page_in_the_encoding_a_crawl_does(capsys):
    """A windows-1258 page served with a server's default latin-1 header (tests/sites/cp1258_xa)
    is read as the crawl reads it, not as mojibake."""
    folder = ROOT / "tests" / "sites" / "cp1258_xa"
    gold = next(g for g in load_jsonl(folder / "expected.jsonl") if g["url"].endswith("id=409"))
    code, out, _ = run(capsys, "extract", gold["url"], "--snapshot", str(folder), "--generic")
    assert code == 0 and json.loads(out)["title"] == gold["title"]


def test_extract_a_saved_file_generically(capsys, tmp_path):
    page = tmp_path / "page.html"
    page.write_bytes((SNAPSHOTS / "giaothuy" / RECORDS[GOLD["url"]]["body"]).read_bytes())
    code, out, _ = run(capsys, "extract", str(page), "--generic")  # address from the canonical link
    item = json.loads(out)
    assert code == 0 and item["extraction"] == "generic" and item["url"] == GOLD["url"]
    assert item["title"] == GOLD["title"] and item["views"] == GOLD["views"]


def test_extract_follows_recorded_redirects(capsys):
    url = "https://binhduong.dcs.vn/index.php?option=com_content&view=article&id=4581"
    code, out, _ = run(capsys, "extract", url, "--snapshot", str(SNAPSHOTS / "binhduong"))
    assert code == 0 and json.loads(out)["url"].endswith("-4581.html")


def test_extract_errors_are_one_line(capsys, tmp_path):
    code, _, err = run(capsys, "extract", str(tmp_path / "missing.html"))
    assert code == 2 and "no such file" in err and "Traceback" not in err
    code, _, err = run(capsys, "extract", GOLD["url"].replace("1339", "9999"), "--snapshot", str(SNAPSHOTS / "giaothuy"))
    assert code == 2 and "answers 404" in err


def test_savefixture_records_page_meta_and_item(capsys, tmp_path):
    code, out, _ = run(capsys, "savefixture", GOLD["url"], "--snapshot", str(SNAPSHOTS / "giaothuy"),
                       "--dir", str(tmp_path), "--name", "quy-i", "--generic")
    folder = tmp_path / "giaothuy" / "quy-i"
    assert code == 0 and "review" in out
    assert (folder / "page.html").read_bytes() == (SNAPSHOTS / "giaothuy" / RECORDS[GOLD["url"]]["body"]).read_bytes()
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    assert meta["url"] == GOLD["url"] and meta["site"] == "giaothuy" and meta["generic"] is True
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    assert expected["title"] == GOLD["title"] and expected["extraction"] == "generic"
    code, _, err = run(capsys, "savefixture", GOLD["url"], "--snapshot", str(SNAPSHOTS / "giaothuy"),
                       "--dir", str(tmp_path), "--name", "quy-i")
    assert code == 2 and "exists" in err  # never overwritten without --force


def test_check_a_healthy_site_passes():
    proc = subprocess.run([sys.executable, "-m", "dvcrawl.cli", "check", "camau", "--snapshot",
                           str(SNAPSHOTS / "camau"), "--limit", "5", "--json"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    rep = json.loads(proc.stdout)
    assert rep["articles"] == 5 and rep["ok"] and rep["fallbacks"] == 0
    assert rep["coverage"] == {"dates": 5, "authors": 4, "summaries": 0, "images": 3, "views": 5}


def test_check_usage_errors(capsys):
    code, _, err = run(capsys, "check", "nosuchsite")
    assert code == 2 and "unknown site" in err
