"""Dân vận relevance rules (dvcrawl/topic.py)."""
import pytest

from dvcrawl.topic import RULES, SECTION_THRESHOLD, THRESHOLD, classify, in_section_words
from tests.conftest import GOLD, GOLD_IDS


@pytest.mark.parametrize("gold", GOLD, ids=GOLD_IDS)
def test_every_recorded_dan_van_article_is_relevant(gold):
    topic = classify(gold["title"], gold["summary"], "\n\n".join(gold["body"]))
    assert topic.label == "relevant" and topic.score >= THRESHOLD


@pytest.mark.parametrize("title,body", [
    ("Chợ Đồn: Chuẩn bị thu hoạch trên 320 ha cam, quýt",
     "Cam, quýt được trồng tập trung ở các xã. Năm nay thời tiết thuận lợi, năng suất ước đạt 12 tấn/ha."),
    ("Kim ngạch xuất khẩu 6 tháng đầu năm 2020 của tỉnh ước đạt 12,3 tỷ USD",
     "Do ảnh hưởng của dịch Covid-19, nhiều thị trường xuất khẩu truyền thống của tỉnh bị thu hẹp."),
    ("Nông dân thu hoạch lúa Thu Đông đạt năng suất khá",
     "Theo Hội Nông dân huyện, năng suất lúa đạt 5 tấn/ha. Nhân dân phấn khởi. Nhân dân mong giá ổn định."),
])
def test_off_topic_news_is_other(title, body):
    topic = classify(title, None, body)
    assert topic.label == "other" and topic.score < THRESHOLD


def test_title_weighs_more_than_body():
    in_title = classify("Hội nghị đối thoại với Nhân dân", None, "Hội nghị diễn ra tại xã.")
    in_body = classify("Hội nghị tại xã", None, "Hội nghị đối thoại với Nhân dân diễn ra tại xã.")
    assert in_title.score > in_body.score
    assert in_title.label == "relevant"


def test_long_body_does_not_win_by_repetition():
    once = classify("Tin địa phương", None, "nhân dân " * 2)
    many = classify("Tin địa phương", None, "nhân dân " * 50)
    assert once.score == many.score and many.label == "other"


def test_whole_words_and_normalisation():
    assert classify("Công tác da\u0302n va\u0323\u0302n", None, None).hits == ("dân vận",)  # NFD input
    assert classify("Ủy ban MTTQ Việt Nam tỉnh", None, None).label == "relevant"
    assert classify("Tổng kết dân vận khéo", None, None).hits == ("dân vận",)
    assert classify("", None, "").score == 0.0


def test_rules_are_lower_case_and_weighted():
    assert all(phrase == phrase.lower() and weight > 0 for phrase, weight in RULES)
    assert len({p for p, _ in RULES}) == len(RULES)


def test_section_names():
    assert in_section_words("https://a.vn/chuyen-muc/cong-tac-dan-van.html")
    assert in_section_words("CÔNG TÁC DÂN VẬN")
    assert not in_section_words("Kinh tế - Xã hội") and not in_section_words(None)
    assert 0 < SECTION_THRESHOLD < THRESHOLD
