"""Options several commands share, each checked when parsed (a bad value: one line, status 2)."""
import argparse
import os
from datetime import date
from pathlib import Path

from dvcrawl.registry import ConfigError, load_registry


def add_state_argument(parser, help_text: str = "the article store") -> None:
    parser.add_argument("--state", metavar="DIR|URL", default="state",
                        help=f"{help_text}: a folder (SQLite, default: state) or a postgresql:// URL")


def iso_date(text: str) -> str:
    """A YYYY-MM-DD date, as given."""
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def site_ids(text: str) -> list[str]:
    """Comma-separated site ids."""
    ids = [s.strip() for s in text.split(",") if s.strip()]
    if not ids:
        raise argparse.ArgumentTypeError("no site id given")
    return ids


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive whole number")
    return value


def check_sites(store, wanted: list[str] | None) -> None:
    """Refuse site ids that are neither registered nor in the store (a typo, most likely)."""
    known = set(load_registry()) | set(store.sites()) if wanted else set()
    unknown = [s for s in wanted or [] if s not in known]
    if unknown:
        raise ConfigError(f"--sites: unknown site(s) {', '.join(unknown)} "
                          f"(in the store: {', '.join(store.sites()) or 'none'})")


def check_writable(option: str, folder: Path) -> None:
    """Refuse a folder that cannot be created or written, before anything is written."""
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise ConfigError(f"{option} {folder}: {existing} is not a folder")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise ConfigError(f"{option} {folder}: no permission to write in {existing}")
