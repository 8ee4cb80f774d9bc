"""The TUI on a followed program: what the last update changed, said on open; C shows the changes; u updates in a worker."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from pytest_httpserver import HTTPServer

from planner.following.followed import find_followed, follow, update
from planner.importing.catalog import open_program
from planner.paths import default_bookmark_path
from planner.tui.app import create_app
from planner.tui.screens.browser import BrowserScreen
from planner.tui.screens.changes import ChangesScreen
from tests.feed_server import FeedFolder
from tests.test_following import EMV, FEEDS, KEYNOTE, SS7, bookmark, edit_event
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
