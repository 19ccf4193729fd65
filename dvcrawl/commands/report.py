"""`dvcrawl report --output DIR [--state DIR|URL] [--runs DIR]`: a static HTML report of the
collected articles and of the runs that collected them.

Reads the latest version of every article from the article store (`--state`, default `state/`)
and the run summaries and rejects of the `dvcrawl run` output folder (`--runs`, default
`output/`), and writes DIR/index.html with its plots beside it (PNG): articles per province
and month, the provinces with their counts and latest article, each site's run history,
extraction health, the most cited documents and most named officials, and the latest articles.
The page needs no network and no script: open it in any browser.
"""
from pathlib import Path

from dvcrawl.commands.options import add_state_argument, check_writable
from dvcrawl.store import open_store


def add_arguments(parser):
    parser.add_argument("--output", required=True, metavar="DIR", help="folder to write index.html and its images to")
    add_state_argument(parser, "the article store to report on")
    parser.add_argument("--runs", default="output", metavar="DIR",
                        help="the output folder of dvcrawl run, for its run summaries and rejects (default: output/)")


def main(args) -> int:
    from dvcrawl.report import figures, page
    from dvcrawl.report.source import RunFolder

    folder = Path(args.output)
    check_writable("--output", folder)
    runs = RunFolder(args.runs)
    with open_store(args.state, create=False) as store:
        articles = list(store.articles())
        sources = f"{store.where}, {runs.folder}"
    report = figures.build(articles, runs.runs(), runs.rejects())
    folder.mkdir(parents=True, exist_ok=True)
    path = page.write(report, folder, sources)
    print(f"report: {path} ({report.articles} articles, {report.runs} runs)")
    return 0
