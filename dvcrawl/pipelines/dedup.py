"""Decide, for each valid article, whether it is new, updated, unchanged or a duplicate.

- Within a run, an article reached by several URLs (same canonical URL, or the same content
  fingerprint on the same site) passes once; the other copies are dropped as duplicates.
- Across runs, the state store (dvcrawl.store) knows what earlier runs exported: the same
  URL with the same fingerprint is `unchanged` (passes on, not exported again); with another
  fingerprint it is `updated` (exported with the next `version` and `previous_fingerprint`).
- Across sites, a new article takes the `story_id` of its near-duplicate on another site
  (MinHash/LSH), found among this run's articles first, then in the state store.

The verdict is recorded in the run context for the export pipeline and the run summary.
"""
from functools import partial

from scrapy.exceptions import DropItem

from dvcrawl.pipelines import RunPipeline
from dvcrawl.assembly import fingerprint
from dvcrawl.store import signature, story_text
from dvcrawl.store.base import versioned


class DedupPipeline(RunPipeline):

    def process_item(self, item, spider=None):
        run, site, url = self.run, item.site, item.url
        fp = fingerprint(item.title, item.body)
        known = run.state.seen(url) if run.state is not None else None
        twin = run.current.seen(url) or run.current.by_fingerprint(site, fp)
        if twin is None and run.state is not None and known is None:
            twin = run.state.by_fingerprint(site, fp)  # known content under another URL
        if twin is not None:
            self._verdict(site, url, "duplicate")
            raise DropItem(f"{url}: duplicate of {twin.url}")
        sig = None
        if known is not None and known.fingerprint == fp:  # unchanged: the stored signature of its text
            sig = run.state.signature_of(url)
        if sig is None:
            sig = signature(story_text(item.title, item.summary, item.body))
        verdict, item = versioned(item, fp, known, partial(self._new_story, item, fp, sig))
        run.current.add(site, url, fp, item.story_id, sig, version=item.version)
        self._verdict(site, url, verdict)
        return item

    def _new_story(self, item, fp: str, sig) -> str:
        """A new article's story_id: a near-duplicate's on another site, found among this run's
        articles first, then in the state store; else its own."""
        run, site = self.run, item.site
        story = (run.current.find_story(sig, exclude_site=site)
                 or (run.state.find_story(sig, exclude_site=site) if run.state is not None else None)
                 or item.story_id)
        if run.stories is not None:  # the other sites are other processes (`scrapy crawl`, workers)
            story = run.stories.settle_story(site, item.url, fp, sig, story)
        return story

    def _verdict(self, site: str, url: str, verdict: str) -> None:
        self.run.count(site, verdict)
        self.stats.inc_value(f"dvcrawl/{verdict}")
        if verdict != "duplicate" and self.run.output is not None:
            self.run.verdicts[url] = verdict  # for the export pipeline, which takes it back
