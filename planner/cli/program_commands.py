"""Provides the program commands: `programs`, `list`, `show` and `import`."""

from __future__ import annotations

import argparse
import sys
from datetime import date, tzinfo
from typing import TYPE_CHECKING, Any

from planner.cli.context import add_json_option, command, display_zone, load, raw_options
from planner.plurals import plural
from planner.wording.text import clip, literal, one_line

if TYPE_CHECKING:
    from planner.program.model import Presentation, Program
    from planner.search.finding import Filter, Match


def register(commands: argparse._SubParsersAction) -> None:
    programs = command(commands, "programs", help="the shipped and followed programs, with counts, dates and age")
    add_json_option(programs)
    programs.set_defaults(handler=programs_command)

    listing = command(commands, "list", help="presentations as a table, by day")
    listing.add_argument("--day", help="a date (2018-12-04), a weekday (tue) or a day number (1)")
    listing.add_argument("--kind", action="append", default=[], help="oral, spotlight, poster, … (repeat or comma-separate)")
    listing.add_argument("--session", help="a session id or title")
    listing.add_argument(
        "--search",
        metavar="Q",
        help="words that must each begin a word of the title, authors, keywords or abstract; best match first, as the TUI's / finds them",
    )
    listing.add_argument("--bookmarked", action="store_true", help="only what you have bookmarked")
    add_json_option(listing)
    listing.set_defaults(handler=list_command)

    show = command(commands, "show", help="one presentation with all its slots")
    show.add_argument("id", help="a presentation id (or a unique prefix or piece of its title)")
    add_json_option(show)
    show.set_defaults(handler=show_command)

    importing = command(commands, "import", help="read raw sources into one normalised program")
    importing.add_argument(
        "sources",
        nargs="+",
        metavar="SOURCE",
        help="a page, paper list, feed or MiniConf folder, or a URL of one; several are merged",
    )
    importing.add_argument("-o", "--output", metavar="OUT", help="write the program here (default: stdout)")
    importing.add_argument(
        "--timing", metavar="FILE", help="a timing table (TOML): session times and conference facts the sources lack"
    )
    importing.add_argument("--json", action="store_true", help="print what each source gave as JSON (the program goes to -o OUT)")
    importing.set_defaults(handler=import_command)


def programs_command(args: argparse.Namespace) -> int:
    from planner.cli.output import print_json
    from planner.importing.catalog import shipped_programs
    from planner.program.program_file import load_program

    rows: list[dict[str, Any]] = [_program_row(shipped.id, load_program(shipped.path)) for shipped in shipped_programs()]
    rows += _followed_rows()
    if args.json:
        print_json(rows)
        return 0
    if not rows:
        print("No programs ship with this installation, and none is followed.")
        return 0
    print(f"{'id':<16} {'name':<22} {'days':<23} {'zone':<20} {'talks':>6} {'timed':>6}")
    for row in rows:
        span = f"{row['first_day']} – {row['last_day']}" if row["first_day"] else "no times yet"
        print(
            f"{row['id']:<16} {clip(one_line(row['name']), 22):<22} {span:<23} {row['timezone']:<20} "
            f"{row['presentations']:>6} {row['scheduled']:>6}"
        )
    followed = [row for row in rows if "url" in row]
    if followed:
        print("\nFollowed")
        for row in followed:
            failed = f"; the last update failed: {row['failed']}" if row["failed"] else ""
            print(f"  {row['id']:<16} fetched {row['age']} from {row['url']}{failed}")
    return 0


def _followed_rows() -> list[dict]:
    """The followed programs, as `programs` lists them: counts from the version kept, and its age."""
    from datetime import UTC, datetime

    from planner.errors import PlannerError
    from planner.following.followed import age, followed_programs

    now = datetime.now(UTC)
    rows = []
    for followed in followed_programs():
        try:
            program = followed.program()
        except PlannerError:
            continue
        rows.append(
            _program_row(followed.id, program)
            | {
                "url": followed.url,
                "fetched": followed.fetched.isoformat(),
                "age": age(followed.fetched, now),
                "failed": followed.failed,
            }
        )
    return rows


def _program_row(program_id: str, program: Program) -> dict[str, Any]:
    """One program as `programs` lists it: its name, zone, days and counts."""
    from planner.search.finding import conference_days

    days = conference_days(program)
    return {
        "id": program_id,
        "name": program.conference.name,
        "timezone": program.conference.timezone,
        "first_day": days[0].isoformat() if days else None,
        "last_day": days[-1].isoformat() if days else None,
        "presentations": len(program.presentations),
        "scheduled": sum(1 for presentation in program.presentations if program.is_scheduled(presentation)),
        "sessions": len(program.sessions),
    }


def _filter(args: argparse.Namespace, program: Program) -> Filter:
    from planner.search.finding import Filter, find_session, kinds_from, parse_day

    ids = None
    if args.bookmarked:
        from planner.cli.my_bookmarks import my_bookmarks  # the bookmark store, only when asked

        ids = my_bookmarks(args, program).bookmarks.ids
    return Filter(
        day=parse_day(program, args.day) if args.day else None,
        kinds=kinds_from(args.kind),
        session=find_session(program, args.session).id if args.session else None,
        text=args.search,
        ids=ids,
    )


def list_command(args: argparse.Namespace) -> int:
    from planner.cli.output import presentation_json, print_json
    from planner.search.finding import select

    program = load(args)
    where = display_zone(args, program)
    matches = select(program, _filter(args, program))
    if args.json:
        print_json([presentation_json(program, match.presentation, match.slots, where) for match in matches])
        return 0
    _print_agenda(program, matches, where, ranked=bool(args.search and args.search.strip()))
    return 0


def _print_agenda(program: Program, matches: list[Match], where: tzinfo, *, ranked: bool = False) -> None:
    """One line per slot, grouped under conference-day headings; unscheduled papers last.

    `ranked` (a search's answer, best first): one line per paper at its first slot, in that order.
    """
    from planner.cli.output import terminal_width
    from planner.program.times import format_range, zone_label

    rows: list[tuple[date | None, float, str, Presentation]] = []
    first_start = None
    for match in matches:
        timed = [span for span in map(program.when, match.slots) if span]
        if ranked:
            timed = sorted(timed, key=lambda span: span.start)[:1]
        if not timed:
            rows.append((None, 0.0, "no time yet", match.presentation))
        for span in timed:
            first_start = first_start or span.start
            day = program.conference.day_of(span.start)
            clock = format_range(span, where, with_date=False).rsplit(" ", 1)[0]
            local = span.start.astimezone(where)
            if ranked or local.date() != day:
                # Grouped by conference day, but read in another zone: say the reader's own date.
                clock = f"{local:%a} {local.day} {local:%b} {clock}"
            rows.append((day, span.start.timestamp(), clock, match.presentation))
    if not rows:
        print("Nothing matches.")
        return
    if not ranked:
        rows.sort(key=lambda row: (row[0] is None, row[0] or date.min, row[1]))
    id_width = min(48, max(len(row[3].id) for row in rows))
    clock_width = max(len(row[2]) for row in rows) + 2
    title_width = max(20, terminal_width() - 2 - clock_width - 11 - id_width - 2)
    heading = None
    for on_day, _, clock, presentation in rows:
        title = "Best match first" if ranked else f"{on_day:%a} {on_day.day} {on_day:%b %Y}" if on_day else "Not scheduled yet"
        if title != heading:
            print(f"\n{title}" if heading else title)
            heading = title
        text = clip(one_line(presentation.title), title_width)
        print(f"  {clock:<{clock_width}}{presentation.kind.value:<11}{text:<{title_width}}  {presentation.id}")
    count = len(matches)
    footer = f"\n{plural(count, 'presentation')}"
    if first_start is not None:
        label, key = zone_label(first_start, where), getattr(where, "key", "local")
        grouped = "" if ranked else ", grouped by conference day"
        footer += f"; times in {label}{'' if label == key else f' ({key})'}{grouped}"
    print(footer)


def show_command(args: argparse.Namespace) -> int:
    import textwrap

    from planner.cli.output import presentation_json, print_json, terminal_width
    from planner.program.times import format_range
    from planner.search.finding import find_presentation

    program = load(args)
    where = display_zone(args, program)
    presentation = find_presentation(program, args.id)
    if args.json:
        print_json(presentation_json(program, presentation, presentation.slots, where, full=True))
        return 0
    width = min(terminal_width(), 100)
    print(literal(presentation.title))
    if presentation.subtitle:
        print(literal(presentation.subtitle))
    label = f" ({one_line(presentation.kind_label)})" if presentation.kind_label else ""
    print(f"{presentation.kind.value}{label} · {presentation.id}")
    if presentation.authors:
        print(textwrap.fill(one_line(", ".join(presentation.authors)), width))
    print("\nWhen")
    if not presentation.slots:
        print("  no time yet: the program does not schedule it")
    # Numbered: `planner bookmark add ID --slot N` takes these numbers.
    for number, slot in enumerate(presentation.slots, start=1):
        session = program.sessions_by_id[slot.session]
        span = program.when(slot)
        when = format_range(span, where) if span else "no time yet"
        place = f", {one_line(session.room)}" if session.room else ""
        print(f"  {number}. {when}  {one_line(session.title)}{place}")
    links = list(presentation.links.items())
    if links:
        print("\nLinks")
        for name, url in links:
            print(f"  {name:<11}{one_line(url)}")
    if presentation.keywords:
        print(
            "\nKeywords\n"
            + textwrap.fill(one_line(", ".join(presentation.keywords)), width, initial_indent="  ", subsequent_indent="  ")
        )
    if presentation.abstract:
        print("\nAbstract")
        for paragraph in presentation.abstract.split("\n\n"):
            lines = paragraph.split("\n")
            # A list (an abstract that was HTML) keeps an item to a line; prose is refilled.
            items = lines if any(line.lstrip().startswith("• ") for line in lines) else [paragraph]
            for item in items:
                indent = "    " if item.lstrip().startswith("• ") else "  "
                print(textwrap.fill(one_line(item), width, initial_indent="  ", subsequent_indent=indent))
    return 0


def import_command(args: argparse.Namespace) -> int:
    from planner.cli.output import print_json
    from planner.importing.sources import import_sources
    from planner.program.program_file import dump_program, save_program

    options, format_name = raw_options(args)
    if args.json and not (args.output and args.output != "-"):
        print("planner import: --json prints the summary on stdout, so the program needs -o OUT", file=sys.stderr)
        return 2
    from planner.following.reading import read_path_or_url

    imported = import_sources(args.sources, options, format_name=format_name, timing=args.timing, reader=read_path_or_url)
    if args.output and args.output != "-":
        save_program(imported.program, args.output)
    else:
        sys.stdout.write(dump_program(imported.program))
    program = imported.program
    if args.json:
        print_json(
            {
                "output": args.output,
                "presentations": len(program.presentations),
                "sessions": len(program.sessions),
                "sources": [summary.as_json() for summary in imported.summaries],
                "notes": [
                    {"file": note.file, "line": note.line, "message": note.message, "skipped": note.skipped}
                    for note in imported.notes
                ],
            }
        )
        return 0
    for note in imported.notes:
        print(f"{note}", file=sys.stderr)
    # Last, after the notes: one line per source says what came of it.
    for summary in imported.summaries:
        print(summary, file=sys.stderr)
    if args.output and args.output != "-":
        print(
            f"wrote {args.output}: {plural(len(program.presentations), 'presentation')} in {plural(len(program.sessions), 'session')}",
            file=sys.stderr,
        )
    return 0
