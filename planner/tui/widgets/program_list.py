"""Provides ProgramList: the program as one scrolling list that draws only the lines in view.

A program of 20,000 presentations is 30,000 lines; measuring them all (as a DataTable does)
would take seconds, so this is a Line API widget: `render_line` builds the few lines on screen
from the rows, and a small cache keeps them while nothing changes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import tzinfo

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from planner.bookmarks.file import Bookmark
from planner.program.model import Kind
from planner.program.times import zone_label
from planner.schedule.timetable import DayRow, Row, SessionRow, SlotRow
from planner.tui.messages import PresentationChosen, PresentationHighlighted
from planner.tui.zones import clock_text
from planner.wording.text import one_line

BADGES = {
    Kind.ORAL: "ORAL", Kind.SPOTLIGHT: "SPOT", Kind.POSTER: "POSTER", Kind.TALK: "TALK",
    Kind.KEYNOTE: "KEYNOTE", Kind.TUTORIAL: "TUTOR", Kind.WORKSHOP: "WKSHOP", Kind.QA: "Q&A",
    Kind.SOCIAL: "SOCIAL", Kind.MIXED: "MIXED", Kind.OTHER: "OTHER",
}  # fmt: skip
BADGE_WIDTH = 7
WARNING_SIGNS = {"overlap": "!", "tight": "~", "crowded": "÷"}


@dataclass(frozen=True)
class Marks:
    """What the list marks on a row besides the program: bookmarks and clash warnings."""

    bookmarks: Mapping[str, Bookmark] = field(default_factory=dict)
    """Bookmarks by presentation id."""
    warnings: Mapping[tuple[str, str], str] = field(default_factory=dict)
    """A warning kind ("overlap", "tight", "crowded") by (presentation id, session id)."""
    followed: Mapping[str, Sequence[str]] = field(default_factory=dict)
    """Authors the reader follows, as the program writes them, by the id of their presentations."""
    changes: Mapping[str, str] = field(default_factory=dict)
    """For a followed program: what changed since the reader last looked ("NEW", "MOVED", "CANCELLED",
    "ROOM"), by presentation id."""


class ProgramList(ScrollView, can_focus=True, inherit_bindings=False):
    """Day headings, session headings and a line per slot; the cursor rests on slot lines only."""

    COMPONENT_CLASSES = {
        "program-list--day",
        "program-list--session",
        "program-list--cursor",
        "program-list--muted",
        "program-list--must",
        "program-list--want",
        "program-list--maybe",
        "program-list--warning",
        "program-list--badge",
        "program-list--oral",
        "program-list--spotlight",
        "program-list--poster",
        "program-list--followed",
        "program-list--change",
    }

    BINDINGS = [
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "edge(-1)", "First", show=False),
        Binding("end", "edge(1)", "Last", show=False),
        Binding("enter", "choose", "Read it in the detail pane", show=False),
    ]

    cursor: reactive[int] = reactive(-1, always_update=True, init=False)
    """Index of the row under the cursor (always a SlotRow), or -1 when there is none."""

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.rows: Sequence[Row] = ()
        """What the list shows, top to bottom."""
        self.presentation_count = 0
        """How many presentations the rows show: a paper shown twice is listed twice, counted once."""
        self.empty_text = "Nothing to show."
        """Shown instead of rows when there are none."""
        self._zones: tuple[tzinfo, ...] = ()
        self._marks = Marks()
        self._clock_width = 0
        self._dated = False
        """Whether every row says its day: results ranked across days have no day headings."""
        self._lines: LRUCache[tuple[int, int, bool], Strip] = LRUCache(1024)

    # What the list shows

    def show(self, rows: Sequence[Row], *, keep: str | None = None) -> None:
        """Show `rows`; the cursor goes to the row of presentation `keep` if there is one, else the first."""
        self.rows = rows
        self.presentation_count = len({row.presentation.id for row in rows if isinstance(row, SlotRow)})
        self._measure_clocks()
        self._lines.clear()
        self.virtual_size = Size(0, len(rows))
        target = (
            next((i for i, row in enumerate(rows) if isinstance(row, SlotRow) and row.presentation.id == keep), None)
            if keep
            else None
        )
        self.scroll_to(y=0, animate=False, immediate=True)
        self.cursor = target if target is not None else self._step(-1, 1)
        if target is not None:
            # The new height is only known to the scroll bars after a refresh; scrolling to the kept
            # row now would be clamped to the old list's (one row, after a search).
            self.call_after_refresh(self._centre, target)
        self.refresh()

    def set_zones(self, zones: tuple[tzinfo, ...]) -> None:
        self._zones = zones
        self._measure_clocks()
        self._lines.clear()
        self.refresh()

    def set_marks(self, marks: Marks) -> None:
        self._marks = marks
        self._lines.clear()
        self.refresh()

    @property
    def current(self) -> SlotRow | None:
        """The row under the cursor."""
        if 0 <= self.cursor < len(self.rows):
            row = self.rows[self.cursor]
            return row if isinstance(row, SlotRow) else None
        return None

    def reveal(self, *, presentation_id: str | None = None, session_id: str | None = None) -> bool:
        """Put the cursor on a presentation's first row, or a session's first slot; False when not in the list."""
        for index, row in enumerate(self.rows):
            if isinstance(row, SlotRow) and row.presentation.id == presentation_id:
                self._centre(index)
                self.cursor = index
                return True
            if isinstance(row, SessionRow) and row.session is not None and row.session.id == session_id:
                self.scroll_to(y=max(0, index - 1), animate=False, immediate=True)
                self.cursor = self._step(index, 1)
                return True
            if isinstance(row, SlotRow) and row.alone is not None and row.alone.id == session_id:
                self._centre(index)
                self.cursor = index
                return True
        return False

    def _centre(self, index: int) -> None:
        """Scroll so that row `index` is mid-view: a row found by name is shown with what is around it."""
        height = max(1, self.scrollable_content_region.height)
        self.scroll_to(y=max(0, index - height // 2), animate=False, immediate=True)

    # Cursor

    def _step(self, start: int, step: int) -> int:
        """The next slot row from `start` in direction `step`, or `start` when there is none."""
        index = start + step
        while 0 <= index < len(self.rows):
            if isinstance(self.rows[index], SlotRow):
                return index
            index += step
        return start if 0 <= start < len(self.rows) else -1

    def watch_cursor(self, old: int, new: int) -> None:
        # Cached lines are keyed by whether the cursor is on them: only the two lines need drawing.
        for index in (old, new):
            if index >= 0:
                self.refresh_line(index)
        if new < 0:
            return
        self._scroll_into_view(new)
        row = self.rows[new]
        if isinstance(row, SlotRow):
            self.post_message(PresentationHighlighted(row))

    def _scroll_into_view(self, index: int) -> None:
        height = max(1, self.scrollable_content_region.height)
        top = int(self.scroll_y)
        if index < top:
            # Moving up onto the first slot of a session: show its headings too.
            headings = 0
            while index - headings - 1 >= 0 and not isinstance(self.rows[index - headings - 1], SlotRow) and headings < 2:
                headings += 1
            self.scroll_to(y=index - headings, animate=False, immediate=True)
        elif index >= top + height:
            self.scroll_to(y=index - height + 1, animate=False, immediate=True)

    def action_move(self, step: int) -> None:
        self.cursor = self._step(self.cursor, step)

    def action_page(self, direction: int) -> None:
        height = max(1, self.scrollable_content_region.height)
        target = min(max(self.cursor + direction * height, 0), len(self.rows) - 1)
        if target < 0:
            return
        if isinstance(self.rows[target], SlotRow):
            self.cursor = target
        else:
            found = self._step(target, direction)
            self.cursor = found if found != target else self._step(target, -direction)

    def action_edge(self, direction: int) -> None:
        self.cursor = self._step(len(self.rows) if direction > 0 else -1, -direction)

    def action_choose(self) -> None:
        if self.current is not None:
            self.post_message(PresentationChosen(self.current))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = offset.y + int(self.scroll_y)
        if 0 <= index < len(self.rows) and isinstance(self.rows[index], SlotRow):
            self.cursor = index
            if event.chain >= 2:
                self.action_choose()

    # Drawing

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._lines.clear()

    def _measure_clocks(self) -> None:
        """How wide a column of times is: wide enough for the zone labels, and for a weekday when
        a session falls on another date in a shown zone than on its conference day."""
        timed: list[SessionRow | SlotRow] = [
            row for row in self.rows if (isinstance(row, SessionRow) or (isinstance(row, SlotRow) and row.alone)) and row.span
        ]
        self._dated = bool(self.rows) and not any(isinstance(row, SessionRow | DayRow) for row in self.rows)
        if self._dated:
            timed = [row for row in self.rows if isinstance(row, SlotRow) and row.span]
        ends = [span for row in timed[:1] + timed[-1:] for span in (row.span,) if span]
        label = max((len(zone_label(span.start, where)) for span in ends for where in self._zones), default=3)
        weekday = self._dated or any(
            span.start.astimezone(where).date() != row.day
            for row in timed
            for span in (row.span,)
            if span
            for where in self._zones
        )
        self._clock_width = (4 if weekday else 0) + 11 + 1 + label  # "Wed " + "12:30–12:35" + " " + "EST"

    def render_line(self, y: int) -> Strip:
        index = int(self.scroll_y) + y
        width = self.scrollable_content_region.width
        if not self.rows:
            if y == 1:
                return Strip([Segment(f"  {self.empty_text}", self.rich_style + self._style("muted"))]).crop_extend(
                    0, width, self.rich_style
                )
            return Strip.blank(width, self.rich_style)
        if index >= len(self.rows):
            return Strip.blank(width, self.rich_style)
        key = (index, width, index == self.cursor)
        line = self._lines.get(key)
        if line is None:
            line = self._draw(self.rows[index], width, index == self.cursor)
            self._lines[key] = line
        return line

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"program-list--{name}", partial=True)

    def _draw(self, row: Row, width: int, under_cursor: bool) -> Strip:
        base = self.rich_style
        if isinstance(row, DayRow):
            style = base + self._style("day")
            text = f" {row.day:%A %-d %B %Y}" if row.day else " Not scheduled yet"
            return Strip([Segment(text, style)]).crop_extend(0, width, style)
        if isinstance(row, SessionRow):
            return self._draw_session(row, width, base + self._style("session"))
        if under_cursor:
            base = base + self._style("cursor")
        return self._draw_slot(row, width, base)

    def _clocks(self, span, day, style: Style, muted: Style) -> list[Segment]:
        """The time in each shown zone, in columns of one width, "│" between them."""
        segments: list[Segment] = []
        for number, where in enumerate(self._zones):
            if number:
                segments.append(Segment("│ ", muted))
            text = clock_text(span, where, None if self._dated else day)
            segments.append(Segment(f"{text:<{self._clock_width}} ", muted if span is None else style))
        return segments

    def _draw_session(self, row: SessionRow, width: int, style: Style) -> Strip:
        muted = style + self._style("muted")
        if row.session is None:
            return Strip([Segment("   In no session", style)]).crop_extend(0, width, style)
        segments = [Segment("   ", style), *self._clocks(row.span, row.day, style, muted)]
        segments.append(Segment(one_line(row.session.title), style))
        place = ", ".join(one_line(part) for part in (row.session.room, row.session.track) if part)
        if place:
            segments.append(Segment(f" · {place}", muted))
        return _fit(segments, width, style)

    def _draw_slot(self, row: SlotRow, width: int, base: Style) -> Strip:
        muted = base + self._style("muted")
        presentation = row.presentation
        bookmark = self._marks.bookmarks.get(presentation.id)
        segments = [Segment(" ", base)]
        if bookmark is None:
            segments.append(Segment(" ", base))
        else:
            pinned_elsewhere = bookmark.slot is not None and row.slot is not None and bookmark.slot != row.slot.session
            segments.append(Segment("☆" if pinned_elsewhere else "★", base + self._style(bookmark.priority.value)))
        # A warning of a report made before the bookmark was removed is not drawn.
        warning = self._marks.warnings.get((presentation.id, row.slot.session)) if row.slot and bookmark else None
        segments.append(Segment(WARNING_SIGNS.get(warning, " ") if warning else " ", base + self._style("warning")))
        segments.append(Segment(" ", base))
        segments += self._clocks(row.span, row.day, base, muted)
        kind = presentation.kind.value
        badge_style = base + self._style("badge") + (self._style(kind) if kind in ("oral", "spotlight", "poster") else Style())
        segments.append(Segment(f"{BADGES[presentation.kind]:^{BADGE_WIDTH}}", badge_style))
        segments.append(Segment(" ", base))
        if presentation.kind is Kind.POSTER and row.slot is not None and row.slot.position:
            board = one_line(row.slot.position)  # the board, as the program prints it: "#2504"
            segments.append(Segment(f"{board if board.startswith('#') else '#' + board} ", muted))
        change = self._marks.changes.get(presentation.id)
        if change:
            segments.append(Segment(f"{change} ", base + self._style("change")))
        segments.append(Segment(one_line(presentation.title), base))
        followed = self._marks.followed.get(presentation.id)
        if followed:
            # Those followed first and marked, so they show however narrow the list is.
            others = [name for name in presentation.authors if name not in followed]
            segments.append(Segment(" — ", muted))
            segments.append(Segment("♦ " + one_line(", ".join(followed)), base + self._style("followed")))
            if others:
                segments.append(Segment(", " + one_line(", ".join(others)), muted))
        elif presentation.authors:
            segments.append(Segment(" — " + one_line(", ".join(presentation.authors)), muted))
        if row.alone is not None and row.alone.room:
            # No session heading above it: the room is said here.
            segments.append(Segment(f" · {one_line(row.alone.room)}", muted))
        return _fit(segments, width, base)


def _fit(segments: list[Segment], width: int, style: Style) -> Strip:
    """The segments cut to `width` cells (with an ellipsis where text was cut) or padded to it."""
    strip = Strip(segments)
    if strip.cell_length > width > 1:
        strip = Strip.join([strip.crop(0, width - 1), Strip([Segment("…", style)])])
    return strip.crop_extend(0, width, style)
