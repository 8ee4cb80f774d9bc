"""Checks that the TUI's modules import one another one way only: no circle, not even inside a function.

The graph is read from the source (every import statement, wherever it stands, `if TYPE_CHECKING:`
blocks included), so a circle hidden in a function or behind a type hint is found as surely as one
at the top of a module.
"""

from __future__ import annotations

import ast
from pathlib import Path

import planner.tui

TUI = Path(planner.tui.__file__).parent


def module_name(path: Path, root: Path) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(tree: ast.AST, name: str, is_package: bool) -> set[str]:
    """Every module named by an import in `tree`, written in the module `name`."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".")
                base = base[: len(base) - node.level + (1 if is_package else 0)]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            found.add(module)
            # `from planner.tui import bookmarking` imports a module, not a name.
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def tui_graph(folder: Path = TUI) -> dict[str, set[str]]:
    """Each planner.tui module and the planner.tui modules it imports."""
    sources = {module_name(path, folder.parent.parent): path for path in folder.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in sources.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        names = imported(tree, name, path.name == "__init__.py")
        # A package's __init__ runs before its modules; importing a module through its package is no edge back.
        graph[name] = {other for other in names if other in sources and other != name and not name.startswith(other + ".")}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """A circle of imports as the modules along it (the first repeated at the end), or None."""
    state: dict[str, str] = {}
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = "open"
        path.append(node)
        for other in sorted(graph[node]):
            if state.get(other) == "open":
                return [*path[path.index(other) :], other]
            if other not in state and (cycle := visit(other)):
                return cycle
        state[node] = "done"
        path.pop()
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_the_tui_imports_one_way():
    graph = tui_graph()
    assert "planner.tui.app" in graph and "planner.tui.screens.browser" in graph
    cycle = find_cycle(graph)
    assert cycle is None, "the TUI's modules import each other in a circle: " + " → ".join(cycle)


def test_a_circle_inside_a_function_is_found(tmp_path):
    package = tmp_path / "planner" / "tui"
    (package / "screens").mkdir(parents=True)
    for init in (package / "__init__.py", package / "screens" / "__init__.py"):
        init.write_text('"""Provides nothing."""\n')
    (package / "app.py").write_text("from planner.tui.screens import view\n")
    (package / "screens" / "view.py").write_text("def show():\n    from planner.tui.app import PlannerApp\n")
    (package / "state.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from . import app\n")
    (package / "flow.py").write_text("from .state import x\n")
    graph = tui_graph(package)
    assert graph["planner.tui.state"] == {"planner.tui.app"}
    assert graph["planner.tui.flow"] == {"planner.tui.state"}
    assert find_cycle(graph) == ["planner.tui.app", "planner.tui.screens.view", "planner.tui.app"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None
