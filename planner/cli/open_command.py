"""Provides `planner open [P]`, and `planner` on its own: the TUI on a program, or a picker of the shipped ones."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from planner.cli.context import command, conference_bookmarks_path, raw_options, reader_zone, tell_skipped
from planner.errors import NotFoundError

if TYPE_CHECKING:
    from planner.importers.base import Note
    from planner.tui.app import PlannerApp


def register(commands: argparse._SubParsersAction) -> None:
    opening = command(commands, "open", help="the planner TUI on a program (default: the shipped programs)")
    opening.add_argument("spec", nargs="?", metavar="P", help="a shipped program id, a program file or a raw source")
    opening.add_argument(
        "--team", nargs="+", action="extend", default=[], metavar="FILE",
        help="colleagues' bookmark files: the detail pane says who of them is going (put P before this option)",
    )  # fmt: skip
    opening.set_defaults(handler=open_command)


def open_command(args: argparse.Namespace) -> int:
    # Under `planner serve` a browser tab is the terminal: textual-serve names its web driver.
    in_a_browser = bool(os.environ.get("TEXTUAL_DRIVER"))
    if not in_a_browser and not (sys.stdin.isatty() and sys.stdout.isatty()):
        print(
            "planner: the TUI needs a terminal; for scripts use `planner list`, `planner show` and the others (planner --help)",
            file=sys.stderr,
        )
        return 2
    build_app(args).run()
    return 0


def build_app(args: argparse.Namespace) -> PlannerApp:
    """The app `planner open` runs: the program asked for, else the only one there is, else a picker."""
    # Textual is imported here rather than at the top, so every other command starts without it.
    from planner.cli.day_commands import clock_for
    from planner.importing.catalog import open_program
    from planner.program.ids import slug
    from planner.program.memory import settle
    from planner.program.times import local_zone
    from planner.settings import last_program, remember_program, reminder_minutes
    from planner.tui.app import create_app
    from planner.tui.zones import ZoneMode
    from planner.wording.sources import skipped_notice

    spec = getattr(args, "spec", None) or args.program
    choices = _choices()
    if spec is None and len(choices) == 1:
        spec = choices[0]
    if spec is None and not choices:
        raise NotFoundError("no programs ship with this installation: open one with `planner open FILE`")
    program = None
    notice = None
    if spec:
        options, format_name = raw_options(args, label=slug(Path(spec).stem, max_length=40))
        notes: list[Note] = []
        program = open_program(spec, options=options, format_name=format_name, notes=notes)
        # Printed before the TUI takes the screen, so it is still there when the reader quits.
        tell_skipped(notes)
        if skipped := sum(note.skipped for note in notes):
            notice = skipped_notice(skipped)
    settle()  # the program lives as long as the app: out of the collector's scans
    team = [_existing(text) for text in getattr(args, "team", [])]
    if spec:
        remember_program(_remembered(spec))
    your_zone, mode = local_zone(), ZoneMode.CONFERENCE
    if args.tz:
        # --tz names the reader's own zone, and times open in it.
        your_zone, mode = reader_zone(args.tz), ZoneMode.LOCAL
    return create_app(
        program,
        choices=choices,
        bookmark_path=lambda conference: conference_bookmarks_path(args, conference),
        # PLANNER_NOW without an offset is read in the conference's zone (in UTC before one is chosen).
        clock=clock_for(None, program.conference.timezone if program else "UTC"),
        your_zone=your_zone,
        zone_mode=mode,
        remember=lambda chosen: remember_program(_remembered(chosen)),
        last=last_program(),
        working_folder=Path.cwd(),
        team_files=team,
        reminder_minutes=reminder_minutes(),
        notice=notice,
    )


def _existing(text: str) -> Path:
    path = Path(text).expanduser()
    if not path.is_file():
        raise NotFoundError(f"no bookmark file {text!r}")
    return path.resolve()


def _choices() -> list[str]:
    """The shipped programs, and the program opened last if it is a file of the reader's own."""
    from planner.importing.catalog import shipped_ids
    from planner.settings import last_program

    choices = shipped_ids()
    last = last_program()
    if last and last not in choices and Path(last).is_file():
        choices.append(last)
    return choices


def _remembered(spec: str) -> str:
    """A path is remembered absolute, so it opens again from any folder."""
    from planner.importing.catalog import shipped_ids

    return spec if spec in shipped_ids() or not Path(spec).exists() else str(Path(spec).resolve())
