"""The engine stays pure: core modules import neither Textual nor icalendar (checked in a fresh interpreter)."""

import subprocess
import sys

import pytest

from tests.conftest import ROOT

PURE = ["planner.model", "planner.bookmarks", "planner.bookmark_store", "planner.times", "planner.ids", "planner.search", "planner.store", "planner.catalog", "planner.importers", "planner.search_index", "planner.timetable"]
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
