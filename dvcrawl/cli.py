"""`dvcrawl` command line: `dvcrawl <command> …`; each command lives in dvcrawl/commands/.

Errors the user can fix (bad options, unknown site, bad config) end the program with one
line on stderr and exit status 2, never a traceback. Any other error ends it with one line
and status 70 (the traceback is printed only with DVCRAWL_DEBUG=1).
"""
import argparse
import importlib
import os
import sys
import traceback
from importlib.metadata import PackageNotFoundError, version

from dvcrawl.commands.common import CommandFailed
from dvcrawl.registry import ConfigError

DESCRIPTION = ("Collect công tác dân vận news from Vietnamese party committee websites into "
               "clean JSONL feeds.")

# name: (module with add_arguments(parser) and main(args) -> exit status, one-line help).
# A command's module docstring is its --help text, written for users. Commands that crawl add
# -s/-v/--log-level with commands.common.add_crawl_options and build their settings with
# crawl_settings; a usage mistake raises ConfigError (status 2, one line), a failure outside
# dvcrawl raises CommandFailed (status 1, one line).
COMMANDS = {
    "run": ("dvcrawl.commands.run", "crawl the registered sites into a new feed (scheduled runs, offline replay)"),
    "sites": ("dvcrawl.commands.sites", "list the registered sites (province, level, status, template, section)"),
    "discover": ("dvcrawl.commands.discover", "find a site's dân vận section(s) and CMS family from its home page"),
    "check": ("dvcrawl.commands.check", "crawl a few articles of one site and report field coverage and leaks"),
    "extract": ("dvcrawl.commands.extract", "print the article item of one page (live URL, snapshot or file) as JSON"),
    "savefixture": ("dvcrawl.commands.savefixture", "record a page and its item as a golden test fixture"),
    "bench": ("dvcrawl.commands.bench", "measure crawl and extraction speed and memory, offline"),
    "report": ("dvcrawl.commands.report", "write an HTML report with plots of the collected articles and runs"),
    "export": ("dvcrawl.commands.export", "write the stored articles as Parquet, JSONL or CSV with typed columns"),
    "search": ("dvcrawl.commands.search", "find stored articles by title and text, with or without diacritics"),
    "schedule": ("dvcrawl.commands.schedule", "crawl sites as jobs spread over Scrapyd nodes, into a shared store"),
    "publish": ("dvcrawl.commands.publish", "turn what cluster jobs recorded into one feed, exactly once"),
    "cluster-demo": ("dvcrawl.commands.cluster_demo", "PostgreSQL + N Scrapyd nodes on loopback: deploy, schedule, publish"),
}

EPILOG = """examples:
  dvcrawl run --snapshots snapshots --output output     crawl the recorded sites, offline
  dvcrawl run --state /var/lib/dvcrawl --output /srv/feeds   a scheduled live run
  dvcrawl check camau                                    is camau's extraction still healthy?
  dvcrawl extract https://ninhbinh.dcs.vn/…              one page's item as JSON

exit status: 0 done, 1 a site failed, 2 a usage or configuration mistake (nothing written),
70 a bug in dvcrawl, 75 another run holds the lock, 130 stopped by Ctrl-C.
`dvcrawl COMMAND --help` explains each command; README.md explains the rest."""

EXIT_USAGE, EXIT_INTERNAL, EXIT_INTERRUPTED = 2, 70, 130


class _Parser(argparse.ArgumentParser):
    """argparse, with a usage error said in one line (and status 2)."""

    def error(self, message):
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def package_version() -> str:
    try:
        return version("dvcrawl")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "unknown"


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="dvcrawl", description=DESCRIPTION, epilog=EPILOG,
                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"dvcrawl {package_version()}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (module, help_text) in COMMANDS.items():
        command_module = importlib.import_module(module)
        command = sub.add_parser(name, help=help_text, description=command_module.__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
        command_module.add_arguments(command)
        command.set_defaults(module=module)
    return parser


def main(argv: list[str] | None = None) -> int:
    # the project settings, wherever the command is run from (no scrapy.cfg needed)
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "dvcrawl.settings")
    try:
        parser = build_parser()  # command modules may read the site registry when imported
    except ConfigError as exc:
        print(f"dvcrawl: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    args = parser.parse_args(argv)
    try:
        return importlib.import_module(args.module).main(args) or 0
    except ConfigError as exc:
        print(f"dvcrawl {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except CommandFailed as exc:
        print(f"dvcrawl {args.command}: {exc}", file=sys.stderr)
        return exc.status
    except KeyboardInterrupt:
        print(f"dvcrawl {args.command}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:  # a bug or an environment problem: one line, not a traceback
        if os.environ.get("DVCRAWL_DEBUG"):
            traceback.print_exc()
        where = traceback.extract_tb(exc.__traceback__)[-1]
        print(f"dvcrawl {args.command}: unexpected error: {type(exc).__name__}: {exc} "
              f"(at {os.path.basename(where.filename)}:{where.lineno}; DVCRAWL_DEBUG=1 shows the traceback)",
              file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
