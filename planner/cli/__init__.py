"""Provides the `planner` command: argument parsing, dispatch, and errors turned into exit codes.

Exit codes: 0 done; 1 the input was bad (a file, a page, a feed; the message names file and
line); 2 the command was misused (unknown option, or a name that matches nothing).

Start-up is a budget: `planner --help` must not load the engine. Each command module defines its
subcommands in `register(commands)` with argparse alone at its top, and sets `handler=` to a
function that imports what it runs (the model, importers, icalendar, Textual) inside itself.
Adding a group of commands is one edit here: put its module's name in COMMAND_MODULES.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from planner.cli.context import add_global_options
from planner.errors import NotFoundError, PlannerError

# Each module of planner.cli named here adds its subcommands, in this order in --help; one module
# per group of commands keeps each one small.
COMMAND_MODULES = (
    "program_commands",
    "follow_commands",
    "bookmark_commands",
    "clash_commands",
    "discovery_commands",
    "export_command",
    "open_command",
    "serve_command",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="planner",
        description="Plan your days at a research conference: browse, bookmark, resolve clashes, export.",
    )
    add_global_options(parser, suppress=False)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f"planner.cli.{name}").register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "handler", None) is None:
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            parser.print_help()  # `planner | less`, or a script: the commands, not a TUI
            return 0
        from planner.cli.open_command import open_command

        args.handler = open_command
    try:
        return args.handler(args) or 0
    except NotFoundError as err:
        print(f"planner: {err}", file=sys.stderr)
        return 2
    except PlannerError as err:
        print(f"planner: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `planner list | head`: the reader left; that is not an error of ours.
        sys.stderr.close()
        return 0


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
