"""Provides the calendar-export benchmark: 5,000 bookmarks against icalendar's own floor.

The program is the shared synthetic one (tests/benchmarks/synthetic.py: Berlin, across a DST
change, most posters shown twice) with every one of its 5,000 papers bookmarked.

The floor is icalendar building and serialising the very same events (same properties, same
text, same times) with nothing of planner around it. Target: planner's export (choosing slots,
writing descriptions, versioning against the last export, the VTIMEZONE, the memory it keeps)
takes at most 1.1 times the floor. Both are timed in each run, back to back (alternating which
goes first); the figures are the medians over several runs, the ratio the median of the runs' ratios.

    python tests/benchmarks/export.py [--bookmarks N] [--runs N]
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from icalendar import Calendar, Event

from planner.bookmarks.file import BookmarkFile, Priority, new_bookmark
from planner.exporters.entries import plan_calendar
from planner.exporters.export_memory import dump_memory
from planner.exporters.ics import export_calendar
from planner.program.model import Program
from tests.benchmarks.synthetic import synthetic_program

TARGET_RATIO = 1.1
NOW = datetime(2026, 2, 1, 12, tzinfo=UTC)
ADDED = datetime(2026, 1, 5, 9, tzinfo=UTC)


def bookmarks_for(program: Program, count: int) -> BookmarkFile:
    """`count` bookmarks, as a busy attendee has them: mixed priorities, some notes, a third of the
    papers shown twice pinned to one slot (as `planner plan` does), the rest in every slot."""
    marks = []
    for index, presentation in enumerate(program.presentations[:count]):
        pinned = presentation.slots[0].session if len(presentation.slots) > 1 and index % 3 == 0 else None
        note = "ask about the ablation; bring the poster, and a pen" if index % 4 == 0 else ""
        marks.append(
            new_bookmark(
                presentation.id, presentation.title, now=ADDED, priority=list(Priority)[index % 3], note=note, slot=pinned
            )
        )
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
        event.add("last-modified", NOW)
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
    marks = bookmarks_for(program, bookmarks)
    zone = program.conference.zone
    entries = plan_calendar(program, marks).entries
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
    # Each run's pair ran back to back, so its ratio is what a shared, busy machine distorts least.
    ratio = statistics.median(ours / theirs for ours, theirs in zip(export_times, floor_times, strict=True))
    return {
        "bookmarks": bookmarks,
        "events": len(entries),
        "runs": runs,
        "icalendar_floor_s": round(floor, 4),
        "planner_export_s": round(export, 4),
        "ratio": round(ratio, 3),
        "target_ratio": TARGET_RATIO,
        "met": ratio <= TARGET_RATIO,
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
