"""`planner` and `planner open`: which program the TUI opens, in which zone, and what it remembers."""

from __future__ import annotations

import subprocess
import sys

import pytest

from planner.cli import build_parser
from planner.cli.open_command import build_app
from planner.errors import NotFoundError
from planner.program.program_file import save_program
from planner.program.times import zone
from planner.settings import last_program
from planner.tui.zones import ZoneMode
from tests.conftest import ROOT


def app_for(*argv: str):
    return build_app(build_parser().parse_args(list(argv)))


def test_open_a_shipped_program_in_your_zone_and_remember_it():
    app = app_for("open", "neurips-2018", "--tz", "Asia/Tokyo")
    assert app.setup.program.conference.id == "neurips-2018"
    assert app.setup.zone_mode is ZoneMode.LOCAL and app.setup.your_zone == zone("Asia/Tokyo")
    assert last_program() == "neurips-2018"


def test_open_a_program_file_remembers_its_full_path_and_the_next_start_offers_it(tmp_path, monkeypatch):
    from planner.importing.catalog import open_program

    save_program(open_program("neurips-2018"), tmp_path / "mine.json")
    monkeypatch.chdir(tmp_path)
    app = app_for("open", "mine.json", "--bookmarks", "shared.json")
    assert app.setup.zone_mode is ZoneMode.CONFERENCE
    assert app.setup.bookmark_path("neurips-2018").name == "shared.json"
    assert last_program() == str(tmp_path / "mine.json")
    again = app_for()
    assert again.setup.program is None  # a picker: the shipped programs and the file opened last
    assert again.setup.choices[-1] == str(tmp_path / "mine.json") and again.setup.last == str(tmp_path / "mine.json")


def test_with_several_shipped_programs_and_none_remembered_it_offers_a_picker():
    from planner.importing.catalog import shipped_ids

    app = app_for()
    assert len(shipped_ids()) > 1
    assert app.setup.program is None
    assert list(app.setup.choices) == shipped_ids() and app.setup.last is None


def test_a_program_that_does_not_exist_is_refused_before_the_tui_starts():
    with pytest.raises(NotFoundError):
        app_for("open", "no-such-program")


@pytest.mark.parametrize(("argv", "code"), [([], 0), (["open", "neurips-2018"], 2)])
def test_without_a_terminal_there_is_no_tui(argv, code):
    result = subprocess.run(
        [sys.executable, "-m", "planner", *argv], capture_output=True, text=True, cwd=ROOT, stdin=subprocess.DEVNULL, check=False
    )
    assert result.returncode == code
    assert ("usage: planner" in result.stdout) if code == 0 else ("needs a terminal" in result.stderr)


def test_team_files_are_given_to_the_app_and_a_missing_one_is_refused_before_the_tui_starts(tmp_path, monkeypatch):
    for name in ("ann.json", "bo.json"):
        (tmp_path / name).write_text("{}")  # read when the program opens; here only their being there counts
    monkeypatch.chdir(tmp_path)
    app = app_for("open", "neurips-2018", "--team", "ann.json", "bo.json")
    assert app.setup.team_files == (tmp_path / "ann.json", tmp_path / "bo.json")
    assert app.setup.working_folder == tmp_path
    with pytest.raises(NotFoundError, match=r"no bookmark file 'cy\.json'"):
        app_for("open", "neurips-2018", "--team", "ann.json", "--team", "cy.json")
