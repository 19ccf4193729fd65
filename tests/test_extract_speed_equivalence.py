"""The fast paths of extraction give exactly what the plain ways give.

Template selectors are translated to XPath that tests class and id attribute nodes, `normalize` skips
str.split for text that only has " " spaces, and topic matching counts whole words with
str.find. Each is checked here against the straightforward form on awkward input.
"""
import html
import random
import re
import unicodedata

import pytest
from lxml import etree
from parsel import Selector
from parsel.csstranslator import HTMLTranslator

from dvcrawl.extract.page import css_to_xpath
from dvcrawl.text import normalize
from dvcrawl.topic import RULES, _whole_words

# Class values with the names as substrings of other classes, XML and other whitespace, repeats.
PAGE = """<html><head><title>t</title></head><body>
<div class="x-body"><p class="bodyx">no</p></div>
<div id="main" class="wrap"><div class="a\tb">one <span class=" b ">two</span></div>
  <ol class="breadcrumb crumbs"><li>Home</li><li class="b">Dân vận</li></ol>
  <div class="body&#160;a">nbsp is not XML whitespace</div>
  <div class="c\nbody\r\nd" id="x">body <b class="body">inner</b></div>
  <section><div class="body">second</div><a class="a b c" href="/l">link</a></section>
  <div id="main" class="body">duplicate id</div>
</div></body></html>"""

SELECTORS = [".a", ".b", ".body", "div.body", "b.body", ".a.b", ".a.b.c", "#main", "#x", "#main .b",
             "#main > div", "div > .b", "ol.breadcrumb li", ".wrap .body", "section .body, #x",
             "li", "*", ".nothing", "div:not(.body)", "li + li", "a[href]", ".a .b > span"]


@pytest.mark.parametrize("css", SELECTORS)
def test_translated_selectors_select_what_cssselect_selects(css):
    root = Selector(text=PAGE).root
    plain = " | ".join(HTMLTranslator().css_to_xpath(part.strip()) for part in css.split(","))
    assert etree.XPath(css_to_xpath(css))(root) == etree.XPath(plain)(root)


def _plain_normalize(text):
    """normalize() as it was before its fast path."""
    if not text:
        return ""
    if "&" in text and re.search(r"&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+\d*);", text):
        text = html.unescape(text)
    text = unicodedata.normalize("NFC", text).translate(str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111"}))
    return " ".join(re.sub(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]", "", text).split())


def test_normalize_equals_split_and_join():
    pieces = ["a", "Đ", "\u00d0", "e\u0301", " ", "  ", "\n", "\r\n", "\t", "\u00a0", "\u2003", "\u3000",
              "\x0b", "\u200b", "\u00ad", "\ufeff", "&amp;", "&#160;", "&nbsp;", "&lt;b&gt;", "x&y"]
    rng = random.Random(7)
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 10)))
        assert normalize(text) == _plain_normalize(text), repr(text)


def test_whole_word_counts_equal_the_regex():
    phrases = [p for p, _ in RULES]
    words = phrases + ["x", "_", "1", "ạ", " ", ", ", "-", "²", "dânvận", "nhân dânx"]
    rng = random.Random(11)
    for _ in range(5000):
        text = "".join(rng.choice(words) + rng.choice(["", " ", "_", "a", ". "]) for _ in range(rng.randint(0, 12)))
        for phrase in phrases:
            found = len(re.findall(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", text))
            assert _whole_words(text, phrase, 2) == min(found, 2), (text, phrase)
