"""The run history the report reads beside the store: run summaries and rejects files.

Articles come from the article store (their latest versions, `ArticleStore.articles()`); what
each run did, and what validation refused, only the run output folder keeps:
`summary-<run_id>.json` and `rejects-<run_id>.jsonl` (dvcrawl/feeds.py).
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from dvcrawl.feeds import iter_items
from dvcrawl.registry import ConfigError

SUMMARY_RE = re.compile(r"^summary-(?P<run>[^/]+)\.json$")
REJECTS_RE = re.compile(r"^rejects-(?P<run>[^/]+)\.jsonl$")


class RunFolder:
    """The summaries and rejects of a `dvcrawl run` output folder, read only."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        if not self.folder.is_dir():
            raise ConfigError(f"--runs {self.folder}: not a folder (give the --output folder of dvcrawl run)")
        if not self._files(SUMMARY_RE):
            raise ConfigError(f"--runs {self.folder}: no run summary in it (not a dvcrawl run output folder)")

    def _files(self, pattern: re.Pattern) -> list[Path]:
        return sorted(p for p in self.folder.iterdir() if pattern.match(p.name))

    def runs(self) -> list[dict]:
        """Every run summary, oldest first (run ids sort by start time)."""
        return [json.loads(p.read_text(encoding="utf-8")) for p in self._files(SUMMARY_RE)]

    def rejects(self) -> list[dict]:
        """Every refused item with its reason and run id."""
        return [r for p in self._files(REJECTS_RE) for r in iter_items(p)]
