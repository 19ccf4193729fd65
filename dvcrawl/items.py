"""The feed schema: one `Article` per line of a dvcrawl JSONL feed.

This module is the single source of truth for the feed. `json_schema()` derives the JSON
Schema shipped in `schema/article.schema.json` (and used by validation) from these
dataclasses, and the README's field table is checked against it by the tests.
"""
import functools
from dataclasses import MISSING, dataclass, field, fields, is_dataclass
from typing import Any, get_args, get_origin, get_type_hints
import types

from itemadapter import ItemAdapter

SCHEMA_VERSION = "1.3"


def _f(description: str, default: Any = MISSING, **schema: Any):
    """A dataclass field carrying its documentation and extra JSON Schema keywords."""
    meta = {"description": description, "schema": schema}
    if default is MISSING:
        return field(metadata=meta)
    if isinstance(default, (list, dict)):
        return field(default_factory=lambda: type(default)(default), metadata=meta)
    return field(default=default, metadata=meta)


@dataclass
class Image:
    src: str = _f("Absolute URL of the image file (never a lazy-load placeholder).", format="uri")
    caption: str | None = _f("The caption printed with the image, or null.", None)


@dataclass
class Document:
    ref: str = _f("The reference as printed, without \"số\", the type word and spaces, dashes as "
                  "\"-\": `25-NQ/TW`, `59/2023/NĐ-CP`, `1234/UBND-NC`.", minLength=1)
    number: str = _f("The document's number as printed (`06`).", minLength=1)
    issuer: str = _f("Issuing body in the reference (`TW`, `BDVTU`, `CP`, `UBND-NC`).", minLength=1)
    kind: str | None = _f("Document type (\"Nghị quyết\", \"Kế hoạch\", \"Luật\", …), as printed or "
                          "from the code.", None)
    code: str | None = _f("Type code of the reference (`NQ`, `QĐi`, `NĐ`), null where it has none "
                          "(`10/2022/QH15`, `1234/UBND-NC`).", None)
    year: int | None = _f("Year printed in a State reference (`59/2023/NĐ-CP`), else null.", None)
    date: str | None = _f("Date of the document where the text gives it (\"ngày 03/6/2013\"), "
                          "`YYYY-MM-DD`.", None, pattern=r"^\d{4}-\d{2}-\d{2}$")


@dataclass
class Person:
    name: str = _f("Full name as printed, without \"đồng chí\", \"ông\", \"bà\" or titles.", minLength=1)
    role: str | None = _f("Position printed next to the name at its first mention with one; "
                          "several joined by \", \" as printed; null where none is given.", None)


@dataclass
class Article:
    url: str = _f("Canonical URL of the article (the page's canonical link, tracking and "
                  "redirect parameters removed).", format="uri")
    site: str = _f("Site id from the registry, e.g. `ninhbinh`.", minLength=1)
    title: str = _f("Headline as published, normalised.", minLength=1)
    body: str = _f("Article text in reading order, paragraphs joined by one blank line; "
                   "no title, lead, captions, byline or site chrome.", minLength=1)
    site_name: str | None = _f("Name of the publishing site.", None)
    province: str | None = _f("Province as named when the article was published.", None)
    province_2025: str | None = _f("Province after the 1 July 2025 merger (34 units).", None)
    level: str | None = _f("`province`, `district` or `commune` site.", None,
                           enum=["province", "district", "commune", None])
    site_status: str = _f("`active`, or `archived` for a site of a unit that no longer exists "
                          "(merged provinces, the former districts): its archive is still read.",
                          "active", enum=["active", "archived"])
    summary: str | None = _f("The lead (sapo) where the template marks one, else null.", None)
    published: str | None = _f(
        "Publication time, ISO 8601 with +07:00 (`YYYY-MM-DDTHH:MM:SS+07:00`) when the site "
        "shows a time, `YYYY-MM-DD` when it shows only a date, null when it shows none.", None,
        pattern=r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}\+07:00)?$")
    published_date: str | None = _f(
        "Day of publication in Vietnam, `YYYY-MM-DD`: the date part of `published`, always set when "
        "`published` is, so that one column holds one type.", None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    authors: list[str] = _f("People in the byline, in order; organisations dropped.", [])
    images: list[Image] = _f("Images in the article body with their captions.", [])
    views: int | None = _f("The page's view counter, or null where the page shows none.", None,
                           minimum=0)
    documents: list[Document] = _f("Numbered Party and State documents cited in the title, lead and "
                                   "body, in order of first appearance, each once.", [])
    people: list[Person] = _f("Persons named in the title, lead and body, in order of first "
                              "appearance, each once, with the position printed next to them.", [])
    story_id: str | None = _f("Stable id of the story; copies of one story on several sites "
                              "share it.", None)
    fingerprint: str | None = _f("Content fingerprint (sha1 of normalised title and body).", None)
    version: int = _f("1 when the article is first exported; a later run that finds its content "
                      "changed exports it again with the next number.", 1, minimum=1)
    previous_fingerprint: str | None = _f("`fingerprint` of the version this one updates; null "
                                          "for version 1.", None)
    extraction: str = _f("How the fields were extracted: `site` selectors, or `generic` "
                         "(content analysis, also used as the fallback when a template drifts).",
                         "site", enum=["site", "generic"])
    topic_label: str | None = _f("Dân vận relevance from the keyword and phrase rules of "
                                 "`dvcrawl/topic.py`: `relevant` or `other`.", None,
                                 enum=["relevant", "other", None])
    topic_score: float | None = _f("Dân vận relevance score in [0, 1] (`relevant` from 0.5).",
                                   None, minimum=0, maximum=1)
    crawled_at: str | None = _f("When the page was fetched, ISO 8601 UTC.", None, format="date-time")
    schema_version: str = _f("Version of this schema.", SCHEMA_VERSION)

    def __post_init__(self):
        # one derived column, set wherever an Article is made, so the two never disagree
        if self.published and not self.published_date:
            self.published_date = self.published[:10]


REQUIRED = ("url", "site", "title", "body")


def _type_schema(tp: Any) -> dict:
    origin = get_origin(tp)
    if origin in (types.UnionType,) or str(origin) == "typing.Union":
        options = [_type_schema(a) for a in get_args(tp)]
        return {"anyOf": options}
    if tp is type(None):
        return {"type": "null"}
    if origin is list:
        return {"type": "array", "items": _type_schema(get_args(tp)[0])}
    if tp is str:
        return {"type": "string"}
    if tp is int:
        return {"type": "integer"}
    if tp is float:
        return {"type": "number"}
    if hasattr(tp, "__dataclass_fields__"):
        return _object_schema(tp)
    raise TypeError(f"no JSON Schema for {tp!r}")


def _object_schema(cls: type) -> dict:
    hints = get_type_hints(cls)
    props = {}
    for f in fields(cls):
        schema = _type_schema(hints[f.name])
        extra = dict(f.metadata.get("schema", {}))
        if extra:
            target = next((o for o in schema.get("anyOf", []) if o.get("type") != "null"), schema)
            if "enum" in extra:
                schema = {"enum": extra.pop("enum")}
            target.update(extra) if "anyOf" in schema else schema.update(extra)
        schema["description"] = f.metadata["description"]
        props[f.name] = schema
    required = [f.name for f in fields(cls) if f.default is MISSING and f.default_factory is MISSING]
    return {"type": "object", "properties": props, "required": required,
            "additionalProperties": False}


def json_schema() -> dict:
    """The JSON Schema (draft 2020-12) of one feed line."""
    schema = _object_schema(Article)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"https://dvcrawl.invalid/schema/article-{SCHEMA_VERSION}.json",
            "title": "dvcrawl article", **schema}


if __name__ == "__main__":  # python -m dvcrawl.items > schema/article.schema.json
    import json

    print(json.dumps(json_schema(), ensure_ascii=False, indent=2))


def item_dict(item) -> dict:
    """The fields of an item as a dict for writing out. Shallow for a dataclass item: its lists
    are shared, not copied (asdict() deep-copies every list and dict, 0.1–0.3 ms per article);
    the dict is only serialised."""
    if is_dataclass(item):
        return {name: getattr(item, name) for name in _field_names(type(item))}
    return ItemAdapter(item).asdict()


@functools.cache
def _field_names(cls) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))
