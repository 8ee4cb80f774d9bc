"""The engine stays pure: core modules import neither Textual nor icalendar (checked in a fresh interpreter)."""

import ast
import subprocess
import sys

import pytest

from tests.conftest import ROOT

# Engine modules: never Textual, never icalendar at import (ics_feed loads it only to read a calendar).
PURE = [
    "planner.model",
    "planner.text",
    "planner.times",
    "planner.ids",
    "planner.json_lines",
    "planner.search",
    "planner.search_index",
    "planner.memory",
    "planner.timetable",
    "planner.store",
    "planner.catalog",
    "planner.bookmarks",
    "planner.bookmark_store",
    "planner.bookmark_merge",
    "planner.bookmark_matching",
    "planner.team",
    "planner.slots",
    "planner.agenda",
    "planner.clashes",
    "planner.plan",
    "planner.exporters.entries",
    "planner.exporters.export_memory",
    "planner.importers",
    "planner.merge",
    "planner.timing",
    "planner.importers.feed",
    "planner.importers.json_wire",
    "planner.importers.frab_schedule",
    "planner.importers.frab_xml",
    "planner.importers.frab_json",
    "planner.importers.virtual_site_json",
    "planner.importers.ics_feed",
]
UI_OR_FORMAT = ["textual", "icalendar", "rich"]


@pytest.mark.parametrize("module", PURE)
def test_core_module_does_not_import_the_ui_or_calendar_libraries(module):
    probe = f"import sys, {module}; print(' '.join(name for name in {UI_OR_FORMAT!r} if name in sys.modules))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.strip() == ""


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


def test_the_tui_talks_to_the_engine_never_to_the_command_line():
    offenders = []
    for path in (ROOT / "planner" / "tui").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("planner.cli"):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []
