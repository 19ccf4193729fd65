"""Validate → dedup → export pipelines and the run context, without a crawl."""
import json
from collections import Counter
from dataclasses import replace

import pytest
from scrapy.exceptions import DropItem

from dvcrawl.feeds import Output, file_sha256, read_items
from dvcrawl.items import Article
from dvcrawl.pipelines.dedup import DedupPipeline
from dvcrawl.pipelines.export import ExportPipeline
from dvcrawl.pipelines.validate import ValidatePipeline, problem
from dvcrawl.runs import RunContext, recover
from dvcrawl.assembly import fingerprint, story_id_for
from dvcrawl.store import SqliteStore, open_store, signature, story_text

BODY = ("Ngày 14/10/2020, Ban Dân vận Trung ương tổ chức Hội nghị trực tuyến toàn quốc tổng kết 10 năm "
        "thực hiện phong trào thi đua Dân vận khéo giai đoạn 2010 - 2020 và biểu dương mô hình.\n\n"
        "Phong trào góp phần quan trọng vào thực hiện thắng lợi Chương trình mục tiêu quốc gia xây dựng "
        "nông thôn mới, giảm nghèo bền vững; vận động Nhân dân hiến đất làm đường giao thông nông thôn.")


class Stats(Counter):
    def inc_value(self, key, count=1):
        self[key] += count


def article(url="https://backan.dcs.vn/a-post1.html", site="backan", title="Tổng kết Dân vận khéo",
            body=BODY, **kw) -> Article:
    return Article(url=url, site=site, title=title, body=body, published=kw.pop("published", "2020-10-14"),
                   story_id=story_id_for(url), fingerprint=fingerprint(title, body), **kw)


@pytest.mark.parametrize("change, code", [
    ({"url": ""}, "missing_url"), ({"title": ""}, "missing_title"), ({"body": ""}, "missing_body"),
    ({"site": ""}, "missing_site"), ({"published": "2020-02-31"}, "bad_date"),
    ({"published": "hôm qua"}, "bad_date"), ({"published": "2020-03-25T10:37:00"}, "bad_date"),
    ({"published": "2999-01-01T08:00:00+07:00"}, "future_date"),
    ({"body": BODY + "\n\nLượt xem: 59"}, "chrome"), ({"url": "not a url"}, "schema"),
    ({"views": -3}, "schema"), ({"published_date": "2020-10-15"}, "bad_date"),
    ({"published": None}, "bad_date"), ({"documents": [{"ref": "25-NQ/TW"}]}, "schema"),
    ({"people": [{"name": "Nguyễn Văn A", "role": 3}]}, "schema"),
])
def test_problem_names_the_reason(change, code):
    fields = {**article().__dict__, **change}
    reason = problem(fields)
    assert reason and reason.split(":")[0] == code


@pytest.mark.parametrize("change", [
    {}, {"url": "not a url"}, {"url": "https://backan.dcs.vn/a b"}, {"views": -3}, {"views": "12"},
    {"views": 1.5}, {"level": "commune"}, {"extraction": "ai"}, {"version": 0}, {"authors": "Lan"},
    {"authors": [None]}, {"images": [{"src": "relative/x.jpg", "caption": None}]},
    {"images": [{"caption": "no src"}]}, {"images": [{"src": "https://x.vn/a.jpg", "caption": 3}]},
    {"crawled_at": "yesterday"}, {"crawled_at": "2026-01-01T00:00:00+00:00"}, {"topic_score": "high"},
    {"site": 7}, {"title": ["x"]}, {"published": "2020-10-14T10:00:00+07:00"},
    {"published_date": "14/10/2020"}, {"documents": [{"ref": "", "number": "1", "issuer": "TW"}]},
    {"documents": [{"ref": "1-KH/TU", "number": "1", "issuer": "TU", "year": "2020"}]},
    {"people": [{"name": "Nguyễn Văn A", "role": None}]}, {"people": [{"role": "Bí thư"}]},
    # around the plain shapes tried before Spidermon's RFC parsers (validate._PLAIN)
    {"url": "https://backan.dcs.vn/a%zz"}, {"url": "https://backan.dcs.vn/a%C3%A2?x=1&y=(2)"},
    {"url": "http://127.0.0.2:8080/tin-tuc/a.html"}, {"url": "https://backan.dcs.vn/a#top"},
    {"url": "ftp://backan.dcs.vn/a"}, {"url": "https://backan.dcs.vn/bài-viết"}, {"url": "https:///a"},
    {"url": "https://backan.dcs.vn:80x/a"}, {"url": "https://backan.dcs.vn/a\\b"},
    {"crawled_at": "2026-13-01T00:00:00+00:00"}, {"crawled_at": "2026-01-01T24:00:00+00:00"},
    {"crawled_at": "2026-01-01T00:00:00Z"}, {"crawled_at": "2026-01-01T00:00:00.5+07:00"},
    {"crawled_at": "2026-01-01T00:00:00"}, {"crawled_at": "2026-01-01 00:00:00+00:00"},
])
def test_compiled_schema_check_agrees_with_spidermon(change):
    """The fast gate (fastjsonschema) may only pass what Spidermon's validator passes."""
    from dvcrawl.pipelines.validate import _VALIDATOR, schema_valid

    fields = {**article(crawled_at="2026-01-01T00:00:00+00:00").__dict__, **change}
    assert schema_valid(fields) == _VALIDATOR.validate(fields)[0]


def test_item_dict_is_the_dataclass_fields_as_written_out():
    """The feed line of an item: every field, lists and their dicts as they are (asdict()'s
    deep copy gives the same JSON)."""
    from dataclasses import asdict

    from dvcrawl.items import item_dict

    item = article(images=[{"src": "https://x.vn/a.jpg", "caption": "Ảnh: Lan"}],
                   documents=[{"ref": "25-NQ/TW", "number": "25", "issuer": "TW", "kind": "Nghị quyết",
                               "code": "NQ", "year": None, "date": None}],
                   people=[{"name": "Nguyễn Văn A", "role": "Bí thư"}], authors=["Minh Anh"])
    assert json.dumps(item_dict(item), ensure_ascii=False) == json.dumps(asdict(item), ensure_ascii=False)
    assert item_dict({"url": "https://x.vn/a", "title": "T"}) == {"url": "https://x.vn/a", "title": "T"}


def test_valid_article_has_no_problem():
    assert problem(article().__dict__) is None
    assert problem(article(published=None).__dict__) is None  # sites that show no date
    assert problem(article(published="2020-03-25T10:37:00+07:00").__dict__) is None


def test_published_date_is_the_day_of_published_whatever_its_precision():
    assert article(published="2020-03-25T10:37:00+07:00").published_date == "2020-03-25"
    assert article(published="2020-02-24").published_date == "2020-02-24"
    assert article(published=None).published_date is None


def make_run(tmp_path, state=None):
    return RunContext(output=Output(tmp_path / "out"), state=state)


def pipelines(run):
    stats = Stats()
    return stats, ValidatePipeline(stats, run), DedupPipeline(stats, run), ExportPipeline(run)


def push(chain, item):
    _, validate, dedup, export = chain
    return export.process_item(dedup.process_item(validate.process_item(item)))


def test_rejected_item_goes_to_rejects_file_with_reason(tmp_path):
    run = make_run(tmp_path)
    chain = pipelines(run)
    with pytest.raises(DropItem):
        push(chain, article(published="2999-01-01"))
    push(chain, article(url="https://backan.dcs.vn/b-post2.html", body=BODY + " Thêm."))
    written = run.publish()
    rejects = read_items(tmp_path / "out" / written["rejects"])
    assert [r["reason"].split(":")[0] for r in rejects] == ["future_date"]
    assert rejects[0]["item"]["url"] == "https://backan.dcs.vn/a-post1.html"
    assert run.tallies["backan"]["rejected"] == 1 and chain[0]["dvcrawl/rejected/future_date"] == 1
    assert [i["url"] for i in read_items(tmp_path / "out" / written["feed"])] == ["https://backan.dcs.vn/b-post2.html"]


def test_article_reached_by_several_urls_is_exported_once(tmp_path):
    run = make_run(tmp_path)
    chain = pipelines(run)
    push(chain, article())
    with pytest.raises(DropItem, match="duplicate"):  # same canonical URL again
        push(chain, article())
    with pytest.raises(DropItem, match="duplicate"):  # print view: other URL, same content
        push(chain, article(url="https://backan.dcs.vn/print-post1.html"))
    assert run.tallies["backan"] == Counter(new=1, duplicate=2)
    written = run.publish()
    assert written["items"] == 1


def run_once(tmp_path, items, state):
    run = make_run(tmp_path, state)
    chain = pipelines(run)
    out = [push(chain, it) for it in items]
    written = run.publish()
    run.close()
    return run, out, written


def test_across_runs_unchanged_is_not_exported_and_changed_is_an_update(tmp_path, state_location):
    state = open_store(state_location)
    first = article()
    _, out1, w1 = run_once(tmp_path, [first], state)
    assert out1[0].version == 1 and out1[0].previous_fingerprint is None and w1["items"] == 1

    run2, _, w2 = run_once(tmp_path, [article()], state)
    assert run2.tallies["backan"] == Counter(unchanged=1) and w2["feed"] is None

    changed = article(body=BODY + "\n\nBổ sung một đoạn mới về kết quả phong trào.")
    run3, out3, w3 = run_once(tmp_path, [changed], state)
    assert run3.tallies["backan"] == Counter(updated=1)
    exported = read_items(tmp_path / "out" / w3["feed"])
    assert [(i["version"], i["previous_fingerprint"]) for i in exported] == [(2, first.fingerprint)]
    assert exported[0]["story_id"] == out1[0].story_id  # an update keeps its story
    assert state.seen(first.url).version == 2
    # the store keeps both versions' full items; the latest one stands for the article
    assert [(i["version"], i["body"]) for i in state.articles(all_versions=True)] == [(1, BODY), (2, changed.body)]
    assert [i["version"] for i in state.articles()] == [2]


def test_a_cluster_job_numbers_versions_as_a_run_does(state_location):
    """A cluster job records each article under the store's story lock (`ArticleStore.record_pending`), with
    the verdicts, versions and previous fingerprints dedup gives in a run."""

    def record(item):
        return state.record_pending(item, signature(story_text(item.title, item.summary, item.body)))

    state = open_store(state_location)
    first = article()
    verdict, recorded = record(first)
    assert verdict == "new" and (recorded.version, recorded.previous_fingerprint) == (1, None)
    verdict, again = record(article())
    assert verdict == "unchanged" and again.version == 1 and again.story_id == recorded.story_id
    changed = article(body=BODY + "\n\nBổ sung một đoạn mới về kết quả phong trào.")
    verdict, update = record(changed)
    assert verdict == "updated" and (update.version, update.previous_fingerprint) == (2, first.fingerprint)
    assert update.story_id == recorded.story_id
    verdict, _ = record(replace(changed, url="https://backan.dcs.vn/print-post1.html"))
    assert verdict == "duplicate"
    assert [(json.loads(t)["url"], json.loads(t)["version"]) for t in state.pending_items()] == \
        [(first.url, 1), (first.url, 2)]


def test_copies_on_several_sites_share_one_story_id(tmp_path, state_location):
    state = open_store(state_location)
    a = article()
    paragraphs = BODY.split("\n\n")
    b = article(url="https://camau.dcs.vn/web/guest/x", site="camau",  # new title, split paragraph
                title="Tổng kết 10 năm thực hiện phong trào thi đua Dân vận khéo",
                body="\n\n".join([*paragraphs[0].split(", ", 1), paragraphs[1], "Thêm một câu mới."]))
    c = article(url="https://ninhbinh.dcs.vn/other", site="ninhbinh", title="Chuyện khác",
                body="Một bài hoàn toàn khác về hội nghị giao ban công tác dân vận quý I năm 2020 của tỉnh.")
    _, out, written = run_once(tmp_path, [a, b, c], state)
    assert out[0].story_id == out[1].story_id != out[2].story_id
    assert len(read_items(tmp_path / "out" / written["feed"])) == 3
    # a later run finding a fourth copy on yet another site joins the stored story
    d = replace(b, url="https://giaothuy.example/x", site="giaothuy", story_id="own")
    _, out2, _ = run_once(tmp_path, [d], state)
    assert out2[0].story_id == out[0].story_id


def test_feed_is_invisible_until_published_and_manifest_describes_it(tmp_path):
    run = make_run(tmp_path, SqliteStore())
    chain = pipelines(run)
    push(chain, article())
    out = tmp_path / "out"
    assert not list(out.glob("feed-*.jsonl")) and list(out.glob(".feed-*.jsonl.part"))
    written = run.publish()
    assert not list(out.glob(".*.part"))
    manifest = json.loads((out / "manifest.json").read_text())
    entry = manifest["feeds"][0]
    assert manifest["latest"] == entry["feed"] == written["feed"]
    assert entry["items"] == 1 and entry["sha256"] == file_sha256(out / entry["feed"])
    assert entry["schema_version"] == article().schema_version
    assert (out / "latest.jsonl").resolve() == (out / entry["feed"]).resolve()


def test_recover_registers_published_feed_and_records_state(tmp_path, state_location):
    """A run killed after renaming its feed: the next run's recovery finishes its work."""
    run = make_run(tmp_path, SqliteStore())
    push(pipelines(run), article())
    feed = run._feed.publish()  # published, then "killed": no manifest, no state
    (tmp_path / "out" / ".feed-x.jsonl.part").write_text("{half")
    state = open_store(state_location)
    result = recover(Output(tmp_path / "out"), state)
    assert result["recorded"] == 1 and result["removed_parts"] == [".feed-x.jsonl.part"]
    assert state.seen(article().url) is not None
    assert json.loads((tmp_path / "out" / "manifest.json").read_text())["latest"] == feed.name
    assert recover(Output(tmp_path / "out"), state)["recorded"] == 0  # idempotent


def test_export_pipeline_is_off_without_a_run_output():
    from scrapy.exceptions import NotConfigured
    from scrapy.utils.test import get_crawler

    crawler = get_crawler()
    with pytest.raises(NotConfigured):
        ExportPipeline.from_crawler(crawler)
    run = RunContext.for_crawler(crawler)
    assert run is RunContext.for_crawler(crawler) and run.output is None and run.state is None


def test_dropped_item_log_line_is_short():
    """A dropped item logs the pipeline's reason, not the whole article (scrapy crawl and dvcrawl run)."""
    from types import SimpleNamespace

    from scrapy.settings import Settings

    from dvcrawl import settings as project_settings
    from dvcrawl.logformatter import ShortLogFormatter
    from dvcrawl.runs import RunLogFormatter

    assert project_settings.LOG_FORMATTER == "dvcrawl.logformatter.ShortLogFormatter"
    assert issubclass(RunLogFormatter, ShortLogFormatter)
    spider = SimpleNamespace(crawler=SimpleNamespace(settings=Settings({"DEFAULT_DROPITEM_LOG_LEVEL": "WARNING"})))
    entry = ShortLogFormatter().dropped(article(), DropItem("https://backan.dcs.vn/a: duplicate of https://backan.dcs.vn/b"),
                                        None, spider)
    line = entry["msg"] % entry["args"]
    assert line == "Dropped: https://backan.dcs.vn/a: duplicate of https://backan.dcs.vn/b"
    assert entry["level"] == 30


def test_a_file_written_through_atomic_path_is_whole_or_absent(tmp_path):
    from dvcrawl.feeds import atomic_path

    target = tmp_path / "articles.parquet"
    with pytest.raises(RuntimeError):
        with atomic_path(target) as part:
            part.write_bytes(b"half of a file")
            raise RuntimeError("the writer failed")
    assert list(tmp_path.iterdir()) == []
    with atomic_path(target) as part:
        part.write_bytes(b"whole")
        assert not target.exists()  # invisible until the block ends
    assert target.read_bytes() == b"whole" and list(tmp_path.iterdir()) == [target]
