"""Provides the options every command accepts, and turning them into a program and a display zone."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from planner.errors import NotFoundError, TimeFormatError

if TYPE_CHECKING:
    from planner.importers.base import ImportOptions, Note
    from planner.program.model import Program


def add_global_options(parser: argparse.ArgumentParser, *, suppress: bool = True) -> None:
    """--program, --bookmarks and --tz, accepted before or after the command name.

    On subcommands the defaults are suppressed, so `planner --tz UTC list` is not undone by the
    subcommand's own default.
    """
    default = argparse.SUPPRESS if suppress else None
    group = parser.add_argument_group("global options")
    group.add_argument(
        "--program",
        metavar="P",
        default=default,
        help="a shipped program id (e.g. neurips-2018), or a program file or raw source",
    )
    group.add_argument(
        "--bookmarks",
        metavar="FILE",
        default=default,
        help="your bookmark file (default: one per conference in your data folder)",
    )
    group.add_argument(
        "--tz",
        metavar="ZONE",
        default=default,
        help="show times in ZONE (an IANA name, or 'local'); default: the conference's zone",
    )
    raw = parser.add_argument_group("reading a raw source (a feed, page or paper list given as --program or to import)")
    raw.add_argument("--format", default=default, metavar="NAME", help="the source format (default: detected)")
    raw.add_argument("--timezone", default=default, help="the conference's IANA zone (the venue's), for times without one")
    raw.add_argument("--conference", default=default, metavar="ID", help="the conference id, e.g. neurips-2018")
    raw.add_argument("--year", default=default, type=int, help="the year, for pages that print dates without one")
    raw.add_argument(
        "--strict", default=default, action="store_true", help="refuse a source over one broken event instead of skipping it"
    )
    raw.add_argument(
        "--max-size", default=default, type=_size, metavar="BYTES", help="the largest source read (default 200 MB; 300M, 1G)"
    )


def _size(text: str) -> int:
    """A size in bytes, with an optional K, M or G (powers of 1024)."""
    units = {"k": 1 << 10, "m": 1 << 20, "g": 1 << 30}
    number, unit = (text[:-1], units[text[-1].lower()]) if text and text[-1].lower() in units else (text, 1)
    try:
        size = int(float(number) * unit)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size (e.g. 300000000, 300M, 1G)") from None
    if size <= 0:
        raise argparse.ArgumentTypeError("the size must be more than 0")
    return size


def raw_options(args: argparse.Namespace, *, label: str | None = None) -> tuple[ImportOptions, str | None]:
    """The ImportOptions the raw-source options give, and the --format named (None: detect)."""
    from planner.importers import FORMATS  # the names alone: the importers load only to read a raw source
    from planner.importers.base import MAX_SOURCE_BYTES, ImportOptions
    from planner.program.times import is_zone_name

    format_name = getattr(args, "format", None)
    if format_name and format_name not in FORMATS:
        raise NotFoundError(f"no format {format_name!r} for --format (known: {', '.join(sorted(FORMATS))})")
    timezone = getattr(args, "timezone", None)
    if timezone and not is_zone_name(timezone):
        # A wrong zone name is a typo on the command line, found before any source is read.
        raise NotFoundError(f"unknown time zone {timezone!r} for --timezone")
    options = ImportOptions(
        conference=getattr(args, "conference", None),
        label=label,
        year=getattr(args, "year", None),
        timezone=timezone,
        strict=bool(getattr(args, "strict", False)),
        max_size=getattr(args, "max_size", None) or MAX_SOURCE_BYTES,
    )
    return options, format_name


def add_json_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON only, for scripts")


def command(commands: argparse._SubParsersAction, name: str, **kwargs) -> argparse.ArgumentParser:
    """A subcommand parser that accepts the global options too."""
    parser = commands.add_parser(name, **kwargs)
    add_global_options(parser)
    return parser


def program_spec(args: argparse.Namespace) -> str:
    """Which program a command works on: --program, else the one last opened, else the only one shipped."""
    from planner.importing.catalog import shipped_ids
    from planner.settings import last_program

    if args.program:
        return args.program
    remembered = last_program()
    if remembered:
        return remembered
    shipped = shipped_ids()
    if len(shipped) == 1:
        return shipped[0]
    raise NotFoundError(f"several programs ship ({', '.join(shipped)}): choose one with --program ID")


def load(args: argparse.Namespace) -> Program:
    from planner.importing.catalog import open_program
    from planner.program.ids import slug

    spec = program_spec(args)
    options, format_name = raw_options(args, label=slug(Path(spec).stem, max_length=40))
    notes: list[Note] = []
    program = open_program(spec, options=options, format_name=format_name, notes=notes)
    tell_skipped(notes)
    return program


def tell_skipped(notes: Sequence[Note]) -> None:
    """What reading a raw source on the fly left out, on stderr (stdout stays the command's own, for --json)."""
    for note in notes:
        if note.skipped:
            print(note, file=sys.stderr)


def display_zone(args: argparse.Namespace, program: Program) -> tzinfo:
    return reader_zone(args.tz) if args.tz else program.conference.zone


def reader_zone(name: str) -> tzinfo:
    """The zone --tz names: an IANA name, or 'local' for this machine's."""
    from planner.program.times import local_zone, zone

    if name.lower() == "local":
        return local_zone()
    try:
        return zone(name)
    except TimeFormatError as err:
        raise NotFoundError(err.message) from None


def bookmarks_path(args: argparse.Namespace, program: Program) -> Path:
    """The bookmark file a command reads and writes: --bookmarks, else the conference's default."""
    return conference_bookmarks_path(args, program.conference.id)


def conference_bookmarks_path(args: argparse.Namespace, conference_id: str) -> Path:
    """`bookmarks_path` for a conference known by its id (the TUI's picker opens one later)."""
    from planner.paths import default_bookmark_path

    if getattr(args, "bookmarks", None):
        return Path(args.bookmarks)
    return default_bookmark_path(conference_id)
