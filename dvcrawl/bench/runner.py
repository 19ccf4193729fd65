"""`dvcrawl bench`: crawl throughput against bare Scrapy, extraction cost against trafilatura,
peak memory at two sizes and with a pre-filled state store, and dedup lookup cost by store size.

Everything runs on loopback: a synthetic site set (dvcrawl.bench.synth) is served by a server
process (dvcrawl.bench.server); each crawl runs in its own process (dvcrawl.bench.crawl) so its
peak RSS is its own (os.wait4). The last line of the output holds every figure:

    bench: pages=… dvcrawl_pps=… scrapy_pps=… crawl_ratio=… extract_ms=… trafilatura_ms=…
    extract_speedup=… peak_rss_mb_5k=… peak_rss_mb_20k=… dedup_lookup_us=… …
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from dvcrawl.registry import DEFAULT_REGISTRY, ConfigError, load_registry
from dvcrawl.testing.registry import loopback_entry, write_registry

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SNAPSHOTS = ROOT / "snapshots"


def real_sites() -> dict:
    """The bundled registry: the benchmark copies these sites (DVCRAWL_REGISTRY is ignored)."""
    return load_registry(str(DEFAULT_REGISTRY))


def log(msg: str) -> None:
    print(msg, flush=True)


# -- processes ---------------------------------------------------------------------------------

@contextmanager
def site_server(snapshots: Path, articles: int, work: Path):
    """A server process for `articles` synthetic articles; yields its manifest (ports, URLs)."""
    manifest = work / f"manifest-{articles}.json"
    manifest.unlink(missing_ok=True)
    env = {k: v for k, v in os.environ.items() if k != "DVCRAWL_REGISTRY"}
    proc = subprocess.Popen([sys.executable, "-m", "dvcrawl.bench.server", "--articles", str(articles),
                             "--snapshots", str(snapshots), "--manifest", str(manifest)],
                            stdin=subprocess.PIPE, env=env, cwd=work)
    try:
        deadline = time.monotonic() + 120
        while not manifest.exists():
            if proc.poll() is not None:
                raise ConfigError(f"bench server exited with status {proc.returncode}")
            if time.monotonic() > deadline:
                raise ConfigError("bench server did not start within 120 s")
            time.sleep(0.05)
        data = json.loads(manifest.read_text(encoding="utf-8"))
        data["path"] = str(manifest)
        yield data
    finally:
        if proc.stdin:
            proc.stdin.close()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def write_bench_registry(manifest: dict, path: Path) -> Path:
    """A registry of the loopback sites: the real sites' facts, loopback hosts and start URLs."""
    real = real_sites()
    entries = []
    for site in manifest["sites"]:
        scheme, _, netloc = site["start_url"].split("/", 3)[:3]
        entries.append(loopback_entry(real[site["id"]], f"{scheme}//{netloc}/", site["host"], [site["start_url"]]))
    return write_registry(entries, path, "dvcrawl bench: loopback copies of the sites")


def run_crawl(mode: str, manifest: dict, work: Path, tag: str, state: Path | None = None,
              profile: Path | None = None) -> dict:
    """Run one crawl process; its pages, items, throughput window and peak RSS."""
    folder = work / f"{mode}-{tag}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    stats_file = folder / "stats.jsonl"
    registry = write_bench_registry(manifest, folder / "sites.toml")
    env = dict(os.environ, SCRAPY_SETTINGS_MODULE="dvcrawl.bench.settings", DVCRAWL_REGISTRY=str(registry),
               DVCRAWL_BENCH_STATS=str(stats_file))
    env.pop("SCRAPY_PROJECT", None)
    cmd = [sys.executable, "-m", "dvcrawl.bench.crawl", mode, "--manifest", manifest["path"]]
    if mode == "dvcrawl":
        state_dir = folder / "state"
        if state is not None:
            shutil.copytree(state, state_dir)
        cmd += ["--output", str(folder / "output"), "--state", str(state_dir)]
    if profile:
        cmd += ["--profile", str(profile)]
    started = time.perf_counter()
    with open(folder / "crawl.log", "wb") as logfh:
        proc = subprocess.Popen(cmd, env=env, cwd=folder, stdout=logfh, stderr=subprocess.STDOUT)
        try:
            _, status, usage = os.wait4(proc.pid, 0)  # this child's own peak RSS, not the server's
        except BaseException:
            proc.kill()
            proc.wait()
            raise
        proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    records = [json.loads(x) for x in stats_file.read_text().splitlines()] if stats_file.exists() else []
    if not records:
        tail = (folder / "crawl.log").read_text(errors="replace")[-2000:]
        raise ConfigError(f"{mode} crawl produced no statistics (exit {proc.returncode}):\n{tail}")
    first = min(r["first"] for r in records if r["first"] is not None)
    last = max(r["last"] for r in records if r["last"] is not None)
    pages = sum(r["responses"] for r in records)
    return {"mode": mode, "pages": pages, "items": sum(r["items"] for r in records),
            "dropped": sum(r["dropped"] for r in records), "status_200": sum(r["status_200"] for r in records),
            "max_queued": sum(r.get("max_queued", 0) for r in records),
            "seconds": last - first, "pps": (pages - 1) / (last - first) if last > first else 0.0,
            "wall": wall, "peak_rss_mb": usage.ru_maxrss / 1024, "exit": proc.returncode,
            "folder": str(folder)}


# -- extraction --------------------------------------------------------------------------------

def sample_pages(snapshots: Path, samples: int) -> list[tuple]:
    """(url, html, template, title, site id) of `samples` synthetic article pages."""
    from dvcrawl.bench.synth import SiteSet
    from dvcrawl.extract.factory import template_for

    registry = real_sites()
    sites = SiteSet(snapshots, registry, max(samples, len(registry)))
    return [(sites.base(s, 8080) + art.path, sites.render_article(art, 8080), template_for(registry[sites.sites[s].id]),
             sites.title_of(art), sites.sites[s].id) for s, art in sites.sample_articles(samples)]


def stage_costs(snapshots: Path, samples: int) -> dict[str, float]:
    """ms per article page of each stage of dvcrawl's own work, in the order a crawl does it,
    outside Scrapy and unprofiled: what dvcrawl adds to fetching a page."""
    from scrapy.http import HtmlResponse

    from dvcrawl.extract.factory import article_page, choose_page
    from dvcrawl.pipelines.normalize import NormalizePipeline
    from dvcrawl.pipelines.validate import item_problem
    from dvcrawl.assembly import build_article
    from dvcrawl.extract.errorpage import error_heading
    from dvcrawl.extract.parsed import page_selector
    from dvcrawl.store import signature, story_text

    registry = real_sites()
    pages = [(HtmlResponse(url, body=html_text.encode("utf-8"), encoding="utf-8"), tpl, registry[site])
             for url, html_text, tpl, _title, site in sample_pages(snapshots, samples)]
    costs: dict[str, float] = {}

    def timed(name: str, fn, inputs: list) -> list:
        started = time.perf_counter()
        out = [fn(*x) for x in inputs]
        costs[name] = (time.perf_counter() - started) / len(inputs) * 1000
        return out

    def read(response, tpl, site):
        page = article_page(page_selector(response), response.url, tpl)
        page.in_section()
        return build_article(site, choose_page(page_selector(response), response.url, tpl, None, page)[0],
                             response.url)

    timed("parse", page_selector, [(r,) for r, _, _ in pages])
    timed("soft404", error_heading, [(r,) for r, _, _ in pages])
    items = timed("read", read, pages)
    items = timed("normalize", NormalizePipeline().process_item, [(it,) for it in items])
    timed("validate", item_problem, [(it,) for it in items])
    timed("signature", lambda it: signature(story_text(it.title, it.summary, it.body)), [(it,) for it in items])
    return costs


def extraction_bench(snapshots: Path, samples: int, repeat: int = 3) -> dict:
    """Per-page cost of dvcrawl's extraction and of trafilatura.extract() on the same pages."""
    from dvcrawl.extract.factory import article_page

    pages = sample_pages(snapshots, samples)
    wrong = 0
    for url, html_text, tpl, title, _site in pages:
        if article_page(html_text, url, tpl).fields()["title"] != title:
            wrong += 1

    def timed(fn, rounds: int) -> float:
        best = float("inf")
        for _ in range(rounds):
            started = time.perf_counter()
            for url, html_text, tpl, _title, _site in pages:
                fn(url, html_text, tpl)
            best = min(best, time.perf_counter() - started)
        return best / len(pages) * 1000

    ours = timed(lambda url, h, tpl: article_page(h, url, tpl).fields(), repeat)
    try:
        import trafilatura
    except ImportError as exc:  # optional dependency: the 'bench' extra
        log(f"  trafilatura is not installed ({exc}): pip install 'dvcrawl[bench]'")
        theirs = float("nan")
    else:
        theirs = timed(lambda url, h, tpl: trafilatura.extract(h, url=url), 1)
    return {"pages": len(pages), "extract_ms": ours, "trafilatura_ms": theirs, "wrong_titles": wrong}


# -- dedup store -------------------------------------------------------------------------------

def _signature(i: int):
    """A random-looking, reproducible MinHash signature for stored article `i`."""
    import hashlib

    import numpy as np

    from dvcrawl.store import NUM_PERM

    raw = b"".join(hashlib.blake2b(f"{i}/{k}".encode(), digest_size=64).digest()
                   for k in range((NUM_PERM * 4 + 63) // 64))
    return np.frombuffer(raw[:NUM_PERM * 4], dtype=np.uint32).copy()


def _fill(store, start: int, stop: int) -> None:
    """Add articles start..stop-1 (distinct signatures) through the store's API."""
    for chunk in range(start, stop, 50_000):
        end = min(stop, chunk + 50_000)
        with store.transaction():
            for i in range(chunk, end):
                store.add(f"site{i % 5}", f"http://127.0.0.2/a/{i}.html", f"{i:040x}", f"{i:016x}", _signature(i))


def dedup_bench(path: Path, sizes: list[int], lookups: int = 2000) -> dict:
    """Cost of the state-store lookups the dedup pipeline makes per article, by store size.

    One lookup = seen(url) + by_fingerprint(site, fp) + find_story(signature), as
    DedupPipeline does for a new article; half the queries are unknown articles, half are
    near-duplicates (a stored signature with a few values changed) so LSH finds candidates.
    """
    import numpy as np

    from dvcrawl.store import NUM_PERM, SqliteStore

    rng = np.random.default_rng(6)
    results = {}
    with SqliteStore(path) as store:
        have = store.count()
        for size in sizes:
            if have < size:
                _fill(store, have, size)
                have = size
            queries = []
            for q in range(lookups):
                if q % 2:
                    sig = _signature(int(rng.integers(0, size)))
                    sig[rng.integers(0, NUM_PERM, NUM_PERM // 8)] = 7
                else:
                    sig = rng.integers(0, 2 ** 32, NUM_PERM, dtype=np.uint32)
                queries.append((f"http://127.0.0.2/new/{q}.html", f"{q + 10 ** 9:040x}", sig))
            found = 0
            started = time.perf_counter()
            for url, fp, sig in queries:
                store.seen(url)
                store.by_fingerprint("site1", fp)
                found += store.find_story(sig, exclude_site="site1") is not None
            results[size] = {"us": (time.perf_counter() - started) / lookups * 1e6, "found": found}
    return results


# -- the whole benchmark -----------------------------------------------------------------------

def fmt(x: float, digits: int = 1) -> str:
    return "nan" if x != x else f"{x:.{digits}f}"


def run(articles: int = 20_000, quick: bool = False, snapshots: Path | None = None, work: Path | None = None,
        prefill: int | None = None, profile: bool = False, keep: bool = False) -> dict:
    from dvcrawl.bench.settings import BENCH_OVERRIDES

    snapshots = Path(snapshots or DEFAULT_SNAPSHOTS)
    if not any(snapshots.glob("*/responses.jsonl")):
        raise ConfigError(f"{snapshots}: no recorded sites to build the benchmark from")
    prefill = prefill if prefill is not None else (10_000 if quick else 1_000_000)
    small = max(len(real_sites()), articles // 4)
    samples = 50 if quick else 500
    own_work = work is None
    work = Path(work or tempfile.mkdtemp(prefix="dvcrawl-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    log(f"dvcrawl bench: {articles} articles ({small} for the small run), work folder {work}")
    log("  loopback only; politeness off for these crawls: " +
        ", ".join(f"{k}={v}" for k, v in BENCH_OVERRIDES.items()))
    figures: dict = {}
    try:
        with site_server(snapshots, articles, work) as manifest:
            log(f"  site set: {manifest['pages']} pages on {len(manifest['sites'])} sites, "
                f"{manifest['expected_items']} articles, {manifest['duplicates']} duplicate links, "
                f"{manifest['syndicated']} syndicated copies")
            bare = run_crawl("bare", manifest, work, str(articles))
            log(f"  bare Scrapy : {bare['pages']} pages in {bare['seconds']:.1f} s = {bare['pps']:.0f} pages/s, "
                f"peak RSS {bare['peak_rss_mb']:.0f} MB")
            ours = run_crawl("dvcrawl", manifest, work, str(articles))
            log(f"  dvcrawl     : {ours['pages']} pages in {ours['seconds']:.1f} s = {ours['pps']:.0f} pages/s, "
                f"{ours['items']} articles exported ({manifest['expected_items']} expected), "
                f"{ours['dropped']} dropped, peak RSS {ours['peak_rss_mb']:.0f} MB, "
                f"at most {ours['max_queued']} requests queued; process wall time {ours['wall']:.0f} s "
                f"(bare {bare['wall']:.0f} s) with start-up and publishing")
            if ours["items"] != manifest["expected_items"] or ours["pages"] != bare["pages"]:
                log(f"  WARNING: incomplete crawl (see {ours['folder']}/crawl.log)")
            if profile:  # a crawl of its own: a profiler slows the crawl and holds memory
                profiled = run_crawl("dvcrawl", manifest, work, f"{articles}-profiled",
                                     profile=work / "dvcrawl-profile.txt")
                log(f"  dvcrawl under pyinstrument: {profiled['pps']:.0f} pages/s (not a figure); "
                    f"profile in {work / 'dvcrawl-profile.txt'} and .html")
        with site_server(snapshots, small, work) as manifest_small:
            small_run = run_crawl("dvcrawl", manifest_small, work, str(small))
            log(f"  dvcrawl at {small} articles: peak RSS {small_run['peak_rss_mb']:.0f} MB "
                f"({small_run['items']} articles, at most {small_run['max_queued']} requests queued)")
            store = work / "prefilled" / "dvcrawl.sqlite"
            store.parent.mkdir(exist_ok=True)
            log(f"  filling a state store with {prefill} articles through SqliteStore.add "
                "(distinct MinHash signatures)…")
            sizes = sorted({s for s in (1_000, 10_000, 100_000, 1_000_000) if s < prefill} | {prefill})
            dedup = dedup_bench(store, sizes)
            for size, res in dedup.items():
                log(f"  dedup lookup at {size:>9} stored: {res['us']:.1f} µs "
                    f"(seen + by_fingerprint + find_story; {res['found']} near-duplicates found)")
            prefilled_run = run_crawl("dvcrawl", manifest_small, work, f"{small}-prefilled", state=store.parent)
            log(f"  dvcrawl at {small} articles, store pre-filled with {prefill}: "
                f"peak RSS {prefilled_run['peak_rss_mb']:.0f} MB ({prefilled_run['items']} articles)")
        ext = extraction_bench(snapshots, samples)
        log(f"  extraction on {ext['pages']} article pages: dvcrawl {ext['extract_ms']:.2f} ms/page, "
            f"trafilatura.extract() {ext['trafilatura_ms']:.2f} ms/page"
            + (f" (WARNING: {ext['wrong_titles']} wrong titles)" if ext["wrong_titles"] else ""))
        stages = stage_costs(snapshots, samples)
        log(f"  dvcrawl's own work per article page, outside Scrapy: {sum(stages.values()):.2f} ms = "
            + " + ".join(f"{name} {ms:.2f}" for name, ms in stages.items()))
    finally:
        if own_work and not keep and not profile:
            shutil.rmtree(work, ignore_errors=True)
    figures = {
        "pages": ours["pages"],
        "dvcrawl_pps": fmt(ours["pps"], 0),
        "scrapy_pps": fmt(bare["pps"], 0),
        "crawl_ratio": fmt(ours["pps"] / bare["pps"] if bare["pps"] else float("nan"), 2),
        "extract_ms": fmt(ext["extract_ms"], 2),
        "trafilatura_ms": fmt(ext["trafilatura_ms"], 2),
        "extract_speedup": fmt(ext["trafilatura_ms"] / ext["extract_ms"], 1),
        "peak_rss_mb_5k": fmt(small_run["peak_rss_mb"], 0),
        "peak_rss_mb_20k": fmt(ours["peak_rss_mb"], 0),
        "dedup_lookup_us": fmt(dedup[prefill]["us"], 0),
        "articles": articles,
        "articles_small": small,
        "items": ours["items"],
        "expected_items": manifest["expected_items"],
        "peak_rss_mb_prefilled": fmt(prefilled_run["peak_rss_mb"], 0),
        "prefill": prefill,
        "dedup_lookup_us_by_size": ",".join(f"{k}:{fmt(v['us'], 0)}" for k, v in dedup.items()),
        "stage_ms": ",".join(f"{name}:{fmt(ms, 2)}" for name, ms in stages.items()),
    }
    return figures


def bench_line(figures: dict) -> str:
    return "bench: " + " ".join(f"{k}={v}" for k, v in figures.items())
