"""Provides `planner serve`: the planner in a browser, and your calendar as a live subscription."""

from __future__ import annotations

import argparse
import shlex
import sys
from datetime import UTC, datetime
from pathlib import Path

from planner.cli.context import bookmarks_path, command, display_zone, load, program_spec


def register(commands: argparse._SubParsersAction) -> None:
    serve = command(commands, "serve", help="the planner in a browser, and your calendar as a live subscription")
    serve.add_argument("--host", default="127.0.0.1", help="the address to listen on (default: 127.0.0.1, this machine only)")
    serve.add_argument("--port", type=_port, default=8000, help="the port (default: 8000)")
    serve.add_argument(
        "--token",
        help="the access token every URL must carry on an address other than loopback (default: a new random one)",
    )
    serve.set_defaults(handler=serve_command)


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 0 <= port < 65536:
        raise argparse.ArgumentTypeError(f"{port}: a port is 1 to 65535 (0: any free one)")
    return port


def serve_command(args: argparse.Namespace) -> int:
    # Loaded here: the web server and textual-serve are for this command alone.
    import secrets

    from planner.errors import PlannerError
    from planner.serve.calendar_feed import CalendarFeed
    from planner.serve.server import PlannerServer, is_loopback

    program = load(args)
    bookmark_file = bookmarks_path(args, program).expanduser().resolve()
    spec = program_spec(args)
    if Path(spec).exists():
        spec = str(Path(spec).resolve())  # the tabs' processes read the same file, wherever they start
    token = args.token or (None if is_loopback(args.host) else secrets.token_urlsafe(18))
    if token is not None and (len(token) < 16 or not token.isascii() or not token.isprintable() or " " in token):
        print("planner: a token needs at least 16 printable characters and no spaces", file=sys.stderr)
        return 2
    tab = ["exec", sys.executable, "-m", "planner", "open", spec, "--bookmarks", str(bookmark_file)]
    if args.tz:
        tab += ["--tz", args.tz]
    say = _say
    feed = CalendarFeed(
        program,
        bookmark_file,
        clock=lambda: datetime.now(UTC),
        where=display_zone(args, program),
        warn=lambda message: say(f"planner: {message}"),
    )
    try:
        feed.current()
    except PlannerError as err:
        # As in the TUI: reported, left untouched, and the server runs on without it.
        say(f"planner: {err}; the calendar is served once the file can be read")
    server = PlannerServer(
        " ".join(tab[:1] + [shlex.quote(part) for part in tab[1:]]),
        feed,
        host=args.host,
        port=args.port,
        token=token,
        title=f"planner · {program.conference.name}",
        say=say,
    )
    try:
        server.serve()
    except OSError as err:
        print(f"planner: cannot serve on {args.host}:{args.port}: {err.strerror or err}", file=sys.stderr)
        return 1
    return 0


def _say(line: str) -> None:
    print(line, flush=True)
