"""Provides the commands for the day itself: `now` (running and next, mine first), `route` (my way
through a poster session) and `remind` (how long before a bookmarked slot the TUI says so).

The clock is `--at WHEN`, else `PLANNER_NOW` (planner.program.clock), else the computer's.
"""

from __future__ import annotations

import argparse
import sys

from planner.cli.context import add_json_option, command


def register(commands: argparse._SubParsersAction) -> None:
    now = command(commands, "now", help="what is running now and what starts next, your bookmarks first")
    now.add_argument(
        "--at", metavar="WHEN",
        help="ask about another moment: '2020-04-29 10:55' (the conference's zone) or ISO 8601 with an offset",
    )  # fmt: skip
    add_json_option(now)
    now.set_defaults(handler=now_command)

    route = command(commands, "route", help="my bookmarked posters of a poster session in board order, with minutes each")
    route.add_argument("session", metavar="SESSION", help="the session's id, or part of its title")
    route.add_argument(
        "--walk-seconds", metavar="N", type=_seconds, default=None,
        help="seconds to walk from one board to the next (default: your setting, else 60)",
    )  # fmt: skip
    # Not --format: every command takes that for a raw source's format.
    route.add_argument("--markdown", action="store_true", help="print Markdown (a heading and a table) instead of plain text")
    add_json_option(route)
    route.set_defaults(handler=route_command)

    remind = command(commands, "remind", help="show or set how many minutes before a bookmarked slot the TUI reminds you")
    remind.add_argument("minutes", metavar="MINUTES|off", nargs="?", type=_reminder, help="minutes before (0–1440), or off")
    remind.set_defaults(handler=remind_command)


def _seconds(text: str) -> int:
    if not text.isdigit() or int(text) > 3600:
        raise argparse.ArgumentTypeError(f"not a number of seconds from 0 to 3600: {text!r}")
    return int(text)


def _reminder(text: str) -> int | str:
    if text.lower() == "off":
        return "off"
    if not text.isdigit() or int(text) > 1440:
        raise argparse.ArgumentTypeError(f"not a number of minutes from 0 to 1440, or off: {text!r}")
    return int(text)


def clock_for(at: str | None, zone_name: str):
    """The clock a command reads: stopped at `at` (--at), else started at PLANNER_NOW, else the computer's.

    A time that cannot be read is misuse (exit 2), named by where it was given.
    """
    from planner.errors import NotFoundError, TimeFormatError
    from planner.program.clock import NOW_VARIABLE, clock_from_environment, fixed_clock, parse_moment

    try:
        if at:
            return fixed_clock(parse_moment(at, zone_name))
        return clock_from_environment(zone_name)
    except TimeFormatError as err:
        where = "--at" if at else NOW_VARIABLE
        raise NotFoundError(f"{where}: {err.message}") from None


def now_command(args: argparse.Namespace) -> int:
    from planner.cli.context import display_zone, load
    from planner.cli.my_bookmarks import my_bookmarks
    from planner.cli.output import print_json
    from planner.schedule.now import ProgramClock, now_and_next

    program = load(args)
    at = clock_for(args.at, program.conference.timezone)()
    where = display_zone(args, program)
    bookmarks = my_bookmarks(args, program).bookmarks
    answer = now_and_next(ProgramClock.of(program), bookmarks, at)
    if args.json:
        print_json(_now_json(program, answer, where))
    else:
        print("\n".join(_now_text(program, answer, where)))
    return 0


def _now_text(program, answer, where) -> list[str]:
    from planner.schedule.now import Phase
    from planner.wording.on_the_day import happening_line, moment_text, next_line
    from planner.wording.text import one_line

    lines = [f"{one_line(program.conference.name)} · {moment_text(answer.at, where)}", next_line(answer, where)]
    if answer.phase is not Phase.DURING:
        if answer.phase is Phase.AFTER and answer.last_end is not None:
            lines.append(f"It ended {moment_text(answer.last_end, where)}.")
        return lines

    def block(title: str, happenings, *, running: bool) -> None:
        if not happenings:
            return
        lines.append("")
        lines.append(title)
        for happening in happenings:
            clash = "  ⚠ clash" if answer.in_clash(happening) else ""
            marker = "★ " if happening.mine else "  "
            lines.append(f"  {marker}{happening_line(happening, answer.at, where, running=running)}{clash}")

    has_mine = answer.my_running or answer.my_next or answer.my_later
    if not has_mine:
        lines.append("")
        lines.append("No bookmarks running or still to come (planner bookmark add ID bookmarks one).")
    block("Mine now", answer.my_running, running=True)
    block("Mine next", answer.my_next, running=False)
    block("Mine later that day", answer.my_later, running=False)
    if answer.clashes:
        lines.append("")
        for first, second in answer.clashes:
            lines.append(f"⚠ Clash: {one_line(first.title)} and {one_line(second.title)} run at the same time")
    block("Everything now", answer.running, running=True)
    block("Everything next", answer.next, running=False)
    if answer.unscheduled:
        lines.append("")
        lines.append(f"{answer.unscheduled} of your bookmarks have no time yet.")
    return lines


def _now_json(program, answer, where) -> dict:
    from planner.cli.output import span_json
    from planner.program.times import utc_iso

    def item(happening) -> dict:
        document = {
            "title": happening.title,
            "mine": happening.mine,
            "session": happening.session.id,
            "session_title": happening.session.title,
            "kind": (happening.presentation or happening.session).kind.value,
            "room": happening.room,
            "board": happening.board,
            **span_json(happening.span, where),
            "minutes_until": happening.minutes_until(answer.at),
            "minutes_left": happening.minutes_left(answer.at),
            "clash": answer.in_clash(happening),
        }
        if happening.presentation is not None:
            document["id"] = happening.presentation.id
        return document

    starts_in = answer.starts_in
    return {
        "conference": program.conference.id,
        "at": utc_iso(answer.at),
        "phase": answer.phase.value,
        "first_start": utc_iso(answer.first_start) if answer.first_start else None,
        "last_end": utc_iso(answer.last_end) if answer.last_end else None,
        "starts_in_minutes": int(-(-starts_in.total_seconds() // 60)) if starts_in is not None else None,
        "mine": {
            "running": [item(happening) for happening in answer.my_running],
            "next": [item(happening) for happening in answer.my_next],
            "later": [item(happening) for happening in answer.my_later],
        },
        "running": [item(happening) for happening in answer.running],
        "next": [item(happening) for happening in answer.next],
        "clashes": [[item(first), item(second)] for first, second in answer.clashes],
        "unscheduled": answer.unscheduled,
    }


def route_command(args: argparse.Namespace) -> int:
    from datetime import timedelta

    from planner.cli.context import display_zone, load
    from planner.cli.my_bookmarks import my_bookmarks
    from planner.cli.output import print_json
    from planner.program.times import utc_iso
    from planner.schedule.route import find_session, poster_route
    from planner.settings import board_walk_seconds
    from planner.wording.on_the_day import route_lines

    program = load(args)
    where = display_zone(args, program)
    session = find_session(program, args.session)
    walk = timedelta(seconds=args.walk_seconds if args.walk_seconds is not None else board_walk_seconds())
    route = poster_route(program, my_bookmarks(args, program).bookmarks, session, walk=walk)
    if args.json:
        print_json(
            {
                "session": session.id,
                "session_title": session.title,
                "room": session.room,
                "start": utc_iso(route.span.start),
                "end": utc_iso(route.span.end),
                "walk_seconds": int(walk.total_seconds()),
                "seconds_each": int(route.each.total_seconds()),
                "stops": [
                    {
                        "id": stop.presentation.id,
                        "title": stop.presentation.title,
                        "board": stop.board,
                        "start": utc_iso(stop.span.start),
                        "end": utc_iso(stop.span.end),
                        "local_start": stop.span.start.astimezone(where).isoformat(),
                    }
                    for stop in route.stops
                ],
            }
        )
        return 0
    lines = route_lines(route, where)
    if args.markdown:
        lines = _markdown(route, where, lines)
    print("\n".join(lines))
    if not route.stops:
        print(f"note: bookmark posters of {session.id} first (planner list --session {session.id})", file=sys.stderr)
    return 0


def _markdown(route, where, lines: list[str]) -> list[str]:
    from planner.wording.on_the_day import clock_text

    def cell(text: str) -> str:
        return " ".join(text.split()).replace("|", "\\|")

    heading = [f"# {cell(lines[0])}", ""]
    if not route.stops:
        return [*heading, lines[1]]
    table = ["| # | time | board | poster |", "|---|---|---|---|"]
    for number, stop in enumerate(route.stops, 1):
        time = f"{clock_text(stop.span.start, where)}–{clock_text(stop.span.end, where)}"
        table.append(f"| {number} | {time} | {cell(stop.board or '–')} | {cell(stop.presentation.title)} |")
    return [*heading, *(f"{line}  " for line in lines[1 : len(lines) - len(route.stops)]), "", *table]


def remind_command(args: argparse.Namespace) -> int:
    from planner.settings import reminder_minutes, set_reminder_minutes

    if args.minutes is not None:
        set_reminder_minutes(None if args.minutes == "off" else args.minutes)
    minutes = reminder_minutes()
    print("Reminders are off." if minutes is None else f"The TUI reminds you {minutes} min before each bookmarked slot.")
    return 0
