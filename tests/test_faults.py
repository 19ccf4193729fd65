"""Faults and bad input, proved against a real HTTP server on loopback (dvcrawl.testing.server).

The five recorded sites are served on 127.0.0.2-6 with faults layered on (the catalogue is
`FAULTS` below), and one real `dvcrawl run` crawls them all through the real site spiders.
For every fault: the run finishes, no traceback reaches the user, every good article is in
the feed exactly once, and every page given up on is in the run summary (or, for items the
validation refuses, in the rejects file the summary names) with its URL and reason.
Nothing here touches the network: only loopback addresses are used.
"""
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from dvcrawl.extract.factory import listing_page, template_for
from dvcrawl.testing.server import Fault, LocalServer
from dvcrawl.registry import load_registry

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOTS = ROOT / "snapshots"
VENV_BIN = Path(sys.executable).parent
HOSTS = {"backan": "127.0.0.2", "binhduong": "127.0.0.3", "giaothuy": "127.0.0.4",
         "camau": "127.0.0.5", "ninhbinh": "127.0.0.6"}
OFFSITE_HOST = "127.0.0.9"  # loopback, never served, not a site's domain

# Small delays so the suite stays fast; the fault server's timeouts are longer than this.
FAST = {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_START_DELAY": "0", "AUTOTHROTTLE_MAX_DELAY": "1",
        "DOWNLOAD_TIMEOUT": "1.5", "RETRY_TIMES": "2", "RETRY_BACKOFF_BASE": "0.05",
        "RETRY_AFTER_MAX": "1", "LOG_LEVEL": "INFO"}
SYNTH_LIST = "/__faults/list"


def load_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def expected(site_id: str) -> dict[str, dict]:
    return {e["url"]: e for e in load_jsonl(SNAPSHOTS / site_id / "expected.jsonl")}


def path_of(url: str) -> str:
    from urllib.parse import urlsplit
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


@dataclass
class Case:
    """One injected fault and what must come of it."""
    name: str
    site: str
    url: str                      # local URL of the page (as the feed/summary name it)
    outcome: str                  # "exported" | "failed" | "rejected"
    reason: str = ""              # the start of the reason code when not exported
    title: str | None = None      # exact title the exported article must have
    check_published: bool = False  # exported with a real date (or none), never the bad one


def derive(site, src_url: str, new_path: str, subs: list[tuple[str, str]], keep_canonical=False) -> None:
    """Serve at `new_path` the recorded page of `src_url` with substitutions (a new article)."""
    status, headers, body = site.recorded(path_of(src_url))
    if not keep_canonical:
        body = body.replace(path_of(src_url).encode(), new_path.encode())
    for old, new in subs:
        assert old.encode() in body, f"{old!r} not in {src_url}"
        body = body.replace(old.encode(), new.encode())
    site.page(new_path, body, status=200, headers=headers)


def synthetic_listing(site, listing_url: str, mapping: dict[str, str]) -> None:
    """Serve SYNTH_LIST: the recorded listing page with some article links sent to new paths."""
    status, headers, body = site.recorded(path_of(listing_url))
    for old, new in mapping.items():
        assert path_of(old).encode() in body, f"{old} not linked from {listing_url}"
        body = body.replace(path_of(old).encode(), new.encode())
    site.page(SYNTH_LIST, body, headers=headers)


def listing_links(site_id: str, listing_url: str) -> list[str]:
    folder = SNAPSHOTS / site_id
    record = next(r for r in load_jsonl(folder / "responses.jsonl") if r["url"] == listing_url)
    html = (folder / record["body"]).read_bytes().decode("utf-8")
    return [e.url for e in listing_page(html, listing_url, template_for(load_registry()[site_id])).entries()]


def build_faults(server: LocalServer) -> list[Case]:
    """Put the fault catalogue on the server; the cases it must produce."""
    cases: list[Case] = []
    reg = load_registry()

    # backan: HTTP errors, timeouts, resets, truncation; soft 404 and bad dates (synthetic pages)
    site = server["backan"]
    a = sorted(expected("backan"))
    exp = expected("backan")
    by_name = dict(zip(["a0", "a1", "a2", "a3", "a4"], a))
    site.fault(by_name["a0"], Fault.status(503, retry_after=1, times=2))
    cases.append(Case("503_retry_after_recovers", "backan", site.url(by_name["a0"]), "exported",
                      title=exp[by_name["a0"]]["title"]))
    site.fault(by_name["a1"], Fault.status(500))
    cases.append(Case("500_never_recovers", "backan", site.url(by_name["a1"]), "failed", "HTTP 500"))
    site.fault(by_name["a2"], Fault.delay(3, times=1))
    cases.append(Case("timeout_recovers", "backan", site.url(by_name["a2"]), "exported"))
    site.fault(by_name["a3"], Fault.reset(times=1))
    cases.append(Case("reset_recovers", "backan", site.url(by_name["a3"]), "exported"))
    site.fault(by_name["a4"], Fault.truncate(keep=0.4))
    cases.append(Case("truncated_never_recovers", "backan", site.url(by_name["a4"]), "failed", "truncated"))
    site.fault("/cong-tac-dan-van/trang-2.html", Fault.status(502, retry_after=1, times=1))
    start = reg["backan"].start_urls[0]
    links = listing_links("backan", start)
    soft, bad_date, future = "/bai-viet-post90001.html", "/bai-viet-post90002.html", "/bai-viet-post90003.html"
    site.page(soft, site.recorded(path_of(site.origin + "/bac-kan-bieu-duong-120-mo-hinh-dan-van-kheo-tieu-bieu-post52975.html"))[2],
              status=200, headers={"Content-Type": "text/html; charset=utf-8"})
    cases.append(Case("soft_404", "backan", site.url(soft), "failed", "soft_404"))
    src = links[1]
    shown = exp[src]["published"]  # 2021-10-14T10:25:00+07:00 → "14/10/2021"
    day = f"{shown[8:10]}/{shown[5:7]}/{shown[:4]}"
    derive(site, src, bad_date, [(exp[src]["title"], "Bài thử: ngày không có thật"), (day, "31/02/2020")])
    cases.append(Case("impossible_date", "backan", site.url(bad_date), "exported",
                      title="Bài thử: ngày không có thật", check_published=True))
    src2 = links[2]
    shown2 = exp[src2]["published"]
    day2 = f"{shown2[8:10]}/{shown2[5:7]}/{shown2[:4]}"
    derive(site, src2, future, [(exp[src2]["title"], "Bài thử: ngày trong tương lai"), (day2, "15/08/2099")])
    cases.append(Case("future_date", "backan", site.url(future), "rejected", "future_date"))
    synthetic_listing(site, start, {links[0]: soft, links[1]: bad_date, links[2]: future})

    # binhduong: charsets
    site = server["binhduong"]
    b = sorted(expected("binhduong"))
    exp = expected("binhduong")
    recode = {
        "windows_1258": Fault.recode("windows-1258"),
        "utf8_declared_but_1258": Fault.recode("windows-1258", declare="utf-8", meta="windows-1258"),
        "latin1_declared_but_utf8": Fault.recode("utf-8", declare="iso-8859-1", meta=None),
        "no_charset_anywhere": Fault.recode("utf-8", declare=None, meta=None),
        "entity_encoded": Fault.entities(),
    }
    for (name, fault), url in zip(recode.items(), b):
        site.fault(url, fault)
        cases.append(Case(name, "binhduong", site.url(url), "exported", title=exp[url]["title"]))
    start = reg["binhduong"].start_urls[0]
    links = listing_links("binhduong", start)
    legacy = "/tin-tuc/bai-thu-ma-cu-9001.html"
    derive(site, links[0], legacy, [(exp[links[0]]["title"], "Bài thử mã Windows cũ, không khai báo")])
    site.fault(legacy, Fault.recode("windows-1258", declare=None, meta=None))
    cases.append(Case("windows_1258_no_charset", "binhduong", site.url(legacy), "exported",
                      title="Bài thử mã Windows cũ, không khai báo"))
    synthetic_listing(site, start, {links[0]: legacy})
    site.fault(start, Fault.gzip())

    # giaothuy: compression, size limits, redirects, an endless pagination trap
    site = server["giaothuy"]
    g = sorted(expected("giaothuy"))
    exp = expected("giaothuy")
    site.fault(g[0], Fault.gzip())
    cases.append(Case("gzip", "giaothuy", site.url(g[0]), "exported", title=exp[g[0]]["title"]))
    site.fault(g[1], Fault.bomb())
    cases.append(Case("decompression_bomb", "giaothuy", site.url(g[1]), "failed", "too_large"))
    site.fault(g[2], Fault.oversize())
    cases.append(Case("over_size_limit", "giaothuy", site.url(g[2]), "failed", "too_large"))
    loop_b = "/tin-tuc-su-kien/redirect-loop-b.html"
    site.fault(g[3], Fault.redirect(loop_b, status=302))
    site.fault(loop_b, Fault.redirect(path_of(g[3]), status=301))
    cases.append(Case("redirect_loop", "giaothuy", site.url(g[3]), "failed", "redirect_loop"))
    site.fault(g[4], Fault.redirect(f"http://{OFFSITE_HOST}:{site.port}/elsewhere.html"))
    cases.append(Case("redirect_off_site", "giaothuy", site.url(g[4]), "failed", "offsite"))
    page2 = "/tin-tuc-su-kien/cong-tac-dan-van?page=2"
    trap = '<ul class="pagination"><li><a href="/tin-tuc-su-kien/cong-tac-dan-van?page={n}">Sau</a></li>'
    site.fault(page2, Fault.sub('<ul class="pagination">', trap.format(n=3)))
    recorded2 = site.recorded(page2)

    def endless(path: str):
        n = int(path.rsplit("=", 1)[1]) if path.rsplit("=", 1)[1].isdigit() else 0
        if n < 3:
            return None
        body = recorded2[2].replace(b'<ul class="pagination">', trap.format(n=n + 1).encode())
        return 200, dict(recorded2[1]), body
    site.route("/tin-tuc-su-kien/cong-tac-dan-van?page=", endless)
    cases.append(Case("pagination_trap", "giaothuy", site.url("/tin-tuc-su-kien/cong-tac-dan-van?page=4"),
                      "failed", "trap"))

    # camau: a page with no article, two articles claiming the same id
    site = server["camau"]
    c = sorted(expected("camau"))
    exp = expected("camau")
    start = reg["camau"].start_urls[0]
    links = listing_links("camau", start)
    no_article, same_id = "/web/guest/cong-tac-dan-van/-/asset_publisher/k1Bq7XqZ/content/khong-co-bai", \
        "/web/guest/cong-tac-dan-van/-/asset_publisher/k1Bq7XqZ/content/bai-trung-ma"
    site.page(no_article, site.recorded(path_of(start))[2], headers={"Content-Type": "text/html; charset=utf-8"})
    cases.append(Case("page_without_article", "camau", site.url(no_article), "failed", "no_article"))
    owner = links[1]
    derive(site, owner, same_id, [(exp[owner]["title"], "Bài khác nhận cùng mã bài")], keep_canonical=True)
    cases.append(Case("same_id_owner", "camau", site.url(owner), "exported", title=exp[owner]["title"]))
    cases.append(Case("same_id_other_article", "camau", site.url(same_id), "exported",
                      title="Bài khác nhận cùng mã bài"))
    synthetic_listing(site, start, {links[0]: no_article, links[2]: same_id})
    assert c  # every camau article stays good

    # ninhbinh (entity-encoded pages): a start page recovering from 503, errors that never recover
    site = server["ninhbinh"]
    n = sorted(expected("ninhbinh"))
    site.fault(reg["ninhbinh"].start_urls[0], Fault.status(503, retry_after=1, times=1))
    site.fault(n[0], Fault.status(503, retry_after=1))
    cases.append(Case("503_never_recovers", "ninhbinh", site.url(n[0]), "failed", "HTTP 503"))
    site.fault(n[1], Fault.reset())
    cases.append(Case("reset_never_recovers", "ninhbinh", site.url(n[1]), "failed", "connection"))
    site.fault(n[2], Fault.delay(4))
    cases.append(Case("timeout_never_recovers", "ninhbinh", site.url(n[2]), "failed", "timeout"))
    return cases


EXTRA_STARTS = {"backan": [SYNTH_LIST], "binhduong": [SYNTH_LIST], "camau": [SYNTH_LIST]}


def run_dvcrawl(args: list[str], env: dict, cwd: Path, settings: dict | None = None,
                timeout: float = 120) -> subprocess.CompletedProcess:
    cmd = [str(VENV_BIN / "dvcrawl"), *args]
    for name, value in (settings or {}).items():
        cmd += ["-s", f"{name}={value}"]
    return subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)


def crawl_env(registry: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DVCRAWL_", "SCRAPY_"))}
    env["DVCRAWL_REGISTRY"] = str(registry)
    env["PYTHONUNBUFFERED"] = "1"
    return env


@pytest.fixture(scope="module")
def fault_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("faults")
    with LocalServer() as server:
        for site_id, host in HOSTS.items():
            server.add_site(SNAPSHOTS / site_id, host=host)
        cases = build_faults(server)
        registry = server.write_registry(tmp / "registry.toml", extra_start_urls=EXTRA_STARTS)
        failure_log = tmp / "failures.jsonl"
        proc = run_dvcrawl(["run", "--state", str(tmp / "state"), "--output", str(tmp / "out")],
                           crawl_env(registry), tmp, {**FAST, "DVCRAWL_FAILURE_LOG": failure_log})
        (tmp / "stderr.txt").write_text(proc.stderr, encoding="utf-8")
        out = tmp / "out"
        feeds = sorted(out.glob("feed-*.jsonl"))
        summaries = sorted(out.glob("summary-*.json"))
        rejects = sorted(out.glob("rejects-*.jsonl"))
        yield {
            "proc": proc, "cases": {c.name: c for c in cases}, "server": server,
            "feed": [it for f in feeds for it in load_jsonl(f)],
            "summary": json.loads(summaries[-1].read_text(encoding="utf-8")) if summaries else None,
            "rejects": [r for f in rejects for r in load_jsonl(f)],
            "failure_log": load_jsonl(failure_log) if failure_log.exists() else [],
        }


CASE_NAMES = [
    "503_retry_after_recovers", "500_never_recovers", "503_never_recovers", "timeout_recovers",
    "timeout_never_recovers", "reset_recovers", "reset_never_recovers", "truncated_never_recovers",
    "windows_1258", "utf8_declared_but_1258", "latin1_declared_but_utf8", "no_charset_anywhere",
    "entity_encoded", "windows_1258_no_charset", "gzip", "decompression_bomb", "over_size_limit",
    "redirect_loop", "redirect_off_site", "pagination_trap", "soft_404", "page_without_article",
    "impossible_date", "future_date", "same_id_owner", "same_id_other_article",
]


def summary_failures(summary: dict, site: str) -> list[dict]:
    rep = summary["sites"][site]
    return list(rep["http_failures"]) + list(rep["parse_failures"])


def test_run_finishes_without_traceback(fault_run):
    proc = fault_run["proc"]
    assert proc.returncode in (0, 1), proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout, proc.stderr[-3000:]
    assert fault_run["summary"] is not None, proc.stderr[-3000:]
    assert set(fault_run["summary"]["sites"]) == set(HOSTS)
    assert set(fault_run["cases"]) == set(CASE_NAMES)


def test_every_good_article_exported_exactly_once(fault_run):
    server, cases = fault_run["server"], fault_run["cases"]
    urls = [it["url"] for it in fault_run["feed"]]
    assert len(urls) == len(set(urls)), "an article was exported twice"
    lost = {c.url for c in cases.values() if c.outcome != "exported"}
    want = set()
    for site_id in HOSTS:
        want |= {server[site_id].url(u) for u in expected(site_id)}
    want = (want - lost) | {c.url for c in cases.values() if c.outcome == "exported"}
    assert set(urls) == want


@pytest.mark.parametrize("name", CASE_NAMES)
def test_fault(fault_run, name):
    case = fault_run["cases"][name]
    feed = {it["url"]: it for it in fault_run["feed"]}
    summary, failure_log = fault_run["summary"], fault_run["failure_log"]
    if case.outcome == "exported":
        assert case.url in feed, f"{name}: {case.url} not exported"
        item = feed[case.url]
        if case.title:
            assert item["title"] == case.title
        if case.check_published:
            assert item["published"] is None or not item["published"].startswith(("2020-02-31", "2020-03-02"))
        assert not any(f["url"] == case.url for f in summary_failures(summary, case.site)), \
            f"{name}: a recovered page is reported as failed"
        return
    assert case.url not in feed, f"{name}: {case.url} exported"
    if case.outcome == "rejected":
        found = [r for r in fault_run["rejects"] if r["item"]["url"] == case.url]
        assert found and found[0]["reason"].startswith(case.reason), fault_run["rejects"]
        assert summary["sites"][case.site]["articles"]["rejected"] >= 1
        assert summary["rejects"]
    else:
        found = [f for f in summary_failures(summary, case.site) if f["url"] == case.url]
        assert found, f"{name}: {case.url} not in the summary: {summary_failures(summary, case.site)}"
        assert all(f.get("reason") for f in found)
        assert any(case.reason in f["reason"] for f in found), found
    logged = [f for f in failure_log if f["url"] == case.url]
    assert logged, f"{name}: not in the failure log"


def test_trap_stopped_early(fault_run):
    site = fault_run["server"]["giaothuy"]
    trap_hits = sum(1 for p, _ in site.requests if "?page=" in p and p.rsplit("=", 1)[1].isdigit()
                    and int(p.rsplit("=", 1)[1]) >= 3)
    assert 1 <= trap_hits <= 3


def test_retries_waited_and_recovered(fault_run):
    site = fault_run["server"]["backan"]
    a0 = sorted(expected("backan"))[0]
    assert site.hits(a0) == 3  # two 503s, then the page
    nb = fault_run["server"]["ninhbinh"]
    assert nb.hits(sorted(expected("ninhbinh"))[0]) == 1 + int(FAST["RETRY_TIMES"])


def test_fault_server_is_loopback_only():
    with pytest.raises(ValueError):
        LocalServer().add_site(SNAPSHOTS / "backan", host="192.0.2.1")


def _recorded_responses(status: int):
    from scrapy.http import HtmlResponse

    for site_id in HOSTS:
        folder = SNAPSHOTS / site_id
        gold = expected(site_id)
        for r in load_jsonl(folder / "responses.jsonl"):
            if r.get("body") and r["status"] == status and (status != 200 or r["url"] in gold):
                yield HtmlResponse(r["url"], status=200, body=(folder / r["body"]).read_bytes(),
                                   headers=r["headers"])


def test_soft_404_detector_on_recorded_pages():
    from dvcrawl.extract.errorpage import soft_404

    error_pages = list(_recorded_responses(404))
    articles = list(_recorded_responses(200))
    assert len(error_pages) == 5 and len(articles) == 25
    assert all(soft_404(r) for r in error_pages), [r.url for r in error_pages if not soft_404(r)]
    assert not any(soft_404(r) for r in articles), [r.url for r in articles if soft_404(r)]



def test_parsed_page_is_freed_with_its_response():
    """Without waiting for the garbage collector: Scrapy's own `response.selector` is in a
    reference cycle with its response, and parsed pages piled up between collections."""
    import gc
    import weakref

    from scrapy.http import HtmlResponse

    from dvcrawl.extract.parsed import page_selector

    gc.disable()
    try:
        response = HtmlResponse("https://backan.dcs.vn/a.html", body=b"<html><body><h1>x</h1></body></html>")
        parsed = weakref.ref(page_selector(response))
        assert page_selector(response) is parsed()  # parsed once per response
        del response
        assert parsed() is None
    finally:
        gc.enable()


def test_choose_encoding():
    from dvcrawl.downloadermiddlewares.charset import VIETNAMESE_1258, choose_encoding

    text = "Công tác dân vận: Hội nghị đối thoại với Nhân dân"
    legacy = text.encode(VIETNAMESE_1258)
    assert legacy.decode("cp1258") != text and __import__("unicodedata").normalize("NFC", legacy.decode("cp1258")) == text
    assert choose_encoding(text.encode(), "iso-8859-1") == "utf-8"
    assert choose_encoding(legacy, "utf-8") == "cp1258"
    assert choose_encoding(legacy, None) == "cp1258"
    assert choose_encoding(b'<meta charset="windows-1258">' + legacy, "utf-8") == "cp1258"
    assert choose_encoding(b"C&#244;ng t&#225;c", None) is None
    assert choose_encoding("\ufeffxin chào".encode("utf-8"), "iso-8859-1") is None  # the BOM decides
    # a server's default latin-1 header decodes anything: the page's own <meta> comes first
    assert choose_encoding(b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1258">' + legacy,
                           "iso-8859-1") == "cp1258"


def test_windows_1258_page_with_combining_tone_marks():
    """A windows-1258 page written decomposed (base letter + combining tone mark; what the code
    page cannot hold, such as a decomposed circumflex, as numeric references) is read as the
    same Vietnamese text, and its links with Vietnamese query strings can be followed: Scrapy
    encodes a followed link's query in the page's encoding, which crashed with
    `UnicodeEncodeError: 'charmap' codec can't encode …` for Python's cp1258 codec."""
    import unicodedata
    from collections import Counter

    from scrapy.http import HtmlResponse, Request

    from dvcrawl.downloadermiddlewares.charset import CharsetMiddleware

    class Stats(Counter):
        def inc_value(self, key, count=1):
            self[key] += count

    text = ('<html><head><meta charset="windows-1258"><title>Dân vận khéo</title></head><body>'
            '<h1>Hội nghị điển hình “Dân vận khéo” năm 2024</h1>'
            '<a href="/tim-kiem.asp?tu=dân vận khéo&amp;trang=2">Dân vận khéo</a>'
            '<a href="/tin.asp?chuyenmuc=Mặt trận Tổ quốc">Mặt trận</a></body></html>')
    body = unicodedata.normalize("NFD", text).encode("cp1258", "xmlcharrefreplace")
    assert b"&#770;" in body and b"\xf2" in body  # decomposed circumflex as a reference; dot below 0xF2
    for declared in ("text/html", "text/html; charset=windows-1258", "text/html; charset=utf-8"):
        stats = Stats()
        response = CharsetMiddleware(stats).process_response(
            Request("http://127.0.0.1/"), HtmlResponse("http://127.0.0.1/", body=body,
                                                       headers={"Content-Type": declared}))
        assert unicodedata.normalize("NFC", response.css("h1::text").get()) == \
            "Hội nghị điển hình “Dân vận khéo” năm 2024"
        hrefs = response.css("a::attr(href)").getall()
        urls = [response.follow(h).url for h in hrefs + [unicodedata.normalize("NFC", h) for h in hrefs]]
        # the query as the page writes it (é decomposed: e + 0xEC); the code page's own form
        # where the page cannot be followed to the letter (the circumflex referenced)
        assert urls[0] == "http://127.0.0.1/tim-kiem.asp?tu=d%E2n%20v%E2%F2n%20khe%ECo&trang=2"
        assert urls[2] == "http://127.0.0.1/tim-kiem.asp?tu=d%E2n%20v%E2%F2n%20kh%E9o&trang=2"
        assert all(url.isascii() for url in urls)


def test_server_logs_unexpected_handler_errors(caplog):
    """A bug in the test server (here: a route handler that raises) is logged with its
    traceback, not dropped: the crawler sees only a closed connection."""
    import logging
    import urllib.request

    def broken(path):
        raise RuntimeError("handler bug")

    with LocalServer() as server:
        site = server.add_site(SNAPSHOTS / "backan", host="127.0.0.21")
        site.route("/broken", broken)
        with caplog.at_level(logging.ERROR, logger="dvcrawl.testing.server"), pytest.raises(OSError):
            urllib.request.urlopen(site.url("/broken"), timeout=5)
    errors = [r for r in caplog.records if r.name == "dvcrawl.testing.server"]
    assert len(errors) == 1 and "handler bug" in "".join(__import__("traceback").format_exception(*errors[0].exc_info))
