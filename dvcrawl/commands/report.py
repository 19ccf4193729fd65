"""`dvcrawl report --output DIR [--feeds DIR]`: a static HTML report of the collected articles.

Reads the feeds, run summaries and rejects of a `dvcrawl run` output folder (`--feeds`, default
`output/`) and writes DIR/index.html with its plots beside it (PNG): articles per province and
month, the provinces with their counts and latest article, each site's run history, extraction
health, the most cited documents and most named officials, and the latest articles. The page
needs no network and no script: open it in any browser.
"""
import os
from pathlib import Path

from dvcrawl.registry import ConfigError


def add_arguments(parser):
    parser.add_argument("--output", required=True, metavar="DIR", help="folder to write index.html and its images to")
    parser.add_argument("--feeds", default="output", metavar="DIR",
                        help="the output folder of dvcrawl run to report on (default: output/)")


def _writable_folder(path: Path) -> Path:
    """`path` as a folder the report can be written to, or a ConfigError (nothing created)."""
    if path.exists() and not path.is_dir():
        raise ConfigError(f"--output {path}: is a file, not a folder")
    existing = next(p for p in (path, *path.parents) if p.exists())
    if not existing.is_dir() or not os.access(existing, os.W_OK | os.X_OK):
        raise ConfigError(f"--output {path}: {existing} is not writable")
    return path


def main(args) -> int:
    from dvcrawl.report import figures, page
    from dvcrawl.report.source import OutputFolder

    folder = _writable_folder(Path(args.output))
    source = OutputFolder(args.feeds)
    report = figures.build(source.articles(), source.runs(), source.rejects())
    folder.mkdir(parents=True, exist_ok=True)
    path = page.write(report, folder, str(source.folder))
    print(f"report: {path} ({report.articles} articles, {report.runs} runs)")
    return 0
