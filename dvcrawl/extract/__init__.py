"""Extraction: HTML in, article fields out. Nothing here knows about crawling."""
