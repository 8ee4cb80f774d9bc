"""Provides DayTimeline: a drawn day — time running down, each bookmarked slot a box, overlapping boxes side by side.

A clash is seen, not read: two talks at once stand next to each other, marked. The layout
(`place`) is plain geometry and is tested on its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from rich.cells import chop_cells, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from planner.program.times import TimeRange, zone_label
from planner.tui.widgets.program_list import WARNING_SIGNS
from planner.wording.text import one_line

MINUTES_PER_LINE = 5
STEP = timedelta(minutes=MINUTES_PER_LINE)


@dataclass(frozen=True)
class TimelineItem:
    """One box on the timeline."""

    key: str
    title: str
    span: TimeRange
    tone: str
    """Which style the box takes: a priority ("must", "want", "maybe") or "alternative"."""
    warning: str | None = None
    """"overlap", "tight" or "crowded" when the slot has one."""


@dataclass(frozen=True)
class Placed:
    """An item with its place: lane `lane` of the `lanes` its group of overlapping items needs."""

    item: TimelineItem
    lane: int
    lanes: int


def place(items: Sequence[TimelineItem], minimum: timedelta = STEP) -> list[Placed]:
    """Lay items side by side: each group of items that overlap (directly or through others)
    shares its width among as many lanes as it needs at most at once; an item takes the first lane
    free at its start. Items shorter than `minimum` are laid out as `minimum` long, as drawn."""
    ordered = sorted(items, key=lambda item: (item.span.start, item.span.end, item.key))
    placed: list[Placed] = []
    group: list[tuple[TimelineItem, int]] = []
    lane_ends: list[datetime] = []
    group_end: datetime | None = None

    def close_group() -> None:
        for item, lane in group:
            placed.append(Placed(item, lane, len(lane_ends)))

    for item in ordered:
        start, end = item.span.start, max(item.span.end, item.span.start + minimum)
        if group_end is not None and start >= group_end:
            close_group()
            group, lane_ends, group_end = [], [], None
        lane = next((number for number, lane_end in enumerate(lane_ends) if lane_end <= start), len(lane_ends))
        if lane == len(lane_ends):
            lane_ends.append(end)
        else:
            lane_ends[lane] = end
        group.append((item, lane))
        group_end = end if group_end is None else max(group_end, end)
    close_group()
    return placed


class DayTimeline(ScrollView, can_focus=False):
    """One conference day of bookmarked slots, five minutes to a line, in the zones times are shown in."""

    COMPONENT_CLASSES = {
        "day-timeline--axis",
        "day-timeline--hour",
        "day-timeline--must",
        "day-timeline--want",
        "day-timeline--maybe",
        "day-timeline--alternative",
        "day-timeline--warning",
    }

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.day: date | None = None
        """The conference day drawn."""
        self.placed: list[Placed] = []
        """The boxes and their lanes."""
        self._zones: tuple[tzinfo, ...] = ()
        self._top: datetime | None = None
        self._lines = 0

    def show(self, day: date | None, items: Sequence[TimelineItem], zones: tuple[tzinfo, ...]) -> None:
        """Draw `items` (the slots of `day`) with a time axis in each of `zones`."""
        self.day, self._zones = day, zones
        self.placed = place(items)
        if items and zones:
            first = min(item.span.start for item in items).astimezone(zones[0])
            last = max(max(item.span.end, item.span.start + STEP) for item in items).astimezone(zones[0])
            self._top = first.replace(minute=0, second=0, microsecond=0)
            bottom = last.replace(minute=0, second=0, microsecond=0) + (
                timedelta(hours=1) if (last.minute or last.second) else timedelta()
            )
            self._lines = int((bottom - self._top) / STEP)
        else:
            self._top, self._lines = None, 0
        axis = " │ ".join(zone_label(self._top, where) for where in zones) if self._top else ""
        self.border_title = f"{day:%a %-d %b}" + (f" · {axis}" if axis else "") if day else "No day"
        self.virtual_size = Size(0, self._lines)
        self.refresh()

    def bring_into_view(self, moment: datetime) -> None:
        """Scroll so that the line of `moment` is in view, with a little of what comes before it."""
        if self._top is None:
            return
        line = int((moment - self._top) / STEP)
        height = max(1, self.scrollable_content_region.height)
        if not self.scroll_y <= line < self.scroll_y + height - 1:
            self.scroll_to(y=max(0, line - 2), animate=False, immediate=True)

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"day-timeline--{name}", partial=True)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        index = int(self.scroll_y) + y
        if self._top is None or index >= self._lines:
            text = "  Nothing bookmarked on this day." if self._top is None and y == 1 else ""
            return Strip([Segment(text, base)]).crop_extend(0, width, base)
        moment = self._top + index * STEP
        on_the_hour = moment.astimezone(self._zones[0]).minute == 0
        axis_style = base + self._style("hour" if on_the_hour else "axis")
        segments = []
        for where in self._zones:
            local = moment.astimezone(where)
            label = f"{local:%H:%M}" if local.minute % 30 == 0 else ""
            segments.append(Segment(f"{label:>5} ", axis_style))
        gutter = 6 * len(self._zones)
        segments.append(Segment("┼" if on_the_hour else "│", axis_style))
        room = max(1, width - gutter - 1)
        cells: list[tuple[int, int, Placed]] = []
        for placed in self.placed:
            start, end = placed.item.span.start, max(placed.item.span.end, placed.item.span.start + STEP)
            if start < moment + STEP and moment < end:
                lane_width = room // placed.lanes
                cells.append((placed.lane * lane_width, lane_width, placed))
        cells.sort(key=lambda cell: cell[0])
        x = 0
        filler = "─" if on_the_hour else " "
        for left, lane_width, placed in cells:
            if left > x:
                segments.append(Segment(filler * (left - x), axis_style))
            segments.append(self._box_text(placed, moment, lane_width, base))
            x = left + lane_width
        if x < room:
            segments.append(Segment(filler * (room - x), axis_style))
        return Strip(segments).crop_extend(0, width, base)

    def _box_text(self, placed: Placed, moment: datetime, width: int, base: Style) -> Segment:
        item = placed.item
        style = base + self._style(item.tone) + (self._style("warning") if item.warning else Style())
        first_line = item.span.start >= moment and item.span.start < moment + STEP
        title = one_line(item.title)
        # The title runs down the box, a line's width at a time, starting on its first line.
        offset = int((moment - item.span.start) / STEP) if not first_line else 0
        pieces = chop_cells(title, max(1, width - 2))
        piece = pieces[offset] if offset < len(pieces) else ""
        mark = WARNING_SIGNS.get(item.warning or "", " ")
        return Segment(set_cell_size(f"{mark}{piece}", max(0, width - 1)) + " ", style)
