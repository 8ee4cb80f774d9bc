"""Provides ScheduleScreen: my schedule — the bookmarked slots as an agenda by conference day, and the day drawn."""

from __future__ import annotations

from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from planner.timetable import SlotRow, lay_out
from planner.model import Presentation
from planner.search import Match
from planner.tui.messages import PresentationChosen, PresentationHighlighted
from planner.tui.widgets.day_timeline import DayTimeline, TimelineItem
from planner.tui.widgets.program_list import ProgramList


class ScheduleScreen(Screen[None]):
    """Your bookmarks in time order; the app's keys (bookmark, priority, note) act on the one under the cursor."""

    BINDINGS = [
        Binding("m,escape", "close", "Back to the program", id="close-schedule"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list = []
        """The timetable rows of the bookmarked slots."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="schedule-summary", markup=False)
        with Horizontal(id="schedule-panes"):
            yield ProgramList(id="schedule-list")
            yield DayTimeline(id="timeline")
        yield Footer()

    @property
    def schedule_list(self) -> ProgramList:
        return self.query_one("#schedule-list", ProgramList)

    @property
    def current_presentation(self) -> Presentation | None:
        row = self.schedule_list.current
        return row.presentation if row else None

    def on_mount(self) -> None:
        self.schedule_list.empty_text = "Nothing bookmarked yet: b in the program bookmarks what is under the cursor."
        self.schedule_list.focus()
        self.watch(self.app, "marks", self._rebuild)
        self.watch(self.app, "zones", self._rebuild, init=False)

    def _rebuild(self) -> None:
        program, marks = self.app.program, self.app.marks
        matches = []
        for presentation_id, bookmark in marks.bookmarks.items():
            presentation = program.presentations_by_id.get(presentation_id)
            if presentation is None:
                continue  # a bookmark for a paper this program no longer has; kept in the file
            slots = tuple(slot for slot in presentation.slots if bookmark.slot in (None, slot.session))
            matches.append(Match(presentation, slots or tuple(presentation.slots)))
        current = self.current_presentation
        self.rows = lay_out(program, matches)
        listing = self.schedule_list
        listing.set_zones(self.app.zones)
        listing.set_marks(marks)
        listing.show(self.rows, keep=current.id if current else None)
        unknown = len(marks.bookmarks) - len(matches)
        timed = sum(1 for row in self.rows if isinstance(row, SlotRow) and row.span)
        summary = f"{len(matches)} bookmarked · {timed} slot{'s' if timed != 1 else ''} with a time · times in {self.app.zone_description}"
        if unknown:
            summary += f" · {unknown} bookmark{'s' if unknown != 1 else ''} for papers not in this program (kept)"
        self.query_one("#schedule-summary", Static).update(summary)
        self._draw_day()

    @on(PresentationHighlighted)
    def _highlighted(self, message: PresentationHighlighted) -> None:
        if message.row.day != self.query_one(DayTimeline).day:
            self._draw_day()

    @on(PresentationChosen)
    def _chosen(self, message: PresentationChosen) -> None:
        self.app.reveal(presentation_id=message.row.presentation.id)

    def _draw_day(self) -> None:
        current = self.schedule_list.current
        day: date | None = current.day if current else next((row.day for row in self.rows if isinstance(row, SlotRow) and row.day), None)
        bookmarks = self.app.marks.bookmarks
        items = []
        for row in self.rows:
            if not isinstance(row, SlotRow) or row.span is None or row.day != day:
                continue
            bookmark = bookmarks[row.presentation.id]
            several = bookmark.slot is None and len(row.presentation.slots) > 1
            items.append(
                TimelineItem(
                    key=f"{row.presentation.id}@{row.slot.session}",
                    title=("(one of its slots) " if several else "") + row.presentation.title,
                    span=row.span,
                    tone="alternative" if several else bookmark.priority.value,
                    warning=self.app.marks.warnings.get((row.presentation.id, row.slot.session)),
                )
            )
        self.query_one(DayTimeline).show(day, items, self.app.zones)

    def action_close(self) -> None:
        self.dismiss()
