"""For `scrapyd-deploy`, which builds the project's egg with `python setup.py bdist_egg`;
everything else (metadata, packages, the `scrapy` settings entry point) is in pyproject.toml."""
from setuptools import setup

setup()
