"""Provides writing a person's calendar: export their bookmarks, write the .ics, remember it.

The one path both the command line and the TUI take, so the export memory (which makes a
re-export update events instead of duplicating them) is kept the same way whoever exports. Each
calendar file has its own memory, beside it; a calendar printed to stdout is a preview and
changes no memory. A calendar with no event at all is refused (nothing is written). The
bookmarks are read against the program (planner.bookmark_store.read_program_bookmarks), as every
other view of them is, so a bookmark whose id changed is exported under its new one; what that
reading found (moved, unknown, stale slots) is the caller's to tell.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime, tzinfo
from pathlib import Path

from planner.bookmarks.matching import MatchedBookmarks
from planner.bookmarks.store import read_program_bookmarks
from planner.errors import ExportError
from planner.exporters.export_memory import WrittenEvent, dump_memory, legacy_memory_path, memory_path, read_memory
from planner.exporters.ics import CalendarExport, export_calendar
from planner.files import write_atomically
from planner.program.model import Program


def write_personal_calendar(
    program: Program,
    bookmark_file: Path,
    output: Path | None,
    *,
    clock: Callable[[], datetime],
    where: tzinfo,
    utc: bool = False,
    alarm_minutes: int | None = None,
    per_session: bool = False,
    bookmarks: MatchedBookmarks | None = None,
    preview_of: Path | None = None,
) -> CalendarExport:
    """Export the bookmarks in `bookmark_file` to `output` (None: the caller prints `.ics` itself).

    `bookmarks` are the file's bookmarks when the caller has read them already (and told the
    person what the reading found); else the file is read here. What was exported is remembered
    beside `output`. With no `output`, the calendar is versioned against the memory of
    `preview_of` (the file an export would write), which is left as it is.
    """
    conference_id = program.conference.id
    if bookmarks is None:
        bookmarks = read_program_bookmarks(bookmark_file, program)
    target = output if output is not None else preview_of
    remembered_at = memory_path(target) if target is not None else None
    exported = export_calendar(
        program,
        bookmarks.bookmarks,
        clock=clock,
        where=where,
        utc=utc,
        alarm_minutes=alarm_minutes,
        per_session=per_session,
        previous=target_memory(remembered_at, bookmark_file, conference_id),
    )
    if exported.empty:
        raise ExportError(exported.why_empty(str(bookmark_file)))
    if output is None or remembered_at is None:
        return exported
    try:
        write_atomically(output, exported.ics)
        _readable_like_any_new_file(output)
    except OSError as err:
        raise ExportError(f"cannot write the calendar: {err.strerror or err}", file=str(output)) from err
    # Remembered only once the calendar is out: a failed write must not bump SEQUENCE for nothing.
    try:
        write_atomically(remembered_at, dump_memory(conference_id, exported.memory))
    except OSError as err:
        raise ExportError(
            f"wrote the calendar but cannot remember it for the next export: {err.strerror or err}", file=str(remembered_at)
        ) from err
    return exported


def target_memory(remembered_at: Path | None, bookmark_file: Path, conference_id: str) -> dict[str, WrittenEvent]:
    """What exports to one target wrote: its own memory, else (a target never written by this
    planner) the one an older planner kept beside the bookmark file for every export."""
    if remembered_at is not None and remembered_at.exists():
        return read_memory(remembered_at, conference_id)
    return read_memory(legacy_memory_path(bookmark_file), conference_id)


def _readable_like_any_new_file(path: Path) -> None:
    # The temporary file behind an atomic write is private (0600); a calendar is often served to
    # a calendar program from a web folder, so it gets the permissions the umask gives new files.
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(path, 0o666 & ~umask)
