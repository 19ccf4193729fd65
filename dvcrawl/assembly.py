"""Item assembly: the feed item of one article page from the fields its page object read and
the facts of its site (normalised fields, content fingerprint, default story id, topic, the
documents and people the text names).

Between extraction (pages in, fields out) and the pipelines (items in): spiders, `dvcrawl
extract` and the benchmark build items here, and the pipelines use its fingerprint.
"""
import hashlib
import uuid
from datetime import datetime, timezone

from dvcrawl.documents import find_documents
from dvcrawl.extract.page import ArticlePage
from dvcrawl.items import Article
from dvcrawl.people import find_people
from dvcrawl.registry import Site
from dvcrawl.topic import classify
from dvcrawl.urls import canonicalize, same_site


def fingerprint(title: str, body: str) -> str:
    """Content fingerprint: sha1 of the normalised title and body."""
    return hashlib.sha1(f"{title}\n{body}".encode("utf-8")).hexdigest()


def story_id_for(url: str) -> str:
    """Default story id: stable for a canonical URL (dedup may assign a shared one)."""
    return uuid.uuid5(uuid.NAMESPACE_URL, url).hex[:16]


def build_article(site: Site, page: ArticlePage, response_url: str, extraction: str = "site") -> Article:
    """The feed item of one article page read by `page` (site facts from `site`)."""
    fields = page.fields()
    url = fields.pop("url")
    if not same_site(url, site.domains):  # a canonical link pointing elsewhere is not trusted
        url = canonicalize(response_url)
    texts = (fields["title"], fields["summary"], fields["body"])
    topic = classify(*texts)
    return Article(
        url=url, site=site.id, site_name=site.name, province=site.province,
        province_2025=site.province_2025, level=site.level, site_status=site.status,
        story_id=story_id_for(url),
        fingerprint=fingerprint(fields["title"] or "", fields["body"] or ""),
        extraction=extraction, topic_label=topic.label, topic_score=topic.score,
        documents=find_documents(*texts), people=find_people(*texts),
        crawled_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        **fields,
    )
