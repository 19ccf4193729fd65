"""Spiders: one per registered site (dvcrawl.spiders.sites) and the generic one."""
