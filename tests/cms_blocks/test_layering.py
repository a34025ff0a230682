"""cms_blocks has no import circle, and never imports the site's own apps.

An AST walk over every module of the package (migrations included): every ``import`` and
``from ... import`` anywhere in a module, function bodies included, with relative imports
resolved. ``from package import name`` counts as an import of ``package.name`` when that is a
module of cms_blocks, else of ``package``.
"""

import ast
from pathlib import Path

import cms_blocks

PACKAGE = "cms_blocks"
ROOT = Path(cms_blocks.__file__).resolve().parent
SITE_APPS = ("home", "search", "participation", "ogp_site")


def module_name(path):
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def package_of(name, path):
    return name if path.name == "__init__.py" else name.rpartition(".")[0]


def modules():
    return {module_name(path): path for path in sorted(ROOT.rglob("*.py"))}


def imported_names(name, path):
    """(imported module, line) for every import statement of the module, at any depth."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package_of(name, path).split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module
            yield target, node.lineno
            for alias in node.names:
                yield f"{target}.{alias.name}", node.lineno


def import_graph():
    """{module: {imported cms_blocks module: first line}} inside cms_blocks."""
    known = modules()
    graph = {}
    for name, path in known.items():
        edges = {}
        for target, line in imported_names(name, path):
            if target in known and target != name:
                edges.setdefault(target, line)
        graph[name] = edges
    return graph


def find_cycle(graph):
    """One cycle as a list of modules (first == last), or None. Iterative depth-first search."""
    state = {}  # module -> "open" (on the current path) or "done"
    for start in sorted(graph):
        if start in state:
            continue
        path = [start]
        stack = [iter(sorted(graph[start]))]
        state[start] = "open"
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                state[path.pop()] = "done"
                stack.pop()
            elif state.get(nxt) == "open":
                return path[path.index(nxt) :] + [nxt]
            elif nxt not in state:
                state[nxt] = "open"
                path.append(nxt)
                stack.append(iter(sorted(graph[nxt])))
    return None


def describe(cycle, graph):
    return (
        " -> ".join(f"{a} (line {graph[a][b]})" for a, b in zip(cycle, cycle[1:], strict=False))
        + f" -> {cycle[-1]}"
    )


def test_the_walk_sees_function_level_and_relative_imports():
    graph = import_graph()
    # apps.py imports the context builders inside ready(), relatively.
    assert "cms_blocks.context" in graph["cms_blocks.apps"]
    # ``from . import queries`` names a module.
    assert "cms_blocks.queries" in graph["cms_blocks.views"]
    # ``from ..models import X`` (two dots) resolves to the package's models.
    assert "cms_blocks.models" in graph["cms_blocks.blocks.commitments"]


def test_find_cycle_reports_a_cycle():
    graph = {"a": {"b": 1}, "b": {"c": 2}, "c": {"a": 3}, "d": {}}
    assert find_cycle(graph) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b": 1}, "b": {}}) is None


def test_cms_blocks_has_no_import_cycle():
    graph = import_graph()
    cycle = find_cycle(graph)
    assert cycle is None, "import cycle in cms_blocks: " + describe(cycle, graph)


def test_cms_blocks_never_imports_the_site_apps():
    found = []
    for name, path in modules().items():
        for target, line in imported_names(name, path):
            if target.split(".")[0] in SITE_APPS:
                found.append(f"{path.relative_to(ROOT.parent)}:{line} imports {target}")
    assert not found, "\n".join(sorted(set(found)))
