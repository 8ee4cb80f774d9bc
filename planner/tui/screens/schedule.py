"""Provides ScheduleScreen: my schedule — the bookmarked slots as an agenda by conference day, their clashes and remedies, and the day drawn."""

from __future__ import annotations

from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.reactive import var
from textual.widgets import Footer, Header, Static

from planner.plurals import plural
from planner.schedule.free_time import free_time
from planner.schedule.timetable import Row, SlotRow, lay_out
from planner.search.finding import Match
from planner.tui.messages import PresentationChosen, PresentationHighlighted, RevealAsked
from planner.tui.planning import clashing, take
from planner.tui.screens.listing import ListingScreen
from planner.tui.widgets.clash_panel import ClashPanel
from planner.tui.widgets.day_timeline import DayTimeline, TimelineItem
from planner.tui.widgets.free_time_panel import FreeTimePanel
from planner.tui.widgets.program_list import ProgramList
from planner.wording.clashes import MOST_REMEDIES, advice

REMEDY_HELP = "Take remedy N of the clash under the cursor, as numbered below the list (or click it)"


class ScheduleScreen(ListingScreen):
    """Your bookmarks in time order; the app's keys (bookmark, priority, note) act on the one under the cursor."""

    BINDINGS = [
        Binding("m,escape", "close", "Back", tooltip="Back to the program", id="close-schedule"),
        Binding(
            "f",
            "free_time",
            "Free time",
            show=False,
            id="free-time",
            tooltip="Free time: show in the program what fits in the next gap between your bookmarks",
        ),
        *(
            Binding(
                str(number),
                f"remedy({number})",
                "Remedy",
                show=number == 1,
                key_display="1–9",
                tooltip=REMEDY_HELP,
                id=f"remedy-{number}",
            )
            for number in range(1, MOST_REMEDIES + 1)
        ),
    ]

    only_clashes: var[bool] = var(False, init=False)
    """Show only the bookmarks in a clash or a rushed poster session."""

    def __init__(self, *, only_clashes: bool = False) -> None:
        super().__init__()
        self.set_reactive(ScheduleScreen.only_clashes, only_clashes)
        self.rows: list[Row] = []
        """The timetable rows of the bookmarked slots."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="schedule-summary", markup=False)
        with Horizontal(id="schedule-panes"):
            with Vertical(id="schedule-agenda"):
                yield ProgramList(id="schedule-list")
                yield ClashPanel(id="clash-panel")
                yield FreeTimePanel(id="free-time")
            yield DayTimeline(id="timeline")
        yield Footer()

    def on_mount(self) -> None:
        self.program_list.focus()
        self.watch(self.planner, "marks", self._rebuild)
        self.watch(self.planner, "clash_report", self._rebuild, init=False)
        self.watch(self.planner, "zones", self._rebuild, init=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "remedy":
            return (
                True
                if parameters and isinstance(parameters[0], int) and parameters[0] <= len(self.query_one(ClashPanel).offered)
                else None
            )
        return True

    def watch_only_clashes(self) -> None:
        self._rebuild()

    def _rebuild(self) -> None:
        program, marks, report = self.planner.opened, self.planner.marks, self.planner.clash_report
        kept = clashing(report) if self.only_clashes and report is not None else None
        counted = {slot.bookmark: slot.session for slot in report.counted} if report is not None else {}
        matches = []
        for presentation_id, bookmark in marks.bookmarks.items():
            presentation = program.presentations_by_id.get(presentation_id)
            if presentation is None:
                continue  # a bookmark for a paper this program no longer has; kept in the file
            if self.only_clashes and (kept is None or presentation_id not in kept):
                continue
            # Only the clashes: each at the slot it clashes at. Otherwise the pinned slot, or every slot until one is chosen.
            chosen = counted.get(presentation_id) if self.only_clashes else bookmark.slot
            slots = tuple(slot for slot in presentation.slots if chosen in (None, slot.session))
            matches.append(Match(presentation, slots or tuple(presentation.slots)))
        current = self.current_presentation
        self.rows = lay_out(program, matches)
        listing = self.program_list
        listing.empty_text = self._empty_text(report)
        listing.set_zones(self.planner.zones)
        listing.set_marks(marks)
        listing.show(self.rows, keep=current.id if current else None)
        self.query_one("#schedule-summary", Static).update(self._summary(len(matches)))
        self._draw_day()
        self._advise()

    def _empty_text(self, report) -> str:
        if not self.only_clashes:
            return "Nothing bookmarked yet: b in the program bookmarks what is under the cursor."
        if report is None:
            return "Looking for clashes…"
        return f"No clashes among your {plural(len(self.planner.marks.bookmarks), 'bookmark')}. c shows them all."

    def _summary(self, shown: int) -> str:
        marks, report = self.planner.marks, self.planner.clash_report
        parts = [f"Only the clashes ({shown}; c shows all)" if self.only_clashes else f"{len(marks.bookmarks)} bookmarked"]
        if report is None:
            parts.append("looking for clashes…")
        else:
            rushed = sum(1 for entry in report.crowded if entry.rushed)
            found = [
                _count(len(report.overlaps), "overlap"),
                _count(len(report.tight), "tight change"),
                _count(rushed, "rushed poster session"),
            ]
            found = [text for text in found if text]
            parts.append(", ".join(found) if found else "no clashes")
            if report.unscheduled:
                parts.append(f"{len(report.unscheduled)} with no time yet (last; they never clash)")
            if report.unknown:
                parts.append(f"{_count(len(report.unknown), 'bookmark')} for papers not in this program (kept)")
        parts.append(f"times in {self.planner.zone_description}")
        return " · ".join(parts)

    @on(PresentationHighlighted)
    def _highlighted(self, message: PresentationHighlighted) -> None:
        if message.row.day != self.query_one(DayTimeline).day:
            self._draw_day()
        if message.row.span is not None:
            self.query_one(DayTimeline).bring_into_view(message.row.span.start)
        self._advise()

    @on(PresentationChosen)
    def _chosen(self, message: PresentationChosen) -> None:
        self.post_message(RevealAsked(presentation_id=message.row.presentation.id))

    def _advise(self) -> None:
        """Say under the list what clashes with the bookmark under the cursor, and what resolves it."""
        panel, report, current = self.query_one(ClashPanel), self.planner.clash_report, self.program_list.current
        if current is None or report is None:
            panel.show([], quiet="" if current is None else "Looking for clashes…")
        elif current.span is None:
            panel.show([], quiet="No time yet: it is listed apart and never clashes.")
        else:
            lines = advice(report, current.presentation.id, self.planner.zones[0], slots=len(current.presentation.slots))
            quiet = "No clash for this one." if report.clashes else "No clashes among your bookmarks."
            panel.show(lines, quiet=f"{quiet} c: only the clashes · P: plan my days")
        self.refresh_bindings()

    def _draw_day(self) -> None:
        current = self.program_list.current
        day: date | None = (
            current.day if current else next((row.day for row in self.rows if isinstance(row, SlotRow) and row.day), None)
        )
        marks = self.planner.marks
        items = []
        for row in self.rows:
            if not isinstance(row, SlotRow) or row.span is None or row.slot is None or row.day != day:
                continue
            bookmark = marks.bookmarks[row.presentation.id]
            several = bookmark.slot is None and len(row.presentation.slots) > 1 and not self.only_clashes
            items.append(
                TimelineItem(
                    key=f"{row.presentation.id}@{row.slot.session}",
                    title=("(one of its slots) " if several else "") + row.presentation.title,
                    span=row.span,
                    tone="alternative" if several else bookmark.priority.value,
                    warning=marks.warnings.get((row.presentation.id, row.slot.session)),
                )
            )
        timeline = self.query_one(DayTimeline)
        timeline.show(day, items, self.planner.zones)
        self._show_free_time(day)
        if current is not None and current.span is not None:
            # Once the new day's height is known, so that the scroll lands.
            timeline.call_after_refresh(timeline.bring_into_view, current.span.start)

    def _show_free_time(self, day: date | None) -> None:
        """The gaps between my bookmarks on `day`, with what fits in each (not while only the clashes are shown)."""
        program, bookmarks = self.planner.program, self.planner.bookmarks
        if program is None:
            return
        gaps = [] if self.only_clashes or day is None or bookmarks is None else free_time(program, bookmarks, day)
        self.query_one(FreeTimePanel).show(gaps, program.sessions_by_id, self.planner.zones[0])

    def action_free_time(self) -> None:
        """Show in the program the first presentation that fits in the next free time (after the cursor's slot)."""
        gaps = self.query_one(FreeTimePanel).gaps
        current = self.program_list.current
        after = current.span.start if current is not None and current.span is not None else None
        gap = next((gap for gap in gaps if after is None or gap.span.start >= after), gaps[0] if gaps else None)
        if gap is None or not gap.fits:
            self.app.notify("No free time with something in it on this day.", markup=False, timeout=4)
            return
        presentation = gap.fits[0][0]
        self.app.notify(f"{len(gap.fits)} fit in this free time; the program is at the first.", markup=False, timeout=4)
        self.post_message(RevealAsked(presentation_id=presentation.id))

    def action_remedy(self, number: int) -> None:
        offered = self.query_one(ClashPanel).offered
        if 1 <= number <= len(offered):
            take(self.planner, offered[number - 1])

    def action_close(self) -> None:
        self.dismiss()


def _count(number: int, word: str) -> str:
    return "" if not number else plural(number, word)
