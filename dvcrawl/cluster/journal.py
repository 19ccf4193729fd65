"""Articles that cluster jobs recorded in the shared store, and their publication into feeds.

A Scrapyd job is a plain `scrapy crawl <site>` with `-s DVCRAWL_STATE=postgresql://…`: it
has no feed of its own. Each article it accepts is recorded in the store at once, as a
version no feed carries yet (pending: `versions.feed` empty): `record_pending` decides new / updated /
unchanged / duplicate and the story_id under the store's story lock, in the transaction that
records it, so jobs on several machines never record one version twice and agree on story
ids (the unique key (article, version) backs this up).

`dvcrawl publish` then writes every pending version into one feed and marks them published
with the feed's run id, in this order, each step idempotent:

1. the feed's .part file is written, fsynced and renamed (published);
2. manifest.json and `latest` are updated;
3. in one transaction the feed's versions are marked as carried by it and its run id is claimed.

A publish killed before 1 leaves a .part file (removed by the next publish, the versions
still pending); killed after 1 or 2, the next publish first finishes steps 2 and 3 for that
feed (`recover_feeds`), so no version is published twice or lost.
"""
from dataclasses import replace

from dvcrawl.feeds import Output, PartFile, iter_items
from dvcrawl.runs import crash_point, item_dict, new_run_id
from dvcrawl.store import ArticleStore

_PENDING = ("SELECT v.item FROM versions v JOIN articles a ON a.id = v.article "
            "WHERE v.feed IS NULL ORDER BY a.site, a.url, v.version")


def record_pending(store: ArticleStore, item, sig) -> tuple[str, object]:
    """Record a job's article as a pending version, deciding under the story lock; returns the
    verdict and the item as recorded (its version and story_id settled). `unchanged` and
    `duplicate` record nothing."""
    with store.transaction(lock_stories=True):
        known = store.seen(item.url)
        if known is not None and known.fingerprint == item.fingerprint:
            return "unchanged", replace(item, story_id=known.story_id, version=known.version)
        if known is None and store.by_fingerprint(item.site, item.fingerprint) is not None:
            return "duplicate", item
        if known is None:
            story = store.find_story(sig, exclude_site=item.site) or item.story_id
            item = replace(item, story_id=story, version=1, previous_fingerprint=None)
        else:
            item = replace(item, story_id=known.story_id, version=known.version + 1,
                           previous_fingerprint=known.fingerprint)
        verdict = store.record(item_dict(item), sig, run_id=None)
    return ("new" if item.version == 1 else "updated") if verdict != "unchanged" else "unchanged", item


def mark_published(store: ArticleStore, run_id: str, feed) -> int:
    """Step 3: the feed's versions published under `run_id`, once (a claimed run id is
    never applied again). Returns how many versions it marked."""
    marked = 0
    with store.transaction():
        if not store.claim_run(run_id, feed.name, sum(1 for _ in iter_items(feed))):
            return 0
        for item in iter_items(feed):
            marked += store._execute(
                "UPDATE versions SET feed = ?, run_id = ? WHERE feed IS NULL AND version = ? "
                "AND article = (SELECT id FROM articles WHERE url = ?)",
                (feed.name, run_id, item.get("version") or 1, item["url"])).rowcount
    return marked


def recover_feeds(store: ArticleStore, output: Output) -> dict:
    """Finish what a killed publish left: .part files removed, published feeds registered
    and marked in the store."""
    removed = output.clean_parts()
    registered = {e["feed"] for e in output.manifest()["feeds"]}
    marked = 0
    for feed in output.published_feeds():
        if feed.name not in registered:
            output.register(feed)
        run_id = feed.name[len("feed-"):-len(".jsonl")]
        if not store.applied(run_id):
            marked += mark_published(store, run_id, feed)
    return {"removed_parts": [p.name for p in removed], "marked": marked}


def publish(store: ArticleStore, output: Output, crash_at: str | None = None) -> dict:
    """Publish every pending version into one feed; what was written (feed None: nothing
    pending)."""
    recovered = recover_feeds(store, output)
    run_id = new_run_id()
    part = None
    for (text,) in store._stream(_PENDING, ()):
        if part is None:
            part = PartFile(output.feed_path(run_id))
        part.write_raw(text.rstrip("\n") + "\n")
    if part is None:
        return {"run_id": run_id, "feed": None, "items": 0, "recovered": recovered}
    items = part.lines
    feed = part.publish()
    crash_point("published", crash_at)
    output.register(feed)
    crash_point("registered", crash_at)
    mark_published(store, run_id, feed)
    return {"run_id": run_id, "feed": feed.name, "items": items, "recovered": recovered}
