"""Provides PlannerState, the typed face of the app that screens, widgets and flows see, and what the app is given (Setup).

The app (planner.tui.app) builds on PlannerState and imports the screens and flows; they reach
the app only through this module (`planner_of(node)`), so imports point one way. What is here is
the state every screen shares — the program, the bookmarks and their clashes, the team, the zones
times are read in — and the few things any screen or flow may do with it: read a bookmark, change
the bookmark file through the engine, report an error. What needs a screen (opening a program,
revealing a presentation) is asked for with a message (planner.tui.messages).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path

from textual.app import App
from textual.command import Provider
from textual.message_pump import MessagePump
from textual.reactive import var

from planner.bookmarks.file import Bookmark, BookmarkFile
from planner.bookmarks.store import update_program_bookmarks
from planner.bookmarks.team import Covered, Going
from planner.errors import PlannerError
from planner.program.model import Presentation, Program
from planner.schedule.clashes import ClashReport
from planner.schedule.timetable import Timetable
from planner.search.index import SearchIndex
from planner.search.similar import SimilarityIndex
from planner.tui.widgets.program_list import Marks
from planner.tui.zones import ZoneMode
from planner.wording.clashes import detail_lines


@dataclass(frozen=True)
class Setup:
    """What the app is given rather than deciding itself."""

    program: Program | None
    """The program to open; None shows the picker over `choices`."""
    choices: tuple[str, ...]
    """Programs the picker offers (shipped ids or paths), opened with `open_program`."""
    open_program: Callable[[str], Program]
    bookmark_path: Callable[[str], Path]
    """The bookmark file of a conference, by its id."""
    clock: Callable[[], datetime]
    """Now, as an aware datetime (bookmarks are stamped with it)."""
    your_zone: tzinfo
    """The reader's own zone: where "local" times are read."""
    zone_mode: ZoneMode
    remember: Callable[[str], None]
    """Called with what the picker opened, so the next start can offer it first."""
    last: str | None
    """The program opened last time, which the picker puts the cursor on."""
    working_folder: Path
    """Where a path typed in a prompt starts from; the calendar is written here unless told otherwise."""
    team_files: tuple[Path, ...]
    """Colleagues' bookmark files loaded as the team when a program opens."""
    reminder_minutes: int | None = 10
    """How long before each bookmarked slot to remind of it; None: no reminders."""
    notice: str | None = None
    """Said once when the app starts (what reading a raw source skipped)."""


@dataclass(frozen=True)
class TeamFile:
    """A colleague's bookmark file loaded as part of the team."""

    name: str
    """What the detail pane calls them: the file's owner, else its name."""
    path: Path
    bookmarks: BookmarkFile
    """Already matched to the open program."""


class PlannerState(App[None]):
    """The state every screen shares, and the changes any screen or flow may make to it."""

    bookmarks: var[BookmarkFile | None] = var(None)
    """The reader's bookmarks for the open program (None until a program is open)."""
    zone_mode: var[ZoneMode] = var(ZoneMode.CONFERENCE)
    """Which zones times are read in."""
    timetable: var[Timetable | None] = var(None)
    """The open program laid out by day and session (None while that is being worked out)."""
    search_index: var[SearchIndex | None] = var(None)
    """The open program's search index (None while it is being built)."""
    similarity_index: var[SimilarityIndex | None] = var(None)
    """The open program's similarity index, for Related and suggestions (None while it is being built)."""
    zones: var[tuple[tzinfo, ...]] = var(())
    """The zones times are shown in, the first of them leading."""
    marks: var[Marks] = var(Marks())
    """What the lists mark on a row: bookmarks and clash warnings."""
    clash_report: var[ClashReport | None] = var(None)
    """The clashes among the bookmarks (None while they are being looked for, or without bookmarks)."""
    team: var[tuple[TeamFile, ...]] = var(())
    """Colleagues' bookmark files loaded as the team."""

    def __init__(self, setup: Setup) -> None:
        super().__init__()
        self.setup = setup
        self.program: Program | None = None
        """The open program."""
        self.bookmark_file: Path | None = None
        """Where the open program's bookmarks are saved."""
        self.zone_description = ""
        """What the shown zones are, for headings ("EST · America/Toronto (conference)")."""
        self.coverage: dict[str, Covered] = {}
        """Who of the team is going, by presentation id."""
        self.exported_to: set[Path] = set()
        """Calendars written in this run: writing one again needs no asking."""
        self.unseen_changes: dict[str, str] = {}
        """For a followed program: what changed since the reader last looked, by presentation id ("MOVED")."""

    @property
    def opened(self) -> Program:
        """The program on screen: every screen but the picker has one."""
        if self.program is None:
            raise RuntimeError("no program is open yet")
        return self.program

    def bookmark_of(self, presentation: Presentation | None) -> Bookmark | None:
        if presentation is None or self.bookmarks is None:
            return None
        return self.bookmarks.get(presentation.id)

    def clash_lines(self, presentation: Presentation | None) -> list[str]:
        """What clashes with the reader's bookmark on `presentation`, a line each."""
        if presentation is None or self.clash_report is None or self.bookmark_of(presentation) is None:
            return []
        return detail_lines(self.clash_report, presentation.id, self.zones[0])

    def going(self, presentation: Presentation | None) -> tuple[Going, ...]:
        """Who of the team is going to `presentation`."""
        covered = self.coverage.get(presentation.id) if presentation is not None else None
        return covered.going if covered is not None else ()

    def change_bookmarks(
        self, change: Callable[[BookmarkFile], BookmarkFile], done: str | None, *, failed: str = "Not saved"
    ) -> BookmarkFile | None:
        """Apply `change` to the bookmark file through the engine, which re-reads it under its lock
        first (bookmarks found again by title under their new ids); the saved bookmarks, or None."""
        if self.program is None or self.bookmark_file is None:
            return None
        try:
            self.bookmarks = update_program_bookmarks(self.bookmark_file, self.program, change).bookmarks
        except PlannerError as err:
            self.report(err, failed)
            return None
        if done:
            self.notify(done, markup=False, timeout=4)
        return self.bookmarks

    def report(self, err: PlannerError, what: str) -> None:
        """Tell the reader about an error in a file; the app goes on."""
        self.notify(str(err), title=what, severity="error", markup=False, timeout=10)


def planner_of(node: MessagePump | Provider) -> PlannerState:
    """The app `node` runs in, as the state screens and widgets may read."""
    app = node.app
    if not isinstance(app, PlannerState):
        raise TypeError(f"{type(node).__name__} runs only inside the planner app, not {type(app).__name__}")
    return app
