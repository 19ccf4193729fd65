"""The three article readers the benchmark compares, each from a page's bytes to its fields.

Each does the same work: decode (UTF-8, as the response declares), parse, and read title, date,
byline, text and images. trafilatura is called as a user wanting those fields would call it
(metadata and images on, JSON out, its defaults otherwise); the trafilatura crawl of the
benchmark uses the same call.
"""
import importlib.util
import json


def trafilatura_fields(text: str, url: str) -> dict | None:
    """trafilatura's reading of one page as a dict (title, author, date, text …), or None."""
    import trafilatura  # the 'bench' extra

    out = trafilatura.extract(text, url=url, output_format="json", with_metadata=True, include_images=True)
    return json.loads(out) if out else None


def readers() -> dict:
    """name → reader(page) for the template reader, the generic reader and trafilatura (None when
    trafilatura is not installed); `page` has .body (bytes), .url and .template."""
    from dvcrawl.extract.factory import article_page

    installed = importlib.util.find_spec("trafilatura") is not None
    return {
        "template": lambda p: article_page(p.body.decode("utf-8"), p.url, p.template).fields(),
        "generic": lambda p: article_page(p.body.decode("utf-8"), p.url, None).fields(),
        "trafilatura": (lambda p: trafilatura_fields(p.body.decode("utf-8"), p.url)) if installed else None,
    }
