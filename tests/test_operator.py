"""The operator's experience, run as a user runs it (subprocesses, loopback HTTP only): quiet
logs without a terminal, Ctrl-C, the live path (`extract` and `check` over HTTP), and a site
that cannot be reached, reported in one line with its reason."""
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from scrapy.settings import default_settings

from dvcrawl.testing.server import Fault, LocalServer
from test_faults import FAST, SNAPSHOTS, crawl_env, expected

BIN = Path(sys.executable).parent
QUIET_FAST = {**FAST, "LOG_LEVEL": "WARNING"}


def dvcrawl(*args: str, registry: Path | None = None, cwd: Path, timeout: float = 120,
            **popen) -> subprocess.CompletedProcess:
    env = crawl_env(registry) if registry else {k: v for k, v in os.environ.items()
                                                 if not k.startswith(("DVCRAWL_", "SCRAPY_"))}
    return subprocess.run([str(BIN / "dvcrawl"), *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout, **popen)


def settings_args(settings: dict) -> list[str]:
    return [arg for name, value in settings.items() for arg in ("-s", f"{name}={value}")]


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stderr_lines(proc) -> list[str]:
    return [line for line in proc.stderr.splitlines() if line.strip()]


# -- quiet by default ------------------------------------------------------------------------
def test_run_without_a_terminal_logs_one_line_per_site(tmp_path):
    args = ["run", "--snapshots", str(SNAPSHOTS), "--sites", "backan,camau",
            "--state", str(tmp_path / "state"), "--output", str(tmp_path / "out")]
    proc = dvcrawl(*args, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    lines = stderr_lines(proc)
    assert len(lines) == 2, proc.stderr  # no settings dumps, no monitor banners
    assert "backan finished" in proc.stderr and "camau finished" in proc.stderr
    assert proc.stdout.splitlines()[0].startswith("site") and "exported 10 article(s)" in proc.stdout
    verbose = dvcrawl(*args, "-v", cwd=tmp_path)
    assert verbose.returncode == 0 and len(stderr_lines(verbose)) > 20  # -v: Scrapy's INFO lines too
    debug = dvcrawl(*args, "-vv", cwd=tmp_path)  # Scrapy's loggers are kept at INFO below -vv
    assert debug.returncode == 0 and "DEBUG: Crawled (200)" in debug.stderr
    assert "DEBUG: Crawled" not in verbose.stderr


def test_download_delay_never_slows_a_replay(tmp_path):
    """As the README says: replayed responses never wait in the downloader's per-site queue."""
    started = time.monotonic()
    proc = dvcrawl("run", "--snapshots", str(SNAPSHOTS), "--sites", "backan", "-s", "DOWNLOAD_DELAY=5",
                   "--state", str(tmp_path / "state"), "--output", str(tmp_path / "out"), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert time.monotonic() - started < 30  # 8 pages 5 s apart would take 35 s


def test_version_and_help_are_for_users(capsys):
    from dvcrawl.cli import main

    def output(*argv: str) -> str:
        with pytest.raises(SystemExit) as stop:
            main(list(argv))
        assert stop.value.code == 0
        return capsys.readouterr().out

    assert output("--version").startswith("dvcrawl ")
    overview = output("--help")
    assert "exit status" in overview
    for command in ("run", "check", "extract"):
        assert f"\n    {command} " in overview
    assert "dvcrawl/" not in output("run", "--help")  # about what it does, not where the code is


# -- Ctrl-C ----------------------------------------------------------------------------------
@pytest.fixture
def slow_site(tmp_path):
    """camau on loopback, every article answering only after 5 s: a crawl in progress."""
    with LocalServer() as server:
        site = server.add_site(SNAPSHOTS / "camau", host="127.0.0.31")
        for url in expected("camau"):
            site.fault(url, Fault.delay(5))
        yield site, server.write_registry(tmp_path / "registry.toml")


def interrupt(site, registry: Path, tmp_path: Path, signals: int) -> tuple[int, str, str]:
    cmd = [str(BIN / "dvcrawl"), "run", "--state", str(tmp_path / "state"), "--output",
           str(tmp_path / "out"), *settings_args({**QUIET_FAST, "DOWNLOAD_TIMEOUT": 60})]
    proc = subprocess.Popen(cmd, cwd=tmp_path, env=crawl_env(registry), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not any(what.startswith("delay") for _, what in site.requests):  # an article is being fetched
        assert time.monotonic() < deadline and proc.poll() is None, "the crawl never reached an article"
        time.sleep(0.1)
    for _ in range(signals):
        proc.send_signal(signal.SIGINT)
        time.sleep(0.3)
    out, err = proc.communicate(timeout=60)
    return proc.returncode, out, err


def summary_of(tmp_path: Path) -> dict:
    (path,) = (tmp_path / "out").glob("summary-*.json")
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("signals", [1, 2], ids=["once", "twice"])
def test_ctrl_c_stops_the_run_as_interrupted(slow_site, tmp_path, signals):
    site, registry = slow_site
    code, out, err = interrupt(site, registry, tmp_path, signals)
    assert code == 130, (out, err[-3000:])
    assert "Traceback" not in err and "Spidermon" not in err and "AssertionError" not in err, err[-3000:]
    summary = summary_of(tmp_path)
    assert summary["status"] == "interrupted"
    assert summary["sites"]["camau"]["status"] == "interrupted"
    assert " ok" not in out and "interrupted" in out


# -- the live path ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """giaothuy and camau served on loopback, with a registry pointing at them."""
    tmp = tmp_path_factory.mktemp("live")
    with LocalServer() as server:
        server.add_site(SNAPSHOTS / "giaothuy", host="127.0.0.32")
        server.add_site(SNAPSHOTS / "camau", host="127.0.0.33")
        yield server, server.write_registry(tmp / "registry.toml"), tmp


def test_extract_fetches_a_live_page_as_a_crawl_does(live):
    server, registry, tmp = live
    site = server["giaothuy"]
    gold = next(iter(expected("giaothuy").values()))
    proc = dvcrawl("extract", site.url(gold["url"]), *settings_args(QUIET_FAST), registry=registry, cwd=tmp)
    assert proc.returncode == 0, proc.stderr[-3000:]
    item = json.loads(proc.stdout)
    assert item["site"] == "giaothuy" and item["extraction"] == "site"
    assert item["title"] == gold["title"] and item["body"].split("\n\n") == gold["body"]
    assert any(path == "/robots.txt" for path, _ in site.requests)  # the crawl's robots.txt middleware
    assert all(agent.startswith("dvcrawl/") for agent in site.user_agents)  # the crawl's User-Agent


def test_check_works_live(live):
    server, registry, tmp = live
    proc = dvcrawl("check", "camau", "--limit", "3", "--json", *settings_args(QUIET_FAST),
                   registry=registry, cwd=tmp)
    assert proc.returncode == 0, proc.stdout + proc.stderr[-3000:]
    report = json.loads(proc.stdout)
    assert report["articles"] == 3 and report["ok"] and report["spider"] == "site"


def test_discover_fetches_live_pages_with_the_crawl_settings(live):
    server, registry, tmp = live
    site = server["camau"]
    contact = "mailto:discover-check@example.org"
    proc = dvcrawl("discover", "camau", *settings_args({**QUIET_FAST, "DVCRAWL_CONTACT": contact}),
                   registry=registry, cwd=tmp)
    assert proc.returncode == 0, proc.stdout + proc.stderr[-3000:]
    assert "section   " in proc.stdout and "reader    liferay_asset_publisher" in proc.stdout
    assert any(contact in agent for agent in site.user_agents)  # its -s reached the fetch


# a resolver that answers without asking a DNS server (tests touch nothing beyond loopback)
RESOLVER = "TWISTED_DNS_RESOLVER" if hasattr(default_settings, "TWISTED_DNS_RESOLVER") else "DNS_RESOLVER"
OFFLINE = {**QUIET_FAST, "RETRY_TIMES": 0, RESOLVER: "dvcrawl.testing.resolver.OfflineResolver"}


@pytest.mark.parametrize("kind", ["connection", "dns"])
def test_an_unreachable_site_is_one_line_with_its_reason(tmp_path, kind):
    origin = f"http://127.0.0.1:{closed_port()}" if kind == "connection" else "http://dvcrawl-test.invalid"
    why = "connection: connection refused" if kind == "connection" else \
        "dns: DNS lookup failed: no results for hostname lookup: dvcrawl-test.invalid."
    registry = tmp_path / "registry.toml"
    registry.write_text(f"""
[[site]]
id = "gone"
name = "A site nobody answers for"
province = "Bắc Kạn"
province_2025 = "Thái Nguyên"
level = "province"
home = "{origin}/"
domains = ["{origin.split('//')[1].split(':')[0]}"]
start_urls = ["{origin}/dan-van/"]
template = "bootstrap_article"
""", encoding="utf-8")
    proc = dvcrawl("run", "--state", str(tmp_path / "state"), "--output", str(tmp_path / "out"),
                   *settings_args(OFFLINE), registry=registry, cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr and "Spidermon" not in proc.stderr
    problems = [line for line in stderr_lines(proc) if "finished (" not in line]
    assert len(problems) == 1 and why in problems[0], proc.stderr  # robots.txt's failure adds nothing
    assert f"({origin}/dan-van/ ({why}))" in proc.stdout  # the table says why, not "(no response)"
    gone = summary_of(tmp_path)["sites"]["gone"]
    assert len(gone["failures"]) == 1 and gone["failures"][0].startswith("start_unreachable")
    assert [f["reason"] for f in gone["http_failures"]] == [why]
    fetched = dvcrawl("extract", f"{origin}/tin/1.html", *settings_args(OFFLINE), cwd=tmp_path)
    assert fetched.returncode == 1
    assert stderr_lines(fetched) == [f"dvcrawl extract: {origin}/tin/1.html: could not fetch the page: {why}"]
