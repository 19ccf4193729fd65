"""Articles that cluster jobs recorded in the shared store, and their publication into feeds.

A Scrapyd job is a plain `scrapy crawl <site>` with `-s DVCRAWL_STATE=postgresql://…`: it
has no feed of its own. Each article it accepts is recorded in the store at once, as a
version no feed carries yet (pending: `versions.feed` empty): `ArticleStore.record_pending` decides new / updated /
unchanged / duplicate and the story_id under the store's story lock, in the transaction that
records it, so jobs on several machines never record one version twice and agree on story
ids (the unique key (article, version) backs this up).

`dvcrawl publish` then writes every pending version into one feed and marks them published
with the feed's run id, in this order, each step idempotent:

1. the feed's .part file is written, fsynced and renamed (published);
2. manifest.json and `latest` are updated;
3. the feed is recorded like a run's (`runs.apply_feed`): in one transaction its run id is
   claimed and each of its versions, already stored, is marked as carried by it.

A publish killed before 1 leaves a .part file (removed by the next publish, the versions
still pending); killed after 1 or 2, the next publish or run first finishes steps 2 and 3 for
that feed (`runs.recover`, the same recovery as a run's), so no version is published twice or
lost, whichever command comes next.
"""
from dvcrawl.feeds import Output, PartFile
from dvcrawl.runs import apply_feed, crash_point, new_run_id, recover
from dvcrawl.store import ArticleStore


def publish(store: ArticleStore, output: Output, crash_at: str | None = None) -> dict:
    """Publish every pending version into one feed; what was written (feed None: nothing
    pending)."""
    recovered = recover(output, store)
    run_id = new_run_id()
    part = None
    for text in store.pending_items():
        if part is None:
            part = PartFile(output.feed_path(run_id))
        part.write_raw(text.rstrip("\n") + "\n")
    if part is None:
        return {"run_id": run_id, "feed": None, "items": 0, "recovered": recovered}
    items = part.lines
    feed = part.publish()
    crash_point("published", crash_at)
    entry = output.register(feed)
    crash_point("registered", crash_at)
    apply_feed(store, feed, entry["items"], known=store)
    return {"run_id": run_id, "feed": feed.name, "items": items, "recovered": recovered}
