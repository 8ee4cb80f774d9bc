"""Provides free time: the gaps between my bookmarked slots on a day, each with what fits in it.

A gap is the time between the end of one of my slots and the start of the next (slots that
overlap or touch leave none); a gap shorter than `shortest` is a change of rooms, not free time.
What fits is every presentation of the program, other than my bookmarks, with a slot that
starts and ends inside the gap, in time order.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from planner.bookmarks.file import Bookmark, BookmarkFile
from planner.program.model import Presentation, Program, Slot
from planner.program.times import TimeRange
from planner.schedule.now import my_slots
from planner.schedule.slots import instant, microseconds

SHORTEST_GAP = timedelta(minutes=20)


@dataclass(frozen=True, slots=True)
class FreeTime:
    """A gap between two of my slots, and what the program has that fits in it."""

    span: TimeRange
    fits: tuple[tuple[Presentation, Slot, TimeRange], ...]


def free_time(
    program: Program,
    bookmarks: BookmarkFile | Iterable[Bookmark],
    day: date,
    *,
    shortest: timedelta = SHORTEST_GAP,
) -> list[FreeTime]:
    """The gaps between my slots on conference day `day`, each with what fits in it."""
    conference = program.conference
    spans = [happening.span for _, happening in my_slots(program, bookmarks) if conference.day_of(happening.span.start) == day]
    gaps: list[TimeRange] = []
    reach = None
    for span in spans:  # in start order
        if reach is not None and instant(span.start) - instant(reach) >= microseconds(shortest):
            gaps.append(TimeRange(reach, span.start))
        if reach is None or instant(span.end) > instant(reach):
            reach = span.end
    if not gaps:
        return []
    mine = {bookmark.id for bookmark in (bookmarks.bookmarks if isinstance(bookmarks, BookmarkFile) else bookmarks)}
    candidates = []
    for presentation in program.presentations:
        if presentation.id in mine:
            continue
        for slot in presentation.slots:
            timed = program.when(slot)
            if timed is not None:
                candidates.append((instant(timed.start), instant(timed.end), presentation, slot, timed))
    candidates.sort(key=lambda entry: (entry[0], entry[1], entry[2].title))
    found = []
    for gap in gaps:
        low, high = instant(gap.start), instant(gap.end)
        fits = tuple(
            (presentation, slot, span) for start, end, presentation, slot, span in candidates if low <= start and end <= high
        )
        found.append(FreeTime(gap, fits))
    return found
