"""Provides small programs and bookmark files made in code, for the clash and plan tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from planner.bookmarks.file import Bookmark, BookmarkFile, Priority, new_bookmark
from planner.program.model import Conference, Kind, Presentation, Program, Session, Slot

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)
DAY = datetime(2024, 5, 7, tzinfo=UTC)


def at(hour: int, minute: int = 0) -> datetime:
    return DAY + timedelta(hours=hour, minutes=minute)


def session(id: str, start: datetime | None, end: datetime | None, *, kind: Kind = Kind.ORAL, room: str | None = None) -> Session:
    return Session(id=id, title=id.replace("-", " ").title(), kind=kind, start=start, end=end, room=room)


def talk(
    id: str, *sessions: str, kind: Kind = Kind.ORAL, times: dict[str, tuple[datetime, datetime]] | None = None
) -> Presentation:
    """A presentation with one slot in each of `sessions`; `times` gives a slot its own times."""
    times = times or {}
    slots = [
        Slot(session=name, start=times.get(name, (None, None))[0], end=times.get(name, (None, None))[1]) for name in sessions
    ]
    return Presentation(id=id, title=id.replace("-", " ").capitalize(), kind=kind, slots=slots)


def program(sessions: list[Session], presentations: list[Presentation], *, zone: str = "UTC") -> Program:
    return Program(
        conference=Conference(id="test-2024", name="Test 2024", timezone=zone), sessions=sessions, presentations=presentations
    )


def mark(id: str, *, slot: str | None = None, priority: Priority = Priority.WANT) -> Bookmark:
    return new_bookmark(id, id, now=NOW, priority=priority, slot=slot)


def marks(*bookmarks: Bookmark, conference: str = "test-2024") -> BookmarkFile:
    return BookmarkFile(conference=conference, owner="tester", bookmarks=list(bookmarks))
