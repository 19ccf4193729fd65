"""Charset repair: pages whose declared encoding is missing or wrong are read in the right one."""
import codecs
import logging
import re
import unicodedata

from scrapy.http import TextResponse
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, resolve_encoding

logger = logging.getLogger(__name__)

VIETNAMESE_1258 = "dvcrawl-cp1258"
_LETTER = re.compile(r"(?s).[\u0300-\u036f]*")


def encode_cp1258(text: str, errors: str = "strict") -> tuple[bytes, int]:
    """Vietnamese text in windows-1258 the way Vietnamese Windows wrote it: base letters
    precomposed where the code page has them (â, ê, ô, ơ, ư, ă, đ), tone marks as combining
    characters; what the code page cannot hold at all as a numeric reference (`&#7853;`), as
    browsers do for a page's form and query data. Letters the code page holds as written are
    kept as written.

    Python's cp1258 codec maps characters one to one, so it cannot encode the composed letters
    text is normally in ("ậ"), nor a decomposed circumflex: a link on a windows-1258 page
    crashed when Scrapy encoded its query string in the page's encoding."""
    out = []
    for letter in _LETTER.findall(text):  # a base character with its combining marks
        try:
            out.append(letter.encode("cp1258"))
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", letter)
        base, marks = parts[0], list(parts[1:])
        for mark in marks:  # ậ = a + dot below + circumflex → â + dot below
            combined = unicodedata.normalize("NFC", base + mark)
            if len(combined) == 1 and _in_cp1258(combined):
                base = combined
                marks.remove(mark)
                break
        try:
            out.append((base + "".join(marks)).encode("cp1258"))
        except UnicodeEncodeError:
            out.append(unicodedata.normalize("NFC", letter).encode("ascii", "xmlcharrefreplace"))
    return b"".join(out), len(text)


def _in_cp1258(ch: str) -> bool:
    try:
        ch.encode("cp1258")
        return True
    except UnicodeEncodeError:
        return False


def _decode_cp1258(data: bytes, errors: str = "strict") -> tuple[str, int]:
    return codecs.decode(data, "cp1258", errors), len(data)


_CP1258 = codecs.lookup("cp1258")
codecs.register(lambda name: codecs.CodecInfo(
    encode_cp1258, _decode_cp1258, name=VIETNAMESE_1258,
    incrementalencoder=None, incrementaldecoder=_CP1258.incrementaldecoder,
    streamreader=_CP1258.streamreader, streamwriter=None,
) if name.replace("-", "_") == VIETNAMESE_1258.replace("-", "_") else None)


def _decodes(body: bytes, encoding: str) -> bool:
    try:
        body.decode(encoding)
        return True
    except (UnicodeDecodeError, LookupError):
        return False


def choose_encoding(body: bytes, header_charset: str | None) -> str | None:
    """The encoding to read a page in when its declarations are missing or wrong, or None to
    keep what Scrapy/w3lib decided (header, BOM, <meta>).

    - Non-ASCII bytes that are valid UTF-8 are UTF-8, whatever is declared: a false
      `charset=iso-8859-1` from a server default is the usual case.
    - Otherwise a declaration that decodes cleanly is believed, the page's <meta> before a
      header of latin-1/windows-1252 (a server default that decodes anything).
    - Otherwise (no declaration, or one the bytes break) the <meta> charset if it decodes,
      else windows-1258, the legacy Vietnamese code page.
    """
    if body[:3] == b"\xef\xbb\xbf" or body[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return None  # a BOM decides, and w3lib honours it
    if body.isascii():
        return None  # entities or plain ASCII: any declaration reads it the same
    if _decodes(body, "utf-8"):
        return "utf-8"
    declared_header = resolve_encoding(header_charset) if header_charset else None
    declared_meta = html_body_declared_encoding(body)
    declarations = (declared_header, declared_meta)
    if _canonical(declared_header) in _SERVER_DEFAULTS:  # a server's default, the page's own meta first
        declarations = (declared_meta, declared_header)
    for declared in declarations:
        if declared and _canonical(declared) != "utf-8" and _decodes(body, declared):
            return declared
    return "cp1258"


# What servers send when nobody configured a charset: it decodes any bytes, so it cannot be
# refuted by decoding, and a page's <meta charset=windows-1258> says more.
_SERVER_DEFAULTS = frozenset(("cp1252", "latin-1", "iso8859-1"))


def _canonical(encoding: str | None) -> str | None:
    try:
        return codecs.lookup(encoding).name if encoding else None
    except LookupError:
        return None


class CharsetMiddleware:
    """Downloader middleware: re-decide the encoding of HTML pages (see `choose_encoding`)."""

    def __init__(self, stats):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats)

    def process_response(self, request, response, spider=None):
        repaired = with_right_encoding(response)
        chosen = "cp1258" if repaired.encoding == VIETNAMESE_1258 else _canonical(repaired.encoding)
        if chosen != _canonical(response.encoding):
            self.stats.inc_value("dvcrawl/charset/repaired")
            logger.info("reading %s as %s (declared %s)", response.url, repaired.encoding, response.encoding)
        return repaired


def with_right_encoding(response):
    """`response`, or a copy read in the encoding `choose_encoding` decides (windows-1258 as
    VIETNAMESE_1258: it reads the same, and encodes the links the crawl follows)."""
    if not isinstance(response, TextResponse) or not response.body:
        return response
    header = http_content_type_encoding(response.headers.get("Content-Type", b"").decode("latin-1"))
    encoding = choose_encoding(response.body, header) or response.encoding
    if _canonical(encoding) == "cp1258":
        encoding = VIETNAMESE_1258
    elif _canonical(encoding) == _canonical(response.encoding):
        return response
    return response.replace(encoding=encoding)
