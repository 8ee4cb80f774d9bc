"""Provides the options every command accepts, and turning them into a program and a display zone."""

from __future__ import annotations

import argparse
from datetime import tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from planner.errors import NotFoundError, TimeFormatError

if TYPE_CHECKING:
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
    from planner.state import last_program

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

    return open_program(program_spec(args))


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
