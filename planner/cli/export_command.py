"""Provides `planner export`: the personal calendar (.ics) of a bookmark file."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from planner.cli.context import add_json_option, bookmarks_path, command, display_zone, load
from planner.plurals import plural
from planner.wording.text import one_line

if TYPE_CHECKING:
    from planner.exporters.entries import LeftOut


def register(commands: argparse._SubParsersAction) -> None:
    export = command(commands, "export", help="your bookmarks as a calendar file (.ics)")
    export.add_argument(
        "-o", "--output", metavar="FILE", help="where to write it; '-' for stdout (default: <conference>.ics here)"
    )
    export.add_argument("--utc", action="store_true", help="write times in UTC instead of the display zone")
    export.add_argument("--alarm", metavar="MIN", type=_minutes, help="a reminder MIN minutes before each event")
    export.add_argument("--per-session", action="store_true", help="one event per poster session, listing your posters in it")
    export.add_argument(
        "--check",
        metavar="FILE",
        help="write nothing: read an exported (or hand-edited) calendar and say what a calendar app will do with each event",
    )
    add_json_option(export)
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
    from planner.cli.my_bookmarks import my_bookmarks
    from planner.exporters.calendar_file import write_personal_calendar

    program = load(args)
    conference_id = program.conference.id
    bookmark_file = bookmarks_path(args, program)
    if args.check:
        return _check(program, bookmark_file, Path(args.check), args.json)
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
        # A preview on stdout is versioned as an export to the default file would be, and changes no memory.
        preview_of=Path(f"{conference_id}.ics") if output == "-" else None,
    )
    if output == "-":
        sys.stdout.buffer.write(exported.ics)
        sys.stdout.flush()
    for note in exported.notes:
        print(f"planner: {one_line(note)}", file=sys.stderr)
    where_to = "stdout" if output == "-" else output
    print(f"wrote {where_to}: {exported.summary}", file=sys.stderr)
    if output == "-":
        print("planner: a preview: no export memory changed", file=sys.stderr)
    _report_left_out(exported.left_out)
    return 0


def _check(program, bookmark_file: Path, calendar: Path, as_json: bool) -> int:
    import json

    from planner.exporters.calendar_check import IGNORED, check_calendar
    from planner.exporters.calendar_file import target_memory
    from planner.exporters.export_memory import memory_path

    remembered_at = memory_path(calendar)
    checked = check_calendar(calendar, target_memory(remembered_at, bookmark_file, program.conference.id))
    ignored = sum(1 for item in checked if item.verdict == IGNORED)
    if as_json:
        rows = [{"uid": item.uid, "summary": item.summary, "verdict": item.verdict, "reason": item.reason} for item in checked]
        print(json.dumps({"file": str(calendar), "events": rows}, ensure_ascii=False, indent=2))
    else:
        for item in checked:
            print(f"{item.verdict:<9}  {one_line(item.summary)[:50]:<50}  {item.reason}")
        counts: dict[str, int] = {}
        for item in checked:
            counts[item.verdict] = counts.get(item.verdict, 0) + 1
        told = ", ".join(f"{number} {verdict}" for verdict, number in sorted(counts.items()))
        against = remembered_at if remembered_at.exists() else "no memory (never exported there)"
        print(f"{calendar}: {plural(len(checked), 'event')}: {told} (against {against})", file=sys.stderr)
    if ignored:
        print(f"planner: a calendar app will ignore {plural(ignored, 'event')} of {calendar}", file=sys.stderr)
        return 1
    return 0


def _report_left_out(left_out: list[LeftOut]) -> None:
    if not left_out:
        return
    count = len(left_out)
    print(f"left out {plural(count, 'bookmark')}:", file=sys.stderr)
    for item in left_out:
        print(f"  {item.id}  {one_line(item.title)[:60]}: {item.reason}", file=sys.stderr)
