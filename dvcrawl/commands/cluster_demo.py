"""`dvcrawl cluster-demo`: a whole cluster on this machine, on loopback, from start to finish.

    dvcrawl cluster-demo --snapshots ROOT [--nodes 2] [--output DIR] [-s NAME=VALUE …]

Starts a throwaway PostgreSQL (this machine's server binaries, `initdb` in a temporary
folder) and N Scrapyd daemons (free ports on 127.0.0.1), deploys the project to every node
(its egg, through `addversion.json`), schedules one job per recorded site of ROOT (replayed
from ROOT: nothing leaves the machine), waits for them, publishes what they recorded into one
feed in DIR, publishes a second time (which must find nothing), and stops everything. The
last line sums it up:

    cluster: nodes=2 jobs=5 exported=25 duplicates=0 feed=output/feed-….jsonl

(`duplicates`: feed lines repeating a URL). Exit status 0 when every job finished and the
second publish found nothing, 1 otherwise.
"""
import tempfile
from collections import Counter
from contextlib import ExitStack
from pathlib import Path

from dvcrawl.cluster.journal import publish
from dvcrawl.cluster.local import LocalScrapyd
from dvcrawl.cluster.scrapyd import Scheduler, deploy, job_settings, site_jobs
from dvcrawl.commands.common import add_setting_option
from dvcrawl.commands.options import positive_int
from dvcrawl.commands.schedule import report
from dvcrawl.feeds import Output, iter_items
from dvcrawl.registry import ConfigError
from dvcrawl.store import open_store


def add_arguments(parser):
    parser.add_argument("--snapshots", required=True, metavar="ROOT", help="recorded sites, one folder each")
    parser.add_argument("--nodes", type=positive_int, default=2, metavar="N", help="Scrapyd daemons (default 2)")
    parser.add_argument("--output", metavar="DIR", default="output", help="feed folder (default: output)")
    add_setting_option(parser, "a Scrapy or dvcrawl setting for every job")


def say(message: str) -> None:
    print(message, flush=True)


def main(args) -> int:
    from dvcrawl.testing.postgres import TemporaryPostgres, server_binaries

    root = Path(args.snapshots)
    if not root.is_dir():
        raise ConfigError(f"--snapshots {root}: not a folder")
    jobs = site_jobs(None, root)
    if server_binaries() is None:
        raise ConfigError("PostgreSQL server binaries not found (apt-get install postgresql, or set DVCRAWL_PG_BIN)")
    output = Output(args.output)
    with ExitStack() as stack:
        work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="dvcrawl-cluster-")))
        pg = stack.enter_context(TemporaryPostgres())
        state = pg.new_schema("dvcrawl")
        open_store(state).close()  # schema made once, before the jobs
        say(f"postgresql: {pg.url} (throwaway)")
        daemons = [stack.enter_context(LocalScrapyd(work / f"node{k}")) for k in range(args.nodes)]
        nodes = [d.node for d in daemons]
        say(f"scrapyd: {args.nodes} node(s): {', '.join(map(str, nodes))}")
        deploy(nodes, work)
        status = report(Scheduler(nodes, job_settings(state, root, args.settings)).run(jobs))
        with open_store(state) as store:
            first = publish(store, output)
            second = publish(store, output)
    feed = output.folder / first["feed"] if first["feed"] else None
    say(f"publish: {first['items']} article(s); second publish: {second['items']}")
    urls = Counter(item["url"] for item in iter_items(feed)) if feed else Counter()
    duplicates = sum(urls.values()) - len(urls)
    say(f"cluster: nodes={args.nodes} jobs={len(jobs)} exported={first['items']} duplicates={duplicates} feed={feed}")
    return 1 if status or second["items"] or duplicates else 0
