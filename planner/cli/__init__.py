"""Provides the `planner` command: argument parsing, dispatch, and errors turned into exit codes.

Exit codes: 0 done; 1 the input was bad (a file, a page, a feed; the message names file and
line); 2 the command was misused (unknown option, or a name that matches nothing).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from planner.cli import (
    bookmark_commands,
    clash_commands,
    discovery_commands,
    export_command,
    open_command,
    program_commands,
    serve_command,
)
from planner.cli.context import add_global_options
from planner.errors import NotFoundError, PlannerError

# Each module adds its subcommands; one module per group of commands keeps each one small.
COMMAND_MODULES = (
    program_commands, bookmark_commands, clash_commands, discovery_commands, export_command, open_command, serve_command
)  # fmt: skip


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="planner",
        description="Plan your days at a research conference: browse, bookmark, resolve clashes, export.",
    )
    add_global_options(parser, suppress=False)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "handler", None) is None:
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            parser.print_help()  # `planner | less`, or a script: the commands, not a TUI
            return 0
        args.handler = open_command.open_command
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
