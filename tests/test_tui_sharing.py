"""The TUI's file flows through the engine: export the calendar (e), merge a colleague's file (M), load the team (w, --team)."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime

import pytest
from textual.widgets import Input

from planner.bookmarks.file import Priority, new_bookmark
from planner.bookmarks.store import read_bookmarks
from planner.tui.screens.confirm import ConfirmScreen
from planner.tui.screens.prompt import PromptScreen
from planner.tui.widgets.presentation_detail import PresentationDetail
from tests.conftest import ROOT
from tests.tui_app import NOW, SIZE, Notes, by_title, given_bookmarks, make_app, settle

SOCIAL = "The RL Social"
REASONING = "What Can Neural Networks Reason About?"
REFORMER = "Reformer: The Efficient Transformer"


def mine(tmp_path):
    return tmp_path / "bookmarks" / "iclr-2020.json"


@pytest.fixture
def my_bookmarks(iclr, tmp_path):
    """Mine: the social, the paper pinned to its evening slot, and a bookmark the program does not know."""
    social, paper = by_title(iclr, SOCIAL), by_title(iclr, REASONING)
    given_bookmarks(
        mine(tmp_path), "iclr-2020",
        new_bookmark(social.id, social.title, now=NOW),
        new_bookmark(paper.id, paper.title, now=NOW, slot="wed-session-4"),
        new_bookmark("gone-from-the-program", "A withdrawn paper", now=NOW),
        owner="Me",
    )  # fmt: skip
    return social.id, paper.id


def colleague(iclr, path, owner, *titles_and_priorities):
    given_bookmarks(
        path, "iclr-2020",
        *(new_bookmark(by_title(iclr, title).id, title, now=NOW, priority=priority, slot=slot) for title, priority, slot in titles_and_priorities),
        owner=owner,
    )  # fmt: skip
    return path


async def type_into_prompt(pilot, text: str) -> None:
    """Answer the prompt with `text` (put in the box at once: pressing each key of a long path is slow)."""
    assert isinstance(pilot.app.screen, PromptScreen)
    pilot.app.screen.query_one(Input).value = text
    await pilot.press("enter")
    await settle(pilot)


async def test_e_writes_the_calendar_that_icalendar_reads_and_says_what_was_left_out(iclr, tmp_path, my_bookmarks):
    from icalendar import Calendar

    notes = Notes()
    app = make_app(iclr, tmp_path)
    async with app.run_test(size=SIZE, message_hook=notes.hook) as pilot:
        await settle(pilot)
        await pilot.press("e")
        assert isinstance(app.screen, PromptScreen) and app.screen.value == "iclr-2020.ics"
        await pilot.press("enter")  # the default: <conference>.ics in the working folder
        await settle(pilot)
        written = tmp_path / "iclr-2020.ics"
        events = Calendar.from_ical(written.read_bytes()).walk("VEVENT")
        # The paper at its pinned slot only, the social at its one slot; the unknown bookmark left out.
        starts = {str(event["SUMMARY"]): event.decoded("DTSTART") for event in events}
        assert sorted(starts) == [f"Poster: {REASONING}", SOCIAL]
        assert starts[f"Poster: {REASONING}"] == datetime(2020, 4, 29, 17, 0, tzinfo=UTC)
        _, title, message = notes.shown[-1]
        assert title == f"Wrote {written}" and message.startswith("2 events, 2 new or changed")
        assert "Left out 1 bookmark: not in this program (1)" in message
        await pilot.press("e", "enter")  # written in this run: replaced without asking
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmScreen) and notes.shown[-1][2].startswith("2 events, 0 new or changed")


async def test_export_asks_before_replacing_a_file_it_did_not_write_and_reports_errors(iclr, tmp_path, my_bookmarks):
    other = tmp_path / "notes.txt"
    other.write_text("mine, not a calendar")
    notes = Notes()
    app = make_app(iclr, tmp_path)
    async with app.run_test(size=SIZE, message_hook=notes.hook) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await type_into_prompt(pilot, "notes.txt")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        assert other.read_text() == "mine, not a calendar"
        mine(tmp_path).write_text('{"format": "planner-bookmarks", "version": 1, "conference": "iclr-2020", "bookmarks": [')
        await pilot.press("e")
        await type_into_prompt(pilot, "broken.ics")
        assert any(error.startswith("The calendar was not written") and "not valid JSON" in error for error in notes.errors())
        assert not (tmp_path / "broken.ics").exists() and app.is_running


async def test_merging_a_colleagues_file_adds_their_bookmarks_and_again_adds_nothing(iclr, tmp_path, my_bookmarks):
    social, paper = my_bookmarks
    theirs = colleague(iclr, tmp_path / "ann.json", "Ann", (REFORMER, Priority.MUST, None), (SOCIAL, Priority.MUST, None))
    notes = Notes()
    app = make_app(iclr, tmp_path)
    async with app.run_test(size=SIZE, message_hook=notes.hook) as pilot:
        await settle(pilot)
        await pilot.press("M")
        await type_into_prompt(pilot, "ann.json")  # from the working folder
        reformer = by_title(iclr, REFORMER).id
        saved = read_bookmarks(mine(tmp_path), "iclr-2020")
        assert saved.ids == {social, paper, "gone-from-the-program", reformer}
        assert saved.get(social).priority is Priority.MUST and saved.owner == "Me"
        assert reformer in app.marks.bookmarks
        _, title, message = notes.shown[-1]
        assert title == "Merged ann.json (Ann)" and message.startswith("1 new, 1 updated") and f"+ {REFORMER}" in message
        await pilot.press("M")
        await type_into_prompt(pilot, str(theirs))
        assert notes.shown[-1][2] == "0 new, 0 updated: you had them all already"
        assert read_bookmarks(mine(tmp_path), "iclr-2020") == saved


@pytest.mark.parametrize(
    "content",
    [
        b'{"format": "planner-bookmarks", "version": 1, "conference": "iclr-2020", "bookmarks": [',
        b'{"format": "planner-bookmarks", "version": 1, "conference": "neurips-2018", "bookmarks": []}',
    ],
    ids=["cut short", "another conference"],
)
async def test_a_bad_colleague_file_is_notified_and_nothing_changes(iclr, tmp_path, my_bookmarks, content):
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    before = mine(tmp_path).read_bytes()
    notes = Notes()
    app = make_app(iclr, tmp_path)
    async with app.run_test(size=SIZE, message_hook=notes.hook) as pilot:
        await settle(pilot)
        marks = app.marks
        await pilot.press("M")
        await type_into_prompt(pilot, str(bad))
        await pilot.press("M")
        await type_into_prompt(pilot, "no-such-file.json")
        errors = notes.errors()
        assert len(errors) == 2 and all(error.startswith("Nothing merged") for error in errors)
        assert str(bad) in errors[0] and "no such file" in errors[1]
        assert app.marks == marks and app.is_running
    assert mine(tmp_path).read_bytes() == before


async def test_the_detail_says_who_of_the_team_is_going(iclr, tmp_path, my_bookmarks):
    social, paper = my_bookmarks
    ann = colleague(iclr, tmp_path / "ann.json", "Ann", (REASONING, Priority.MUST, "wed-session-1"))
    colleague(iclr, tmp_path / "bo.json", "Bo", (REASONING, Priority.MAYBE, None), (SOCIAL, Priority.WANT, None))
    app = make_app(iclr, tmp_path, team_files=[ann])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.reveal(presentation_id=paper)
        await pilot.pause()
        assert "Going: Ann (must, slot 1)" in app.screen.query_one(PresentationDetail).text
        await pilot.press("w")
        await type_into_prompt(pilot, "bo.json")
        assert [member.name for member in app.team] == ["Ann", "Bo"]
        assert "Going: Ann (must, slot 1), Bo (maybe)" in app.screen.query_one(PresentationDetail).text
        await pilot.press("w")
        await type_into_prompt(pilot, "bookmarks/iclr-2020.json")  # your own file is not a colleague's
        assert [member.name for member in app.team] == ["Ann", "Bo"]
        app.reveal(presentation_id=social)
        await pilot.pause()
        assert "Going: Bo (want)" in app.screen.query_one(PresentationDetail).text


async def test_the_palette_runs_the_new_actions_too(iclr, tmp_path, my_bookmarks):
    app = make_app(iclr, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"Export")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen) and app.screen.value == "iclr-2020.ics"


def test_the_tui_starts_without_icalendar():
    probe = "import sys, planner.tui.app; print('icalendar' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.strip() == "False"
