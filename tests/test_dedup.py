"""The state store: exact lookups, near-duplicate story detection, updates (on both backends)."""
import numpy as np
import pytest

from conftest import SNAPSHOTS, load_jsonl
from dvcrawl.store import STORY_THRESHOLD, SqliteStore, band_keys, open_store, signature, similarity, story_text

STORY = [
    "Ngày 14/10/2020, Ban Dân vận Trung ương tổ chức Hội nghị trực tuyến toàn quốc tổng kết 10 năm "
    "thực hiện phong trào thi đua “Dân vận khéo” giai đoạn 2010 - 2020.",
    "Báo cáo tại hội nghị cho biết, sau 10 năm triển khai, phong trào đã lan tỏa sâu rộng trong cả hệ "
    "thống chính trị và các tầng lớp Nhân dân. Cả nước đã xây dựng và nhân rộng hàng trăm nghìn mô hình.",
    "Phong trào góp phần quan trọng vào thực hiện thắng lợi Chương trình mục tiêu quốc gia xây dựng nông "
    "thôn mới, giảm nghèo bền vững; vận động Nhân dân hiến đất, góp công làm đường giao thông nông thôn.",
    "Phát biểu chỉ đạo, lãnh đạo Ban Dân vận Trung ương đề nghị các cấp ủy tiếp tục đẩy mạnh phong trào "
    "thi đua giai đoạn 2021 - 2025 gắn với thực hiện Nghị quyết Đại hội XIII của Đảng.",
]
OTHER = ("Hội nghị giao ban công tác dân vận quý I/2020",
         "Thường trực Tỉnh ủy tổ chức hội nghị giao ban công tác dân vận quý I năm 2020 để đánh giá kết quả "
         "phòng chống dịch bệnh Covid-19 và triển khai nhiệm vụ quý II, tăng cường nắm tình hình tôn giáo.")


def sig_of(title, paragraphs, summary=None):
    return signature(story_text(title, summary, "\n\n".join(paragraphs)))


@pytest.fixture
def store(any_state):
    with open_store(any_state) as s:
        with s.transaction():
            s.add("backan", "https://backan.example/a", "fp-a", "story-a", sig_of("Tổng kết 10 năm Dân vận khéo", STORY))
            s.add("backan", "https://backan.example/b", "fp-b", "story-b", sig_of(*OTHER[:1], OTHER[1:]))
        yield s


def test_seen_and_by_fingerprint(store):
    known = store.seen("https://backan.example/a")
    assert (known.site, known.fingerprint, known.version, known.story_id) == ("backan", "fp-a", 1, "story-a")
    assert store.seen("https://backan.example/zzz") is None
    assert store.by_fingerprint("backan", "fp-b").url == "https://backan.example/b"
    assert store.by_fingerprint("camau", "fp-b") is None  # fingerprints are per site
    assert store.count() == 2


@pytest.mark.parametrize("variant", ["split paragraphs", "changed title", "added sentence", "all three"])
def test_find_story_survives_edits(store, variant):
    title, paras = "Tổng kết 10 năm Dân vận khéo", list(STORY)
    if variant in ("split paragraphs", "all three"):
        first, second = paras[1].split(". ", 1)
        paras[1:2] = [first + ".", second]
    if variant in ("changed title", "all three"):
        title = "Tổng kết 10 năm thực hiện phong trào thi đua “Dân vận khéo” giai đoạn 2010 - 2020"
    if variant in ("added sentence", "all three"):
        paras.append("Hội nghị được kết nối tới điểm cầu các tỉnh, thành phố trong cả nước.")
    assert store.find_story(sig_of(title, paras), exclude_site="camau") == "story-a"


def test_find_story_ignores_unrelated_text_and_the_same_site(store):
    unrelated = sig_of("Ban Dân vận hướng dẫn phòng chống dịch", [
        "Ban Dân vận Tỉnh ủy ban hành hướng dẫn về đẩy mạnh công tác dân vận trong phòng, chống dịch bệnh "
        "trên địa bàn tỉnh, yêu cầu các cấp ủy tập trung tuyên truyền, vận động Nhân dân."])
    assert store.find_story(unrelated, exclude_site="camau") is None
    same = sig_of("Tổng kết 10 năm Dân vận khéo", STORY)
    assert store.find_story(same, exclude_site="backan") is None  # only other sites' copies count
    assert store.find_story(same) == "story-a"


def test_recorded_cluster_matches_and_other_pairs_do_not():
    gold = [g for site in SNAPSHOTS.iterdir() if (site / "expected.jsonl").is_file()
            for g in load_jsonl(site / "expected.jsonl")]
    sigs = [(g, signature(story_text(g["title"], g["summary"], "\n\n".join(g["body"])))) for g in gold]
    for i, (a, sa) in enumerate(sigs):
        for b, sb in sigs[i + 1:]:
            same = a["cluster"] is not None and a["cluster"] == b["cluster"]
            assert (similarity(sa, sb) >= STORY_THRESHOLD) == same, (a["url"], b["url"])


def test_update_replaces_signature_and_version(store):
    new_sig = sig_of(*OTHER[:1], OTHER[1:])
    with store.transaction():
        store.add("backan", "https://backan.example/a", "fp-a2", "story-a", new_sig, version=2)
    known = store.seen("https://backan.example/a")
    assert (known.fingerprint, known.version) == ("fp-a2", 2)
    assert store.count() == 2
    # the old text's bands are gone: it no longer finds story-a
    assert store.find_story(sig_of("Tổng kết 10 năm Dân vận khéo", STORY)) is None


def test_transaction_rolls_back_on_error(store):
    with pytest.raises(RuntimeError):
        with store.transaction():
            store.add("camau", "https://camau.example/x", "fp-x", "story-x", sig_of("x", ["y z w"]))
            raise RuntimeError("crash")
    assert store.seen("https://camau.example/x") is None


def test_band_keys_are_stable_and_distinct_per_band():
    sig = np.arange(64, dtype=np.uint32)
    keys = band_keys(sig)
    assert keys == band_keys(sig.copy()) and len(set(keys)) == len(keys)
    same_values = np.zeros(64, dtype=np.uint32)  # identical bands must still get different keys
    assert len(set(band_keys(same_values))) == len(keys)
    band_keys(sig).clear()  # the keys are remembered (asked for three times per article): a
    assert band_keys(sig) == keys  # caller changing its list must not change the next answer
    other = sig.copy()
    other[0] += 1  # one value changed: that band's key changes, the others stay
    assert [a == b for a, b in zip(band_keys(other), keys)] == [False] + [True] * 15


def test_lookup_is_an_index_probe(tmp_path):
    store = SqliteStore(tmp_path / "dvcrawl.sqlite")
    plan = " ".join(str(r) for r in store.db.execute(
        "EXPLAIN QUERY PLAN SELECT article FROM bands WHERE key IN (1, 2, 3)").fetchall())
    assert "SCAN" not in plan.upper().replace("SCAN CONSTANT", "")
    plan = " ".join(str(r) for r in store.db.execute(
        "EXPLAIN QUERY PLAN SELECT site FROM articles WHERE fingerprint = 'x' AND site = 'y'").fetchall())
    assert "articles_fingerprint" in plan


def test_store_made_with_other_lsh_parameters_is_refused(tmp_path):
    from dvcrawl.registry import ConfigError

    path = tmp_path / "dvcrawl.sqlite"
    SqliteStore(path).close()
    import sqlite3
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = 'minhash128-bands32x4-shingle5' WHERE name = 'lsh'")
    with pytest.raises(ConfigError, match="new --state folder"):
        SqliteStore(path)


def shingles(text: str) -> set:
    from dvcrawl.store.minhash import SHINGLE, words

    w = words(text)
    return set(zip(*(w[i:] for i in range(SHINGLE))))


def test_signature_estimates_the_jaccard_similarity_of_shingles():
    """The share of equal values of two signatures estimates the Jaccard similarity of the two
    texts' shingle sets: within 3 standard errors of 64 permutations (≤ 0.19) for texts that
    share all, most, half or none of their shingles."""
    base = " ".join(STORY)
    variants = [base, base + " " + OTHER[1], " ".join(STORY[:2]) + " " + OTHER[1], " ".join(STORY[2:]),
                OTHER[1], "Hôm nay trời nắng đẹp, bà con ra đồng gặt lúa sớm."]
    for other in variants:
        a, b = shingles(base), shingles(other)
        exact = len(a & b) / len(a | b)
        assert abs(similarity(signature(base), signature(other)) - exact) <= 0.19, other[:40]


def test_words_are_split_on_spaces_and_punctuation_and_lower_cased():
    from dvcrawl.store.minhash import words

    assert words("“Dân vận khéo” – giai đoạn 2010-2020, (UBND) xã…") == [
        w.encode() for w in ["dân", "vận", "khéo", "giai", "đoạn", "2010", "2020", "ubnd", "xã"]]
    assert words("Ðảng  bộ") == words("Đảng bộ") == ["đảng".encode(), "bộ".encode()]  # normalised first


def test_signatures_are_the_same_in_every_process():
    """Stored signatures are compared with those of later runs: the values may not depend on
    the process (no salted hash) nor change unnoticed. A change of scheme must change
    minhash.SCHEME, whose migration computes the stored signatures again."""
    import hashlib
    import subprocess
    import sys

    code = ("import hashlib; from dvcrawl.store import signature; "
            "print(hashlib.sha256(signature('Ban Dân vận Tỉnh ủy tổ chức hội nghị giao ban').tobytes()).hexdigest())")
    runs = {subprocess.run([sys.executable, "-c", code], env={"PYTHONHASHSEED": seed, "PATH": ""},
                           capture_output=True, text=True, check=True).stdout.strip() for seed in ("1", "2")}
    here = hashlib.sha256(signature("Ban Dân vận Tỉnh ủy tổ chức hội nghị giao ban").tobytes()).hexdigest()
    assert runs == {here}
    from dvcrawl.store.minhash import SCHEME  # the values of this scheme, as stores keep them
    assert (SCHEME, here) == ("wordmix", "24bbde71c70346b6fafa08d6188fc88d846495299836bfd27abc0a70ea98d891")
    assert signature("").dtype == np.uint32 and len(signature("hai từ")) == len(signature(" ".join(STORY)))
