"""Scrapy settings given on the command line (`-s NAME=VALUE`), checked before any crawl starts."""
import re
from pathlib import Path

from dvcrawl.registry import ConfigError
from dvcrawl.replay import Snapshot


def apply_overrides(settings, pairs: list[str], sites: list[str] = ()) -> None:
    """Set each `-s NAME=VALUE` at command-line priority, checked now rather than mid-crawl:
    a value must read as the type of the setting's default (number, true/false, list, JSON
    object), and a snapshot folder given with -s must be a snapshot. Raises ConfigError."""
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip()
        if not sep or not name:
            raise ConfigError(f"-s {pair!r}: expected NAME=VALUE")
        if not name.replace("_", "").isalnum() or not name.isupper():
            raise ConfigError(f"-s {pair!r}: {name!r} is not a setting name (UPPER_CASE)")
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
            continue
        try:
            getattr(settings, getter)(name)
        except (ValueError, TypeError):
            settings.set(name, default, priority="cmdline")
            raise ConfigError(f"-s {pair!r}: {name} must be {kind}, got {value!r}") from None
    try:
        if settings.get("DVCRAWL_SNAPSHOT"):
            Snapshot(settings.get("DVCRAWL_SNAPSHOT"))
        if settings.get("DVCRAWL_SNAPSHOT_ROOT"):
            for site_id in sites:
                Snapshot(Path(settings.get("DVCRAWL_SNAPSHOT_ROOT")) / site_id)
    except ConfigError as exc:
        raise ConfigError(f"-s DVCRAWL_SNAPSHOT…: {exc}") from None


# integer-valued defaults that Scrapy reads as numbers with a fraction (seconds, ratios)
_FLOAT_OK = re.compile(r"DELAY|TIMEOUT|CONCURRENCY|BACKOFF|_AFTER|INTERVAL")
_GETTERS = {bool: ("getbool", "true or false"), int: ("getfloat", "a number"),
            float: ("getfloat", "a number"), list: ("getlist", "a list"),
            tuple: ("getlist", "a list"), dict: ("getdict", "a JSON object")}
