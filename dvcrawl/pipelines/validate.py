"""Refuse items that are not publishable articles; each refusal goes to the run's rejects file.

An item is refused when a required field (url, site, title, body) is missing, when it does not
match the feed's JSON Schema (checked with Spidermon's JSON Schema validator against
`dvcrawl.items.json_schema()`), when its date cannot be read or lies in the future, or when
site chrome is left in its text. The reason is a short code, a colon, and the details.
"""
import re
from datetime import date, datetime

import fastjsonschema
from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem
from spidermon.contrib.validation import JSONSchemaValidator
from spidermon.contrib.validation.jsonschema.formats import format_checker

from dvcrawl.dates import is_future
from dvcrawl.extract.chrome import LEAK_MARKERS
from dvcrawl.items import REQUIRED, json_schema
from dvcrawl.pipelines import RunPipeline

_SCHEMA = json_schema()
_VALIDATOR = JSONSchemaValidator(_SCHEMA)  # the error messages of a refused item
# The same check, compiled once to Python code by fastjsonschema (about 10x faster than
# jsonschema's walk, which cost 0.5 ms per item): a valid item (nearly all of them) is only
# asked this; an invalid one then goes through Spidermon's validator for its messages, so
# rejects read exactly as before. Formats are checked by Spidermon's own format functions.
# The common shape of a value is tried first (what dvcrawl writes nearly always has it, and
# every value of that shape is valid): only other values go to Spidermon's full RFC parsers,
# which cost about 0.05 ms per value (rfc3987's grammar for a URL).
_PLAIN_URL = re.compile(r"https?://[A-Za-z0-9.-]+(?::[0-9]+)?"
                        r"(?:/(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*)?\Z")
_PLAIN_TIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]+)?[+-][0-9]{2}:[0-9]{2}\Z")


def _plain_time(value: str) -> bool:
    try:
        return bool(_PLAIN_TIME.match(value)) and datetime.fromisoformat(value) is not None
    except ValueError:  # a month 13, a 25th hour: the full parser gives the verdict
        return False


_PLAIN = {"uri": _PLAIN_URL.match, "date-time": _plain_time}


def _conforms(name: str):
    plain = _PLAIN.get(name)
    if plain is None:
        return lambda value: format_checker.conforms(value, name)
    return lambda value: bool(plain(value)) or format_checker.conforms(value, name)


_COMPILED = fastjsonschema.compile(
    {k: v for k, v in _SCHEMA.items() if k != "$schema"},  # 2020-12 is read as draft 7: same keywords here
    formats={name: _conforms(name) for name in format_checker.checkers})


def schema_valid(fields: dict) -> bool:
    try:
        _COMPILED(fields)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


class ValidatePipeline(RunPipeline):

    def process_item(self, item, spider=None):
        reason = item_problem(item)
        if reason:
            self.stats.inc_value(f"dvcrawl/rejected/{reason.split(':')[0]}")
            self.run.reject(item, reason)
            raise DropItem(f"{ItemAdapter(item).get('url')}: rejected: {reason}")
        return item


def _date_problem(published) -> str | None:
    if published is None:
        return None
    try:
        if isinstance(published, str) and len(published) == 10:
            date.fromisoformat(published)
        else:
            moment = datetime.fromisoformat(published)
            if moment.tzinfo is None:
                return f"bad_date: {published!r} has no time zone"
    except (TypeError, ValueError):
        return f"bad_date: {published!r} is not a date"
    if is_future(published):
        return f"future_date: {published} is in the future"
    return None


def item_problem(item) -> str | None:
    """`problem()` of an item of any kind (a shallow view: asdict() would deep-copy every list)."""
    return problem(dict(ItemAdapter(item)))


def problem(fields: dict) -> str | None:
    """Why an item must not be exported (`code: details`), or None."""
    for name in REQUIRED:
        if not fields.get(name):
            return f"missing_{name}: no {name}"
    reason = _date_problem(fields.get("published"))
    if reason:
        return reason
    if fields.get("published_date") != ((fields.get("published") or "")[:10] or None):
        return f"bad_date: published_date {fields.get('published_date')!r} is not the day of published"
    ok, errors = (True, {}) if schema_valid(fields) else _VALIDATOR.validate(fields)
    if not ok:
        return "schema: " + "; ".join(f"{name}: {', '.join(msgs)}" for name, msgs in sorted(errors.items()))
    text = " ".join(filter(None, [fields.get("title"), fields.get("summary"), fields.get("body")]))
    text = text.lower()
    leaked = [m for m in LEAK_MARKERS if m.lower() in text]
    if leaked:
        return f"chrome: site chrome in text ({', '.join(leaked)})"
    return None
