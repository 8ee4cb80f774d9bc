"""Provides PlannerApp and create_app, the factory that the command line and the tests both call.

The app is given everything it depends on — the program (or the choice of programs), where the
bookmarks live, the clock, the reader's own zone, the folder typed paths start from, colleagues'
files to load as the team — and decides no paths itself. The state every screen shares (bookmarks, their clashes, the team,
the zones times are read in) is declared in planner.tui.state, which screens and flows see; this
module keeps it up to date, wires the keys to the flows that act on it — bookmarking (b, p, n, s),
calendar_export (e), colleagues (M, w), planning (remedies, P) — and answers the messages screens
send up. Nothing below imports this module.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, tzinfo
from functools import partial
from pathlib import Path

from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from planner.bookmarks.file import BookmarkFile
from planner.bookmarks.store import read_program_bookmarks
from planner.errors import PlannerError
from planner.importing.catalog import open_program as open_any_program
from planner.program.model import Presentation, Program
from planner.program.times import local_zone
from planner.schedule.clashes import ClashReport, find_clashes
from planner.schedule.timetable import SlotRow, Timetable
from planner.search.index import SearchIndex
from planner.tui import bookmarking, calendar_export, colleagues, discovery, following, planning
from planner.tui.commands import ProgramCommands
from planner.tui.messages import ProgramChosen, RevealAsked
from planner.tui.on_the_day import OnTheDay
from planner.tui.screens.browser import BrowserScreen
from planner.tui.screens.confirm import ConfirmScreen
from planner.tui.screens.help import HelpScreen
from planner.tui.screens.listing import ListingScreen
from planner.tui.screens.now import NowScreen
from planner.tui.screens.picker import PickerScreen
from planner.tui.screens.prompt import PromptScreen
from planner.tui.screens.schedule import ScheduleScreen
from planner.tui.screens.suggestions import SuggestionsScreen
from planner.tui.state import PlannerState, Setup
from planner.tui.widgets.program_list import Marks
from planner.tui.zones import ZoneMode, shown_zones, zone_heading


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
    working_folder: Path | None = None,
    team_files: Sequence[Path] = (),
    reminder_minutes: int | None = 10,
    notice: str | None = None,
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
            working_folder=working_folder or Path.cwd(),
            team_files=tuple(team_files),
            reminder_minutes=reminder_minutes,
            notice=notice,
        )
    )


class PlannerApp(PlannerState):
    """Plan your days at a conference: browse, search, bookmark, read times in your zone."""

    CSS_PATH = "planner.tcss"
    TITLE = "planner"
    COMMANDS = App.COMMANDS | {ProgramCommands}
    BINDINGS = [
        Binding("b", "bookmark", "Bookmark", id="bookmark"),
        Binding("p", "priority", "Priority", id="priority"),
        Binding("n", "note", "Note", id="note"),
        Binding(
            "s",
            "pin_slot",
            "Slot",
            show=False,
            tooltip="Go to this slot: pin the bookmark to the slot under the cursor (again: let the planner choose)",
            id="pin-slot",
        ),
        Binding("m", "schedule", "My schedule", id="my-schedule"),
        Binding(
            "c", "clashes", "Clashes", tooltip="Clashes: my schedule with only what clashes (c again: everything)", id="clashes"
        ),
        Binding(
            "P", "plan", "Plan", tooltip="Plan my days: a slot for each bookmark, missing the least; asks first", id="plan-days"
        ),
        Binding(
            "g",
            "suggestions",
            "Suggestions",
            show=False,
            tooltip="Suggestions: what else to see, from your bookmarks and the authors you follow",
            id="suggestions",
        ),
        Binding("t", "next_zone", "Time zone", id="time-zone"),
        Binding("e", "export", "Export", tooltip="Export your bookmarks as a calendar file (.ics)", id="export"),
        Binding(
            "M",
            "merge",
            "Merge a file",
            show=False,
            tooltip="Merge a colleague's bookmark file into yours (adds, never deletes)",
            id="merge",
        ),
        Binding(
            "w", "team", "Who's going", show=False, tooltip="Who is going: add a colleague's bookmark file to the team", id="team"
        ),
        Binding(
            "N", "now", "Now", show=False, tooltip="Now and next: what is running and what starts next, yours first", id="now"
        ),
        Binding("question_mark", "help", "Help", id="help"),
        Binding("q", "quit", "Quit", id="quit"),
    ]

    def __init__(self, setup: Setup) -> None:
        super().__init__(setup)
        self.on_the_day = OnTheDay(self)
        """The present: the header's "Next: …" line, reminders, the Now view's answers."""

    def on_mount(self) -> None:
        self.zone_mode = self.setup.zone_mode
        if self.setup.program is not None:
            self.open(self.setup.program)
        else:
            self.push_screen(PickerScreen(self.setup.choices, self.setup.last))
        if self.setup.notice:
            self.notify(self.setup.notice, markup=False, timeout=8)

    # The open program

    def open(self, program: Program, spec: str | None = None) -> None:
        """Open `program` in the browser; `spec` is what the picker opened it by, to remember."""
        self.program = program
        self.sub_title = program.conference.name
        self.bookmark_file = self.setup.bookmark_path(program.conference.id)
        try:
            matched = read_program_bookmarks(self.bookmark_file, program)
        except PlannerError as err:
            self.bookmarks = None
            self.report(err, "Your bookmarks could not be loaded; going on without them")
        else:
            self.bookmarks = matched.bookmarks
            bookmarking.tell(self, matched)
        if spec is not None:
            self.setup.remember(spec)
        self.unseen_changes = {}  # the marks of a followed program, once it is compared (following.on_open)
        self._recompute()
        self.switch_or_push(BrowserScreen())
        self.on_the_day.open()
        if self.on_the_day.is_on():
            # During the conference planner opens at now; leaving it, the program is at now too.
            self.push_screen(NowScreen(self.on_the_day), self.on_the_day.put_program_at_now)
        # After the first screen is drawn: a worker busy in Python slows the UI thread's start.
        self.call_after_refresh(self._prepare, program)
        colleagues.load_team(self, self.setup.team_files)
        following.on_open(self, program)

    @on(ProgramChosen)
    def _program_chosen(self, message: ProgramChosen) -> None:
        self.open(message.program, message.spec)

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
        discovery.build_index(self, program)

    # State every screen reads

    def watch_zone_mode(self) -> None:
        self._recompute()

    def watch_bookmarks(self) -> None:
        self._recompute()
        if self.program is not None:
            self._look_for_clashes(self.program, self.bookmarks)

    @work(thread=True, exclusive=True, group="clashes", description="look for clashes among your bookmarks")
    def _look_for_clashes(self, program: Program, bookmarks: BookmarkFile | None) -> None:
        report = find_clashes(program, bookmarks) if bookmarks is not None else None
        self.call_from_thread(self._clashes_found, bookmarks, report)

    def _clashes_found(self, bookmarks: BookmarkFile | None, report: ClashReport | None) -> None:
        if bookmarks == self.bookmarks:  # else the bookmarks changed meanwhile, and another look is on its way
            self.clash_report = report

    def watch_clash_report(self) -> None:
        self._recompute()

    def watch_team(self) -> None:
        self.coverage = colleagues.coverage(self.program, self.team) if self.program is not None else {}

    def _recompute(self) -> None:
        if self.program is None:
            return
        shown = shown_zones(self.zone_mode, self.program.conference.zone, self.setup.your_zone)
        self.zone_description = " │ ".join(zone_heading(zone, self._first_span()) for zone in shown)
        self.zones = tuple(zone.zone for zone in shown)  # last: its watchers read the description
        bookmarks = self.bookmarks.bookmarks if self.bookmarks else []
        warnings = planning.warnings(self.clash_report) if self.clash_report is not None else {}
        self.marks = Marks(
            bookmarks={bookmark.id: bookmark for bookmark in bookmarks},
            warnings=warnings,
            followed=discovery.followed(self),
            changes=self.unseen_changes,
        )

    def _first_span(self):
        return next((span for session in self.opened.sessions if (span := session.span)), None)

    @on(RevealAsked)
    def _reveal_asked(self, message: RevealAsked) -> None:
        self.reveal(presentation_id=message.presentation_id, session_id=message.session_id)

    def reveal(self, *, presentation_id: str | None = None, session_id: str | None = None) -> None:
        """Show a presentation (or the first of a session) under the browser's cursor."""
        while not isinstance(self.screen, BrowserScreen) and len(self.screen_stack) > 1:
            self.pop_screen()
        if isinstance(self.screen, BrowserScreen):
            self.screen.reveal(presentation_id=presentation_id, session_id=session_id)

    # Actions on the presentation under the cursor

    def _listing(self) -> ListingScreen | None:
        """The screen with the cursor the bookmark keys act on, if that is the one showing."""
        return self.screen if isinstance(self.screen, ListingScreen) else None

    def _current(self) -> Presentation | None:
        return listing.current_presentation if (listing := self._listing()) is not None else None

    def _current_row(self) -> SlotRow | None:
        return listing.current_row if (listing := self._listing()) is not None else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("bookmark", "priority", "note"):
            return True if self._current() is not None else None
        if action == "pin_slot":
            row = self._current_row()
            return True if row is not None and row.slot is not None else None
        if action == "cancel_update":
            return following.updating(self)  # else Escape goes to the screen, as ever
        if action in ("next_zone", "schedule", "suggestions", "now"):
            return self.program is not None
        if action in ("clashes", "plan", "export", "merge", "team"):
            # Not over one of our dialogs: a key pressed there is meant for the dialog.
            return self.program is not None and not isinstance(self.screen, (HelpScreen, PromptScreen, ConfirmScreen))
        return True

    def action_bookmark(self) -> None:
        if (presentation := self._current()) is not None:
            bookmarking.toggle(self, presentation)

    def action_priority(self) -> None:
        if (presentation := self._current()) is not None:
            bookmarking.next_priority(self, presentation)

    def action_note(self) -> None:
        if (presentation := self._current()) is not None:
            bookmarking.ask_note(self, presentation)

    def action_pin_slot(self) -> None:
        row = self._current_row()
        if row is not None and row.slot is not None:
            bookmarking.pin_slot(self, row)

    # App-wide actions

    def action_next_zone(self) -> None:
        self.zone_mode = self.zone_mode.next()
        self.notify(f"Times in {self.zone_description}", markup=False, timeout=3)

    def action_schedule(self) -> None:
        if isinstance(self.screen, ScheduleScreen):
            self.screen.dismiss()
        elif self.program is not None:
            self.push_screen(ScheduleScreen())

    def action_now(self) -> None:
        if isinstance(self.screen, NowScreen):
            self.screen.dismiss()
        elif self.program is not None:
            self.push_screen(NowScreen(self.on_the_day))

    def action_suggestions(self) -> None:
        if isinstance(self.screen, SuggestionsScreen):
            self.screen.dismiss()
        elif self.program is not None:
            self.push_screen(SuggestionsScreen())

    def action_clashes(self) -> None:
        if isinstance(self.screen, ScheduleScreen):
            self.screen.only_clashes = not self.screen.only_clashes
        else:
            self.push_screen(ScheduleScreen(only_clashes=True))

    def action_plan(self) -> None:
        planning.plan_days(self)

    def action_export(self) -> None:
        calendar_export.ask(self)

    def action_merge(self) -> None:
        colleagues.ask_merge(self)

    def action_team(self) -> None:
        colleagues.ask_team(self)

    def action_update_program(self) -> None:
        following.update_now(self)

    def action_program_changes(self) -> None:
        following.show_changes(self)

    def action_cancel_update(self) -> None:
        following.cancel_update(self)

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
            commands.append(
                SystemCommand(
                    binding.description,
                    f"{HelpScreen.describe(binding)} · key {key}",
                    partial(self.run_action, binding.action, node),
                )
            )
        return commands
