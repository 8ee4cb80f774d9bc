"""Provides the program laid out for reading: conference days, the sessions in each, the slots in each session.

A paper presented twice appears under both of its sessions. What has no time yet comes last,
under its own heading, so nothing in the program is hidden for lack of a time.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from typing import NamedTuple

from planner.program.model import Kind, Presentation, Program, Session, Slot
from planner.program.times import TimeRange
from planner.search.finding import Match


class DayRow(NamedTuple):
    """The heading of a conference day; None heads what is not scheduled yet."""

    day: date | None


class SessionRow(NamedTuple):
    """The heading of a session; None heads presentations that are in no session at all."""

    session: Session | None
    span: TimeRange | None
    day: date | None


class SlotRow(NamedTuple):
    """One appearance of a presentation: in a slot of a session, or (slot None) nowhere yet."""

    presentation: Presentation
    slot: Slot | None
    span: TimeRange | None
    day: date | None
    """The conference day of the slot, which may differ from its date in the reader's zone."""
    alone: Session | None = None
    """The slot's session when the slot is all of it and the session has no heading of its own:
    it holds only this presentation, under the same title (every event of a frab feed or an .ics)."""


Row = DayRow | SessionRow | SlotRow
"""Rows are named tuples: a program of 20,000 papers has 36,000 of them, and tuples are quick to make."""

# Stands in for a missing start in sort keys; the flag before it already puts untimed rows last.
_NO_TIME = datetime.min.replace(tzinfo=UTC)


def lay_out(program: Program, matches: Iterable[Match]) -> list[Row]:
    """The matches as rows: day headings, session headings under them, a row per slot under those.

    A session that holds exactly one presentation of its own title has no heading: its one row
    says it all, where a heading would repeat the title and time above it.
    """
    alone = sessions_alone(program)
    by_session: dict[str, list[SlotRow]] = defaultdict(list)
    without_slot: list[SlotRow] = []
    # Most slots take their session's time: work each session's span and day out once.
    session_time: dict[str, tuple[TimeRange | None, date | None]] = {}
    for session in program.sessions:
        span = session.span
        session_time[session.id] = (span, program.conference.day_of(span.start) if span else None)
    for match in matches:
        presentation = match.presentation
        if not presentation.slots:
            without_slot.append(SlotRow(presentation, None, None, None))
        for slot in match.slots:
            if slot.start is not None and slot.end is not None:
                row = slot_row(program, presentation, slot)
            else:
                span, day = session_time[slot.session]
                row = SlotRow(presentation, slot, span, day)
            by_session[slot.session].append(row)
    sessions = [program.sessions_by_id[session_id] for session_id in by_session]
    sessions.sort(key=lambda session: (session.start is None, session.start or _NO_TIME, session.title.casefold()))
    rows: list[Row] = []
    current: object = object()  # no day heading yet
    for session in sessions:
        slot_rows = by_session[session.id]
        slot_rows.sort(key=_slot_order)
        span, day = session_time[session.id]
        if day is None:
            day = slot_rows[0].day  # a session without its own time, whose slots have times
        if day != current:
            rows.append(DayRow(day))
            current = day
        if session.id in alone:
            rows.extend(row._replace(alone=session) for row in slot_rows)
            continue
        rows.append(SessionRow(session, span, day))
        rows.extend(slot_rows)
    if without_slot:
        if current is not None:
            rows.append(DayRow(None))
        rows.append(SessionRow(None, None, None))
        without_slot.sort(key=lambda row: row.presentation.title.casefold())
        rows.extend(without_slot)
    return rows


def sessions_alone(program: Program) -> set[str]:
    """The ids of sessions holding exactly one presentation, of the session's own title."""
    holders: dict[str, list[Presentation]] = defaultdict(list)
    for presentation in program.presentations:
        for slot in presentation.slots:
            holders[slot.session].append(presentation)
    sessions = program.sessions_by_id
    return {
        session_id
        for session_id, held in holders.items()
        if len(held) == 1 and session_id in sessions and _same_title(sessions[session_id].title, held[0].title)
    }


def _same_title(first: str, second: str) -> bool:
    return " ".join(first.casefold().split()) == " ".join(second.casefold().split())


class Timetable:
    """A whole program laid out once, then narrowed or reordered without laying it out again."""

    def __init__(self, program: Program) -> None:
        self.program = program
        self.rows: list[Row] = lay_out(program, (Match(p, tuple(p.slots)) for p in program.presentations))
        """Every row of the program."""
        self._rows_of: dict[str, list[SlotRow]] = defaultdict(list)
        # These loops run over every row of a 20,000-paper program before the list shows.
        own_times: set[str] = set()
        for row in self.rows:
            if type(row) is SlotRow:
                self._rows_of[row.presentation.id].append(row)
                if row.slot is not None and row.slot.start is not None:
                    own_times.add(row.presentation.id)
        # Rows at their sessions' times are in time order already (sessions are laid out by
        # start, untimed last); only a slot with times of its own can be out of it.
        for presentation_id in own_times:
            self._rows_of[presentation_id].sort(key=_time_order)
        self.days: list[date] = sorted({row.day for row in self.rows if type(row) is DayRow and row.day is not None})
        """The conference days with something on, in order."""
        present = {presentation.kind for presentation in program.presentations}
        self.kinds: list[Kind] = [kind for kind in Kind if kind in present]
        """The kinds of presentation the program has, in the model's order."""

    def narrow(self, *, day: date | None = None, kinds: frozenset[Kind] = frozenset()) -> list[Row]:
        return narrow(self.rows, day=day, kinds=kinds)

    def ranked(self, ids: Iterable[str], *, day: date | None = None, kinds: frozenset[Kind] = frozenset()) -> list[SlotRow]:
        """One row per presentation in the order of `ids` (a search's ranking), at its first slot on `day`."""
        found = []
        presentations = self.program.presentations_by_id
        for presentation_id in ids:
            if kinds and presentations[presentation_id].kind not in kinds:
                continue
            for row in self._rows_of[presentation_id]:
                if day is None or row.day == day:
                    found.append(row)
                    break
        return found


def narrow(rows: Sequence[Row], *, day: date | None = None, kinds: frozenset[Kind] = frozenset()) -> list[Row]:
    """The rows of slots on `day` of presentations of `kinds` (None and empty: any), with their headings.

    The same choice `planner.search.select` makes, applied to rows already laid out, so a filter
    changes without laying out the program again.
    """
    if day is None and not kinds:
        return list(rows)
    kept: list[Row] = []
    day_heading: DayRow | None = None
    session_heading: SessionRow | None = None
    for row in rows:
        if isinstance(row, DayRow):
            day_heading, session_heading = row, None
        elif isinstance(row, SessionRow):
            session_heading = row
        elif (day is None or row.day == day) and (not kinds or row.presentation.kind in kinds):
            if day_heading is not None:
                kept.append(day_heading)
                day_heading = None
            if session_heading is not None:
                kept.append(session_heading)
                session_heading = None
            kept.append(row)
    return kept


def slot_row(program: Program, presentation: Presentation, slot: Slot) -> SlotRow:
    span = program.when(slot)
    return SlotRow(presentation, slot, span, program.conference.day_of(span.start) if span else None)


def _time_order(row: SlotRow) -> tuple[bool, datetime]:
    """Timed rows in time order, untimed ones last."""
    return (row.span is None, row.span.start if row.span else _NO_TIME)


def _slot_order(row: SlotRow) -> tuple[bool, datetime, tuple[int, str], str]:
    position = row.slot.position if row.slot is not None else None
    return (
        row.span is None,
        row.span.start if row.span else _NO_TIME,
        _position_key(position) if position else _NO_POSITION,
        row.presentation.title.casefold(),
    )


_NO_POSITION = (0, "")


def _position_key(position: str) -> tuple[int, str]:
    """Board "12" before "101": numbers as numbers, anything else after them as text."""
    return (int(position), "") if position.isdigit() else (1 << 30, position)
