"""Scrapy settings given on the command line (`-s NAME=VALUE`), checked before any crawl starts.

A setting name must be one Scrapy or dvcrawl knows (a default in Scrapy's default settings or
in dvcrawl/settings.py, or a Spidermon setting): a misspelt name would otherwise be ignored in
silence, and the run would go on with the value the user meant to change.
"""
import difflib
import os
import re
from pathlib import Path

from scrapy.settings import default_settings

from dvcrawl.registry import ConfigError
from dvcrawl.replay import Snapshot

LOG_LEVELS = ("CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG")


def apply_overrides(settings, pairs: list[str], sites: list[str] = ()) -> None:
    """Set each `-s NAME=VALUE` at command-line priority, checked now rather than mid-crawl:
    the name must be a known setting, a value must read as the type of the setting's default
    (number, true/false, list, JSON object), counts and durations must not be negative, a log
    level must be a level, and a snapshot folder given with -s must be a snapshot.
    Raises ConfigError."""
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip()
        if not sep or not name:
            raise ConfigError(f"-s {pair!r}: expected NAME=VALUE")
        if not name.replace("_", "").isalnum() or not name.isupper():
            raise ConfigError(f"-s {pair!r}: {name!r} is not a setting name (UPPER_CASE)")
        _check_known(name, settings)
        _set_typed(settings, name, value, pair)
    check_settings(settings, sites)


def check_settings(settings, sites: list[str] = ()) -> None:
    """Values no crawl can start with, whatever priority set them. Raises ConfigError."""
    level = settings.get("LOG_LEVEL")
    if isinstance(level, str) and level.upper() not in LOG_LEVELS:
        raise ConfigError(f"LOG_LEVEL: {level!r} is not a log level (one of {', '.join(LOG_LEVELS)})")
    log_file = settings.get("LOG_FILE")
    if log_file:
        folder = Path(log_file).resolve().parent
        if not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK):
            raise ConfigError(f"LOG_FILE {log_file}: {folder} is not a folder dvcrawl may write in")
    try:
        if settings.get("DVCRAWL_SNAPSHOT"):
            Snapshot(settings.get("DVCRAWL_SNAPSHOT"))
        if settings.get("DVCRAWL_SNAPSHOT_ROOT"):
            root = Path(settings.get("DVCRAWL_SNAPSHOT_ROOT"))
            if not root.is_dir():
                raise ConfigError(f"{root}: no such folder")
            for site_id in sites:
                Snapshot(root / site_id)
    except ConfigError as exc:
        raise ConfigError(f"-s DVCRAWL_SNAPSHOT…: {exc}") from None


def _check_known(name: str, settings) -> None:
    known = _known_names(settings)
    if name in known or name.startswith(_OPEN_PREFIXES):
        return
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.75)
    hint = f"; did you mean {close[0]}?" if close else " (Scrapy's settings and those in dvcrawl/settings.py)"
    raise ConfigError(f"-s {name}: unknown setting {name}{hint}")


def _known_names(settings) -> set[str]:
    scrapy_names = {n for n in dir(default_settings) if n.isupper()}
    return scrapy_names | {name for name, _ in settings.items()}


def _set_typed(settings, name: str, value: str, pair: str) -> None:
    default = settings.get(name)
    getter, kind = _GETTERS.get(type(default), (None, None))
    if hasattr(default, "copy_to_dict"):  # a dict setting (ITEM_PIPELINES, FEEDS…)
        getter, kind = "getdict", "a JSON object"
    try:
        settings.set(name, value, priority="cmdline")  # parses JSON for dict settings
    except (ValueError, TypeError):
        raise ConfigError(f"-s {pair!r}: {name} must be {kind or 'valid'}, got {value!r}") from None
    if type(default) is int and not _FLOAT_OK.search(name):
        getter, kind = "getint", "a whole number"
    if getter is None:
        return
    try:
        number = getattr(settings, getter)(name)
    except (ValueError, TypeError):
        settings.set(name, default, priority="cmdline")
        raise ConfigError(f"-s {pair!r}: {name} must be {kind}, got {value!r}") from None
    if getter in ("getint", "getfloat") and number < 0 and _NON_NEGATIVE.search(name):
        settings.set(name, default, priority="cmdline")
        raise ConfigError(f"-s {pair!r}: {name} cannot be negative")


# settings of add-ons that read their own names without declaring defaults
_OPEN_PREFIXES = ("SPIDERMON_",)
# integer-valued defaults that Scrapy reads as numbers with a fraction (seconds, ratios)
_FLOAT_OK = re.compile(r"DELAY|TIMEOUT|CONCURRENCY|BACKOFF|_AFTER|INTERVAL")
# durations, counts and sizes: a negative value is a mistake (priorities may be negative)
_NON_NEGATIVE = re.compile(r"DELAY|TIMEOUT|CONCURRENCY|CONCURRENT|BACKOFF|_AFTER|INTERVAL|_TIMES"
                           r"|SIZE|LIMIT|PATIENCE|_MAX|_PAGES|ITEMCOUNT|PAGECOUNT|ERRORCOUNT")
_GETTERS = {bool: ("getbool", "true or false"), int: ("getfloat", "a number"),
            float: ("getfloat", "a number"), list: ("getlist", "a list"),
            tuple: ("getlist", "a list"), dict: ("getdict", "a JSON object")}
