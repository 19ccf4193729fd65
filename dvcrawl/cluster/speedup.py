"""How `dvcrawl run` grows with cores: pages/s with 2 workers ÷ pages/s with 1 (`workers_speedup`).

Both runs crawl the same synthetic loopback site set (dvcrawl.bench.synth: at least 50 sites,
copies of the recorded sites' templates, each on its own 127.0.0.x address) served by one
server process, one after the other, in the same call. Each is a whole `dvcrawl run
--workers N` in its own process tree with the benchmark's settings (politeness off) and its
BenchStats extension in every crawler; pages/s is every page fetched by the run's crawlers ÷
the time from the first response to the last response or item in any of them (start-up and
publishing left out, as for the other crawl figures of `dvcrawl bench`). The CPU time each
run used per page (the run's process and its workers, start-up included) is reported too: it
does not depend on what else the machine is doing.

    from dvcrawl.cluster.speedup import workers_speedup
    figures = workers_speedup(Path("snapshots"), work_dir)   # {"workers_speedup": 1.7, …}

`python -m dvcrawl.cluster.speedup serve …` is the server process it starts.
"""
import argparse
import asyncio
import json
import os
import resource
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from dvcrawl.bench.crawl import throughput
from dvcrawl.registry import DEFAULT_REGISTRY, ConfigError, load_registry
from dvcrawl.testing.process import manifest_server
from dvcrawl.testing.registry import loopback_registry

SITES = 50


def copied_sites(snapshots: Path, work: Path, count: int) -> Path:
    """A snapshot root of `count` copies of the recorded sites (`backan_03` …: links to the
    recorded folders)."""
    real = {k: v for k, v in load_registry(str(DEFAULT_REGISTRY)).items()
            if (snapshots / k / "responses.jsonl").is_file()}
    if not real:
        raise ConfigError(f"{snapshots}: no recorded sites to copy")
    root = work / "snapshots"
    root.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        site = list(real)[n % len(real)]
        copy = root / f"{site}_{n // len(real):02d}"
        if not copy.exists():
            copy.symlink_to((snapshots / site).resolve())
    return root


def copies_registry(root: Path) -> dict:
    """Registry entries of the copies in `root`: the facts of the site each one copies."""
    real = load_registry(str(DEFAULT_REGISTRY))
    return {p.name: replace(real[p.name.rsplit("_", 1)[0]], id=p.name) for p in sorted(root.iterdir())}


def crawl(workers: int, registry: Path, work: Path) -> dict:
    """One `dvcrawl run --workers N` over the served sites: pages, articles, pages/s."""
    folder = work / f"workers-{workers}"
    stats = folder / "stats.jsonl"
    folder.mkdir(parents=True, exist_ok=True)
    stats.unlink(missing_ok=True)
    env = dict(os.environ, SCRAPY_SETTINGS_MODULE="dvcrawl.bench.settings", DVCRAWL_REGISTRY=str(registry),
               DVCRAWL_BENCH_STATS=str(stats))
    cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(folder / "run.log", "wb") as log:
        code = subprocess.call([sys.executable, "-m", "dvcrawl.cli", "run", "--workers", str(workers),
                                "--state", str(folder / "state"), "--output", str(folder / "output")],
                               env=env, cwd=folder, stdout=log, stderr=subprocess.STDOUT)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the run and its workers, once they have ended
    cpu_seconds = (after.ru_utime + after.ru_stime) - (cpu.ru_utime + cpu.ru_stime)
    records = [json.loads(x) for x in stats.read_text().splitlines()] if stats.exists() else []
    if code or not records:
        raise ConfigError(f"dvcrawl run --workers {workers} failed (exit {code}), see {folder / 'run.log'}")
    window = throughput(records)  # pages/s read as the benchmark's crawl figures are
    return {"pages": window["pages"], "items": sum(r["items"] for r in records), "seconds": window["seconds"],
            "pps": window["pps"], "cpu_ms_per_page": 1000 * cpu_seconds / window["pages"]}


def workers_speedup(snapshots: Path, work: Path, sites: int = SITES, articles: int = 6000) -> dict:
    """pages/s with 2 workers ÷ with 1 on `sites` synthetic sites holding `articles` articles."""
    if sites < 2:
        raise ConfigError("workers_speedup: at least 2 sites")
    root = copied_sites(Path(snapshots), Path(work), sites)
    manifest_path = Path(work) / "speedup-manifest.json"
    cmd = [sys.executable, "-m", "dvcrawl.cluster.speedup", "serve", "--snapshots", str(root),
           "--articles", str(articles), "--manifest", str(manifest_path)]
    with manifest_server(cmd, manifest_path) as manifest:
        loopback = loopback_registry(manifest, copies_registry(root), Path(work) / "sites.toml",
                                     "dvcrawl.cluster.speedup: loopback copies of the recorded sites")
        one = crawl(1, loopback, Path(work))
        two = crawl(2, loopback, Path(work))
    return {"workers_speedup": round(two["pps"] / one["pps"], 2), "speedup_sites": len(manifest["sites"]),
            "speedup_pages": one["pages"], "workers1_pps": round(one["pps"]), "workers2_pps": round(two["pps"]),
            "workers1_items": one["items"], "workers2_items": two["items"],
            # CPU time of the whole run (start-up and publishing included) per page: what the
            # machine's load cannot change; equal figures mean the second worker costs nothing extra
            "workers1_cpu_ms_per_page": round(one["cpu_ms_per_page"], 2),
            "workers2_cpu_ms_per_page": round(two["cpu_ms_per_page"], 2),
            "speedup_expected_items": manifest["expected_items"]}


def main(argv=None) -> int:
    from dvcrawl.bench.server import serve
    from dvcrawl.bench.synth import SiteSet

    parser = argparse.ArgumentParser(description="serve the synthetic copies of the recorded sites")
    parser.add_argument("command", choices=["serve"])
    parser.add_argument("--snapshots", required=True, help="the root copied_sites() made")
    parser.add_argument("--articles", type=int, required=True)
    parser.add_argument("--manifest", required=True)
    args = parser.parse_args(argv)
    root = Path(args.snapshots)
    asyncio.run(serve(SiteSet(root, copies_registry(root), args.articles), Path(args.manifest)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
