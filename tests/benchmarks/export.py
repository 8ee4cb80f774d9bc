"""Provides the calendar-export benchmark: 5,000 bookmarks against icalendar's own floor.

The floor is icalendar building and serialising the very same events (same properties, same
text, same times) with nothing of planner around it. Target: planner's export (choosing slots,
writing descriptions, versioning against the last export, the VTIMEZONE, the memory it keeps)
takes at most 1.1 times the floor. Both are timed in the same run, alternating, and the median of
several runs is reported.

    python tests/benchmarks/export.py [--bookmarks N] [--runs N]
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from icalendar import Calendar, Event  # noqa: E402

from planner.bookmarks import BookmarkFile, Priority, new_bookmark  # noqa: E402
from planner.exporters.entries import plan_calendar  # noqa: E402
from planner.exporters.export_memory import dump_memory  # noqa: E402
from planner.exporters.ics import export_calendar  # noqa: E402
from planner.model import Program  # noqa: E402

TARGET_RATIO = 1.1
ZONE = "America/Toronto"
NOW = datetime(2026, 2, 1, 12, tzinfo=UTC)
ABSTRACT = (
    "We study how équivariant networks respect the symmetries of their data, and what that costs; "
    "experiments on molecules, point clouds and meshes (数据集) show the price is small. "
) * 6


def synthetic_program(count: int) -> Program:
    """`count` presentations over five days of talks and posters in Toronto, with real-sized text."""
    start = datetime(2026, 10, 28, 9, tzinfo=UTC) + timedelta(hours=4)
    sessions, presentations = [], []
    per_session = 50
    for number in range((count + per_session - 1) // per_session):
        begins = start + timedelta(days=number // 8, hours=(number % 8))
        kind = "poster" if number % 2 else "oral"
        sessions.append({"id": f"s{number}", "title": f"Session {number}", "kind": kind, "start": begins.isoformat(),
                         "end": (begins + timedelta(minutes=55)).isoformat(), "room": f"Room {number % 9}, level 2; east"})  # fmt: skip
    for index in range(count):
        session = sessions[index // per_session]
        presentations.append(
            {
                "id": f"paper-{index}",
                "title": f"Paper {index}: a study of things, with commas; and semicolons",
                "kind": session["kind"],
                "authors": [f"Author {index} Zoë", "李飞飞", "Second, Author"],
                "abstract": ABSTRACT,
                "links": {"openreview": f"https://openreview.net/forum?id=P{index:08d}", "code": f"https://example.org/{index}"},
                "slots": [{"session": session["id"], "position": f"#{index % per_session}"}],
            }
        )
    conference = {"id": "bench-2026", "name": "Benchmark Conference 2026", "timezone": ZONE}
    return Program.model_validate({"conference": conference, "sessions": sessions, "presentations": presentations})


def bookmarks_for(program: Program) -> BookmarkFile:
    marks = [
        new_bookmark(p.id, p.title, now=NOW, priority=list(Priority)[i % 3], note="ask about it" if i % 4 == 0 else "")
        for i, p in enumerate(program.presentations)
    ]
    return BookmarkFile(conference=program.conference.id, bookmarks=marks)


def icalendar_floor(entries, zone) -> bytes:
    """icalendar alone, making and serialising the same events."""
    calendar = Calendar()
    calendar.add("prodid", "-//bench//EN")
    calendar.add("version", "2.0")
    for entry in entries:
        event = Event()
        event.add("uid", entry.uid)
        event.add("dtstamp", NOW)
        event.add("sequence", 0)
        event.add("status", "CONFIRMED")
        event.add("summary", entry.summary)
        event.add("dtstart", entry.span.start.astimezone(zone))
        event.add("dtend", entry.span.end.astimezone(zone))
        event.add("description", entry.description)
        if entry.location:
            event.add("location", entry.location)
        if entry.url:
            event.add("url", entry.url)
        event.add("categories", list(entry.categories))
        calendar.add_component(event)
    return calendar.to_ical()


def planner_export(program: Program, bookmarks: BookmarkFile, previous) -> tuple[bytes, str]:
    exported = export_calendar(program, bookmarks, clock=lambda: NOW, where=program.conference.zone, previous=previous)
    return exported.ics, dump_memory(program.conference.id, exported.memory)


def measure(bookmarks: int = 5000, runs: int = 5) -> dict[str, float | int | bool]:
    """The figures for the project's benchmark runner: seconds (medians) and their ratio."""
    program = synthetic_program(bookmarks)
    marks = bookmarks_for(program)
    zone = program.conference.zone
    entries = plan_calendar(program, marks, zone).entries
    previous = export_calendar(program, marks, clock=lambda: NOW, where=zone).memory  # a re-export, the usual case
    floor_times: list[float] = []
    export_times: list[float] = []
    outputs: dict[str, bytes] = {}

    def timed(name: str, work, times: list[float]) -> None:
        gc.collect()  # neither side pays for the garbage the other left
        began = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - began)
        outputs[name] = result if isinstance(result, bytes) else result[0]

    for run in range(runs):
        pair = [("floor", lambda: icalendar_floor(entries, zone), floor_times),
                ("export", lambda: planner_export(program, marks, previous), export_times)]  # fmt: skip
        for name, work, times in pair if run % 2 == 0 else reversed(pair):  # alternate which goes first
            timed(name, work, times)
    floor_bytes, ours = outputs["floor"], outputs["export"]
    floor, export = statistics.median(floor_times), statistics.median(export_times)
    return {
        "bookmarks": bookmarks,
        "events": len(entries),
        "runs": runs,
        "icalendar_floor_s": round(floor, 4),
        "planner_export_s": round(export, 4),
        "ratio": round(export / floor, 3),
        "target_ratio": TARGET_RATIO,
        "met": export / floor <= TARGET_RATIO,
        "floor_bytes": len(floor_bytes),
        "export_bytes": len(ours),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bookmarks", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    figures = measure(args.bookmarks, args.runs)
    print(json.dumps(figures, indent=1))
    return 0 if figures["met"] else 1


if __name__ == "__main__":
    sys.exit(main())
