"""Charset repair: pages whose declared encoding is missing or wrong are read in the right one."""
import codecs
import logging

from scrapy.http import TextResponse
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, resolve_encoding

logger = logging.getLogger(__name__)


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
    - Otherwise a declaration that decodes cleanly is believed.
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
    for declared in (declared_header, declared_meta):
        if declared and _canonical(declared) != "utf-8" and _decodes(body, declared):
            return declared
    return "cp1258"


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
        if not isinstance(response, TextResponse) or not response.body:
            return response
        header = http_content_type_encoding(response.headers.get("Content-Type", b"").decode("latin-1"))
        encoding = choose_encoding(response.body, header)
        if encoding is None or _canonical(encoding) == _canonical(response.encoding):
            return response
        self.stats.inc_value("dvcrawl/charset/repaired")
        logger.info("reading %s as %s (declared %s)", response.url, encoding, response.encoding)
        return response.replace(encoding=encoding)
