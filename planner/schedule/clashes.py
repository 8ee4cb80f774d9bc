"""Provides clash detection over a person's bookmarks: overlaps, tight changes, crowded poster sessions.

The rules are the ones attendees live by. Two bookmarked slots *overlap* when their half-open
time ranges share an instant and they are not posters of the same poster session. They are a
*tight* change when one ends less than the walking buffer before the other starts and they are
in different places (same session or same room back to back is fine). Several bookmarked posters
in one poster session are not a clash, but *crowded*: the report says how many minutes each gets.

Each bookmark counts at one slot: the one the person pinned, else the one the planner would pick
for it (planner.plan, with the pins held). Bookmarks with no time yet, and ids the program does not
know, are listed apart and never clash.

Detection is a sweep over the slots sorted by time (planner.slots.sweep), O(n log n + k) for k
clashes found.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum
from functools import cached_property
from operator import attrgetter
from typing import Literal

from planner.bookmarks.file import Bookmark, BookmarkFile
from planner.program.model import Program
from planner.program.times import TimeRange
from planner.schedule.agenda import Agenda
from planner.schedule.defaults import DEFAULT_CROWDED_UNDER, DEFAULT_WALKING
from planner.schedule.plan import solve
from planner.schedule.slots import (
    BookedSlot,
    Bookmarked,
    gap,
    microseconds,
    resolve,
    sweep,
)


class ClashKind(StrEnum):
    OVERLAP = "overlap"
    TIGHT = "tight"


@dataclass(frozen=True, slots=True)
class Remedy:
    """One way out of a clash: move a bookmark to a free slot, or keep one bookmark over the other."""

    action: Literal["move", "keep"]
    bookmark: str
    """The bookmark to move, or the one to keep."""
    slot: BookedSlot | None = None
    """For a move: another slot of the same presentation that overlaps none of the other bookmarks."""
    over: str | None = None
    """For a keep: the bookmark given up."""
    tight: bool = False
    """For a move: the new slot is a tight change from or to another bookmark (never so for a tight clash)."""


@dataclass(frozen=True, slots=True)
class Clash:
    """Two bookmarked slots that cannot both be attended comfortably."""

    kind: ClashKind
    first: BookedSlot
    """The one that starts first."""
    second: BookedSlot
    _ways_out: _WaysOut | None = field(default=None, repr=False, compare=False)

    @property
    def remedies(self) -> tuple[Remedy, ...]:
        """What resolves it: moves to a free slot of the same presentation, then which to keep by
        priority. Worked out when asked, since a view shows them for one clash at a time."""
        if self._ways_out is None:
            return _keeps(self.first, self.second)
        return self._ways_out.remedies(self)

    @property
    def bookmarks(self) -> tuple[str, str]:
        return (self.first.bookmark, self.second.bookmark)

    @property
    def shared(self) -> TimeRange | None:
        """For an overlap, the time both run (empty when one has no length)."""
        if self.kind is not ClashKind.OVERLAP:
            return None
        later = self.second if self.second.start >= self.first.start else self.first
        sooner_end = self.first if self.first.end <= self.second.end else self.second
        if sooner_end.end <= later.start:
            return TimeRange(later.span.start, later.span.start)
        return TimeRange(later.span.start, sooner_end.span.end)

    @property
    def gap(self) -> timedelta | None:
        """For a tight change, the time there is to get from one to the other."""
        between = gap(self.first, self.second)
        return None if self.kind is not ClashKind.TIGHT or between is None else timedelta(microseconds=between)


@dataclass(frozen=True, slots=True)
class CrowdedSession:
    """A poster session with several bookmarked posters: not a clash, but time is shared."""

    sessions: tuple[str, ...]
    """Its session ids: more than one when the session is split across halls."""
    title: str
    span: TimeRange
    posters: tuple[BookedSlot, ...]
    per_poster: timedelta
    """The session's length shared evenly among the bookmarked posters."""
    rushed: bool
    """`per_poster` is under the threshold asked for."""


@dataclass(frozen=True, slots=True)
class ClashReport:
    """Everything the clash view shows for one person's bookmarks."""

    overlaps: tuple[Clash, ...]
    tight: tuple[Clash, ...]
    crowded: tuple[CrowdedSession, ...]
    counted: tuple[BookedSlot, ...]
    """The slot each scheduled bookmark counts at, in time order."""
    planned: frozenset[str]
    """Bookmarks counted at a slot the planner picked (or `chosen` gave), not one the person pinned."""
    unscheduled: tuple[Bookmark, ...]
    """"No time yet": never counted as clashing."""
    unknown: tuple[Bookmark, ...]
    """Ids the program does not know."""
    lost_pins: tuple[Bookmark, ...]
    """Pinned to a session the presentation is no longer in; counted at the planner's pick instead."""
    walking: timedelta
    crowded_under: timedelta

    @property
    def clashes(self) -> tuple[Clash, ...]:
        return self.overlaps + self.tight


def keep_reason(kept: BookedSlot, given_up: BookedSlot) -> str:
    """Why a "keep" remedy keeps one side: "must over maybe", or "same priority"."""
    if kept.weight == given_up.weight:
        return "same priority"
    return f"{kept.priority.value} over {given_up.priority.value}"


def find_clashes(
    program: Program,
    bookmarks: BookmarkFile | Iterable[Bookmark],
    *,
    walking: timedelta = DEFAULT_WALKING,
    crowded_under: timedelta = DEFAULT_CROWDED_UNDER,
    chosen: Mapping[str, str] | None = None,
) -> ClashReport:
    """The clashes among a person's bookmarks in `program`, each with its remedies.

    A bookmark counts at `chosen[id]` when that names one of its slots (a session id, as in
    `Plan.chosen`); else at its pinned slot; else at the slot the planner picks, pins held.
    """
    resolution = resolve(program, bookmarks)
    counted: list[BookedSlot] = []
    planned: set[str] = set()
    undecided: list[Bookmarked] = []
    for item in resolution.bookmarked:
        wanted = chosen.get(item.id) if chosen else None
        option = None if wanted is None else next((option for option in item.options if option.session == wanted), None)
        if option is not None:
            counted.append(option)
            if option is not item.pinned:
                planned.add(item.id)
        elif item.pinned is not None:
            counted.append(item.pinned)
        else:
            undecided.append(item)
    if undecided:
        solution = solve([*_held(counted, resolution.bookmarked), *undecided], walking=walking, keep_pins=True)
        for item in undecided:
            counted.append(solution.picks[item.id])
            planned.add(item.id)
    counted.sort(key=attrgetter("start", "end", "bookmark"))
    found = sweep(counted, walking=walking)
    # Only presentations shown more than once can move.
    ways_out = _WaysOut(counted, {item.id: item.options for item in resolution.bookmarked if len(item.options) > 1}, walking)
    overlaps = tuple(Clash(ClashKind.OVERLAP, first, second, ways_out) for first, second in found.overlaps)
    tight_changes = tuple(Clash(ClashKind.TIGHT, first, second, ways_out) for first, second in found.tight)
    return ClashReport(
        overlaps=overlaps,
        tight=tight_changes,
        crowded=_crowded(counted, crowded_under),
        counted=tuple(counted),
        planned=frozenset(planned),
        unscheduled=resolution.unscheduled,
        unknown=resolution.unknown,
        lost_pins=resolution.lost_pins,
        walking=walking,
        crowded_under=crowded_under,
    )


def _held(counted: list[BookedSlot], items: tuple[Bookmarked, ...]) -> list[Bookmarked]:
    """The bookmarks already placed, as pinned to where they count, so the planner works around them."""
    by_id = {item.id: item for item in items}
    return [by_id[slot.bookmark]._replace(options=(slot,), pinned=slot) for slot in counted]


class _WaysOut:
    """What remedies are worked out from: the counted slots, and every slot of each bookmark."""

    def __init__(self, counted: Sequence[BookedSlot], options: Mapping[str, tuple[BookedSlot, ...]], walking: timedelta) -> None:
        self.counted = counted
        self.options = options
        self.walk = microseconds(walking)

    @cached_property
    def agenda(self) -> Agenda:
        # Built on the first question: most reports are read without asking for every remedy.
        agenda = Agenda(self.walk)
        for slot in self.counted:
            agenda.add(slot)
        return agenda

    def remedies(self, clash: Clash) -> tuple[Remedy, ...]:
        """A move resolves an overlap when the new slot overlaps nothing (it may leave a tight
        change, and says so); it resolves a tight change only when it is free of both."""
        moves = []
        for side in (clash.first, clash.second):
            for option in self.options.get(side.bookmark, ()):
                if option.session == side.session:
                    continue
                if any(slot.bookmark != side.bookmark for slot in self.agenda.overlapping(option)):
                    continue
                tights = any(slot.bookmark != side.bookmark for slot in self.agenda.tight_with(option))
                if not (tights and clash.kind is ClashKind.TIGHT):
                    moves.append(Remedy("move", side.bookmark, slot=option, tight=tights))
        return (*moves, *_keeps(clash.first, clash.second))


def _keeps(first: BookedSlot, second: BookedSlot) -> tuple[Remedy, ...]:
    """Keep the higher priority; at the same priority, either."""
    if first.weight > second.weight:
        return (Remedy("keep", first.bookmark, over=second.bookmark),)
    if second.weight > first.weight:
        return (Remedy("keep", second.bookmark, over=first.bookmark),)
    return (Remedy("keep", first.bookmark, over=second.bookmark), Remedy("keep", second.bookmark, over=first.bookmark))


def _crowded(counted: Sequence[BookedSlot], under: timedelta) -> tuple[CrowdedSession, ...]:
    periods: dict[str, list[BookedSlot]] = {}
    for slot in counted:
        if slot.poster_period is not None:
            periods.setdefault(slot.poster_period, []).append(slot)
    crowded = []
    for posters in periods.values():
        if len(posters) < 2:
            continue
        first = min(posters, key=lambda slot: slot.start)
        last = max(posters, key=lambda slot: slot.end)
        per_poster = timedelta(microseconds=(last.end - first.start) // len(posters))
        sessions = tuple(dict.fromkeys(slot.session for slot in posters))
        title = ", ".join(dict.fromkeys(slot.session_title for slot in posters))
        span = TimeRange(first.span.start, last.span.end)
        crowded.append(CrowdedSession(sessions, title, span, tuple(posters), per_poster, per_poster < under))
    crowded.sort(key=lambda entry: (entry.posters[0].start, entry.sessions))
    return tuple(crowded)
