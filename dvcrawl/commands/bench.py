"""`dvcrawl bench`: measure crawl and extraction speed and memory on a synthetic loopback site set.

    dvcrawl bench [--articles N] [--quick] [--prefill N] [--work DIR] [--profile]

Builds N synthetic articles (default 20,000) from the recorded templates, serves them on
127.0.0.x, and measures dvcrawl's crawl against a bare Scrapy spider and against a Scrapy spider
extracting with trafilatura, its two readers against trafilatura on the same pages, peak memory at N/4 and N articles and with a pre-filled state store, and the
state store's lookup cost as it grows. The last line holds every figure (docs/performance.md).
"""
from pathlib import Path

from dvcrawl.registry import ConfigError


def add_arguments(parser):
    parser.add_argument("--articles", type=int, default=None,
                        help="synthetic articles (default 20000; 200 with --quick)")
    parser.add_argument("--quick", action="store_true",
                        help="a small run (200 articles, 10,000 stored fingerprints) to check it works")
    parser.add_argument("--prefill", type=int, default=None, metavar="N",
                        help="articles in the pre-filled state store (default 1,000,000; 10,000 with --quick)")
    parser.add_argument("--snapshots", metavar="ROOT", help="recorded sites to take templates from")
    parser.add_argument("--work", metavar="DIR", help="keep the generated files and feeds in DIR")
    parser.add_argument("--profile", action="store_true", help="also profile the dvcrawl crawl (pyinstrument)")


def _terminated(signum, frame):
    raise SystemExit(128 + signum)  # unwind, so the server and crawl processes are stopped too


def main(args) -> int:
    import signal

    from dvcrawl.bench.runner import bench_line, run

    signal.signal(signal.SIGTERM, _terminated)
    articles = args.articles or (200 if args.quick else 20_000)
    if articles < 10:
        raise ConfigError("--articles: at least 10")
    figures, details = run(articles=articles, quick=args.quick, prefill=args.prefill,
                  snapshots=Path(args.snapshots) if args.snapshots else None,
                  work=Path(args.work) if args.work else None, profile=args.profile)
    print(bench_line(details, "bench-details"), flush=True)
    print(bench_line(figures), flush=True)
    return 0
