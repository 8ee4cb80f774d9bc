"""Provides `planner export`: the personal calendar (.ics) of a bookmark file."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from planner.bookmark_store import read_bookmarks
from planner.cli.context import bookmarks_path, command, display_zone, load
from planner.cli.output import one_line
from planner.errors import ExportError
from planner.exporters.entries import LeftOut
from planner.exporters.export_memory import dump_memory, memory_path, read_memory
from planner.exporters.ics import export_calendar
from planner.files import write_atomically


def register(commands: argparse._SubParsersAction) -> None:
    export = command(commands, "export", help="your bookmarks as a calendar file (.ics)")
    export.add_argument("-o", "--output", metavar="FILE", help="where to write it; '-' for stdout (default: <conference>.ics here)")
    export.add_argument("--utc", action="store_true", help="write times in UTC instead of the display zone")
    export.add_argument("--alarm", metavar="MIN", type=_minutes, help="a reminder MIN minutes before each event")
    export.add_argument("--per-session", action="store_true", help="one event per poster session, listing your posters in it")
    export.set_defaults(handler=export_command)


def _minutes(text: str) -> int:
    try:
        minutes = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of minutes") from None
    if not 0 <= minutes <= 7 * 24 * 60:
        raise argparse.ArgumentTypeError(f"{minutes} minutes: give 0 to 10080 (a week)")
    return minutes


def export_command(args: argparse.Namespace, *, clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> int:
    program = load(args)
    where = display_zone(args, program)
    conference_id = program.conference.id
    bookmark_file = bookmarks_path(args, program)
    bookmarks = read_bookmarks(bookmark_file, conference_id)
    remembered_at = memory_path(bookmark_file)
    exported = export_calendar(
        program,
        bookmarks,
        clock=clock,
        where=where,
        utc=args.utc,
        alarm_minutes=args.alarm,
        per_session=args.per_session,
        previous=read_memory(remembered_at, conference_id),
    )
    output = args.output or f"{conference_id}.ics"
    if output == "-":
        sys.stdout.buffer.write(exported.ics)
        sys.stdout.flush()
    else:
        try:
            write_atomically(Path(output), exported.ics)
            _readable_like_any_new_file(Path(output))
        except OSError as err:
            raise ExportError(f"cannot write the calendar: {err.strerror or err}", file=output) from err
    # Remembered only once the calendar is out: a failed write must not bump SEQUENCE for nothing.
    try:
        write_atomically(remembered_at, dump_memory(conference_id, exported.memory))
    except OSError as err:
        raise ExportError(f"wrote the calendar but cannot remember it for the next export: {err.strerror or err}", file=str(remembered_at)) from err

    for note in exported.notes:
        print(f"planner: {one_line(note)}", file=sys.stderr)
    where_to = "stdout" if output == "-" else output
    parts = [f"{exported.events} event{'s' if exported.events != 1 else ''}", f"{exported.changed} new or changed"]
    if exported.cancelled:
        parts.append(f"{exported.cancelled} cancelled (bookmark removed)")
    print(f"wrote {where_to}: {', '.join(parts)}", file=sys.stderr)
    if not bookmarks.bookmarks:
        print(f"planner: no bookmarks in {bookmark_file}", file=sys.stderr)
    _report_left_out(exported.left_out)
    return 0


def _readable_like_any_new_file(path: Path) -> None:
    # The temporary file behind an atomic write is private (0600); a calendar is often served to
    # a calendar program from a web folder, so it gets the permissions the umask gives new files.
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(path, 0o666 & ~umask)


def _report_left_out(left_out: list[LeftOut]) -> None:
    if not left_out:
        return
    count = len(left_out)
    print(f"left out {count} bookmark{'s' if count != 1 else ''}:", file=sys.stderr)
    for item in left_out:
        print(f"  {item.id}  {one_line(item.title)[:60]}: {item.reason}", file=sys.stderr)
