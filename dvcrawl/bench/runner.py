"""`dvcrawl bench`: crawl throughput against bare Scrapy and against a Scrapy spider reading pages
with trafilatura, the reading cost of dvcrawl's two readers and trafilatura's,
peak memory at two sizes and with a pre-filled state store, and dedup lookup cost by store size.

Everything runs on loopback: a synthetic site set (dvcrawl.bench.synth) is served by a server
process (dvcrawl.bench.server); each crawl runs in its own process (dvcrawl.bench.crawl) so its
peak RSS is its own (os.wait4). The last line of the output holds every figure:

    bench: pages=… dvcrawl_pps=… scrapy_pps=… crawl_ratio=… vs_trafilatura_crawl=… template_ms=…
    generic_ms=… trafilatura_ms=… generic_speedup=… workers_speedup=… peak_rss_mb_5k=…
    peak_rss_mb_20k=… dedup_lookup_us=…

(the memory figures named for the sizes run: peak_rss_mb_50 and _200 with --quick); the line
before it, `bench-details:`, holds the figures behind them. docs/performance.md says what each
number times.
"""
from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

from dvcrawl.bench.crawl import throughput
from dvcrawl.registry import DEFAULT_REGISTRY, ConfigError, load_registry
from dvcrawl.testing.process import manifest_server
from dvcrawl.testing.registry import loopback_registry

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
    env = {k: v for k, v in os.environ.items() if k != "DVCRAWL_REGISTRY"}
    cmd = [sys.executable, "-m", "dvcrawl.bench.server", "--articles", str(articles),
           "--snapshots", str(snapshots), "--manifest", str(manifest)]
    with manifest_server(cmd, manifest, env=env, cwd=work) as data:
        data["path"] = str(manifest)
        yield data


def write_bench_registry(manifest: dict, path: Path) -> Path:
    """A registry of the loopback sites: the real sites' facts, loopback hosts and start URLs."""
    return loopback_registry(manifest, real_sites(), path, "dvcrawl bench: loopback copies of the sites")


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
    if mode != "bare":
        (folder / "output").mkdir()
        cmd += ["--output", str(folder / "output")]
    if mode == "dvcrawl":
        state_dir = folder / "state"
        if state is not None:
            shutil.copytree(state, state_dir)
        cmd += ["--state", str(state_dir)]
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
    return {"mode": mode, **throughput(records), "items": sum(r["items"] for r in records),
            "dropped": sum(r["dropped"] for r in records), "status_200": sum(r["status_200"] for r in records),
            "max_queued": sum(r.get("max_queued", 0) for r in records),
            "processes": len({r["pid"] for r in records}),  # 1: crawl_ratio compares one process with one
            "wall": wall, "peak_rss_mb": usage.ru_maxrss / 1024, "exit": proc.returncode,
            "folder": str(folder)}


# -- extraction --------------------------------------------------------------------------------

class SamplePage(NamedTuple):
    """One synthetic article page as served: its bytes, and what a reader must find in it."""
    url: str
    body: bytes        # UTF-8, as the server sends it
    template: type     # the site's template class
    title: str         # the generated headline
    site: str


def sample_pages(snapshots: Path, samples: int) -> list[SamplePage]:
    """`samples` synthetic article pages, spread over the sites and their templates."""
    from dvcrawl.bench.synth import SiteSet
    from dvcrawl.extract.factory import template_for

    registry = real_sites()
    sites = SiteSet(snapshots, registry, max(samples, len(registry)))
    return [SamplePage(sites.base(s, 8080) + art.path, sites.render_article(art, 8080).encode("utf-8"),
                       template_for(registry[sites.sites[s].id]), sites.title_of(art), sites.sites[s].id)
            for s, art in sites.sample_articles(samples)]


def stage_costs(snapshots: Path, samples: int) -> dict[str, float]:
    """ms per article page of each stage of dvcrawl's own work, in the order a crawl does it,
    outside Scrapy and unprofiled: what dvcrawl adds to fetching a page."""
    from scrapy.http import HtmlResponse

    from dvcrawl.assembly import build_article
    from dvcrawl.extract.errorpage import error_heading
    from dvcrawl.extract.factory import article_page, choose_page
    from dvcrawl.extract.parsed import page_selector
    from dvcrawl.pipelines.normalize import NormalizePipeline
    from dvcrawl.pipelines.validate import item_problem
    from dvcrawl.store import signature, story_text

    registry = real_sites()
    pages = [(HtmlResponse(p.url, body=p.body, encoding="utf-8"), p.template, registry[p.site])
             for p in sample_pages(snapshots, samples)]
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


def extraction_bench(snapshots: Path, samples: int, rounds: int = 3) -> dict:
    """ms per page of each reader on the same pages, the median of the same number of rounds
    (interleaved, so a burst of load on the shared machine hits every reader alike), and how
    many pages each got wrong: the template and generic readers must find the generated
    headline, and the generic reader the template's body; trafilatura's headlines are counted."""
    from dvcrawl.bench.readers import readers as all_readers

    pages = sample_pages(snapshots, samples)
    readers = {name: fn for name, fn in all_readers().items() if fn is not None}
    if len(readers) < 3:
        log("  trafilatura is not installed: pip install 'dvcrawl[bench]'")
    results = {name: [fn(p) for p in pages] for name, fn in readers.items()}  # also warms caches
    wrong = {
        "template": sum(r["title"] != p.title for r, p in zip(results["template"], pages)),
        "generic": sum(g["title"] != p.title or g["body"] != t["body"]
                       for g, t, p in zip(results["generic"], results["template"], pages)),
    }
    if "trafilatura" in results:
        wrong["trafilatura"] = sum((r or {}).get("title") != p.title for r, p in zip(results["trafilatura"], pages))
    times: dict[str, list[float]] = {name: [] for name in readers}
    for _ in range(rounds):
        for name, fn in readers.items():
            started = time.perf_counter()
            for p in pages:
                fn(p)
            times[name].append((time.perf_counter() - started) / len(pages) * 1000)
    ms = {name: statistics.median(t) for name, t in times.items()}
    ms.setdefault("trafilatura", float("nan"))
    return {"pages": len(pages), "rounds": rounds, "ms": ms, "wrong": wrong}


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

def log_bare(label: str, crawl: dict) -> None:
    log(f"  {label}: {crawl['pages']} pages in {crawl['seconds']:.1f} s = {crawl['pps']:.0f} pages/s, "
        f"{crawl['cpu_ms']:.2f} ms CPU per page, peak RSS {crawl['peak_rss_mb']:.0f} MB")


def either_side(before: dict, after: dict) -> dict:
    """The bare crawls run just before and just after dvcrawl's, as one: the mean of their
    pages/s and CPU per page. This machine's speed drifts by 10–20 % within an hour; a bare
    crawl on one side only would put all of a drift into the ratio."""
    return {**before, "pps": (before["pps"] + after["pps"]) / 2, "cpu_ms": (before["cpu_ms"] + after["cpu_ms"]) / 2,
            "processes": max(before["processes"], after["processes"])}


def fmt(x: float, digits: int = 1) -> str:
    return "nan" if x != x else f"{x:.{digits}f}"


def ratio(a: float, b: float) -> float:
    return a / b if b else float("nan")


def size_label(articles: int) -> str:
    """20000 → "20k", 200 → "200": memory figures are named for the size they ran at."""
    return f"{articles // 1000}k" if articles % 1000 == 0 else str(articles)


def workers_speedup(snapshots: Path, work: Path, quick: bool) -> dict:
    """pages/s of `dvcrawl run --workers 2` ÷ `--workers 1` over the same 50 synthetic sites,
    measured in one call (dvcrawl/cluster/speedup.py)."""
    from dvcrawl.cluster.speedup import workers_speedup as measure

    folder = work / "workers"
    folder.mkdir(exist_ok=True)
    return measure(snapshots, folder, sites=50, articles=500 if quick else 6000)


def run(articles: int = 20_000, quick: bool = False, snapshots: Path | None = None, work: Path | None = None,
        prefill: int | None = None, profile: bool = False, keep: bool = False) -> dict:
    from dvcrawl.bench.settings import BENCH_OVERRIDES

    snapshots = Path(snapshots or DEFAULT_SNAPSHOTS)
    if not any(snapshots.glob("*/responses.jsonl")):
        raise ConfigError(f"{snapshots}: no recorded sites to build the benchmark from")
    prefill = prefill if prefill is not None else (10_000 if quick else 1_000_000)
    recorded = sum((snapshots / site_id / "responses.jsonl").is_file() for site_id in real_sites())
    small = max(recorded, articles // 4)  # at least one article per synthetic site
    samples = 50 if quick else 500
    own_work = work is None
    work = Path(work or tempfile.mkdtemp(prefix="dvcrawl-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    log(f"dvcrawl bench: {articles} articles ({small} for the small run), work folder {work}")
    log("  loopback only; politeness off for these crawls: " +
        ", ".join(f"{k}={v}" for k, v in BENCH_OVERRIDES.items()))
    try:
        with site_server(snapshots, articles, work) as manifest:
            log(f"  site set: {manifest['pages']} pages on {len(manifest['sites'])} sites, "
                f"{manifest['expected_items']} articles, {manifest['duplicates']} duplicate links, "
                f"{manifest['syndicated']} syndicated copies")
            before = run_crawl("bare", manifest, work, f"{articles}-before")
            log_bare("bare Scrapy (before dvcrawl)", before)
            ours = run_crawl("dvcrawl", manifest, work, str(articles))
            log(f"  dvcrawl     : {ours['pages']} pages in {ours['seconds']:.1f} s = {ours['pps']:.0f} pages/s, "
                f"{ours['cpu_ms']:.2f} ms CPU per page, "
                f"{ours['items']} articles exported ({manifest['expected_items']} expected), "
                f"{ours['dropped']} dropped, peak RSS {ours['peak_rss_mb']:.0f} MB, "
                f"at most {ours['max_queued']} requests queued; process wall time {ours['wall']:.0f} s "
                f"(bare {before['wall']:.0f} s) with start-up and publishing")
            after = run_crawl("bare", manifest, work, f"{articles}-after")
            log_bare("bare Scrapy (after dvcrawl)", after)
            bare = either_side(before, after)
            if ours["items"] != manifest["expected_items"] or ours["pages"] != bare["pages"]:
                log(f"  WARNING: incomplete crawl (see {ours['folder']}/crawl.log)")
            if profile:  # a crawl of its own: a profiler slows the crawl and holds memory
                profiled = run_crawl("dvcrawl", manifest, work, f"{articles}-profiled",
                                     profile=work / "dvcrawl-profile.txt")
                log(f"  dvcrawl under pyinstrument: {profiled['pps']:.0f} pages/s (not a figure); "
                    f"profile in {work / 'dvcrawl-profile.txt'} and .html")
        with site_server(snapshots, small, work) as manifest_small:
            small_run = run_crawl("dvcrawl", manifest_small, work, str(small))
            log(f"  dvcrawl at {small} articles: {small_run['pps']:.0f} pages/s, "
                f"{small_run['cpu_ms']:.2f} ms CPU per page, peak RSS "
                f"{small_run['peak_rss_mb']:.0f} MB ({small_run['items']} articles, at most "
                f"{small_run['max_queued']} requests queued)")
            theirs = run_crawl("trafilatura", manifest_small, work, str(small))
            log(f"  Scrapy + trafilatura at {small} articles (the same pages): {theirs['pages']} pages in "
                f"{theirs['seconds']:.1f} s = {theirs['pps']:.0f} pages/s, {theirs['cpu_ms']:.2f} ms CPU per page, "
                f"{theirs['items']} items, "
                f"peak RSS {theirs['peak_rss_mb']:.0f} MB")
            if theirs["pages"] != small_run["pages"]:
                log(f"  WARNING: the trafilatura crawl fetched {theirs['pages']} pages, dvcrawl {small_run['pages']}")
            speedup = workers_speedup(snapshots, work, quick)
            log(f"  --workers 2 vs 1 over {speedup['speedup_sites']} sites: {speedup['workers2_pps']} vs "
                f"{speedup['workers1_pps']} pages/s = {speedup['workers_speedup']}")
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
        log(f"  reading {ext['pages']} article pages from their bytes (decode, parse, fields), median of "
            f"{ext['rounds']} rounds: " + ", ".join(f"{name} {ms:.2f} ms/page" for name, ms in ext["ms"].items()))
        log("  pages read wrong (headline, and for the generic reader the body too): "
            + ", ".join(f"{name} {n}" for name, n in ext["wrong"].items()))
        stages = stage_costs(snapshots, samples)
        log(f"  dvcrawl's own work per article page, outside Scrapy: {sum(stages.values()):.2f} ms = "
            + " + ".join(f"{name} {ms:.2f}" for name, ms in stages.items()))
    finally:
        if own_work and not keep and not profile:
            shutil.rmtree(work, ignore_errors=True)
    big, little = size_label(articles), size_label(small)
    ms = ext["ms"]
    figures = {
        "pages": ours["pages"],
        "dvcrawl_pps": fmt(ours["pps"], 0),
        "scrapy_pps": fmt(bare["pps"], 0),
        "crawl_ratio": fmt(ratio(ours["pps"], bare["pps"]), 2),
        "vs_trafilatura_crawl": fmt(ratio(small_run["pps"], theirs["pps"]), 1),
        "template_ms": fmt(ms["template"], 2),
        "generic_ms": fmt(ms["generic"], 2),
        "trafilatura_ms": fmt(ms["trafilatura"], 2),
        "generic_speedup": fmt(ratio(ms["trafilatura"], ms["generic"]), 1),
        "workers_speedup": fmt(speedup["workers_speedup"], 2),
        f"peak_rss_mb_{little}": fmt(small_run["peak_rss_mb"], 0),
        f"peak_rss_mb_{big}": fmt(ours["peak_rss_mb"], 0),
        "dedup_lookup_us": fmt(dedup[prefill]["us"], 0),
    }
    details = {
        "articles": articles,
        "articles_small": small,
        "items": ours["items"],
        "expected_items": manifest["expected_items"],
        "cpu_ms_per_page": ",".join(f"{name}:{fmt(crawl['cpu_ms'], 2)}" for name, crawl in
                                    (("dvcrawl", ours), ("scrapy", bare), (f"dvcrawl_{little}", small_run),
                                     (f"trafilatura_{little}", theirs))),
        "crawl_ratio_cpu": fmt(ratio(bare["cpu_ms"], ours["cpu_ms"]), 2),
        "crawl_processes": f"dvcrawl:{ours['processes']},scrapy:{bare['processes']}",
        "scrapy_pps_before_after": f"{fmt(before['pps'], 0)},{fmt(after['pps'], 0)}",
        "vs_trafilatura_crawl_cpu": fmt(ratio(theirs["cpu_ms"], small_run["cpu_ms"]), 1),
        f"dvcrawl_pps_{little}": fmt(small_run["pps"], 0),
        f"trafilatura_crawl_pps_{little}": fmt(theirs["pps"], 0),
        "template_speedup": fmt(ratio(ms["trafilatura"], ms["template"]), 1),
        "wrong_pages": ",".join(f"{name}:{n}" for name, n in ext["wrong"].items()),
        "peak_rss_mb_prefilled": fmt(prefilled_run["peak_rss_mb"], 0),
        "prefill": prefill,
        "dedup_lookup_us_by_size": ",".join(f"{k}:{fmt(v['us'], 0)}" for k, v in dedup.items()),
        "stage_ms": ",".join(f"{name}:{fmt(ms, 2)}" for name, ms in stages.items()),
        "load": ",".join(f"{x:.1f}" for x in os.getloadavg()),
    }
    return figures, details


def bench_line(figures: dict, prefix: str = "bench") -> str:
    return f"{prefix}: " + " ".join(f"{k}={v}" for k, v in figures.items())
