"""Normalise every text field of an item (NFC, Đ, spaces), whatever produced it."""
from dataclasses import replace

from dvcrawl.items import Article
from dvcrawl.text import normalize, normalize_or_none


class NormalizePipeline:
    def process_item(self, item: Article, spider=None) -> Article:
        body = "\n\n".join(p for p in (normalize(x) for x in (item.body or "").split("\n\n")) if p)
        return replace(
            item,
            title=normalize(item.title),
            summary=normalize_or_none(item.summary),
            body=body,
            authors=[a for a in (normalize(a) for a in item.authors) if a],
            images=[{"src": i["src"].strip(), "caption": normalize_or_none(i.get("caption"))}
                    for i in item.images],
        )
