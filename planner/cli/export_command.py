"""Provides `planner export`: the personal calendar (.ics) of a bookmark file."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from planner.cli.context import bookmarks_path, command, display_zone, load
from planner.cli.my_bookmarks import my_bookmarks
from planner.exporters.entries import LeftOut
from planner.wording.plurals import plural
from planner.wording.text import one_line


def register(commands: argparse._SubParsersAction) -> None:
    export = command(commands, "export", help="your bookmarks as a calendar file (.ics)")
    export.add_argument(
        "-o", "--output", metavar="FILE", help="where to write it; '-' for stdout (default: <conference>.ics here)"
    )
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
    # Loaded here, not at the top: it brings icalendar, which no other command needs at start-up.
    from planner.exporters.calendar_file import write_personal_calendar

    program = load(args)
    conference_id = program.conference.id
    bookmark_file = bookmarks_path(args, program)
    output = args.output or f"{conference_id}.ics"
    exported = write_personal_calendar(
        program,
        bookmark_file,
        None if output == "-" else Path(output),
        bookmarks=my_bookmarks(args, program),
        clock=clock,
        where=display_zone(args, program),
        utc=args.utc,
        alarm_minutes=args.alarm,
        per_session=args.per_session,
    )
    if output == "-":
        sys.stdout.buffer.write(exported.ics)
        sys.stdout.flush()
    for note in exported.notes:
        print(f"planner: {one_line(note)}", file=sys.stderr)
    where_to = "stdout" if output == "-" else output
    print(f"wrote {where_to}: {exported.summary}", file=sys.stderr)
    if exported.events == 0 and not exported.left_out:
        print(f"planner: no bookmarks in {bookmark_file}", file=sys.stderr)
    _report_left_out(exported.left_out)
    return 0


def _report_left_out(left_out: list[LeftOut]) -> None:
    if not left_out:
        return
    count = len(left_out)
    print(f"left out {plural(count, 'bookmark')}:", file=sys.stderr)
    for item in left_out:
        print(f"  {item.id}  {one_line(item.title)[:60]}: {item.reason}", file=sys.stderr)
