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

from dvcrawl.registry import ConfigError

COMMANDS = {
    "run": ("dvcrawl.commands.run", "crawl sites into JSONL feeds (scheduled runs, offline replay)"),
    "extract": ("dvcrawl.commands.extract", "print one page's article item as JSON, no crawl"),
    "sites": ("dvcrawl.commands.sites", "list the registered sites (province, level, status, template, section)"),
    "discover": ("dvcrawl.commands.discover", "find a site's dân vận section(s) and CMS family from its home page"),
    "check": ("dvcrawl.commands.check", "crawl a few articles of a site and report coverage and leaks"),
    "savefixture": ("dvcrawl.commands.savefixture", "record a page as a new golden test fixture"),
    "bench": ("dvcrawl.commands.bench", "measure crawl and extraction speed and memory"),
    "export": ("dvcrawl.commands.export", "write the stored articles as Parquet, JSONL or CSV with typed columns"),
    "search": ("dvcrawl.commands.search", "find stored articles by title and text, with or without diacritics"),
    "schedule": ("dvcrawl.commands.schedule", "crawl sites as jobs spread over Scrapyd nodes, into a shared store"),
    "publish": ("dvcrawl.commands.publish", "turn what cluster jobs recorded into one feed, exactly once"),
    "cluster-demo": ("dvcrawl.commands.cluster_demo", "PostgreSQL + N Scrapyd nodes on loopback: deploy, schedule, publish"),
}


class _Parser(argparse.ArgumentParser):
    """argparse, with a usage error said in one line (and status 2)."""

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="dvcrawl", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (module, help_text) in COMMANDS.items():
        command = sub.add_parser(name, help=help_text, description=help_text)
        importlib.import_module(module).add_arguments(command)
        command.set_defaults(module=module)
    return parser


EXIT_USAGE, EXIT_INTERNAL = 2, 70


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
    except KeyboardInterrupt:
        print(f"dvcrawl {args.command}: interrupted", file=sys.stderr)
        return 130
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
