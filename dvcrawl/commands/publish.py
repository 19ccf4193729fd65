"""`dvcrawl publish`: turn what cluster jobs recorded in the store into one feed, exactly once.

    dvcrawl publish --state postgresql://… --output DIR

Every article version the jobs recorded and no feed holds yet is written to
`DIR/feed-<run_id>.jsonl` (atomically, listed in manifest.json, `latest.jsonl` pointing at
it) and marked published in the store. Run it again and it publishes nothing new; interrupted
at any point and run again, every version ends up in exactly one feed
(dvcrawl/cluster/journal.py). Exit status 75 when another run or publish holds the lock.
"""
import argparse
import sys
from pathlib import Path

from dvcrawl.cluster.journal import publish
from dvcrawl.commands.options import add_state_argument
from dvcrawl.commands.run import EXIT_LOCKED, FolderLocked, folder_locks
from dvcrawl.feeds import Output
from dvcrawl.store import is_url, open_store


def add_arguments(parser):
    add_state_argument(parser, "the shared store the jobs recorded into")
    parser.add_argument("--output", metavar="DIR", default="output", help="feed folder (default: output)")
    parser.add_argument("--crash-at", help=argparse.SUPPRESS)  # tests: die at a publishing step


def main(args) -> int:
    store = open_store(args.state, create=False)  # a missing store: said before anything is written
    folders = [Path(args.output)] + ([] if is_url(args.state) else [Path(args.state)])
    try:
        with folder_locks(folders):
            if not store.try_run_lock():
                print(f"dvcrawl publish: another run is using {store.where} (its run lock is held)", file=sys.stderr)
                return EXIT_LOCKED
            written = publish(store, Output(args.output), crash_at=args.crash_at)
    except FolderLocked as locked:
        print(f"dvcrawl publish: {locked}", file=sys.stderr)
        return EXIT_LOCKED
    finally:
        store.close()
    if written["recovered"]["recorded"]:
        print(f"recovered an interrupted publish or run: {written['recovered']['recorded']} article(s) "
              "recorded as published")
    if written["feed"]:
        print(f"published {written['items']} article(s) to {Path(args.output) / written['feed']}")
    else:
        print("nothing to publish: every recorded article is in a feed already")
    return 0
