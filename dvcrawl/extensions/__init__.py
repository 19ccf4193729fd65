"""Scrapy extensions of dvcrawl (`failurelog`: the failure records of a crawl)."""
