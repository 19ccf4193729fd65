"""`dvcrawl check` (being written)."""
from dvcrawl.registry import ConfigError


def add_arguments(parser):
    pass


def main(args) -> int:
    raise ConfigError("'check' is not available yet")
