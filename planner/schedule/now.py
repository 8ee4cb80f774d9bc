"""Provides now and next: what is running at a moment and what starts after it, your bookmarks first.

`ProgramClock.of(program)` lays the program's sessions out by start once (a TUI keeps it; a command
makes it after loading); `now_and_next` then answers for any moment and any bookmarks. Ranges are
half-open, as everywhere: a session starting exactly now is running, one ending exactly now is
over. "Everything" is counted by session (a poster session is one entry, not its 500 posters);
"mine" by bookmarked slot, with the poster board where the program gives one. A bookmark not
pinned to one of its slots counts at each of them. Two of mine at once are a clash, unless they
are posters of the same poster session (visited in turn). `due_reminders` says which of my slots
start within the reminder's lead and have not been announced yet.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from planner.bookmarks.file import Bookmark, BookmarkFile
from planner.program.model import Kind, Presentation, Program, Session, Slot
from planner.program.times import TimeRange
from planner.schedule.slots import BookedSlot, instant, overlap, resolve

_MINUTE = 60 * 1_000_000
"""A minute in the microseconds `instant` counts in."""
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class Phase(StrEnum):
    """Where a moment stands against the conference."""

    BEFORE = "before"
    DURING = "during"
    AFTER = "after"
    """After the end of the last session; also for a program with no times at all."""


@dataclass(frozen=True, slots=True)
class Happening:
    """One thing on the program at a moment: a session, or a slot of one of my bookmarks."""

    session: Session
    span: TimeRange
    presentation: Presentation | None = None
    """My bookmarked presentation; None for a session of the whole program."""
    slot: Slot | None = None
    mine: bool = False
    """One of my bookmarks (or, for a session, a session holding one of my bookmarked slots)."""

    @property
    def title(self) -> str:
        return self.presentation.title if self.presentation is not None else self.session.title

    @property
    def room(self) -> str | None:
        return self.session.room

    @property
    def board(self) -> str | None:
        """The poster board, as the program prints it ("#2504"); None for anything but a poster with one."""
        return board_of(self.session, self.slot)

    @property
    def place(self) -> str | None:
        """Where to go: the room, and the board for a poster ("Exhibit Hall C, board #2504")."""
        board = self.board
        parts = [part for part in (self.room, f"board {board}" if board else None) if part]
        return ", ".join(parts) or None

    def minutes_until(self, at: datetime) -> int:
        """Whole minutes until it starts, rounded up (0 once it has started)."""
        return max(0, _minutes_up(instant(self.span.start) - instant(at)))

    def minutes_left(self, at: datetime) -> int:
        """Whole minutes until it ends, rounded up (its whole length before it starts)."""
        return _minutes_up(instant(self.span.end) - max(instant(at), instant(self.span.start)))


@dataclass(frozen=True, slots=True)
class NowAndNext:
    """The answer for one moment."""

    at: datetime
    phase: Phase
    first_start: datetime | None
    """When the conference's first session starts (None: the program has no times)."""
    last_end: datetime | None
    my_running: tuple[Happening, ...]
    my_next: tuple[Happening, ...]
    """My slots starting soonest after `at` (several when they start at the same time)."""
    my_later: tuple[Happening, ...]
    """My other slots still to start on the conference day of `my_next`."""
    running: tuple[Happening, ...]
    next: tuple[Happening, ...]
    """The sessions starting soonest after `at`."""
    clashes: tuple[tuple[Happening, Happening], ...]
    """Pairs of mine, running or next, that run at the same time."""
    unscheduled: int = 0
    """My bookmarks with no time yet (never now, never next)."""

    @property
    def starts_in(self) -> timedelta | None:
        """Before the conference: how long until its first session."""
        if self.phase is Phase.BEFORE and self.first_start is not None:
            return self.first_start - self.at
        return None

    def in_clash(self, happening: Happening) -> bool:
        return any(happening in pair for pair in self.clashes)


def board_of(session: Session, slot: Slot | None) -> str | None:
    """A poster's board number as the program prints it; an oral's order in its session is no board."""
    if slot is None or not slot.position or session.kind is not Kind.POSTER:
        return None
    return slot.position


class ProgramClock:
    """A program's sessions laid out by start, to ask what is on at any moment."""

    def __init__(self, program: Program) -> None:
        self.program = program
        timed = [(instant(span.start), instant(span.end), session) for session in program.sessions if (span := session.span)]
        timed.sort(key=lambda entry: (entry[0], entry[1], entry[2].room or "", entry[2].title))
        self._sessions = timed
        self._starts = [start for start, _, _ in timed]
        # A session may run for days (a workshop series); the longest bounds how far back to look.
        self._longest = max((end - start for start, end, _ in timed), default=0)
        # Slots with times of their own may lie outside every session's (a talk in an untimed
        # session): the first start and last end look at them too, comparing datetimes in C.
        own_starts = [slot.start for presentation in program.presentations for slot in presentation.slots if slot.start]
        own_ends = [slot.end for presentation in program.presentations for slot in presentation.slots if slot.end]
        starts = [entry[0] for entry in timed[:1]]
        ends = [max(end for _, end, _ in timed)] if timed else []
        if own_starts and own_ends:
            starts.append(instant(min(own_starts)))
            ends.append(instant(max(own_ends)))
        self._first: int | None = min(starts) if starts else None
        self._last: int | None = max(ends) if ends else None
        self.first_start = _moment(program, self._first) if self._first is not None else None
        self.last_end = _moment(program, self._last) if self._last is not None else None

    @classmethod
    def of(cls, program: Program) -> ProgramClock:
        return cls(program)

    def phase(self, at: datetime) -> Phase:
        moment = instant(at)
        if self._first is None or self._last is None or moment >= self._last:
            return Phase.AFTER
        return Phase.BEFORE if moment < self._first else Phase.DURING

    def running_sessions(self, at: datetime) -> list[Session]:
        moment = instant(at)
        high = bisect_right(self._starts, moment)
        low = bisect_right(self._starts, moment - self._longest - 1)
        found = []
        for start, end, session in self._sessions[low:high]:
            if start <= moment < end or start == end == moment:
                found.append(session)
        return found

    def next_sessions(self, at: datetime) -> list[Session]:
        moment = instant(at)
        index = bisect_right(self._starts, moment)
        if index == len(self._starts):
            return []
        first = self._starts[index]
        found = []
        while index < len(self._starts) and self._starts[index] == first:
            found.append(self._sessions[index][2])
            index += 1
        return found


def now_and_next(clock: ProgramClock, bookmarks: BookmarkFile | Iterable[Bookmark] | None, at: datetime) -> NowAndNext:
    """What is running at `at` and what starts next, mine and everything's."""
    if at.tzinfo is None:
        raise ValueError("now_and_next needs an aware datetime")
    program = clock.program
    moment = instant(at)
    mine = my_slots(program, bookmarks or ())
    my_running = [item for item in mine if _runs(item[0], moment)]
    upcoming = [item for item in mine if item[0].start > moment]
    my_next: list[tuple[BookedSlot, Happening]] = []
    my_later: list[tuple[BookedSlot, Happening]] = []
    if upcoming:
        first = min(booked.start for booked, _ in upcoming)
        my_next = [item for item in upcoming if item[0].start == first]
        day = program.conference.day_of(_moment(program, first))
        # A bookmark not pinned counts at each of its slots; one already running or next is not repeated later.
        shown = {booked.bookmark for booked, _ in my_running} | {booked.bookmark for booked, _ in my_next}
        my_later = [
            item
            for item in upcoming
            if item[0].start > first and item[0].bookmark not in shown and program.conference.day_of(item[1].span.start) == day
        ]
    my_sessions = {booked.session for booked, _ in my_running} | {booked.session for booked, _ in my_next}
    running = tuple(_session(session, session.id in my_sessions) for session in clock.running_sessions(at))
    following = tuple(_session(session, session.id in my_sessions) for session in clock.next_sessions(at))
    clashes: list[tuple[Happening, Happening]] = []
    for group in (my_running, my_next, my_running + my_next):
        for index, (booked, happening) in enumerate(group):
            for other_booked, other in group[index + 1 :]:
                pair = (happening, other)
                if overlap(booked, other_booked) and pair not in clashes and happening is not other:
                    clashes.append(pair)
    unscheduled = _unscheduled(program, bookmarks or ())
    return NowAndNext(
        at=at,
        phase=clock.phase(at),
        first_start=clock.first_start,
        last_end=clock.last_end,
        my_running=tuple(happening for _, happening in my_running),
        my_next=tuple(happening for _, happening in my_next),
        my_later=tuple(happening for _, happening in my_later),
        running=running,
        next=following,
        clashes=tuple(clashes),
        unscheduled=unscheduled,
    )


def my_slots(program: Program, bookmarks: BookmarkFile | Iterable[Bookmark]) -> list[tuple[BookedSlot, Happening]]:
    """Every slot my bookmarks count at (the pinned one, or each of an unpinned bookmark's), in time order."""
    found = []
    sessions = program.sessions_by_id
    for item in resolve(program, bookmarks).bookmarked:
        for booked in (item.pinned,) if item.pinned is not None else item.options:
            slot = next((slot for slot in item.presentation.slots if slot.session == booked.session), None)
            happening = Happening(sessions[booked.session], booked.span, item.presentation, slot, mine=True)
            found.append((booked, happening))
    found.sort(key=lambda entry: (entry[0].start, entry[0].end, entry[1].room or "", entry[1].board or "", entry[1].title))
    return found


def due_reminders(
    program: Program,
    bookmarks: BookmarkFile | Iterable[Bookmark] | None,
    at: datetime,
    lead: timedelta,
    announced: set[tuple[str, str, datetime]],
) -> list[Happening]:
    """My slots starting within `lead` of `at` (not yet started) whose key is not in `announced`.

    The key of a slot is (presentation id, session id, start); the caller adds the keys it shows,
    so each slot is announced once however often it asks.
    """
    moment, ahead = instant(at), instant(at + lead)
    due = []
    for booked, happening in my_slots(program, bookmarks or ()):
        if moment < booked.start <= ahead and reminder_key(happening) not in announced:
            due.append(happening)
    return due


def reminder_key(happening: Happening) -> tuple[str, str, datetime]:
    presentation_id = happening.presentation.id if happening.presentation is not None else ""
    return (presentation_id, happening.session.id, happening.span.start)


def _runs(booked: BookedSlot, moment: int) -> bool:
    return booked.start <= moment < booked.end or booked.start == booked.end == moment


def _session(session: Session, mine: bool) -> Happening:
    span = session.span
    assert span is not None  # only timed sessions are laid out
    return Happening(session, span, mine=mine)


def _unscheduled(program: Program, bookmarks: BookmarkFile | Iterable[Bookmark]) -> int:
    listed = bookmarks.bookmarks if isinstance(bookmarks, BookmarkFile) else list(bookmarks)
    known = program.presentations_by_id
    return sum(1 for bookmark in listed if bookmark.id in known and not program.is_scheduled(known[bookmark.id]))


def _minutes_up(microseconds: int) -> int:
    return -(-microseconds // _MINUTE)


def _moment(program: Program, microseconds: int) -> datetime:
    return (_EPOCH + timedelta(microseconds=microseconds)).astimezone(program.conference.zone)
