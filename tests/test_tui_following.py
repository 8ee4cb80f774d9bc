"""The TUI on a followed program: what the last update changed, said on open; C shows the changes; u updates in a worker."""

from __future__ import annotations

import asyncio
import threading
from datetime import UTC, datetime, timedelta

import pytest
from pytest_httpserver import HTTPServer

from planner.following.followed import find_followed, follow, update
from planner.importing.catalog import open_program
from planner.paths import default_bookmark_path, followed_seen_file
from planner.schedule.timetable import SlotRow
from planner.tui.app import create_app
from planner.tui.screens.browser import BrowserScreen
from planner.tui.screens.changes import ChangesScreen
from planner.tui.widgets.program_list import ProgramList
from tests.feed_server import FeedFolder
from tests.test_following import EMV, FEEDS, ICH_SEHE, KEYNOTE, SCADA, SS7, bookmark, edit_event
from tests.tui_app import READER_ZONE, SIZE, Notes, settle

T0 = datetime(2026, 12, 1, 9, tzinfo=UTC)


@pytest.fixture
def site(httpserver: HTTPServer, tmp_path) -> FeedFolder:
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "31c3_schedule.xml").write_bytes((FEEDS / "31c3_schedule.xml").read_bytes())
    return FeedFolder(httpserver, folder)


def _app(tmp_path, program, now):
    """The app as the command line builds it: bookmarks in the data folder, where updates carry them."""
    return create_app(
        program,
        bookmark_path=default_bookmark_path,
        clock=lambda: now,
        your_zone=READER_ZONE,
        working_folder=tmp_path,
    )


async def test_on_open_the_last_update_is_told_and_c_lists_the_changes(site, tmp_path):
    followed, _ = follow(site.url("31c3_schedule.xml"), now=T0)
    bookmark("31c3", KEYNOTE, EMV)
    edit_event(site, KEYNOTE, at="2014-12-27T13:00")
    edit_event(site, EMV, remove=True)
    edit_event(site, SS7, room="Saal G")
    update(followed, bookmarks=default_bookmark_path("31c3"), now=T0 + timedelta(hours=1))
    notes = Notes()
    app = _app(tmp_path, open_program("31c3"), T0 + timedelta(hours=3))
    async with app.run_test(size=SIZE, message_hook=notes.hook) as pilot:
        await settle(pilot)
        said = [message for _, title, message in notes.shown if title == "31c3"]
        assert said == [
            "Program updated 2 h ago: 1 of your bookmarks moved, 1 cancelled; 1 other change. Press C to see the changes."
        ]
        await pilot.press("C")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ChangesScreen)
        assert [c.id for c in screen.yours] == [EMV, KEYNOTE] and [c.id for c in screen.others] == [SS7]
        await pilot.press("down", "enter")  # the first selectable line is the cancelled bookmark; then the keynote
        await pilot.pause()
        assert isinstance(app.screen, BrowserScreen) and app.screen.current_presentation.id == KEYNOTE


async def test_u_updates_in_a_worker_and_reopens_the_new_version(site, tmp_path):
    follow(site.url("31c3_schedule.xml"), now=T0)
    notes = Notes()
    app = _app(tmp_path, open_program("31c3"), T0)
    async with app.run_test(size=SIZE, message_hook=notes.hook) as pilot:
        await settle(pilot)
        edit_event(site, KEYNOTE, title="31C3 Keynote (moved to Saal 2)")
        await pilot.press("u")
        await settle(pilot)
        await settle(pilot)
        assert any(message.startswith("31c3 updated: 1 change") for _, _, message in notes.shown), notes.shown
        assert app.program.presentations_by_id[KEYNOTE].title == "31C3 Keynote (moved to Saal 2)"
        assert len(find_followed("31c3").versions) == 2 and isinstance(app.screen, BrowserScreen)


async def test_a_program_not_followed_has_no_update_key(tmp_path):
    app = _app(tmp_path, open_program("neurips-2018"), T0)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "u" not in app._bindings.key_to_bindings


def _marked_lines(app) -> list[str]:
    """The list's lines as drawn, those that carry a change mark."""
    program_list = app.screen.query_one(ProgramList)
    drawn = []
    for row in program_list.rows:
        if isinstance(row, SlotRow):
            text = program_list._draw(row, 200, False).text
            if any(f" {label} " in text for label in ("NEW", "MOVED", "CANCELLED", "ROOM")):
                drawn.append(text)
    return drawn


async def test_the_list_marks_what_changed_since_last_looked_until_the_changes_are_seen(site, tmp_path):
    followed, _ = follow(site.url("31c3_schedule.xml"), now=T0)
    bookmark("31c3", KEYNOTE, EMV)
    edit_event(site, KEYNOTE, at="2014-12-27T13:00")
    edit_event(site, EMV, remove=True)
    followed = update(followed, bookmarks=default_bookmark_path("31c3"), now=T0 + timedelta(hours=1)).followed
    # A second update before the reader looks: its changes and the first one's are both news.
    edit_event(site, SS7, room="Saal G")
    edit_event(site, ICH_SEHE, title="CANCELLED: Ich sehe, also bin ich ... Du")
    edit_event(site, SCADA, copy_as=("new-talk-guid", "A talk added late"))
    update(followed, bookmarks=default_bookmark_path("31c3"), now=T0 + timedelta(hours=2))
    app = _app(tmp_path, open_program("31c3"), T0 + timedelta(hours=3))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert dict(app.marks.changes) == {
            KEYNOTE: "MOVED",
            EMV: "CANCELLED",  # not in the list any more: no row to mark, listed in the changes instead
            SS7: "ROOM",
            ICH_SEHE: "CANCELLED",
            "new-talk-guid": "NEW",
        }
        lines = _marked_lines(app)
        assert len(lines) == 4 and any("MOVED 31C3 Keynote" in line for line in lines), lines
        assert any("NEW A talk added late" in line for line in lines), lines
        await pilot.press("C")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ChangesScreen)
        # Since the version the reader last looked at (the first): both updates' changes, the
        # cancelled bookmark no longer in the program among them.
        assert [c.id for c in screen.yours] == [EMV, KEYNOTE]
        assert {c.id for c in screen.others} == {SS7, ICH_SEHE, "new-talk-guid"}
        await pilot.press("escape")
        await pilot.pause()
        assert dict(app.marks.changes) == {} and _marked_lines(app) == []
    # Remembered beside the program, not in the bookmark file: the next start marks nothing.
    assert followed_seen_file("31c3").is_file()
    assert "seen" not in default_bookmark_path("31c3").read_text()
    app = _app(tmp_path, open_program("31c3"), T0 + timedelta(hours=4))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert dict(app.marks.changes) == {} and _marked_lines(app) == []


async def test_a_followed_program_never_updated_has_no_marks(site, tmp_path):
    follow(site.url("31c3_schedule.xml"), now=T0)
    app = _app(tmp_path, open_program("31c3"), T0)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert dict(app.marks.changes) == {} and _marked_lines(app) == []


class HeldFeed(FeedFolder):
    """A feed whose server holds each answer until the test lets it go: a slow server, made to order."""

    def __init__(self, server: HTTPServer, folder) -> None:
        super().__init__(server, folder)
        self.hold = False
        self.asked = threading.Event()
        self.released = threading.Event()

    def answer(self, request):
        if self.hold:
            self.asked.set()
            self.released.wait(timeout=20)  # sleeps, as a slow server does
        return super().answer(request)


@pytest.fixture
def held_feed(httpserver: HTTPServer, tmp_path) -> HeldFeed:
    """31C3 followed from a slow server, whose feed has changed since (the keynote retitled)."""
    folder = tmp_path / "slow-site"
    folder.mkdir()
    (folder / "31c3_schedule.xml").write_bytes((FEEDS / "31c3_schedule.xml").read_bytes())
    feed = HeldFeed(httpserver, folder)
    follow(feed.url("31c3_schedule.xml"), now=T0)
    edit_event(feed, KEYNOTE, title="31C3 Keynote (moved to Saal 2)")
    return feed


async def test_escape_cancels_a_running_update_and_the_program_kept_is_untouched(held_feed, tmp_path):
    feed = held_feed
    kept = {path.name: path.read_bytes() for path in find_followed("31c3").folder.rglob("*.json")}
    feed.hold = True
    notes = Notes()
    app = _app(tmp_path, open_program("31c3"), T0)
    async with app.run_test(size=SIZE, message_hook=notes.hook) as pilot:
        await settle(pilot)
        await pilot.press("u")
        assert await asyncio.to_thread(feed.asked.wait, 10), "the update never asked the server"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BrowserScreen)
        assert any(message == "Update of 31c3 cancelled: the program stays as it was." for _, _, message in notes.shown)
        feed.released.set()  # the server answers now, with the changed feed
        await settle(pilot)
        assert feed.bodies_sent == 2  # the new feed did arrive, and was dropped
        assert app.program.presentations_by_id[KEYNOTE].title == "31C3 Keynote"
        assert not any("updated" in message for _, _, message in notes.shown), notes.shown
    assert {path.name: path.read_bytes() for path in find_followed("31c3").folder.rglob("*.json")} == kept
    assert len(find_followed("31c3").versions) == 1


async def test_u_again_cancels_the_running_update(held_feed, tmp_path):
    feed = held_feed
    feed.hold = True
    notes = Notes()
    app = _app(tmp_path, open_program("31c3"), T0)
    async with app.run_test(size=SIZE, message_hook=notes.hook) as pilot:
        await settle(pilot)
        await pilot.press("u")
        assert await asyncio.to_thread(feed.asked.wait, 10)
        await pilot.press("u")
        await pilot.pause()
        feed.released.set()
        await settle(pilot)
        assert any("cancelled" in message for _, _, message in notes.shown), notes.shown
    assert len(find_followed("31c3").versions) == 1
    assert open_program("31c3").presentations_by_id[KEYNOTE].title == "31C3 Keynote"


async def test_on_open_the_clashes_the_last_update_made_are_counted(site, tmp_path):
    followed, _ = follow(site.url("31c3_schedule.xml"), now=T0)
    bookmark("31c3", KEYNOTE, SCADA)
    edit_event(site, KEYNOTE, at="2014-12-27T14:00")  # onto the bookmarked SCADA talk
    update(followed, bookmarks=default_bookmark_path("31c3"), now=T0 + timedelta(hours=1))
    notes = Notes()
    app = _app(tmp_path, open_program("31c3"), T0 + timedelta(hours=1))
    async with app.run_test(size=SIZE, message_hook=notes.hook) as pilot:
        await settle(pilot)
        said = [message for _, title, message in notes.shown if title == "31c3"]
        assert said == [
            "Program updated just now: 1 of your bookmarks moved, 1 new clash; 0 other changes. Press C to see the changes."
        ]
