"""Builds the TUI for tests the way the command line does: through create_app, with a fixed clock and zone."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from textual.notifications import Notify
from textual.widgets import Input

from planner.bookmarks.file import Bookmark, BookmarkFile
from planner.bookmarks.store import update_bookmarks
from planner.program.model import Presentation, Program
from planner.program.times import zone
from planner.schedule.timetable import SlotRow
from planner.tui.app import PlannerApp, create_app
from planner.tui.widgets.program_list import ProgramList

NOW = datetime(2018, 11, 30, 9, 0, tzinfo=UTC)
READER_ZONE = zone("Asia/Tokyo")
SIZE = (130, 36)


def make_app(program: Program | None, folder: Path, **options) -> PlannerApp:
    return create_app(
        program,
        bookmark_path=lambda conference: folder / "bookmarks" / f"{conference}.json",
        clock=lambda: NOW,
        your_zone=READER_ZONE,
        working_folder=folder,
        **options,
    )


class Notes:
    """Collects the notifications an app shows (pass `notes.hook` as run_test's message_hook)."""

    def __init__(self) -> None:
        self.shown: list[tuple[str, str, str]] = []

    def hook(self, message: object) -> None:
        if isinstance(message, Notify):
            note = message.notification
            self.shown.append((note.severity, note.title, note.message))

    def errors(self) -> list[str]:
        return [f"{title}: {message}" for severity, title, message in self.shown if severity == "error"]


async def settle(pilot) -> None:
    """Wait for the app's workers (layout, index, search) and the refreshes they cause."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def listed(app: PlannerApp) -> list[str]:
    """Ids of the presentations in the browser's list, top to bottom."""
    return [row.presentation.id for row in app.screen.query_one(ProgramList).rows if isinstance(row, SlotRow)]


def lines(app: PlannerApp, count: int = 30) -> list[str]:
    """The list's lines as drawn, from the top of its view."""
    listing = app.screen.query_one(ProgramList)
    return [listing.render_line(y).text for y in range(count)]


def no_blink(app: PlannerApp) -> None:
    for box in app.screen.query(Input):
        box.cursor_blink = False


def given_bookmarks(path: Path, conference: str, *bookmarks: Bookmark, owner: str = "") -> None:
    """A bookmark file holding `bookmarks`, saved through the engine as any planner would save it."""
    update_bookmarks(path, conference, lambda _: BookmarkFile(conference=conference, owner=owner, bookmarks=list(bookmarks)))


def by_title(program: Program, title: str) -> Presentation:
    (found,) = [presentation for presentation in program.presentations if presentation.title == title]
    return found
