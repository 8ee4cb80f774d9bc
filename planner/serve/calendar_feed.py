"""Provides the calendar a subscription reads: built from the bookmark file as it is now, cached until it changes.

Calendar apps poll a subscription on their own schedule and mostly ask "has it changed?"
(If-None-Match). Building a calendar takes tens of milliseconds; checking the bookmark file's
identity on disk takes microseconds, so the feed is rebuilt only when the file changed. The feed
keeps an export memory of its own (beside the bookmark file), so SEQUENCE rises and removed
bookmarks go out as cancelled to subscribers exactly as to an exported file. It never writes the
bookmark file.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path

from planner.errors import PlannerError
from planner.program.model import Program


@dataclass(frozen=True, slots=True)
class FeedVersion:
    """One version of the calendar as served."""

    body: bytes
    etag: str
    """A strong validator: the hash of the body, quoted as HTTP wants it."""
    last_modified: datetime
    """When the body last changed (aware, UTC)."""
    events: int


def feed_memory_path(bookmark_file: Path) -> Path:
    """Where the served calendar remembers what it sent: beside the bookmarks, apart from any exported file's memory."""
    return bookmark_file.with_name(bookmark_file.name + ".served-calendar")


class CalendarFeed:
    """The personal calendar of one bookmark file, as `GET /calendar/<conference>.ics` serves it."""

    def __init__(
        self,
        program: Program,
        bookmark_file: Path,
        *,
        clock: Callable[[], datetime],
        where: tzinfo,
        warn: Callable[[str], None] = lambda message: None,
    ) -> None:
        self.program = program
        self.bookmark_file = bookmark_file
        self.memory_file = feed_memory_path(bookmark_file)
        self._clock = clock
        self._where = where
        self._warn = warn
        self._lock = threading.Lock()
        self._key: tuple[int, int, int] | str | None = "never built"
        self._version: FeedVersion | None = None

    def _file_key(self) -> tuple[int, int, int] | None:
        # Saves are atomic renames, so a new save is a new inode as well as a new time and size.
        try:
            status = self.bookmark_file.stat()
        except FileNotFoundError:
            return None
        return (status.st_ino, status.st_mtime_ns, status.st_size)

    def current(self) -> FeedVersion:
        """The calendar as the bookmark file stands now; rebuilt only when the file changed.

        A bookmark file that cannot be read is reported (through `warn`) and left untouched, and
        the last good calendar is served; with none, the PlannerError is raised.
        """
        with self._lock:
            key = self._file_key()
            if self._version is not None and key == self._key:
                return self._version
            try:
                version = self._build()
            except PlannerError as err:
                if self._version is None:
                    raise
                self._warn(f"{err}; serving the calendar as it was")
                return self._version
            self._key, self._version = key, version
            return version

    def _build(self) -> FeedVersion:
        # Loaded here: icalendar and the exporter are needed only once a calendar is asked for.
        from planner.bookmarks.store import read_program_bookmarks
        from planner.exporters.export_memory import dump_memory, read_memory
        from planner.exporters.ics import export_calendar
        from planner.files import write_atomically

        conference_id = self.program.conference.id
        bookmarks = read_program_bookmarks(self.bookmark_file, self.program)
        exported = export_calendar(
            self.program,
            bookmarks.bookmarks,
            clock=self._clock,
            where=self._where,
            previous=read_memory(self.memory_file, conference_id),
        )
        write_atomically(self.memory_file, dump_memory(conference_id, exported.memory))
        previous = self._version
        if previous is not None and previous.body == exported.ics:
            return previous
        etag = '"' + hashlib.sha256(exported.ics).hexdigest()[:32] + '"'
        return FeedVersion(exported.ics, etag, self._clock().replace(microsecond=0), exported.events)
