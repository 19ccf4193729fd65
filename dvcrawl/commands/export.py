"""`dvcrawl export`: the articles of the store as they stand now, in a typed file.

    dvcrawl export --format parquet|jsonl|csv --output FILE [--since DATE] [--sites ID,…]
                   [--all-versions] [--state DIR|URL]

One row per article (its latest version; every version with --all-versions), read from the
article store, with one explicit schema (dvcrawl/exports.py): in Parquet, `published` is a
timestamp with time zone, `published_date` a date, `views` an integer. The file is written
under a temporary name and renamed: a reader never sees half of it.
"""
from pathlib import Path

from dvcrawl.commands.options import add_state_argument, check_sites, iso_date, site_ids
from dvcrawl.exports import FORMATS, WRITERS
from dvcrawl.feeds import atomic_path
from dvcrawl.registry import ConfigError
from dvcrawl.store import open_store


def add_arguments(parser):
    parser.add_argument("--format", required=True, choices=FORMATS, help="file format")
    parser.add_argument("--output", required=True, metavar="FILE", help="file to write (replaced whole)")
    parser.add_argument("--since", type=iso_date, metavar="DATE",
                        help="only articles published on DATE (YYYY-MM-DD) or later")
    parser.add_argument("--sites", type=site_ids, metavar="ID,…", help="only these sites")
    parser.add_argument("--all-versions", action="store_true",
                        help="one row per version of each article, not only the latest")
    add_state_argument(parser)


def main(args) -> int:
    output = Path(args.output)
    if output.is_dir():
        raise ConfigError(f"--output {output}: is a folder; give a file name")
    if not output.parent.is_dir():
        raise ConfigError(f"--output {output}: folder {output.parent} does not exist")
    with open_store(args.state, create=False) as store:
        check_sites(store, args.sites)
        items = store.articles(since=args.since, sites=args.sites, all_versions=args.all_versions)
        with atomic_path(output) as part:
            count = WRITERS[args.format](items, part)
    what = "version(s)" if args.all_versions else "article(s)"
    print(f"exported {count} {what} to {output} ({args.format})")
    return 0
