"""The layers hold: the engine never loads Textual or icalendar at import, and no module imports upward.

Modules are discovered from the tree, and the layer order is read from the import-linter
contract in pyproject.toml, so neither a new module nor a new package escapes the check.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.conftest import ROOT

FRONT_ENDS = ("planner.cli", "planner.tui", "planner.serve")
UI_OR_FORMAT = ["textual", "icalendar", "rich"]
# Exporter modules that plan a calendar without writing one: `planner clashes` and friends use them.
CALENDAR_FREE = {"planner.exporters", "planner.exporters.entries", "planner.exporters.export_memory"}


def module_name(path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def planner_modules() -> list[str]:
    return sorted(module_name(path) for path in (ROOT / "planner").rglob("*.py"))


def engine_modules() -> list[str]:
    return [name for name in planner_modules() if not name.startswith(FRONT_ENDS) and name not in ("planner.__main__",)]


def imports_of(name: str) -> list[tuple[str, int]]:
    """Every planner module `name` imports, anywhere in it (a function-level import counts too)."""
    path = ROOT / (name.replace(".", "/") + ".py")
    if not path.exists():
        path = ROOT / name.replace(".", "/") / "__init__.py"
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, node.lineno))
        elif isinstance(node, ast.Import):
            found.extend((alias.name, node.lineno) for alias in node.names)
    return [(module, line) for module, line in found if module == "planner" or module.startswith("planner.")]


def test_the_engine_is_discovered():
    # A guard on the discovery itself: were it to find nothing, every check below would pass.
    modules = engine_modules()
    assert "planner.program.model" in modules and "planner.exporters.ics" in modules
    assert len(modules) > 40


def test_no_engine_module_loads_the_ui_or_calendar_libraries_at_import():
    def probe(module: str) -> tuple[str, str]:
        code = f"import sys, {module}; print(' '.join(name for name in {UI_OR_FORMAT!r} if name in sys.modules))"
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
        return module, result.stdout.strip()

    with ThreadPoolExecutor(max_workers=4) as pool:
        loaded = dict(pool.map(probe, engine_modules()))
    # Writing a calendar is what icalendar is for; every other engine module starts without it.
    writers = {name for name in loaded if name.startswith("planner.exporters.") and name not in CALENDAR_FREE}
    assert {name: libraries for name, libraries in loaded.items() if libraries and name not in writers} == {}
    assert all(loaded[name] in ("", "icalendar") for name in writers)


def layers() -> list[list[str]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contract = next(c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers")
    return [[f"planner.{name.strip()}" for name in layer.split("|")] for layer in contract["layers"]]


def layer_of(module: str, order: list[list[str]]) -> int | None:
    for rank, layer in enumerate(order):
        if any(module == package or module.startswith(package + ".") for package in layer):
            return rank
    return None


def test_every_package_of_planner_is_in_a_layer():
    order = layers()
    unplaced = [
        name for name in planner_modules() if layer_of(name, order) is None and name not in ("planner", "planner.__main__")
    ]
    assert unplaced == []


def test_no_module_imports_upward():
    order = layers()  # highest first, as import-linter lists them
    offenders = []
    for name in planner_modules():
        own = layer_of(name, order)
        for target, line in imports_of(name):
            theirs = layer_of(target, order)
            if own is not None and theirs is not None and theirs < own:
                offenders.append(f"{name}:{line} imports {target}")
    assert offenders == []


def test_the_tui_talks_to_the_engine_never_to_the_command_line():
    offenders = [
        f"{name}:{line}"
        for name in planner_modules()
        if name.startswith("planner.tui")
        for target, line in imports_of(name)
        if target.startswith("planner.cli")
    ]
    assert offenders == []


def test_the_cli_does_not_load_textual_for_a_listing():
    probe = "import sys, planner.cli; planner.cli.main(['programs', '--json']); print('textual' in sys.modules, file=sys.stderr)"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stderr.strip() == "False"


@pytest.mark.parametrize(
    ("source", "loads_icalendar"),
    [("examples/raw/feeds/31c3_schedule.xml", False), ("tests/fixtures/ics_tzid_utc_dst_change_recurring.ics", True)],
)
def test_icalendar_is_loaded_only_to_read_a_calendar(source, loads_icalendar):
    probe = (
        "import sys, contextlib, io, planner.cli\n"
        f"with contextlib.redirect_stdout(io.StringIO()): planner.cli.main(['list', '--program', {source!r}, '--json'])\n"
        "print('icalendar' in sys.modules, file=sys.stderr)"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stderr.strip().splitlines()[-1] == str(loads_icalendar)


def test_help_loads_only_the_parser():
    # `planner --help` builds the parser from argparse definitions; the engine loads on dispatch.
    probe = (
        "import sys, contextlib, io\n"
        "from planner.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit): main(['--help'])\n"
        "print(sorted(name for name in ('pydantic', 'textual', 'icalendar', 'rapidfuzz', 'numpy') if name in sys.modules), file=sys.stderr)"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stderr.strip() == "[]"


def test_numpy_is_loaded_by_building_a_discovery_index_only():
    # The TUI imports the index's module as it starts; numpy comes when an index is built, off the UI thread.
    probe = (
        "import sys\n"
        "import planner.tui.app, planner.search.similar\n"
        "from planner.importing.catalog import open_program\n"
        "program = open_program('neurips-2018')\n"
        "before = 'numpy' in sys.modules\n"
        "planner.search.similar.SimilarityIndex.of(program)\n"
        "print(before, 'numpy' in sys.modules, file=sys.stderr)"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stderr.strip().splitlines()[-1] == "False True"
