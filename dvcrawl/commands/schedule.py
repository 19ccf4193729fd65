"""`dvcrawl schedule`: crawl sites as jobs spread over Scrapyd nodes, recording into a shared store.

    dvcrawl schedule --scrapyd URL[,URL…] --state postgresql://… [--sites ID,…] [--snapshots ROOT]
                     [--deploy] [--retries N] [-s NAME=VALUE …]

Each site is one job (`scrapy crawl <site>` on a node; the generic spider for a recorded site
the registry does not know), given to the least busy node (`daemonstatus.json`, plus the jobs
just given to it). The command waits for every job and reports each one; a job whose node
stopped answering, or whose process ended without closing, runs again on another node (at
most --retries times in all). Jobs record their articles in the store; `dvcrawl publish`
turns them into a feed. Exit status 0 when every job finished, 1 otherwise, 2 on a usage
error (a node that does not answer when none of the others does, a bad --state…).
"""
import sys
import tempfile
from pathlib import Path

from dvcrawl.cluster.scrapyd import Node, NodeDown, Scheduler, deploy, job_settings, site_jobs
from dvcrawl.commands.common import add_setting_option
from dvcrawl.commands.options import add_state_argument, positive_int, site_ids
from dvcrawl.registry import ConfigError
from dvcrawl.store import open_store


def add_arguments(parser):
    parser.add_argument("--scrapyd", required=True, metavar="URL[,URL…]", help="the Scrapyd nodes")
    add_state_argument(parser, "the shared store the jobs record into")
    parser.add_argument("--sites", type=site_ids, metavar="ID,…", help="sites to crawl (default: every recorded site of "
                        "--snapshots, else every registered site)")
    parser.add_argument("--snapshots", metavar="ROOT", help="jobs replay each site from ROOT/<id> (a path the nodes see)")
    parser.add_argument("--deploy", action="store_true", help="first build the project's egg and add it to every node")
    parser.add_argument("--retries", type=positive_int, default=3, metavar="N",
                        help="attempts per job at most, on different nodes when one dies (default 3)")
    add_setting_option(parser, "a Scrapy or dvcrawl setting for every job")


def nodes_of(spec: str) -> list[Node]:
    urls = [u.strip() for u in spec.split(",") if u.strip()]
    bad = [u for u in urls if not u.startswith(("http://", "https://"))]
    if not urls or bad:
        raise ConfigError(f"--scrapyd: {', '.join(bad) or spec!r} is not an http(s) URL of a Scrapyd node")
    return [Node(u) for u in urls]


def live_nodes(nodes: list[Node]) -> list[Node]:
    """The nodes that answer; a usage error when none does."""
    live, down = [], []
    for node in nodes:
        try:
            node.status()
            live.append(node)
        except NodeDown as exc:
            down.append(str(exc))
    if not live:
        raise ConfigError(f"--scrapyd: no node answers ({'; '.join(down)})")
    for reason in down:
        print(f"dvcrawl schedule: warning: node not answering, left out: {reason}", file=sys.stderr)
    return live


def main(args) -> int:
    snapshots = Path(args.snapshots) if args.snapshots else None
    nodes = nodes_of(args.scrapyd)
    jobs = site_jobs(args.sites, snapshots)
    settings = job_settings(args.state, snapshots, args.settings)
    nodes = live_nodes(nodes)
    open_store(args.state).close()  # reachable, schema made now: jobs do not race to make it
    if args.deploy:
        with tempfile.TemporaryDirectory(prefix="dvcrawl-deploy-") as work:
            deploy(nodes, Path(work))
    return report(Scheduler(nodes, settings, max_attempts=args.retries).run(jobs))


def report(jobs) -> int:
    """One line per job, a total; exit status 0 when every job finished."""
    failed = [job for job in jobs if not job.ok]
    for job in jobs:
        print(f"{job.site:<12} {Scheduler.describe(job)}")
    print(f"jobs: {len(jobs) - len(failed)} finished, {len(failed)} failed")
    return 1 if failed else 0
