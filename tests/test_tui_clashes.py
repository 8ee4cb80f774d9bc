"""Clashes in the TUI on the shipped ICLR 2020 program: marked in the browser and in my schedule, each remedy one key away, and "plan my days"."""

from __future__ import annotations

import pytest

from planner.bookmarks.file import Priority, new_bookmark
from planner.bookmarks.store import read_bookmarks
from planner.tui.screens.browser import BrowserScreen
from planner.tui.screens.confirm import ConfirmScreen
from planner.tui.screens.schedule import ScheduleScreen
from planner.tui.widgets.clash_panel import ClashPanel
from planner.tui.widgets.day_timeline import DayTimeline
from planner.tui.widgets.presentation_detail import PresentationDetail
from planner.tui.widgets.program_list import ProgramList
from tests.tui_app import NOW, SIZE, Notes, by_title, given_bookmarks, make_app, settle

SOCIAL = "The RL Social"
REASONING = "What Can Neural Networks Reason About?"


@pytest.fixture
def clash(iclr, tmp_path):
    """The social, and the paper pinned to its evening poster session, which the social overlaps."""
    social, paper = by_title(iclr, SOCIAL), by_title(iclr, REASONING)
    path = tmp_path / "bookmarks" / "iclr-2020.json"
    given_bookmarks(
        path, "iclr-2020",
        new_bookmark(social.id, social.title, now=NOW),
        new_bookmark(paper.id, paper.title, now=NOW, slot="wed-session-4", note="ask about GNNs"),
    )  # fmt: skip
    return path, social.id, paper.id


def schedule_ids(app) -> list[str]:
    return [
        row.presentation.id for row in app.screen.query_one("#schedule-list", ProgramList).rows if hasattr(row, "presentation")
    ]


async def test_a_clash_is_marked_in_my_schedule_and_the_offered_move_resolves_it(iclr, tmp_path, clash):
    path, social, paper = clash
    app = make_app(iclr, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        (overlap,) = app.clash_report.overlaps
        assert set(overlap.bookmarks) == {social, paper}
        assert app.marks.warnings[(paper, "wed-session-4")] == "overlap"
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, ScheduleScreen)
        assert schedule_ids(app) == [paper, social]
        drawn = [app.screen.query_one("#schedule-list", ProgramList).render_line(y).text for y in range(5)]
        # The social is a session holding only itself: one row, no heading of its own.
        assert drawn[2].startswith(" ★!") and REASONING[:20] in drawn[2] and drawn[3].startswith(" ★!")
        assert SOCIAL in drawn[3]
        timeline = app.screen.query_one(DayTimeline)
        assert {(placed.item.warning, placed.lanes) for placed in timeline.placed} == {("overlap", 2)}
        panel = app.screen.query_one(ClashPanel)
        assert f"Overlaps “{SOCIAL}” for 60 min" in panel.text
        first = panel.offered[0]
        assert first.remedy.action == "move" and first.remedy.slot.session == "wed-session-1"
        assert "1 move this to Wed 29 Apr 05:00–07:00 UTC, Wed Session 1" in panel.text
        await pilot.press("1")
        await settle(pilot)
        assert read_bookmarks(path, "iclr-2020").get(paper).slot == "wed-session-1"
        assert app.clash_report.clashes == () and app.marks.warnings == {}
        assert "No clashes among your bookmarks" in app.screen.query_one(ClashPanel).text
        assert app.screen.query_one(ClashPanel).offered == []


async def test_keeping_one_asks_before_dropping_a_bookmark_with_a_note_then_drops_it(iclr, tmp_path, clash):
    path, social, paper = clash
    app = make_app(iclr, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        texts = [offered.text for offered in app.screen.query_one(ClashPanel).offered]
        assert texts[1:] == [f"keep this, drop “{SOCIAL}” (same priority)", f"keep “{SOCIAL}”, drop this (same priority)"]
        await pilot.press("3")  # keep the social: the paper's bookmark carries a note, so first a question
        assert isinstance(app.screen, ConfirmScreen) and "ask about GNNs" in app.screen.details
        await pilot.press("n")
        await settle(pilot)
        assert read_bookmarks(path, "iclr-2020").ids == {social, paper}
        await pilot.press("3", "y")
        await settle(pilot)
        assert read_bookmarks(path, "iclr-2020").ids == {social}
        assert schedule_ids(app) == [social] and app.clash_report.clashes == ()


async def test_c_shows_only_the_clashes_and_the_browser_marks_them(iclr, tmp_path, clash):
    path, social, paper = clash
    other = by_title(iclr, "Reformer: The Efficient Transformer")
    given_bookmarks(
        path,
        "iclr-2020",
        *read_bookmarks(path, "iclr-2020").bookmarks,
        new_bookmark(other.id, other.title, now=NOW, slot=other.slots[0].session),
    )
    app = make_app(iclr, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, BrowserScreen)
        listing = app.screen.query_one(ProgramList)
        rows = [
            (index, row.slot.session)
            for index, row in enumerate(listing.rows)
            if getattr(row, "presentation", None) and row.presentation.id == paper
        ]
        assert [session for _, session in rows] == ["wed-session-1", "wed-session-4"]
        for index, session in rows:  # the slot not pinned is hollow; the pinned one clashes
            listing.cursor = index
            await pilot.pause()
            drawn = listing.render_line(index - int(listing.scroll_y)).text
            assert drawn.startswith(" ☆ " if session == "wed-session-1" else " ★!"), drawn
        detail = app.screen.query_one(PresentationDetail).text
        assert f"! Overlaps “{SOCIAL}” for 60 min" in detail
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, ScheduleScreen) and app.screen.only_clashes
        assert schedule_ids(app) == [paper, social]
        await pilot.press("c")  # again: everything
        assert sorted(schedule_ids(app)) == sorted([paper, social, other.id])
        await pilot.press("c", "1")
        await settle(pilot)
        assert schedule_ids(app) == [] and "No clashes among your 3 bookmarks" in app.screen.query_one(ProgramList).empty_text


async def test_plan_my_days_shows_the_plan_and_pins_it_when_confirmed(iclr, tmp_path, clash):
    path, social, paper = clash
    app = make_app(iclr, tmp_path)
    notes = Notes()
    async with app.run_test(size=SIZE, message_hook=notes.hook) as pilot:
        await settle(pilot)
        await pilot.press("P")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert "nothing missed" in app.screen.details and "(moved from Wed Session 4)" in app.screen.details
        await pilot.press("escape")
        await pilot.pause()
        assert read_bookmarks(path, "iclr-2020").get(paper).slot == "wed-session-4"
        await pilot.press("P")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        saved = read_bookmarks(path, "iclr-2020")
        assert saved.get(paper).slot == "wed-session-1"
        assert saved.get(social).slot == by_title(iclr, SOCIAL).slots[0].session
        assert app.clash_report.clashes == ()
        await pilot.press("P")  # planned already: nothing to ask
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmScreen)
        assert "nothing to change" in notes.shown[-1][2]


async def test_bookmarks_whose_ids_changed_are_found_again_by_title_as_the_command_line_finds_them(iclr, tmp_path):
    paper = by_title(iclr, REASONING)
    path = tmp_path / "bookmarks" / "iclr-2020.json"
    given_bookmarks(path, "iclr-2020", new_bookmark("an-old-id", paper.title, now=NOW, priority=Priority.MUST))
    notes = Notes()
    app = make_app(iclr, tmp_path)
    async with app.run_test(size=SIZE, message_hook=notes.hook) as pilot:
        await settle(pilot)
        assert set(app.marks.bookmarks) == {paper.id}
        assert any("found again by its title" in message for _, _, message in notes.shown)
        await pilot.press("m")
        await settle(pilot)
        assert schedule_ids(app) == [paper.id, paper.id]  # not pinned: both its slots
        await pilot.press("p")  # any change saves it under its new id
        assert read_bookmarks(path, "iclr-2020").ids == {paper.id}


async def test_s_pins_the_slot_under_the_cursor_and_again_lets_the_planner_choose(iclr, tmp_path):
    social, paper = by_title(iclr, SOCIAL), by_title(iclr, REASONING)
    path = tmp_path / "bookmarks" / "iclr-2020.json"
    given_bookmarks(path, "iclr-2020", new_bookmark(social.id, social.title, now=NOW))
    app = make_app(iclr, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        listing = app.screen.query_one(ProgramList)
        (evening,) = [
            index
            for index, row in enumerate(listing.rows)
            if getattr(row, "slot", None) and row.presentation.id == paper.id and row.slot.session == "wed-session-4"
        ]
        listing.cursor = evening
        await pilot.press("s")  # bookmarks it too, at this slot: now it overlaps the social
        await settle(pilot)
        assert read_bookmarks(path, "iclr-2020").get(paper.id).slot == "wed-session-4"
        assert {clash.bookmarks for clash in app.clash_report.overlaps} == {(paper.id, social.id)}
        await pilot.press("s")
        await settle(pilot)
        assert read_bookmarks(path, "iclr-2020").get(paper.id).slot is None
        assert app.clash_report.overlaps == ()  # unpinned, it counts at its morning slot
