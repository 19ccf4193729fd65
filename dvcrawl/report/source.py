"""Where the report reads from: the articles as they stand now, and the runs' summaries.

`OutputFolder` reads a `dvcrawl run` output folder: the published feeds (oldest first, so a
later version of an article replaces an earlier one), the run summaries and the rejects files.
The report only asks a source for `articles()`, `runs()` and `rejects()`, so a source reading
the state store's articles can take its place once the store keeps them.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from dvcrawl.feeds import FEED_RE, iter_items
from dvcrawl.registry import ConfigError

SUMMARY_RE = re.compile(r"^summary-(?P<run>[^/]+)\.json$")
REJECTS_RE = re.compile(r"^rejects-(?P<run>[^/]+)\.jsonl$")


class OutputFolder:
    """A `dvcrawl run` output folder, read only."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        if not self.folder.is_dir():
            raise ConfigError(f"{self.folder}: not a folder (give the --output folder of dvcrawl run)")
        names = [p.name for p in self.folder.iterdir()]
        if not any(FEED_RE.match(n) or SUMMARY_RE.match(n) for n in names):
            raise ConfigError(f"{self.folder}: no feed or run summary in it (not a dvcrawl run output folder)")

    def _files(self, pattern: re.Pattern) -> list[Path]:
        return sorted(p for p in self.folder.iterdir() if pattern.match(p.name))

    def articles(self) -> list[dict]:
        """The latest version of every article published in the folder's feeds."""
        latest: dict[str, dict] = {}
        for feed in self._files(FEED_RE):
            for item in iter_items(feed):
                known = latest.get(item["url"])
                if known is None or (item.get("version") or 1) >= (known.get("version") or 1):
                    latest[item["url"]] = item
        return list(latest.values())

    def runs(self) -> list[dict]:
        """Every run summary, oldest first."""
        return [json.loads(p.read_text(encoding="utf-8")) for p in self._files(SUMMARY_RE)]

    def rejects(self) -> list[dict]:
        """Every refused item with its reason and run id."""
        return [r for p in self._files(REJECTS_RE) for r in iter_items(p)]
