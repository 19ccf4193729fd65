"""Polite and safe defaults for small government servers, checked in the settings and
observed from the server's side of a real crawl on loopback: robots.txt obeyed, an
identifying User-Agent with a configurable contact, at most 2 requests at a time per host,
retries that wait (Retry-After, backoff), size limits, no remote-control endpoint."""
import subprocess
import sys
from pathlib import Path

import pytest
from scrapy.utils.project import get_project_settings

from dvcrawl.downloadermiddlewares.retry import BackoffRetryMiddleware, retry_after_seconds
from dvcrawl.testing.server import Fault, LocalServer
from test_faults import SNAPSHOTS, crawl_env, expected, load_jsonl

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CONTACT = "mailto:dvcrawl-ops@example.org (Ban Dân vận)"  # non-ASCII on purpose


def test_default_settings_are_polite(monkeypatch):
    monkeypatch.setenv("SCRAPY_SETTINGS_MODULE", "dvcrawl.settings")
    s = get_project_settings()
    assert s.getbool("ROBOTSTXT_OBEY")
    assert 1 <= s.getint("CONCURRENT_REQUESTS_PER_DOMAIN") <= 2
    assert s.getbool("AUTOTHROTTLE_ENABLED") and s.getfloat("AUTOTHROTTLE_TARGET_CONCURRENCY") <= 2
    assert s.getfloat("DOWNLOAD_DELAY") > 0
    assert s.getbool("RETRY_ENABLED") and 1 <= s.getint("RETRY_TIMES") <= 5
    assert {500, 502, 503, 429} <= set(map(int, s.getlist("RETRY_HTTP_CODES")))
    assert s.getfloat("RETRY_BACKOFF_BASE") > 0
    assert 0 < s.getint("DOWNLOAD_MAXSIZE") <= 16 * 1024 * 1024
    assert 0 < s.getfloat("DOWNLOAD_TIMEOUT") <= 60
    assert s.getbool("DOWNLOAD_FAIL_ON_DATALOSS")
    assert not s.getbool("REMOTE_CONTROL_ENABLED") and not s.getbool("TELNETCONSOLE_ENABLED")
    assert 0 < s.getint("DEPTH_LIMIT") <= 100 and s.getint("DVCRAWL_TRAP_PATIENCE") >= 1
    assert "{contact}" in s.get("USER_AGENT") and s.get("DVCRAWL_CONTACT").startswith("https://")
    mw = s.getdict("DOWNLOADER_MIDDLEWARES")
    assert mw.get("scrapy.downloadermiddlewares.retry.RetryMiddleware", 0) is None
    assert "dvcrawl.downloadermiddlewares.retry.BackoffRetryMiddleware" in mw


def test_retry_after_header():
    assert retry_after_seconds(b"7") == 7.0
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past
    assert retry_after_seconds(b"soon") is None and retry_after_seconds(None) is None


def test_backoff_grows_and_is_capped():
    from scrapy.http import Request, Response
    from scrapy.settings import Settings

    mw = BackoffRetryMiddleware(Settings({"RETRY_BACKOFF_BASE": 2, "RETRY_BACKOFF_MAX": 10,
                                          "RETRY_AFTER_MAX": 120}))
    waits = [mw._wait(Request("http://127.0.0.1/", meta={"retry_times": n})) for n in (1, 2, 3, 4, 5)]
    assert waits == [2, 4, 8, 10, 10]
    asked = Response("http://127.0.0.1/", status=503, headers={"Retry-After": "30"})
    assert mw._wait(Request("http://127.0.0.1/", meta={"retry_times": 1}), asked) == 30
    greedy = Response("http://127.0.0.1/", status=503, headers={"Retry-After": "86400"})
    assert mw._wait(Request("http://127.0.0.1/", meta={"retry_times": 1}), greedy) == 120


@pytest.fixture(scope="module")
def polite_crawl(tmp_path_factory):
    """`scrapy crawl backan` against the loopback server with the project's own politeness
    settings (only the delays shortened), a robots.txt, slow pages and a 503 with Retry-After."""
    tmp = tmp_path_factory.mktemp("polite")
    with LocalServer() as server:
        site = server.add_site(SNAPSHOTS / "backan", host="127.0.0.20")
        articles = sorted(expected("backan"))
        forbidden = articles[0]
        site.page("/robots.txt", f"User-agent: *\nDisallow: {forbidden.split('backan.dcs.vn', 1)[1]}\n",
                  headers={"Content-Type": "text/plain"})
        site.fault(articles[1], Fault.status(503, retry_after=1, times=1))  # first answer only
        for url in articles[1:]:
            site.fault(url, Fault.delay(0.4))  # slow pages: parallel requests would overlap
        registry = server.write_registry(tmp / "registry.toml")
        feed = tmp / "feed.jsonl"
        failures = tmp / "failures.jsonl"
        cmd = [str(BIN / "scrapy"), "crawl", "backan", "-O", str(feed),
               "-s", "DOWNLOAD_DELAY=0.05", "-s", "AUTOTHROTTLE_START_DELAY=0.05",
               "-s", f"DVCRAWL_CONTACT={CONTACT}", "-s", f"DVCRAWL_FAILURE_LOG={failures}",
               "-s", "RETRY_BACKOFF_BASE=0.05"]
        proc = subprocess.run(cmd, cwd=ROOT, env=crawl_env(registry), capture_output=True, text=True,
                              timeout=120)
        yield {"proc": proc, "site": site, "forbidden": forbidden, "articles": articles,
               "feed": load_jsonl(feed) if feed.exists() else [],
               "failures": load_jsonl(failures) if failures.exists() else []}


def test_crawl_ran(polite_crawl):
    proc = polite_crawl["proc"]
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr[-3000:]


def test_robots_txt_obeyed(polite_crawl):
    site = polite_crawl["site"]
    assert site.hits("/robots.txt") == 1
    assert site.hits(polite_crawl["forbidden"]) == 0
    urls = {it["url"] for it in polite_crawl["feed"]}
    assert site.url(polite_crawl["forbidden"]) not in urls
    assert {site.url(u) for u in polite_crawl["articles"][1:]} <= urls
    assert any(f["url"] == site.url(polite_crawl["forbidden"]) and f["reason"].startswith("robots_txt")
               for f in polite_crawl["failures"])


def test_user_agent_identifies_with_contact(polite_crawl):
    agents = polite_crawl["site"].user_agents
    assert len(agents) == 1
    agent = agents.pop()
    assert agent.startswith("dvcrawl/") and "{contact}" not in agent
    assert "mailto:dvcrawl-ops@example.org (Ban Dan van)" in agent and "dan van news" in agent


def test_every_request_sends_ascii_headers(polite_crawl):
    """HTTP headers are ASCII: the Vietnamese User-Agent and contact are transliterated, not
    sent as raw UTF-8 (the server reads header bytes as latin-1, so any such byte shows)."""
    received = polite_crawl["site"].headers_received
    assert any(name.lower() == "user-agent" for name, _ in received)
    assert all(name.isascii() and value.isascii() for name, value in received), received


def test_at_most_two_requests_at_a_time(polite_crawl):
    assert 1 <= polite_crawl["site"].max_active <= 2


def test_retry_waits_for_retry_after(polite_crawl):
    site, url = polite_crawl["site"], polite_crawl["articles"][1]
    times = [t for t, path in site.arrivals if path == site._path(url)]
    assert len(times) == 2
    assert times[1] - times[0] >= 0.9  # Retry-After: 1
