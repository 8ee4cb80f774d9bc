"""Provides the calendar-subscription benchmark: `planner serve`'s calendar at 500 bookmarks, over real HTTP.

The server is the real one (its middleware, its calendar feed, aiohttp), run on 127.0.0.1 in a
thread; the client is http.client on a kept-alive connection, as a calendar app polls. Measured:

- a GET after the bookmark file changed (the calendar rebuilt and its memory saved): target
  p95 ≤ 100 ms;
- a GET with nothing changed (the calendar served as built);
- a revalidation with the ETag the client holds (304): target p95 ≤ 5 ms;
- the floor: a GET of one of the page's static files from the same server, in the same run.

    python tests/benchmarks/serve.py [--bookmarks N] [--requests N]
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from aiohttp import web

from planner.bookmarks.store import dump_bookmarks
from planner.serve.calendar_feed import CalendarFeed
from planner.serve.server import PlannerServer
from tests.benchmarks.export import bookmarks_for
from tests.benchmarks.synthetic import synthetic_program

CHANGED_TARGET_MS = 100.0
NOT_MODIFIED_TARGET_MS = 5.0


def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1] if len(samples) > 1 else samples[0]


def _serve_in_thread(server: PlannerServer) -> tuple[int, Callable[[], None]]:
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    state: dict[str, object] = {}

    async def start() -> None:
        runner = web.AppRunner(await server._make_app())
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        state["runner"] = runner
        state["port"] = runner.addresses[0][1]

    def run() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(start())
        ready.set()
        loop.run_forever()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    ready.wait(30)

    def stop() -> None:
        asyncio.run_coroutine_threadsafe(state["runner"].cleanup(), loop).result(30)  # type: ignore[attr-defined]
        loop.call_soon_threadsafe(loop.stop)
        thread.join(30)

    return int(state["port"]), stop  # type: ignore[call-overload]


def measure(bookmarks: int = 500, requests: int = 200, papers: int = 2_000) -> dict[str, float]:
    program = synthetic_program(max(papers, bookmarks))
    with tempfile.TemporaryDirectory() as folder:
        bookmark_file = Path(folder) / "mine.json"
        marks = bookmarks_for(program, bookmarks)
        bookmark_file.write_text(dump_bookmarks(marks), encoding="utf-8")
        feed = CalendarFeed(program, bookmark_file, clock=lambda: datetime.now(UTC), where=program.conference.zone)
        server = PlannerServer("true", feed, port=0, say=lambda line: None)
        port, stop = _serve_in_thread(server)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        path = server.calendar_path

        def get(target: str, headers: dict[str, str] | None = None) -> tuple[float, http.client.HTTPResponse, bytes]:
            started = time.perf_counter()
            connection.request("GET", target, headers=headers or {})
            response = connection.getresponse()
            body = response.read()
            return (time.perf_counter() - started) * 1000, response, body

        try:
            _, first, body = get(path)  # warm: the program, icalendar and the exporter loaded
            assert first.status == 200 and body.startswith(b"BEGIN:VCALENDAR")
            etag = first.getheader("ETag") or ""
            floor = [get("/static/css/xterm.css")[0] for _ in range(requests)]
            unchanged = [get(path)[0] for _ in range(requests)]
            not_modified = []
            for _ in range(requests):
                elapsed, response, _ = get(path, {"If-None-Match": etag})
                assert response.status == 304
                not_modified.append(elapsed)
            changed = []
            for round_number in range(max(requests // 10, 5)):
                # A note edited, as a person does between two polls: the calendar must be rebuilt.
                note = marks.bookmarks[0].model_copy(update={"note": f"edit {round_number}"})
                marks = marks.model_copy(update={"bookmarks": [note, *marks.bookmarks[1:]]})
                bookmark_file.write_text(dump_bookmarks(marks), encoding="utf-8")
                elapsed, response, body = get(path)
                assert response.status == 200 and f"edit {round_number}".encode() in body.replace(b"\r\n ", b"")
                changed.append(elapsed)
        finally:
            connection.close()
            stop()
    return {
        "bookmarks": bookmarks,
        "changed_p95_ms": _p95(changed),
        "changed_median_ms": statistics.median(changed),
        "unchanged_p95_ms": _p95(unchanged),
        "not_modified_p95_ms": _p95(not_modified),
        "static_floor_p95_ms": _p95(floor),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bookmarks", type=int, default=500)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    print(json.dumps(measure(args.bookmarks, args.requests), indent=1))


if __name__ == "__main__":
    main()
