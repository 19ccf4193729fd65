"""`dvcrawl savefixture` (being written)."""
from dvcrawl.registry import ConfigError


def add_arguments(parser):
    pass


def main(args) -> int:
    raise ConfigError("'savefixture' is not available yet")
