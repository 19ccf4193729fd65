"""`dvcrawl bench`: speed and memory on a synthetic loopback copy of the recorded sites.

synth (the site set), server (the loopback HTTP server), crawl (one crawl process: dvcrawl or
bare Scrapy), settings (politeness off for those crawls), runner (the whole benchmark).
See docs/performance.md.
"""
