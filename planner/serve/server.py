"""Provides `planner serve`'s server: the TUI in a browser, its assets and the calendar, on one port, and nothing else.

Built on textual-serve, which runs the app as a process per browser tab and relays its screen
over a websocket. What planner adds is what a server on a person's laptop needs:

- Only four kinds of path answer: the page, its websocket, its static assets (no directory
  listings) and the calendar. Everything is read-only; nothing a request says is written.
- On loopback no token is needed, but the Host header must name loopback: a web page that
  rebinds its own name to 127.0.0.1 (DNS rebinding) is refused. On any other address a random
  token is required in every URL (or in the cookie the page sets, for its own assets).
- The websocket drives the planner, so a page from another origin may not open it.
- Every app process the server starts is ended when it stops, even with a tab still open.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import ipaddress
import logging
import signal
import socket
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from typing import Any

import aiohttp_jinja2
import jinja2
from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from planner.errors import PlannerError
from planner.serve.calendar_feed import CalendarFeed

TOKEN_COOKIE = "planner_token"
_LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}

log = logging.getLogger("planner.serve")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def is_loopback(host: str) -> bool:
    """Whether `host` (a name or an address to bind) reaches only this machine."""
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _host_name(header: str) -> str:
    """The name part of a Host header: "127.0.0.1:8000" → "127.0.0.1", "[::1]:8000" → "::1"."""
    if header.startswith("["):
        return header[1:].split("]", 1)[0]
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


class _TrackedAppService(AppService):
    """An AppService whose process the server knows of, so stopping the server ends it."""

    def __init__(self, *args: Any, processes: set[asyncio.subprocess.Process], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._processes = processes

    async def _open_app_process(self, width: int = 80, height: int = 24) -> asyncio.subprocess.Process:
        process = await super()._open_app_process(width, height)
        self._processes.add(process)
        return process


class PlannerServer(Server):
    """One server for the TUI page and the calendar subscription of one program and bookmark file."""

    def __init__(
        self,
        command: str,
        feed: CalendarFeed,
        *,
        host: str = "127.0.0.1",
        port: int = 8000,
        token: str | None = None,
        title: str = "planner",
        say: Callable[[str], None] = print,
    ) -> None:
        super().__init__(command, host=host, port=port, title=title)
        self.feed = feed
        self.token = token
        self.say = say
        self.processes: set[asyncio.subprocess.Process] = set()
        self.calendar_path = f"/calendar/{feed.program.conference.id}.ics"

    # -- what is served ------------------------------------------------------------------

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self._guard])
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path))
        app.add_routes(
            [
                web.get("/", self.handle_index, name="index"),
                web.get("/ws", self.handle_websocket, name="websocket"),
                web.get(self.calendar_path, self.handle_calendar, name="calendar"),
                # textual-serve lists the static folder; a person's server shows no listings.
                web.static("/static", self.statics_path, show_index=False, name="static"),
            ]
        )
        app.on_startup.append(self.on_startup)
        app.on_shutdown.append(self.on_shutdown)
        return app

    def urls(self, host: str | None = None) -> dict[str, str]:
        """The addresses to open and to subscribe to, with the token when one is needed."""
        where = host or (self.host if ":" not in self.host else f"[{self.host}]")
        base = f"{where}:{self.port}"
        query = f"?token={self.token}" if self.token else ""
        return {
            "page": f"http://{base}/{query}",
            "calendar": f"http://{base}{self.calendar_path}{query}",
            "subscribe": f"webcal://{base}{self.calendar_path}{query}",
        }

    @aiohttp_jinja2.template("app_index.html")
    async def handle_index(self, request: web.Request) -> dict[str, Any]:
        # The page's websocket and assets are addressed by the Host the browser used (checked in
        # _guard), so the page works on whatever name or address reached the server.
        font_size = to_int(request.query.get("fontsize", "16"), 16)
        return {
            "font_size": font_size,
            "app_websocket_url": f"ws://{request.host}/ws",
            "config": {"static": {"url": f"http://{request.host}/static/"}},
            "application": {"name": self.title},
        }

    async def handle_calendar(self, request: web.Request) -> web.StreamResponse:
        try:
            version = await asyncio.to_thread(self.feed.current)
        except PlannerError as err:
            self.say(f"planner: {err}")
            raise web.HTTPServiceUnavailable(text=f"planner: {err}\n") from None
        headers = {
            "ETag": version.etag,
            "Last-Modified": format_datetime(version.last_modified.astimezone(UTC), usegmt=True),
            # Ask before reusing: a subscriber revalidates cheaply (304) and never misses a change.
            "Cache-Control": "no-cache",
        }
        if _not_modified(request, version.etag, version.last_modified):
            return web.Response(status=304, headers=headers)
        return web.Response(body=version.body, headers={**headers, "Content-Type": "text/calendar; charset=utf-8"})

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        # textual-serve's handler, with an app service the server keeps track of.
        websocket = web.WebSocketResponse(heartbeat=15)
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        app_service: AppService | None = None
        try:
            await websocket.prepare(request)
            app_service = _TrackedAppService(
                self.command,
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=websocket.close,
                download_manager=self.download_manager,
                debug=self.debug,
                processes=self.processes,
            )
            await app_service.start(width, height)
            await self._process_messages(websocket, app_service)
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:  # a tab's failure must not stop the server for the others
            log.exception(error)
        finally:
            if app_service is not None:
                await app_service.stop()
        return websocket

    # -- who may ask -----------------------------------------------------------------------

    @web.middleware
    async def _guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if not self._host_allowed(request.host):
            raise web.HTTPForbidden(text="planner: this server answers only to the address it was started on\n")
        if request.path == "/ws" and not self._origin_allowed(request):
            raise web.HTTPForbidden(text="planner: the planner is driven only from its own page\n")
        given = request.query.get("token") or request.cookies.get(TOKEN_COOKIE)
        if self.token and not (given and hmac.compare_digest(given.encode(), self.token.encode())):
            raise web.HTTPForbidden(text="planner: this address needs the token `planner serve` printed\n")
        response = await handler(request)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"  # the token in a URL never leaks onwards
        if self.token and request.path == "/":
            response.set_cookie(TOKEN_COOKIE, self.token, httponly=True, samesite="Strict", path="/")
        return response

    def _host_allowed(self, header: str) -> bool:
        name = _host_name(header).lower()
        if is_loopback(self.host):
            return is_loopback(name)
        if self.host in ("0.0.0.0", "::", ""):
            return True  # every address of this machine: the token is what protects it
        return name in (self.host.lower(), *_LOOPBACK_NAMES)

    def _origin_allowed(self, request: web.Request) -> bool:
        origin = request.headers.get("Origin")
        # A client that is not a browser sends no Origin; a page of another site always does.
        return origin is None or origin in (f"http://{request.host}", f"https://{request.host}")

    # -- life and death ----------------------------------------------------------------------

    def initialize_logging(self) -> None:
        logging.basicConfig(level=logging.DEBUG if self.debug else logging.WARNING, format="%(message)s")

    async def on_startup(self, app: web.Application) -> None:
        urls = self.urls()
        self.say(f"planner serves {self.feed.program.conference.name} on {self.host}:{self.port}")
        self.say(f"  open the planner:      {urls['page']}")
        self.say(f"  your calendar:         {urls['calendar']}")
        self.say(f"  subscribe in your app: {urls['subscribe']}")
        self.say("Ctrl-C stops it.")

    async def on_shutdown(self, app: web.Application) -> None:
        await end_processes(self.processes)

    def serve(self, debug: bool = False) -> None:
        """Serve until Ctrl-C or SIGTERM. An address that cannot be bound raises OSError before anything starts."""
        self.debug = debug
        # Bound before anything is said or started, so a port in use is the only thing reported.
        listening = socket.create_server((self.host, self.port), family=_family(self.host))
        self.port = listening.getsockname()[1]  # port 0 asks the system for a free one
        self.initialize_logging()
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        for signal_number in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signal_number, self.request_exit)
        try:
            web.run_app(
                self._make_app(),
                sock=listening,
                handle_signals=False,
                loop=loop,
                print=lambda *args: None,
            )
        finally:
            # run_app closes its loop; the processes were ended in on_shutdown.
            asyncio.set_event_loop(None)


async def end_processes(processes: set[asyncio.subprocess.Process], *, grace: float = 3.0) -> None:
    """End every app process still running: asked politely first, then killed."""
    running = [process for process in processes if process.returncode is None]
    for process in running:
        with contextlib.suppress(ProcessLookupError):
            process.terminate()
    for process in running:
        try:
            await asyncio.wait_for(process.wait(), timeout=grace)
        except TimeoutError:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            await process.wait()


def _family(host: str) -> socket.AddressFamily:
    try:
        return socket.AF_INET6 if ipaddress.ip_address(host.strip("[]")).version == 6 else socket.AF_INET
    except ValueError:
        return socket.AF_INET  # a name such as localhost: its IPv4 address


def _not_modified(request: web.Request, etag: str, last_modified: datetime) -> bool:
    """RFC 9110's preconditions for a GET: If-None-Match decides when given, else If-Modified-Since."""
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        tags = [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")]
        return "*" in tags or etag in tags
    if_modified_since = request.headers.get("If-Modified-Since")
    if if_modified_since:
        try:
            since = parsedate_to_datetime(if_modified_since)
        except (TypeError, ValueError):
            return False
        return since.tzinfo is not None and last_modified.replace(microsecond=0) <= since
    return False
