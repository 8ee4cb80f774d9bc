"""Every command that uses your bookmarks reads them one way: ids found again by title, the same notes on stderr."""

from __future__ import annotations

import pytest

from planner.bookmarks.file import Priority, new_bookmark
from planner.bookmarks.store import dump_bookmarks, read_bookmarks
from tests.conftest import FIXTURES, run
from tests.programs import NOW, marks

WEDNESDAY = str(FIXTURES / "iclr2020_wednesday_excerpt.json")
PAPER = "rJxbJeHFPS"
TITLE = "What Can Neural Networks Reason About?"


@pytest.fixture
def renamed(tmp_path):
    """The paper bookmarked under an id an earlier import gave it, pinned to a session it is no longer in."""
    path = tmp_path / "mine.json"
    old = new_bookmark("what-can-neural-networks-reason-about", TITLE, now=NOW, priority=Priority.MUST, slot="wed-session-9")
    path.write_text(dump_bookmarks(marks(old, conference="iclr-2020")), encoding="utf-8")
    return path


COMMANDS = {
    "bookmark list": ("bookmark", "list", "--json"),
    "list --bookmarked": ("list", "--bookmarked", "--json"),
    "clashes": ("clashes", "--json"),
    "plan": ("plan", "--json"),
    "export": ("export", "-o", "-"),
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_finds_a_renamed_bookmark_and_says_so_in_the_same_words(capsys, renamed, command):
    code, out, err = run(capsys, *COMMANDS[command], "--program", WEDNESDAY, "--bookmarks", str(renamed))
    assert code == 0
    notes = [line for line in err.splitlines() if line.startswith("note: ")]
    assert notes == [
        f"note: {renamed}: what-can-neural-networks-reason-about is now {PAPER}, found again by its title (saved so at your next change)",
        (
            f"note: {renamed}: the slot chosen for {PAPER} (session wed-session-9) is not one of its slots in this program; "
            "it counts as not chosen until you choose again"
        ),
    ]
    assert "not in the program" not in err and "not in this program" not in err
    assert PAPER in out  # counted, planned, listed or exported under its new id


def test_plan_apply_saves_the_renamed_bookmark_under_its_new_id(capsys, renamed):
    code, out, err = run(capsys, "plan", "--apply", "--program", WEDNESDAY, "--bookmarks", str(renamed))
    assert code == 0 and "Saved: 1 bookmark pinned to a new slot" in out
    [saved] = read_bookmarks(renamed, "iclr-2020").bookmarks
    assert saved.id == PAPER and saved.slot in {"wed-session-1", "wed-session-4"} and saved.priority is Priority.MUST
    assert f"what-can-neural-networks-reason-about is now {PAPER}, found again by its title\n" in err


def test_clashes_and_export_tell_unknown_bookmarks_as_bookmark_list_does(capsys, tmp_path):
    path = tmp_path / "mine.json"
    path.write_text(
        dump_bookmarks(marks(new_bookmark("withdrawn", "A Withdrawn Paper", now=NOW), conference="iclr-2020")), encoding="utf-8"
    )
    told = {}
    for name, argv in (("bookmark list", COMMANDS["bookmark list"]), ("clashes", ("clashes",)), ("export", COMMANDS["export"])):
        code, _, err = run(capsys, *argv, "--program", WEDNESDAY, "--bookmarks", str(path))
        # With no bookmark in the program there is no event: export says so and exits 1.
        assert code == (1 if name == "export" else 0)
        assert name != "export" or "nothing to export: your one bookmark has no time in this program" in err
        told[name] = [line for line in err.splitlines() if line.startswith(("note: ", "  withdrawn"))][:2]
    assert (
        told["clashes"]
        == told["export"]
        == told["bookmark list"]
        == [
            f"note: {path}: 1 bookmark is not in the program of iclr-2020; kept in the file:",
            "  withdrawn  A Withdrawn Paper",
        ]
    )
