"""The GcFreeze extension: what exists when the first engine starts is left out of collections."""
import gc

from scrapy.utils.test import get_crawler

from dvcrawl.extensions.gcfreeze import GcFreeze


def test_objects_made_before_the_crawl_are_frozen_once_per_process(monkeypatch):
    monkeypatch.setattr(GcFreeze, "frozen", False)
    gc.unfreeze()
    try:
        def collected(obj) -> bool:  # still in a generation the collector walks
            return any(o is obj for o in gc.get_objects())

        before_start = {"registry": ["kept for the whole crawl"]}
        first, second = (GcFreeze.from_crawler(get_crawler()) for _ in range(2))
        assert collected(before_start)
        first.engine_started()
        assert not collected(before_start) and gc.get_freeze_count() > 0
        made_during_the_crawl = {"item": ["an article"]}
        second.engine_started()  # a second site's crawler in the same process
        assert collected(made_during_the_crawl)
    finally:
        gc.unfreeze()
