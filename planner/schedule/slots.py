"""Provides bookmarked slots: the slots a bookmark can count at, and how slots meet in time.

A bookmark names a presentation; the presentation may be shown more than once (an ICLR paper has
two poster slots). Each timed slot becomes a `BookedSlot`, with its instants in integer
microseconds since the epoch, so zones, daylight-saving changes and midnight play no part in
comparing two of them. Which one counts is decided elsewhere: the pinned one (read as every
consumer reads it, planner.bookmark_matching.pinned_slot), or the planner's.
"""

from __future__ import annotations

import heapq
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import NamedTuple

from planner.bookmarks.file import Bookmark, BookmarkFile
from planner.bookmarks.limits import Priority
from planner.bookmarks.matching import pinned_slot
from planner.program.model import Kind, Presentation, Program, Session
from planner.program.times import TimeRange, ranges_overlap
from planner.schedule.defaults import DEFAULT_WALKING

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def instant(moment: datetime) -> int:
    """An aware datetime as whole microseconds since 1970 UTC: exact, and cheap to compare."""
    return (moment - _EPOCH) // _MICROSECOND


def microseconds(length: timedelta) -> int:
    return length // _MICROSECOND


class BookedSlot(NamedTuple):
    """One timed slot of a bookmarked presentation, with what clash detection needs to know.

    A named tuple, not a frozen dataclass: as immutable, and several times cheaper to make,
    which counts when ten thousand bookmarks are read against a program.
    """

    bookmark: str
    """The presentation id the bookmark names."""
    title: str
    priority: Priority
    session: str
    """The session id; it is also what `Bookmark.slot` holds when this slot is pinned."""
    session_title: str
    room: str | None
    span: TimeRange
    poster_period: str | None
    """For a poster, which poster session it is in, as a key: posters with the same key are visited
    in turn, so never clash. Poster sessions running at the same times (one session split across
    halls: "Poster Session 1A", "1B", …) share a key; a poster in a session of another kind is
    keyed by that session alone."""
    pinned: bool
    """The person chose this slot (`Bookmark.slot`)."""
    start: int
    """`span.start` as an instant (see `instant`)."""
    end: int
    weight: int
    """`priority.weight`, kept at hand for the sweep and the planner."""


class Bookmarked(NamedTuple):
    """A bookmark of a scheduled presentation, with every slot it could count at."""

    bookmark: Bookmark
    presentation: Presentation
    options: tuple[BookedSlot, ...]
    """Every timed slot of the presentation, in time order."""
    pinned: BookedSlot | None
    """The option the person pinned, if they pinned one."""
    weight: int
    """The bookmark's priority weight."""

    @property
    def id(self) -> str:
        return self.bookmark.id


@dataclass(frozen=True, slots=True)
class Resolution:
    """A person's bookmarks read against a program: what can be planned and what cannot."""

    bookmarked: tuple[Bookmarked, ...]
    unscheduled: tuple[Bookmark, ...]
    """Bookmarks of presentations with no time yet (or pinned to a slot with none): never clashing."""
    unknown: tuple[Bookmark, ...]
    """Bookmarks whose ids the program does not know: reported, kept in the file, never dropped."""
    lost_pins: tuple[Bookmark, ...]
    """Bookmarks pinned to a session the presentation is no longer in; their slot is chosen afresh."""


def bookmark_list(bookmarks: BookmarkFile | Iterable[Bookmark]) -> list[Bookmark]:
    return list(bookmarks.bookmarks if isinstance(bookmarks, BookmarkFile) else bookmarks)


def resolve(program: Program, bookmarks: BookmarkFile | Iterable[Bookmark]) -> Resolution:
    """Read each bookmark against the program. A second entry for the same id counts once."""
    bookmarked: list[Bookmarked] = []
    unscheduled: list[Bookmark] = []
    unknown: list[Bookmark] = []
    lost_pins: list[Bookmark] = []
    seen: set[str] = set()
    presentations = program.presentations_by_id
    sessions = program.sessions_by_id
    timed_sessions: dict[str, tuple[TimeRange, int, int] | None] = {}
    periods: dict[str, str] = {}
    weights = {priority: priority.weight for priority in Priority}
    for bookmark in bookmark_list(bookmarks):
        presentation_id = bookmark.id
        if presentation_id in seen:
            continue
        seen.add(presentation_id)
        presentation = presentations.get(presentation_id)
        if presentation is None:
            unknown.append(bookmark)
            continue
        options: list[BookedSlot] = []
        pinned: BookedSlot | None = None
        pin = pinned_slot(presentation, bookmark)
        if pin is None and bookmark.slot is not None:  # bookmark_matching.stale_pin, without asking twice
            lost_pins.append(bookmark)
        weight = weights[bookmark.priority]
        all_posters = presentation.kind is _POSTER
        for slot in presentation.slots:
            is_pin = slot is pin and pinned is None
            session = sessions[slot.session]
            timed: tuple[TimeRange, int, int] | None
            if slot.start is not None and slot.end is not None:
                span = TimeRange(slot.start, slot.end)
                timed = (span, instant(span.start), instant(span.end))
            else:
                timed = _session_times(session, timed_sessions)
            if timed is None:
                continue
            if session.kind is _POSTER or all_posters:
                if session.id not in periods:
                    periods[session.id] = _poster_period(session, timed_sessions)
                period = periods[session.id]
            else:
                period = None
            booked = BookedSlot(
                presentation_id, presentation.title, bookmark.priority, session.id, session.title, session.room,
                timed[0], period, is_pin, timed[1], timed[2], weight,
            )  # fmt: skip
            options.append(booked)
            if is_pin:
                pinned = booked
        if not options or (pin is not None and pinned is None):
            unscheduled.append(bookmark)
            continue
        if len(options) > 1:
            options.sort(key=lambda option: (option.start, option.end, option.session))
        bookmarked.append(Bookmarked(bookmark, presentation, tuple(options), pinned, weight))
    return Resolution(tuple(bookmarked), tuple(unscheduled), tuple(unknown), tuple(lost_pins))


_POSTER = Kind.POSTER


def _session_times(session: Session, known: dict[str, tuple[TimeRange, int, int] | None]) -> tuple[TimeRange, int, int] | None:
    """A session's span and its instants, worked out once per session (most slots share them)."""
    if session.id not in known:
        whole = session.span
        known[session.id] = None if whole is None else (whole, instant(whole.start), instant(whole.end))
    return known[session.id]


def _poster_period(session: Session, known: dict[str, tuple[TimeRange, int, int] | None]) -> str:
    # A poster session is known by its times, so halls of one split session share a key.
    times = _session_times(session, known) if session.kind is _POSTER else None
    return session.id if times is None else f"posters {times[1]}-{times[2]}"


def overlap(first: BookedSlot, second: BookedSlot) -> bool:
    """The two run at once and are not posters of the same poster session (see `poster_period`)."""
    if first.poster_period is not None and first.poster_period == second.poster_period:
        return False
    return ranges_overlap(first.start, first.end, second.start, second.end)


def same_place(first: BookedSlot, second: BookedSlot) -> bool:
    """Going from one to the other needs no walk: the same session, or the same room."""
    return first.session == second.session or (first.room is not None and first.room == second.room)


def gap(first: BookedSlot, second: BookedSlot) -> int | None:
    """Microseconds from the end of the earlier to the start of the later; None when they run at once."""
    if ranges_overlap(first.start, first.end, second.start, second.end):
        return None
    if first.end <= second.start:
        return second.start - first.end
    return first.start - second.end


def tight(first: BookedSlot, second: BookedSlot, walking: int) -> bool:
    """Back to back in different places with less than `walking` microseconds between them."""
    if same_place(first, second):
        return False
    between = gap(first, second)
    return between is not None and between < walking


@dataclass(frozen=True, slots=True)
class Sweep:
    """The pairs a sweep found, each (earlier, later), in the order the clashes begin."""

    overlaps: list[tuple[BookedSlot, BookedSlot]]
    tight: list[tuple[BookedSlot, BookedSlot]]


def sweep(slots: Sequence[BookedSlot], *, walking: timedelta = DEFAULT_WALKING) -> Sweep:
    """Every overlapping pair and every tight pair among `slots`.

    Overlaps: slots enter in start order (at one instant, zero-length ones last, so they are seen
    inside a range that starts with them) and leave a heap when they end; a new slot overlaps
    everything still in. The slots still in are grouped by poster session, so posters of the
    same session cost nothing to skip. Tight pairs: for each slot, a binary search over the ends
    finds those that finished less than `walking` before it starts.

    Pairs come (earlier, later) in the order the clashes begin: by the later slot's start.
    """
    walk = microseconds(walking)
    count = len(slots)
    # Plain integers and lists in the loops below: sorting and heap work stay in C.
    keys = [slot.start * 2 + (slot.start == slot.end) for slot in slots]  # zero-length last at an instant
    by_rank = [slots[index] for index in sorted(range(count), key=keys.__getitem__)]
    starts = [slot.start for slot in by_rank]
    ends = [slot.end for slot in by_rank]
    posters = [slot.poster_period for slot in by_rank]

    overlaps: list[tuple[BookedSlot, BookedSlot]] = []
    leaving: list[int] = []  # end * count + rank: one integer orders by end
    running: dict[int, None] = {}  # ranks of slots still in that are not posters, in rank order
    running_posters: dict[str, dict[int, None]] = {}  # and of those that are, by poster period
    pop, push = heapq.heappop, heapq.heappush
    for rank in range(count):
        start = starts[rank]
        limit = (start + 1) * count
        while leaving and leaving[0] < limit:
            gone = pop(leaving) % count
            period = posters[gone]
            if period is None:
                del running[gone]
            else:
                members = running_posters[period]
                del members[gone]
                if not members:
                    del running_posters[period]
        period = posters[rank]
        if running_posters:
            met = [earlier for other, members in running_posters.items() if other != period for earlier in members]
            if met:
                met.extend(running)
                met.sort()
                current = by_rank[rank]
                overlaps.extend([(by_rank[earlier], current) for earlier in met])
            elif running:
                current = by_rank[rank]
                overlaps.extend([(by_rank[earlier], current) for earlier in running])
        elif running:
            current = by_rank[rank]
            overlaps.extend([(by_rank[earlier], current) for earlier in running])
        end = ends[rank]
        if end > start:
            push(leaving, end * count + rank)
            if period is None:
                running[rank] = None
            elif period in running_posters:
                running_posters[period][rank] = None
            else:
                running_posters[period] = {rank: None}

    tight_pairs: list[tuple[BookedSlot, BookedSlot]] = []
    if walk > 0:
        by_end = sorted(range(count), key=ends.__getitem__)
        sorted_ends = [ends[rank] for rank in by_end]
        sessions = [slot.session for slot in by_rank]
        rooms = [slot.room for slot in by_rank]
        for rank in range(count):
            start = starts[rank]
            low = bisect_right(sorted_ends, start - walk)
            high = bisect_right(sorted_ends, start, low)
            if low == high:
                continue
            session, room = sessions[rank], rooms[rank]
            for other in by_end[low:high]:
                if other == rank or sessions[other] == session or (room is not None and rooms[other] == room):
                    continue  # itself, or the same place: no walk
                if starts[other] == ends[other] == start:
                    if ends[rank] != start:
                        continue  # a zero-length slot at the start of a range is inside it: an overlap
                    if other > rank:
                        continue  # two zero-length slots at one instant: count the pair once
                tight_pairs.append((by_rank[other], by_rank[rank]))
    return Sweep(overlaps, tight_pairs)
