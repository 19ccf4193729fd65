"""Bad configuration and arguments stop the program at start-up: one line on stderr naming
what is wrong and where, exit status 2, no traceback, and nothing written (no state, no
output, no lock file).

Most cases call the CLI in-process (`dvcrawl.cli.main`, fast); `SUBPROCESS_CASES` also run
through the installed `dvcrawl` / `scrapy` executables, as a user would."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOTS = ROOT / "snapshots"
BIN = Path(sys.executable).parent

GOOD_SITE = """
[[site]]
id = "backan"
name = "Báo điện tử Đảng bộ tỉnh Bắc Kạn"
province = "Bắc Kạn"
province_2025 = "Thái Nguyên"
level = "province"
home = "https://backan.dcs.vn/"
domains = ["backan.dcs.vn"]
start_urls = ["https://backan.dcs.vn/cong-tac-dan-van/"]
template = "bootstrap_article"
"""


def _without(text: str, line_start: str) -> str:
    return "\n".join(l for l in text.splitlines() if not l.startswith(line_start))


REGISTRIES = {
    "missing_home": (_without(GOOD_SITE, "home"), ["home", "backan", "#1"]),
    "province_2025_gone": (GOOD_SITE.replace('province_2025 = "Thái Nguyên"', 'province_2025 = "Bắc Kạn"'),
                           ["province_2025", "Bắc Kạn", "34", "backan"]),
    "merged_into_unknown": (GOOD_SITE + 'status = "archived"\nmerged_into = "thainguyen"\n',
                            ["merged_into", "thainguyen", "backan"]),
    "relative_start_url": (GOOD_SITE.replace('["https://backan.dcs.vn/cong-tac-dan-van/"]', '["/cong-tac-dan-van/"]'),
                           ["start_urls", "/cong-tac-dan-van/"]),
    "bad_selector": (GOOD_SITE + 'selectors = { body = "div[[[" }\n', ["selectors.body", "div[[[", "backan"]),
    "unknown_selector": (GOOD_SITE + 'selectors = { bodyy = ".x" }\n', ["selectors.bodyy", "backan"]),
    "unknown_template": (GOOD_SITE.replace('"bootstrap_article"', '"wordpress"'), ["template", "wordpress"]),
    "start_url_off_domain": (GOOD_SITE.replace('start_urls = ["https://backan.dcs.vn/',
                                               'start_urls = ["https://example.invalid/'),
                             ["outside its domains", "backan"]),
    "not_toml": ("[[site]\nid = ", ["not valid TOML"]),
    "duplicate_id": (GOOD_SITE + GOOD_SITE, ["duplicate id", "backan"]),
    "unknown_key": (GOOD_SITE + 'sectoin = "dân vận"\n', ["sectoin", "backan"]),
}


SUBPROCESS_CASES = {"missing_home", "not_toml", "s_not_a_number", "unknown_option", "s_unknown_name",
                    "s_negative_delay", "s_log_level_not_a_level", "log_level_not_a_level", "sites_empty",
                    "sites_only_commas", "s_log_file_no_folder"}


class Result:
    def __init__(self, returncode, stdout, stderr):
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


@pytest.fixture
def cli(monkeypatch, capsys):
    """Run `dvcrawl ARGS` in-process in `cwd`, with DVCRAWL_REGISTRY=`registry`."""
    from dvcrawl import cli as cli_module
    from dvcrawl.registry import load_registry

    def call(args: list[str], cwd: Path, registry: Path | None = None) -> Result:
        for name in [k for k in os.environ if k.startswith("DVCRAWL_")]:
            monkeypatch.delenv(name)
        if registry is not None:
            monkeypatch.setenv("DVCRAWL_REGISTRY", str(registry))
        monkeypatch.chdir(cwd)
        load_registry.cache_clear()
        capsys.readouterr()
        try:
            code = cli_module.main(args)
        except SystemExit as exc:
            code = exc.code
        finally:
            load_registry.cache_clear()
        out = capsys.readouterr()
        return Result(code, out.out, out.err)
    return call


def run(args: list[str], cwd: Path, registry: Path | None = None, exe: str = "dvcrawl"):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DVCRAWL_", "SCRAPY_"))}
    if registry is not None:
        env["DVCRAWL_REGISTRY"] = str(registry)
    return subprocess.run([str(BIN / exe), *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=120)


def assert_one_line_error(proc, cwd: Path, before: set, *needles: str):
    lines = [l for l in proc.stderr.splitlines() if l.strip()]
    assert proc.returncode == 2, (proc.returncode, proc.stderr[-2000:])
    assert "Traceback" not in proc.stderr
    assert len(lines) == 1, proc.stderr
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
    assert proc.stdout.strip() == ""
    assert {p.name for p in cwd.iterdir()} == before, "something was written"


def dvcrawl_run_args(tmp: Path, *extra: str) -> list[str]:
    return ["run", "--state", str(tmp / "state"), "--output", str(tmp / "out"), *extra]


@pytest.mark.parametrize("case", sorted(REGISTRIES))
def test_bad_registry_entry(tmp_path, case, cli):
    text, needles = REGISTRIES[case]
    registry = tmp_path / "sites.toml"
    registry.write_text(text, encoding="utf-8")
    before = {p.name for p in tmp_path.iterdir()}
    call = run if case in SUBPROCESS_CASES else cli
    proc = call(dvcrawl_run_args(tmp_path, "--snapshots", str(SNAPSHOTS)), tmp_path, registry)
    assert_one_line_error(proc, tmp_path, before, str(registry), *needles)


def test_registry_file_missing(tmp_path, cli):
    proc = cli(dvcrawl_run_args(tmp_path), tmp_path, tmp_path / "nowhere.toml")
    assert_one_line_error(proc, tmp_path, set(), "nowhere.toml", "not found")


ARGS = {
    "unknown_site": (["--sites", "backan,atlantis"], ["--sites", "atlantis"]),
    "not_a_snapshot": (["--snapshots", str(ROOT / "dvcrawl")], ["not a snapshot folder", "dvcrawl"]),
    "site_not_recorded": (["--sites", "hanoi", "--snapshots", str(SNAPSHOTS)], ["not a snapshot folder", "hanoi"]),
    "s_without_value": (["-s", "DOWNLOAD_TIMEOUT"], ["-s", "DOWNLOAD_TIMEOUT", "NAME=VALUE"]),
    "s_not_a_number": (["-s", "DOWNLOAD_TIMEOUT=soon"], ["DOWNLOAD_TIMEOUT", "number", "soon"]),
    "s_not_whole": (["-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1.5"], ["CONCURRENT_REQUESTS_PER_DOMAIN", "whole number"]),
    "s_not_bool": (["-s", "ROBOTSTXT_OBEY=maybe"], ["ROBOTSTXT_OBEY", "true or false"]),
    "s_not_json": (["-s", "ITEM_PIPELINES=all"], ["ITEM_PIPELINES", "JSON object"]),
    "s_bad_name": (["-s", "download timeout=5"], ["-s", "not a setting name"]),
    "s_snapshot_not_snapshot": (["-s", f"DVCRAWL_SNAPSHOT={ROOT / 'tests'}"], ["DVCRAWL_SNAPSHOT", "not a snapshot"]),
    "unknown_option": (["--ouptut", "x"], ["unrecognized arguments", "--ouptut"]),
    "s_unknown_name": (["-s", "DOWNLOAD_DELAYS=1"],
                       ["unknown setting DOWNLOAD_DELAYS; did you mean DOWNLOAD_DELAY?"]),
    "s_negative_delay": (["-s", "DOWNLOAD_DELAY=-1"], ["DOWNLOAD_DELAY cannot be negative"]),
    "s_negative_count": (["-s", "RETRY_TIMES=-3"], ["RETRY_TIMES cannot be negative"]),
    "s_log_level_not_a_level": (["-s", "LOG_LEVEL=LOUD"], ["LOG_LEVEL", "'LOUD' is not a log level"]),
    "log_level_not_a_level": (["--log-level", "LOUD"], ["--log-level", "LOUD"]),
    "s_log_file_no_folder": (["-s", "LOG_FILE=/no/such/folder/dvcrawl.log"], ["LOG_FILE", "/no/such/folder"]),
    "sites_empty": (["--sites", ""], ["--sites", "no site id given"]),
    "sites_only_commas": (["--sites", ", ,"], ["--sites", "no site id given"]),
}


@pytest.mark.parametrize("case", sorted(ARGS))
def test_bad_argument(tmp_path, case, cli):
    extra, needles = ARGS[case]
    args = dvcrawl_run_args(tmp_path, *extra)
    if "--snapshots" not in extra and "DVCRAWL_SNAPSHOT" not in " ".join(extra):
        args += ["--snapshots", str(SNAPSHOTS)]
    proc = (run if case in SUBPROCESS_CASES else cli)(args, tmp_path)
    assert_one_line_error(proc, tmp_path, set(), *needles)


@pytest.mark.parametrize("option", ["--output", "--state"])
def test_folder_option_naming_a_file(tmp_path, option):
    (tmp_path / "taken").write_text("not a folder")
    args = dvcrawl_run_args(tmp_path, "--snapshots", str(SNAPSHOTS), option, str(tmp_path / "taken" / "feeds"))
    proc = run(args, tmp_path)
    assert_one_line_error(proc, tmp_path, {"taken"}, option, "is not a folder")


def unwritable_folder(tmp_path: Path) -> Path | None:
    """A folder this process may not write in: a read-only one made here, or for root (who
    may write anywhere) a folder on a read-only file system, if the machine has one."""
    if os.geteuid() != 0:
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o555)
        return locked
    return next((p for p in (Path("/proc/sys"), Path("/sys")) if p.is_dir() and not os.access(p, os.W_OK)), None)


def test_output_folder_without_write_permission(tmp_path):
    locked = unwritable_folder(tmp_path)
    if locked is None:
        pytest.skip("running as root on a machine without a read-only file system")
    before = {p.name for p in tmp_path.iterdir()}
    proc = run(dvcrawl_run_args(tmp_path, "--snapshots", str(SNAPSHOTS), "--output", str(locked / "feeds")), tmp_path)
    assert_one_line_error(proc, tmp_path, before, "--output", "no permission to write")
    assert not (locked / "feeds").exists()


def test_scrapy_crawl_bad_snapshot_folder(tmp_path):
    """No crawl, no tracebacks, no empty feed: one line and status 2."""
    feed = tmp_path / "feed.jsonl"
    proc = run(["crawl", "backan", "-s", f"DVCRAWL_SNAPSHOT={tmp_path / 'no' / 'such'}", "-O", str(feed)],
               ROOT, exe="scrapy")
    assert_one_line_error(proc, tmp_path, set(), "DVCRAWL_SNAPSHOT", "not a snapshot folder")


def test_broken_snapshot_index(tmp_path, cli):
    root = tmp_path / "snaps"
    (root / "backan").mkdir(parents=True)
    (root / "backan" / "responses.jsonl").write_text('{"url": "https://backan.dcs.vn/", "status": 200}\n{oops\n')
    before = {p.name for p in tmp_path.iterdir()}
    proc = cli(dvcrawl_run_args(tmp_path, "--sites", "backan", "--snapshots", str(root)), tmp_path)
    assert_one_line_error(proc, tmp_path, before, "responses.jsonl:2", "bad snapshot record")


def test_scrapy_crawl_bad_registry(tmp_path):
    registry = tmp_path / "sites.toml"
    registry.write_text(_without(GOOD_SITE, "home"), encoding="utf-8")
    before = {p.name for p in tmp_path.iterdir()}
    env_cwd = ROOT  # scrapy crawl finds the project through scrapy.cfg
    proc = run(["crawl", "backan", "-O", str(tmp_path / "feed.jsonl")], env_cwd, registry, exe="scrapy")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr[-2000:]
    assert "home" in proc.stderr and str(registry) in proc.stderr
    assert {p.name for p in tmp_path.iterdir()} == before


def test_scrapy_crawl_unknown_site(tmp_path):
    proc = run(["crawl", "atlantis", "-O", str(tmp_path / "feed.jsonl")], ROOT, exe="scrapy")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr[-2000:]
    assert "unknown site 'atlantis'" in proc.stderr
    assert not (tmp_path / "feed.jsonl").exists()


@pytest.mark.parametrize("command", [
    ["schedule", "--scrapyd", "http://127.0.0.1:1", "--state", "postgresql://127.0.0.1:1/x"],
    ["export", "--format", "jsonl"], ["search", "dân vận"],
])
def test_empty_sites_refused_by_every_command(tmp_path, command, cli):
    """`--sites ""` names no site: refused alike by every command taking `--sites` (one parser),
    not read as "every site"."""
    before = {p.name for p in tmp_path.iterdir()}
    proc = cli([*command, "--sites", " , "], tmp_path)
    assert proc.returncode == 2
    assert_one_line_error(proc, tmp_path, before, "--sites", "no site id given")


@pytest.mark.parametrize("case", ["s_not_a_number", "s_unknown_name", "s_log_file_no_folder", "log_level_not_a_level"])
def test_discover_refuses_bad_crawl_options_before_fetching(tmp_path, case, cli):
    """`dvcrawl discover` fetches live pages as a crawl does, so it takes a crawl's -s and
    --log-level, checked alike: refused before any page is fetched or --write edits the registry."""
    extra, needles = ARGS[case]
    registry = tmp_path / "sites.toml"
    registry.write_text(GOOD_SITE, encoding="utf-8")
    before = {p.name for p in tmp_path.iterdir()}
    proc = cli(["discover", "backan", "--write", *extra], tmp_path, registry)
    assert_one_line_error(proc, tmp_path, before, *needles)
    assert registry.read_text(encoding="utf-8") == GOOD_SITE
