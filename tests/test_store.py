"""The article store on both backends: full items and versions, schema versions, search,
and writers working at the same time."""
import json
import sqlite3
import threading
import time
from collections import Counter
from dataclasses import asdict

import pytest

from dvcrawl.items import Article
from dvcrawl.registry import ConfigError
from dvcrawl.assembly import fingerprint, story_id_for
from dvcrawl.store import SqliteStore, open_store, signature, story_text
from dvcrawl.store.fulltext import fold, snippet, terms

FILLER = ("Hội nghị có sự tham dự của lãnh đạo các ban, ngành, đoàn thể của tỉnh và đại diện các "
          "huyện, thành phố trên địa bàn; các đại biểu đã thảo luận nhiều ý kiến tâm huyết. ")


def item(url, title, body, site="backan", version=1, published="2021-03-05", **extra) -> dict:
    fields = asdict(Article(url=url, site=site, title=title, body=body, published=published,
                            story_id=story_id_for(url), fingerprint=fingerprint(title, body), version=version))
    return {**fields, **extra}


def sig(it: dict):
    return signature(story_text(it["title"], it.get("summary"), it["body"]))


def record_all(store, items, run_id="r1"):
    with store.transaction():
        return [store.record(it, sig(it), run_id) for it in items]


KHEO_TITLE = item("https://backan.example/1", "Nhân rộng mô hình “Dân vận khéo” ở cơ sở", FILLER * 3)
KHEO_BODY = item("https://camau.example/2", "Hội nghị giao ban công tác dân vận quý I",
                 FILLER * 4 + "Phong trào thi đua Dân vận khéo tiếp tục lan tỏa. " + FILLER, site="camau",
                 published="2020-02-24T08:30:00+07:00")
WORDS_APART = item("https://backan.example/3", "Vận động nhân dân hiến đất làm đường",
                   "Người dân khéo léo vận động bà con. " + FILLER * 2, published="2019-12-01")
OTHER = item("https://backan.example/4", "Đại hội Đảng bộ xã nhiệm kỳ 2020 - 2025", FILLER * 2,
             documents=[{"ref": "114-KL/TW", "kind": "Kết luận", "code": "KL", "number": "114", "issuer": "TW",
                         "year": None, "date": None}],
             people=[{"name": "Nguyễn Văn Đức", "role": "Bí thư Đảng ủy xã"}])


def test_record_keeps_every_version_and_the_latest_stands(any_state):
    first = item("https://backan.example/a", "Tổng kết Dân vận khéo", FILLER)
    second = item(first["url"], "Tổng kết Dân vận khéo", FILLER + "Thêm một đoạn.", version=2,
                  previous_fingerprint=first["fingerprint"])
    with open_store(any_state) as store:
        assert record_all(store, [first]) == ["new"]
        assert record_all(store, [first], "r2") == ["unchanged"]  # a version is recorded once
        assert record_all(store, [second], "r3") == ["updated"]
        assert record_all(store, [first], "r4") == ["unchanged"]  # an older version changes nothing
        assert store.seen(first["url"]).version == 2 and store.count() == 1
        assert list(store.articles()) == [second]
        assert list(store.articles(all_versions=True)) == [first, second]
        assert store.find_story(sig(second)) == first["story_id"]


def test_articles_filter_by_site_and_publication_date(any_state):
    with open_store(any_state) as store:
        record_all(store, [KHEO_TITLE, KHEO_BODY, WORDS_APART])
        assert [i["url"] for i in store.articles(sites=["camau"])] == [KHEO_BODY["url"]]
        assert {i["url"] for i in store.articles(since="2020-01-01")} == {KHEO_TITLE["url"], KHEO_BODY["url"]}
        assert store.sites() == ["backan", "camau"]


def test_a_feed_is_claimed_once(any_state):
    with open_store(any_state) as store:
        with store.transaction():
            assert store.claim_run("r1", "feed-r1.jsonl", 3)
        with store.transaction():
            assert not store.claim_run("r1", "feed-r1.jsonl", 3)
        assert store.applied("r1") and not store.applied("r2")


def test_schema_is_versioned_and_migrated_once(any_state):
    open_store(any_state).close()
    with open_store(any_state) as store:
        assert store.schema_version() == len(store.MIGRATIONS) == 3
        assert store._execute("SELECT COUNT(*) FROM schema_version").fetchone()[0] == 3


def test_signatures_of_another_scheme_are_computed_again(any_state, caplog):
    """A store made before the "wordmix" signatures (schema version 2) is migrated: every
    recorded article gets its signature and band keys from its text again, so near-duplicates
    of it are still found; an article kept without its text keeps its story but is no
    candidate any more (its old band keys would never match)."""
    from dvcrawl.store.minhash import LSH_PARAMS, band_keys

    no_text = signature("Lễ ra quân Chiến dịch thanh niên tình nguyện hè năm 2024 diễn ra tại nhà văn hóa xã, "
                        "đoàn viên dọn vệ sinh kênh mương, sửa chữa nhà nhân ái cho hộ nghèo.")
    with open_store(any_state) as store:
        record_all(store, [KHEO_TITLE, OTHER])
        with store.transaction():
            store.add("camau", "https://camau.example/no-text", "fp", "story-x", no_text)
            # as dvcrawl before version 3 left it: other signature values, other band keys
            store._execute("UPDATE articles SET signature = ?", (bytes(256),))
            store._execute("DELETE FROM bands")
            store._execute_many("INSERT INTO bands (key, article) SELECT ?, id FROM articles", [(7,), (8,)])
            store._execute("UPDATE meta SET value = 'minhash64-bands16x4-shingle3' WHERE name = 'lsh'")
            store._execute("DELETE FROM schema_version WHERE version = 3")
    with open_store(any_state) as store:
        assert store.schema_version() == 3
        assert store._execute("SELECT value FROM meta WHERE name = 'lsh'").fetchone()[0] == LSH_PARAMS
        assert store.find_story(sig(KHEO_TITLE)) == KHEO_TITLE["story_id"]
        assert store.find_story(sig(OTHER), exclude_site="camau") == OTHER["story_id"]
        assert store.find_story(no_text) is None
        assert store.seen("https://camau.example/no-text").story_id == "story-x"
        keys = sorted(store._execute("SELECT key FROM bands").fetchall())
        assert keys == sorted((k,) for it in (KHEO_TITLE, OTHER) for k in band_keys(sig(it)))
    assert "signatures of the stored articles again" in caplog.text


def test_store_made_before_the_article_store_is_upgraded_in_place(tmp_path):
    path = tmp_path / "dvcrawl.sqlite"
    with sqlite3.connect(path) as db:  # the schema of dvcrawl before schema_version
        for statement in SqliteStore.MIGRATIONS[0]:
            db.execute(statement)
        db.execute("INSERT INTO meta VALUES ('schema', '1')")
        db.execute("INSERT INTO articles (url, site, fingerprint, version, story_id, signature) "
                   "VALUES ('https://backan.example/old', 'backan', 'fp', 1, 'story', ?)", (bytes(256),))
    with SqliteStore(path) as store:
        assert store.schema_version() == 3
        assert store.seen("https://backan.example/old").story_id == "story"
        assert record_all(store, [KHEO_TITLE]) == ["new"]
        assert [h.item["url"] for h in store.search("dan van kheo")] == [KHEO_TITLE["url"]]


def test_search_finds_words_with_or_without_diacritics_phrase_in_title_first(any_state):
    with open_store(any_state) as store:
        record_all(store, [WORDS_APART, OTHER, KHEO_BODY, KHEO_TITLE])
        for query in ("dan van kheo", "Dân vận khéo", "DÂN VẬN KHÉO"):
            assert [h.item["url"] for h in store.search(query)] == [
                KHEO_TITLE["url"], KHEO_BODY["url"], WORDS_APART["url"]], query
        hits = store.search("dan van kheo")
        assert "Dân vận khéo" in hits[1].snippet and len(hits[1].snippet) < 260  # cut around the match
        assert [h.item["url"] for h in store.search("dai hoi dang bo")] == [OTHER["url"]]  # đ is d
        assert store.search("dan van kheo", limit=1)[0].item["url"] == KHEO_TITLE["url"]
        assert store.search("hoàn toàn vắng mặt") == []
        with pytest.raises(ConfigError, match="no word"):
            store.search(" … ")


def test_search_filters_by_site_date_document_and_person(any_state):
    with open_store(any_state) as store:
        record_all(store, [WORDS_APART, OTHER, KHEO_BODY, KHEO_TITLE])
        urls = lambda **kw: [h.item["url"] for h in store.search("hoi nghi", **kw)]  # noqa: E731
        assert urls(sites=["camau"]) == [KHEO_BODY["url"]]
        assert set(urls(since="2020-01-01")) == {KHEO_TITLE["url"], KHEO_BODY["url"], OTHER["url"]}
        assert WORDS_APART["url"] in urls()
        for ref in ("114-KL/TW", "114-kl/tw", "114 – KL/TW"):
            assert urls(document=ref) == [OTHER["url"]]
        assert urls(document="45-KH/TU") == []
        assert urls(person="Nguyen Van Duc") == urls(person="nguyễn văn đức") == [OTHER["url"]]
        assert [h.item["url"] for h in store.search("", document="114-KL/TW")] == [OTHER["url"]]  # no words needed


def test_fold_keeps_length_and_snippet_keeps_the_original_text():
    text = "Đồng chí Đặng Tuyết Em dự Hội nghị “Dân vận khéo” năm 2020"
    assert fold(text) == "Dong chi Dang Tuyet Em du Hoi nghi “Dan van kheo” nam 2020"
    assert len(fold(text)) == len(text) and terms("Dân-vận khéo!") == ["dan", "van", "kheo"]
    long = "Mở đầu. " * 60 + text + " Kết thúc." * 60
    cut = snippet(long, terms("dan van kheo"), width=120)
    assert "“Dân vận khéo”" in cut and cut.startswith("…") and cut.endswith("…")


def _in_threads(n, work):
    """Run work(i) in n threads started together; their results in order."""
    results, errors, gate = [None] * n, [], threading.Barrier(n)

    def run(i):
        try:
            gate.wait()
            results[i] = work(i)
        except Exception as exc:  # reported below, with the thread's error
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    return results


def test_writers_at_the_same_time_record_a_version_and_a_feed_once(any_state):
    open_store(any_state).close()  # schema made; the writers then start together

    def write(i):
        with open_store(any_state) as store:
            with store.transaction():
                claimed = store.claim_run("shared-run", "feed-shared.jsonl", 1)
                return claimed, store.record(KHEO_TITLE, sig(KHEO_TITLE), f"run{i}")

    results = _in_threads(4, write)
    assert Counter(claimed for claimed, _ in results) == Counter({True: 1, False: 3})
    assert Counter(verdict for _, verdict in results) == Counter(new=1, unchanged=3)
    with open_store(any_state) as store:
        assert store.count() == 1 and len(list(store.articles(all_versions=True))) == 1


def test_writers_at_the_same_time_agree_on_the_story_id(any_state):
    open_store(any_state).close()
    copies = [item(f"https://site{i}.example/a", KHEO_TITLE["title"], KHEO_TITLE["body"] + f" Bản {i}.",
                   site=f"site{i}") for i in range(4)]

    def settle(i):
        it = copies[i]
        with open_store(any_state) as store:
            return store.settle_story(it["site"], it["url"], it["fingerprint"], sig(it), it["story_id"])

    stories = _in_threads(4, settle)
    assert len(set(stories)) == 1 and stories[0] in {c["story_id"] for c in copies}


def test_one_run_at_a_time_over_a_postgresql_store(postgres):
    url = postgres.new_schema("run_lock")
    first, second = open_store(url), open_store(url)
    try:
        assert first.try_run_lock() and not second.try_run_lock()
        first.close()  # the server lets the lock go when it sees the session end: a moment later
        deadline = time.time() + 10
        while not second.try_run_lock():
            assert time.time() < deadline, "the run lock outlived its session"
            time.sleep(0.05)
    finally:
        second.close()


def test_unreachable_postgresql_is_a_one_line_error():
    with pytest.raises(ConfigError, match=r"^--state postgresql://dv:\*\*\*@127.0.0.1:9/x: cannot use"):
        open_store("postgresql://dv:secret@127.0.0.1:9/x")


def test_a_version_recorded_before_its_feed_is_carried_by_the_feed_that_records_it(any_state):
    open_store(any_state).close()
    with open_store(any_state) as store:
        record_all(store, [KHEO_TITLE, KHEO_BODY], run_id=None)  # recorded by jobs, no feed yet
        with store.transaction():
            store.record(OTHER, sig(OTHER), "r0", feed="feed-r0.jsonl")  # recorded with its feed
        assert [json.loads(t)["url"] for t in store.pending_items()] == [KHEO_TITLE["url"], KHEO_BODY["url"]]
        with store.transaction():  # the feed carrying it is recorded: the version is not new, but carried
            assert store.record(KHEO_TITLE, sig(KHEO_TITLE), "p1", feed="feed-p1.jsonl") == "unchanged"
        assert [json.loads(t)["url"] for t in store.pending_items()] == [KHEO_BODY["url"]]


def _published_feed(output, items):
    """A feed published and registered by a run or publish killed before it recorded it."""
    from dvcrawl.feeds import PartFile
    from dvcrawl.runs import new_run_id

    part = PartFile(output.feed_path(new_run_id()))
    for it in items:
        part.write_line(it)
    feed = part.publish()
    output.register(feed)
    return feed


@pytest.mark.parametrize("killed", ["publish", "run"])
def test_a_killed_publish_or_run_is_finished_by_whichever_command_comes_next(tmp_path, any_state, killed):
    """`dvcrawl run` and `dvcrawl publish` share one recovery: a feed left published but
    unrecorded ends up recorded, each version carried by exactly one feed."""
    from dvcrawl.cluster.journal import publish
    from dvcrawl.feeds import Output
    from dvcrawl.runs import recover

    output = Output(tmp_path / "out")
    open_store(any_state).close()
    with open_store(any_state) as store:
        if killed == "publish":  # jobs recorded a version, the publish died after registering its feed
            record_all(store, [KHEO_TITLE], run_id=None)
            feed = _published_feed(output, [KHEO_TITLE])
            recover(output, store)  # what the next `dvcrawl run` does first
            assert list(store.pending_items()) == []
            assert publish(store, output)["feed"] is None  # nothing published twice
        else:  # a run died after registering its feed: the next `dvcrawl publish` records it
            feed = _published_feed(output, [OTHER])
            publish(store, output)
            assert store.seen(OTHER["url"]) is not None
        assert store.applied(feed.name[len("feed-"):-len(".jsonl")])
