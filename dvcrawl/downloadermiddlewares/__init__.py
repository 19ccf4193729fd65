"""Downloader middlewares: retries with backoff, charset repair, the contact User-Agent."""
