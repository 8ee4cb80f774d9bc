"""Provides PlannerApp and create_app, the factory that the command line and the tests both call.

The app is given everything it depends on — the program (or the choice of programs), where the
bookmarks live, the clock, the reader's own zone — and decides no paths itself. It holds the
state every screen shares (bookmarks, the zones times are read in) and changes bookmarks only
through the engine.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from datetime import datetime, tzinfo
from pathlib import Path

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.reactive import var
from textual.screen import Screen

from planner.timetable import Timetable
from planner.bookmark_store import read_bookmarks, update_bookmarks
from planner.bookmarks import Bookmark, BookmarkFile, new_bookmark
from planner.catalog import open_program as open_any_program
from planner.cli.output import one_line
from planner.errors import PlannerError
from planner.model import Presentation, Program
from planner.search_index import SearchIndex
from planner.times import local_zone
from planner.tui.commands import ProgramCommands
from planner.tui.screens.browser import BrowserScreen
from planner.tui.screens.help import HelpScreen
from planner.tui.screens.picker import PickerScreen
from planner.tui.screens.prompt import PromptScreen
from planner.tui.screens.schedule import ScheduleScreen
from planner.tui.widgets.program_list import Marks
from planner.tui.zones import ZoneMode, shown_zones, zone_heading


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


def create_app(
    program: Program | None = None,
    *,
    bookmark_path: Callable[[str], Path],
    clock: Callable[[], datetime],
    choices: Sequence[str] = (),
    open_program: Callable[[str], Program] = open_any_program,
    your_zone: tzinfo | None = None,
    zone_mode: ZoneMode = ZoneMode.CONFERENCE,
    remember: Callable[[str], None] = lambda spec: None,
    last: str | None = None,
) -> PlannerApp:
    """The planner app on `program`, or on a picker over `choices` when no program is given."""
    if program is None and not choices:
        raise ValueError("create_app needs a program or programs to choose from")
    return PlannerApp(
        Setup(
            program=program,
            choices=tuple(choices),
            open_program=open_program,
            bookmark_path=bookmark_path,
            clock=clock,
            your_zone=your_zone or local_zone(),
            zone_mode=zone_mode,
            remember=remember,
            last=last,
        )
    )


class PlannerApp(App[None]):
    """Plan your days at a conference: browse, search, bookmark, read times in your zone."""

    CSS_PATH = "planner.tcss"
    TITLE = "planner"
    COMMANDS = App.COMMANDS | {ProgramCommands}
    BINDINGS = [
        Binding("b", "bookmark", "Bookmark", id="bookmark"),
        Binding("p", "priority", "Priority", id="priority"),
        Binding("n", "note", "Note", id="note"),
        Binding("m", "schedule", "My schedule", id="my-schedule"),
        Binding("t", "next_zone", "Time zone", id="time-zone"),
        Binding("question_mark", "help", "Help", id="help"),
        Binding("q", "quit", "Quit", id="quit"),
    ]

    bookmarks: var[BookmarkFile | None] = var(None)
    """The reader's bookmarks for the open program (None until a program is open)."""
    zone_mode: var[ZoneMode] = var(ZoneMode.CONFERENCE)
    """Which zones times are read in."""
    timetable: var[Timetable | None] = var(None)
    """The open program laid out by day and session (None while that is being worked out)."""
    search_index: var[SearchIndex | None] = var(None)
    """The open program's search index (None while it is being built)."""
    zones: var[tuple[tzinfo, ...]] = var(())
    marks: var[Marks] = var(Marks())

    def __init__(self, setup: Setup) -> None:
        super().__init__()
        self.setup = setup
        self.program: Program | None = None
        """The open program."""
        self.bookmark_file: Path | None = None
        """Where the open program's bookmarks are saved."""
        self.zone_description = ""
        """What the shown zones are, for headings ("EST · America/Toronto (conference)")."""

    def on_mount(self) -> None:
        self.zone_mode = self.setup.zone_mode
        if self.setup.program is not None:
            self.open(self.setup.program)
        else:
            self.push_screen(PickerScreen(self.setup.choices, self.setup.last))

    # The open program

    def open(self, program: Program, spec: str | None = None) -> None:
        """Open `program` in the browser; `spec` is what the picker opened it by, to remember."""
        self.program = program
        self.sub_title = program.conference.name
        self.bookmark_file = self.setup.bookmark_path(program.conference.id)
        try:
            self.bookmarks = read_bookmarks(self.bookmark_file, program.conference.id)
        except PlannerError as err:
            self.bookmarks = None
            self.report(err, "Your bookmarks could not be loaded; going on without them")
        if spec is not None:
            self.setup.remember(spec)
        self._recompute()
        self.switch_or_push(BrowserScreen())
        # After the first screen is drawn: a worker busy in Python slows the UI thread's start.
        self.call_after_refresh(self._prepare, program)

    def switch_or_push(self, screen: Screen) -> None:
        if isinstance(self.screen, PickerScreen):
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    # A description of our own: the default is the repr of the arguments, 20,000 papers long.
    @work(thread=True, exclusive=True, group="prepare", description="lay out and index the program")
    def _prepare(self, program: Program) -> None:
        """Lay the program out and index it off the UI thread: the first screen does not wait for 20,000 papers."""
        timetable = Timetable(program)
        self.call_from_thread(setattr, self, "timetable", timetable)
        index = SearchIndex.of(program)
        self.call_from_thread(setattr, self, "search_index", index)

    # State every screen reads

    def watch_zone_mode(self) -> None:
        self._recompute()

    def watch_bookmarks(self) -> None:
        self._recompute()

    def _recompute(self) -> None:
        if self.program is None:
            return
        shown = shown_zones(self.zone_mode, self.program.conference.zone, self.setup.your_zone)
        self.zone_description = " │ ".join(zone_heading(zone, self._first_span()) for zone in shown)
        self.zones = tuple(zone.zone for zone in shown)  # last: its watchers read the description
        bookmarks = self.bookmarks.bookmarks if self.bookmarks else []
        self.marks = Marks(bookmarks={bookmark.id: bookmark for bookmark in bookmarks})

    def _first_span(self):  # noqa: ANN202 - a TimeRange or None
        return next((span for session in self.program.sessions if (span := session.span)), None)

    def bookmark_of(self, presentation: Presentation | None) -> Bookmark | None:
        if presentation is None or self.bookmarks is None:
            return None
        return self.bookmarks.get(presentation.id)

    def reveal(self, *, presentation_id: str | None = None, session_id: str | None = None) -> None:
        """Show a presentation (or the first of a session) under the browser's cursor."""
        while not isinstance(self.screen, BrowserScreen) and len(self.screen_stack) > 1:
            self.pop_screen()
        if isinstance(self.screen, BrowserScreen):
            self.screen.reveal(presentation_id=presentation_id, session_id=session_id)

    # Actions on the presentation under the cursor

    def _current(self) -> Presentation | None:
        return getattr(self.screen, "current_presentation", None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("bookmark", "priority", "note"):
            return True if self._current() is not None else None
        if action in ("next_zone", "schedule"):
            return self.program is not None
        return True

    def action_bookmark(self) -> None:
        presentation = self._current()
        if presentation is None:
            return
        title = one_line(presentation.title)
        if self.bookmark_of(presentation) is not None:
            self.change_bookmarks(lambda file: file.without(presentation.id), f"Removed the bookmark on “{title}”")
            return
        bookmark = new_bookmark(presentation.id, presentation.title, now=self.setup.clock())
        self.change_bookmarks(lambda file: file.with_bookmark(bookmark), f"Bookmarked “{title}” ({bookmark.priority.value})")

    def action_priority(self) -> None:
        presentation = self._current()
        if presentation is None:
            return
        existing = self.bookmark_of(presentation)
        if existing is None:
            self.action_bookmark()
            return
        changed = existing.model_copy(update={"priority": existing.priority.next()})
        self.change_bookmarks(
            lambda file: file.with_bookmark(changed), f"Priority {changed.priority.value}: “{one_line(presentation.title)}”"
        )

    def action_note(self) -> None:
        presentation = self._current()
        if presentation is None:
            return
        existing = self.bookmark_of(presentation)

        def save(note: str | None) -> None:
            if note is None:
                return
            current = self.bookmark_of(presentation) or new_bookmark(presentation.id, presentation.title, now=self.setup.clock())
            changed = current.model_copy(update={"note": note})
            self.change_bookmarks(lambda file: file.with_bookmark(changed), f"Note saved on “{one_line(presentation.title)}”")

        self.push_screen(
            PromptScreen(f"Note on “{one_line(presentation.title)}”", existing.note if existing else "", placeholder="What to remember about it"),
            save,
        )

    def change_bookmarks(self, change: Callable[[BookmarkFile], BookmarkFile], done: str) -> None:
        """Apply `change` to the bookmark file through the engine, which re-reads it under its lock first."""
        if self.program is None or self.bookmark_file is None:
            return
        try:
            self.bookmarks = update_bookmarks(self.bookmark_file, self.program.conference.id, change)
        except PlannerError as err:
            self.report(err, "Not saved")
            return
        self.notify(done, markup=False, timeout=3)

    def report(self, err: PlannerError, what: str) -> None:
        """Tell the reader about an error in a file; the app goes on."""
        self.notify(str(err), title=what, severity="error", markup=False, timeout=10)

    # App-wide actions

    def action_next_zone(self) -> None:
        self.zone_mode = self.zone_mode.next()
        self.notify(f"Times in {self.zone_description}", markup=False, timeout=3)

    def action_schedule(self) -> None:
        if isinstance(self.screen, ScheduleScreen):
            self.screen.dismiss()
        elif self.program is not None:
            self.push_screen(ScheduleScreen())

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def get_system_commands(self, screen: Screen) -> list[SystemCommand]:
        """Every key's action in the palette too, under the name the help gives it."""
        commands = list(super().get_system_commands(screen))
        listed = {command.title for command in commands}
        for key, binding, node in HelpScreen.keys_of(screen):
            if binding.description in listed or binding.action == "command_palette":
                continue
            listed.add(binding.description)
            commands.append(SystemCommand(binding.description, f"Key: {key}", partial(self.run_action, binding.action, node)))
        return commands
