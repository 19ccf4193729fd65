"""`dvcrawl` command line: `dvcrawl <command> …`; each command lives in dvcrawl/commands/.

Errors the user can fix (bad options, unknown site, bad config) end the program with one
line on stderr and exit status 2, never a traceback.
"""
import argparse
import importlib
import sys

from dvcrawl.registry import ConfigError

COMMANDS = {
    "run": ("dvcrawl.commands.run", "crawl sites into JSONL feeds (scheduled runs, offline replay)"),
    "extract": ("dvcrawl.commands.extract", "print one page's article item as JSON, no crawl"),
    "check": ("dvcrawl.commands.check", "crawl a few articles of a site and report coverage and leaks"),
    "savefixture": ("dvcrawl.commands.savefixture", "record a page as a new golden test fixture"),
    "bench": ("dvcrawl.commands.bench", "measure crawl and extraction speed and memory"),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dvcrawl", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (module, help_text) in COMMANDS.items():
        command = sub.add_parser(name, help=help_text, description=help_text)
        importlib.import_module(module).add_arguments(command)
        command.set_defaults(module=module)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return importlib.import_module(args.module).main(args) or 0
    except ConfigError as exc:
        print(f"dvcrawl {args.command}: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
