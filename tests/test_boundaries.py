"""The package's layering, read from its source (every import, late ones included): only the
spider loader and the commands that start crawls import a spider module, and no modules
import each other in a circle."""
import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "dvcrawl"
# may import dvcrawl.spiders.*: the spiders themselves, the spider loader, the commands that crawl
MAY_IMPORT_SPIDERS = {"dvcrawl.spiderloader", "dvcrawl.commands.run", "dvcrawl.commands.check",
                      "dvcrawl.commands.bench"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in PACKAGE.rglob("*.py")}


def imports_of(path: Path, known: dict[str, Path]) -> set[str]:
    """The package modules `path` imports (`from dvcrawl.x import y` is dvcrawl.x.y when y is
    a module, else dvcrawl.x)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found |= {f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in known else node.module
                      for a in node.names}
    return {name for name in found if name in known}


def import_graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports_of(path, known) - {name} for name, path in known.items()}


def test_graph_sees_the_package():
    graph = import_graph()
    assert "dvcrawl.spiders.sites" in graph and "dvcrawl.assembly" in graph["dvcrawl.spiders.sites"]


def test_only_the_spider_loader_and_crawling_commands_import_spiders():
    offenders = {name: sorted(m for m in imported if m.startswith("dvcrawl.spiders"))
                 for name, imported in import_graph().items()
                 if not name.startswith("dvcrawl.spiders") and name not in MAY_IMPORT_SPIDERS}
    assert {name: spiders for name, spiders in offenders.items() if spiders} == {}


def test_no_import_cycles():
    graph = import_graph()
    cycles, done = [], set()

    def visit(name: str, path: list[str]) -> None:
        if name in path:
            cycles.append(path[path.index(name):] + [name])
            return
        if name in done:
            return
        for imported in sorted(graph[name]):
            visit(imported, path + [name])
        done.add(name)

    for name in sorted(graph):
        visit(name, [])
    assert cycles == []


# Lower layers never import higher ones: page objects and the store know nothing of the
# pipelines that use them, and nothing below the commands knows the commands or the cluster.
NOT_BELOW = {
    "dvcrawl.extract": ("dvcrawl.pipelines", "dvcrawl.store", "dvcrawl.runs", "dvcrawl.cluster", "dvcrawl.commands"),
    "dvcrawl.store": ("dvcrawl.extract", "dvcrawl.pipelines", "dvcrawl.runs", "dvcrawl.cluster", "dvcrawl.commands"),
    "dvcrawl.pipelines": ("dvcrawl.cluster", "dvcrawl.commands"),
}


def test_lower_layers_do_not_import_higher_ones():
    offenders = {name: sorted(m for m in imported if m.startswith(NOT_BELOW[layer]))
                 for name, imported in import_graph().items()
                 for layer in NOT_BELOW if name == layer or name.startswith(layer + ".")}
    assert {name: found for name, found in offenders.items() if found} == {}
