"""The output folder of `dvcrawl run`: feeds published atomically, a manifest, a `latest` pointer.

Layout of --output::

    feed-<run_id>.jsonl        the articles a run exported (new and updated ones), one per line
    rejects-<run_id>.jsonl     items refused by validation, each with its reason
    summary-<run_id>.json      the run summary
    manifest.json              completed feeds: item count, sha256, schema version; "latest"
    latest.jsonl               symlink to the newest feed
    .<name>.part               a file being written (never a complete feed; removed by the next run)

A file is written as `.<name>.part`, flushed to disk and renamed: a reader sees the whole
file or none of it. The rename of a feed is the moment it is published; the manifest and the
state store are brought up to date after it, and `recover()` finishes that work if a run died
in between.
"""
import hashlib
import json
import os
import re
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from dvcrawl.items import SCHEMA_VERSION

FEED_RE = re.compile(r"^feed-(?P<run_id>[0-9TZ]+-[0-9a-f]+)\.jsonl$")
MANIFEST = "manifest.json"
LATEST = "latest.jsonl"


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def part_path(path: Path) -> Path:
    """Where the file `path` is written before it is complete."""
    return path.with_name(f".{path.name}.part")


class PartFile:
    """A file written under a temporary name and renamed into place by `publish()`."""

    def __init__(self, path: Path):
        self.path = path
        self.part = part_path(path)
        self.fh = self.part.open("w", encoding="utf-8")
        self.lines = 0
        self.sha = hashlib.sha256()

    def write_line(self, obj) -> None:
        self.write_raw(json.dumps(obj, ensure_ascii=False) + "\n")

    def write_raw(self, data: str) -> None:
        """Append one line already serialised (ending in a newline)."""
        self.fh.write(data)
        self.fh.flush()
        self.sha.update(data.encode("utf-8"))
        self.lines += 1

    def sync(self) -> Path:
        """Flush to disk and close, under the temporary name (a worker's hand-over)."""
        self.fh.flush()
        os.fsync(self.fh.fileno())
        self.fh.close()
        return self.part

    def publish(self) -> Path:
        self.sync()
        os.replace(self.part, self.path)
        _fsync_dir(self.path.parent)
        return self.path

    def discard(self) -> None:
        self.fh.close()
        self.part.unlink(missing_ok=True)


@contextmanager
def atomic_path(path: Path):
    """A temporary name beside `path` to write a file of any kind under; renamed to `path`
    (after an fsync) when the block ends, deleted if it fails."""
    part = part_path(path)
    try:
        yield part
        with part.open("rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(part, path)
        _fsync_dir(path.parent)
    finally:
        part.unlink(missing_ok=True)


def write_atomic(path: Path, text: str) -> None:
    """Write a small text file (manifest, summary) whole or not at all."""
    part = PartFile(path)
    part.fh.write(text)
    part.publish()


def iter_items(path: Path):
    """The items of a JSONL file, one at a time (a feed is never loaded whole)."""
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def complete_lines(path: Path):
    """(line, item) for each whole line of a file another process may have been killed while
    writing: a last line without its newline, or one that is not JSON, is left out."""
    with path.open(encoding="utf-8", errors="replace") as fh:
        for line in fh:
            if not line.endswith("\n"):
                return
            try:
                item = json.loads(line)
            except ValueError:
                continue
            yield line, item


def read_items(path: Path) -> list[dict]:
    return list(iter_items(path))


def file_sha256(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


class Output:
    """The --output folder."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)

    def feed_path(self, run_id: str) -> Path:
        return self.folder / f"feed-{run_id}.jsonl"

    def rejects_path(self, run_id: str) -> Path:
        return self.folder / f"rejects-{run_id}.jsonl"

    def summary_path(self, run_id: str) -> Path:
        return self.folder / f"summary-{run_id}.json"

    # -- manifest ------------------------------------------------------------------------
    def manifest(self) -> dict:
        path = self.folder / MANIFEST
        if path.is_file():
            return json.loads(path.read_text(encoding="utf-8"))
        return {"feeds": [], "latest": None}

    def published_feeds(self) -> list[Path]:
        """Complete feeds present in the folder, oldest first (their names sort by run time)."""
        return sorted(p for p in self.folder.iterdir() if FEED_RE.match(p.name))

    def register(self, feed: Path) -> dict:
        """Add a published feed to the manifest and point `latest` at the newest feed."""
        manifest = self.manifest()
        entries = {e["feed"]: e for e in manifest["feeds"]}
        if feed.name not in entries:
            count, schema_version = 0, SCHEMA_VERSION
            for item in iter_items(feed):
                if not count:
                    schema_version = item.get("schema_version", SCHEMA_VERSION)
                count += 1
            entries[feed.name] = {
                "feed": feed.name, "run_id": FEED_RE.match(feed.name)["run_id"], "items": count,
                "sha256": file_sha256(feed),
                "schema_version": schema_version,
                "published_at": datetime.fromtimestamp(feed.stat().st_mtime, timezone.utc)
                .isoformat(timespec="seconds"),
            }
        feeds = [entries[name] for name in sorted(entries)]
        manifest = {"feeds": feeds, "latest": feeds[-1]["feed"] if feeds else None}
        write_atomic(self.folder / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
        if manifest["latest"]:
            self._point_latest(manifest["latest"])
        return entries[feed.name]

    def _point_latest(self, name: str) -> None:
        link = self.folder / LATEST
        tmp = self.folder / f".{LATEST}.part"
        tmp.unlink(missing_ok=True)
        os.symlink(name, tmp)
        os.replace(tmp, link)

    def clean_parts(self) -> list[Path]:
        """Remove files a killed run left half-written; returns them."""
        parts = [p for p in self.folder.glob(".*.part")]
        for p in parts:
            p.unlink(missing_ok=True)
        return parts
