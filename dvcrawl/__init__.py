"""dvcrawl: crawl công tác dân vận news from Vietnamese party and district sites into JSONL feeds."""

__version__ = "0.1.0"
