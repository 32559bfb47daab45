"""No import cycle among the modules of cap_xblock (docs/architecture.md, decision 0022).

The graph is built from the source (the AST of every module), not by importing
it, so an import that a cycle would break at run time is still seen. Every
``import`` counts, wherever it is written: at the top of a module, inside a
function (a "lazy" import) or under ``if TYPE_CHECKING``. A lazy import only
hides a cycle until the function runs; the layers stay one-way only if all of
them do. The implicit import of a parent package (``cap_xblock.api`` before
``cap_xblock.api.cases``) is not an edge: it is Python's, not the module's.
"""

import ast
from pathlib import Path

PACKAGE = "cap_xblock"
ROOT = Path(__file__).resolve().parents[2] / PACKAGE


def _module_name(path):
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules():
    """``{module name: (path, is_package)}`` of every module of the package."""
    return {_module_name(path): (path, path.name == "__init__.py") for path in sorted(ROOT.rglob("*.py"))}


def _target(name, modules):
    """The module of the package that importing ``name`` runs: ``name`` itself or its nearest parent."""
    while name:
        if name in modules:
            return name
        name = name.rpartition(".")[0]
    return None


def imports_of(module, modules):
    """The modules of the package that ``module`` imports, anywhere in its source."""
    path, is_package = modules[module]
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == PACKAGE:
                    found.add(_target(alias.name, modules))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                package = module if is_package else module.rpartition(".")[0]
                for _step in range(node.level - 1):
                    package = package.rpartition(".")[0]
                base = f"{package}.{node.module}" if node.module else package
            else:
                base = node.module or ""
            if base.split(".")[0] != PACKAGE:
                continue
            for alias in node.names:
                # ``from . import cases`` imports the module ``cases``; ``from .data import Page`` the module ``data``.
                found.add(_target(f"{base}.{alias.name}", modules) if f"{base}.{alias.name}" in modules
                          else _target(base, modules))
    found.discard(None)
    found.discard(module)
    return found


def import_graph():
    modules = _modules()
    return {module: imports_of(module, modules) for module in modules}


def cycles(graph):
    """The strongly connected groups of more than one module (Tarjan), each as a sorted list."""
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def _path(graph, group):
    """One cycle inside ``group``, as ``a -> b -> ... -> a``, to say where to cut."""
    start = group[0]
    trail, seen = [start], {start}
    while True:
        following = sorted(other for other in graph[trail[-1]] if other in group)
        back = [other for other in following if other == start]
        if back and len(trail) > 1:
            return " -> ".join(trail + [start])
        nxt = next((other for other in following if other not in seen), None)
        if nxt is None:
            loop_to = next(other for other in following if other in trail)
            return " -> ".join(trail[trail.index(loop_to):] + [loop_to])
        trail.append(nxt)
        seen.add(nxt)


def test_the_graph_sees_lazy_and_relative_imports():
    graph = import_graph()
    assert "cap_xblock.api.data" in graph["cap_xblock.api.communities"]
    assert "cap_xblock.platform" in graph["cap_xblock.block"]
    # Imports inside functions count (the retirement signal is connected in ``ready()``).
    assert "cap_xblock.retirement" in graph["cap_xblock.apps"]


def test_a_cycle_would_be_found():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _path({"a": {"b"}, "b": {"a"}}, ["a", "b"]) == "a -> b -> a"


def test_no_import_cycle_among_the_modules_of_cap_xblock():
    graph = import_graph()
    found = [_path(graph, group) for group in cycles(graph)]
    assert found == [], "Import cycles (cut them: a lower layer never imports a higher one):\n" + "\n".join(found)
