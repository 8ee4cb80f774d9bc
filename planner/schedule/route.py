"""Provides "my route" through a poster session: my posters in board order, with the minutes I can give each.

The session's length, less the walk between one board and the next, shared evenly among my
posters there: each stop gets a start and an end, so the route can be printed and followed.
Boards are ordered by their number ("#12" before "#104"); posters without a board come last,
by title.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from planner.bookmarks.file import Bookmark, BookmarkFile
from planner.errors import NotFoundError
from planner.program.model import Presentation, Program, Session
from planner.program.times import TimeRange
from planner.schedule.now import board_of, my_slots

DEFAULT_BOARD_WALK = timedelta(seconds=60)
"""How long it takes to walk from one poster board to the next in a hall."""


@dataclass(frozen=True, slots=True)
class Stop:
    """One poster on the route."""

    presentation: Presentation
    board: str | None
    span: TimeRange
    """When to stand at it."""


@dataclass(frozen=True, slots=True)
class Route:
    """My way through one poster session."""

    session: Session
    span: TimeRange
    stops: tuple[Stop, ...]
    walk: timedelta
    each: timedelta
    """The whole minutes each poster gets (zero or less: too many posters for the session)."""

    @property
    def rushed(self) -> bool:
        return bool(self.stops) and self.each <= timedelta(0)


def find_session(program: Program, text: str) -> Session:
    """A session by its id, or by its title (exactly, or the one title containing `text`), ignoring case."""
    wanted = text.strip()
    if wanted in program.sessions_by_id:
        return program.sessions_by_id[wanted]
    lowered = wanted.casefold()
    exact = [session for session in program.sessions if session.title.casefold() == lowered]
    if len(exact) == 1:
        return exact[0]
    partial = exact or [session for session in program.sessions if lowered and lowered in session.title.casefold()]
    if len(partial) == 1:
        return partial[0]
    if not partial:
        raise NotFoundError(f"no session {text!r} in {program.conference.id} (give a session id or part of its title)")
    names = ", ".join(f"{session.id} ({session.title})" for session in partial[:5])
    more = f" and {len(partial) - 5} more" if len(partial) > 5 else ""
    raise NotFoundError(f"{len(partial)} sessions match {text!r}: {names}{more}; give its id")


def poster_route(
    program: Program,
    bookmarks: BookmarkFile | Iterable[Bookmark],
    session: Session,
    *,
    walk: timedelta = DEFAULT_BOARD_WALK,
) -> Route:
    """My bookmarked posters in `session`, in board order, the session's time shared among them."""
    span = session.span
    if span is None:
        raise NotFoundError(f"session {session.id} ({session.title}) has no time yet, so it has no route")
    mine = [happening for booked, happening in my_slots(program, bookmarks) if booked.session == session.id]
    mine.sort(key=lambda happening: (board_key(board_of(session, happening.slot)), happening.title.casefold()))
    count = len(mine)
    each = (span.duration - walk * max(count - 1, 0)) / count if count else span.duration
    each = timedelta(minutes=each // timedelta(minutes=1))  # whole minutes: a printed route reads by the clock
    stops = []
    start = span.start
    for happening in mine:
        length = max(each, timedelta(0))
        presentation = happening.presentation
        assert presentation is not None  # my slots always name their presentation
        stops.append(Stop(presentation, board_of(session, happening.slot), TimeRange(start, start + length)))
        start = start + length + walk
    return Route(session, span, tuple(stops), walk, each)


def board_key(board: str | None) -> tuple[int, int, str]:
    """Boards by number ("#12" before "#104"), then boards without a number, then no board."""
    if not board:
        return (2, 0, "")
    digits = "".join(character for character in board if character.isdigit())
    return (0, int(digits), board) if digits else (1, 0, board)
