"""The README stays true: its quick start is two commands and it documents every feed field."""
import re
from dataclasses import fields

from dvcrawl.items import Article
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_quick_start_is_two_commands_that_set_up_crawl_and_test():
    block = re.search(r"```[a-z]*\n(.*?)```", README, re.S).group(1)
    commands = [line for line in block.splitlines() if line.strip()]
    assert len(commands) == 2
    assert "dvcrawl run" in commands[0] and "--snapshots snapshots" in commands[0]
    assert "pytest" in commands[1]
    assert commands[1].strip() in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_every_feed_field_is_documented():
    documented = set(re.findall(r"^\| `(\w+)` \|", README, re.M))
    missing = {f.name for f in fields(Article)} - documented
    assert not missing, f"document these fields in the README's Feed schema table: {missing}"
