"""Provides the clash-detection benchmark: 10k and 20k bookmarked slots, against a sorting floor.

Run `python tests/benchmarks/clashes.py`; `measure()` returns the same figures as a dict for a
benchmark runner. Each figure is the median of several runs; each is also given as a ratio to a
floor measured in the same run (sorting the same slots by time), so machines of different speed
can be compared. Targets: detection of 10k slots well under 50 ms; t(20k)/t(10k) at most 2.3.

The made-up program keeps a busy attendee's density as it grows: one bookmark for every 20
minutes of conference (100 over five ten-hour days), so the conference gets longer with the
number of bookmarks and each slot meets a similar number of others. A third of the bookmarks are
posters in two-hour poster sessions, one every three hours (several posters to a session); the
rest are talks of 5 to 90 minutes in a handful of rooms. All are pinned, so the planner plays no part.
"""

from __future__ import annotations

import gc
import json
import random
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial

from planner.bookmarks.file import BookmarkFile, Priority, new_bookmark
from planner.program.model import Conference, Kind, Presentation, Program, Session, Slot
from planner.schedule.clashes import find_clashes
from planner.schedule.slots import BookedSlot, resolve, sweep

SIZES = (10_000, 20_000)
REPEATS = 9
START = datetime(2024, 12, 10, 9, tzinfo=UTC)
ROOMS = ("Hall A", "Hall B", "Room 1", "Room 2", "Room 3", None)


def made_up(count: int, *, seed: int = 2024) -> tuple[Program, BookmarkFile]:
    """A program of `count` presentations, each bookmarked and pinned to its one slot."""
    rng = random.Random(seed)
    span_minutes = count * 20
    sessions: list[Session] = []
    presentations: list[Presentation] = []
    poster_sessions = [
        Session(id=f"posters-{index}", title=f"Poster Session {index}", kind=Kind.POSTER,
                start=START + timedelta(minutes=minute), end=START + timedelta(minutes=minute + 120))
        for index, minute in enumerate(range(0, span_minutes, 180))
    ]  # fmt: skip
    sessions.extend(poster_sessions)
    for index in range(count):
        if index % 3 == 0:
            home = rng.choice(poster_sessions)
            presentations.append(
                Presentation(id=f"p{index}", title=f"Poster {index}", kind=Kind.POSTER, slots=[Slot(session=home.id)])
            )
            continue
        start = START + timedelta(minutes=5 * rng.randrange(span_minutes // 5))
        length = timedelta(minutes=rng.choice((5, 15, 30, 60, 90)))
        sessions.append(
            Session(
                id=f"s{index}",
                title=f"Talk session {index}",
                kind=Kind.ORAL,
                start=start,
                end=start + length,
                room=rng.choice(ROOMS),
            )
        )
        presentations.append(
            Presentation(id=f"p{index}", title=f"Talk {index}", kind=Kind.ORAL, slots=[Slot(session=f"s{index}")])
        )
    program = Program(
        conference=Conference(id="bench", name="Bench", timezone="UTC"), sessions=sessions, presentations=presentations
    )
    added = datetime(2024, 1, 1, tzinfo=UTC)
    bookmarks = BookmarkFile(
        conference="bench",
        bookmarks=[
            new_bookmark(p.id, p.title, now=added, slot=p.slots[0].session, priority=rng.choice(list(Priority)))
            for p in presentations
        ],
    )
    return program, bookmarks


def _timed_ms(action: Callable[[], object]) -> float:
    """CPU milliseconds of one call, with the garbage collector off (as timeit does).

    CPU time rather than wall time: on a machine shared with other work, waiting for a core is
    not the engine's cost. A collection walks every object in the process (here a program of
    20k presentations), which is the benchmark's doing, not the engine's.
    """
    gc.collect()
    gc.disable()
    try:
        started = time.process_time()
        action()
        return (time.process_time() - started) * 1000
    finally:
        gc.enable()


def _medians(actions: dict[str, Callable[[], object]], repeats: int) -> dict[str, float]:
    """Median milliseconds of each action, the actions taking turns so they share the machine's moods."""
    times: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(repeats):
        for name, action in actions.items():
            times[name].append(_timed_ms(action))
    return {name: statistics.median(values) for name, values in times.items()}


def measure(sizes: tuple[int, ...] = SIZES, repeats: int = REPEATS) -> dict[str, float]:
    """The benchmark's figures: per size, milliseconds (median) and ratio to the sorting floor.

    `sweep_ms` is detection proper (the sweep over the bookmarked slots); `find_clashes_ms` is
    the whole report from a program and a bookmark file (reading the bookmarks against the
    program, the sweep, remedies and crowded poster sessions); `floor_ms` sorts the same slots.
    The sizes take turns within each repeat, so a change in the machine's load between them
    does not pass for growth.
    """
    actions: dict[str, Callable[[], object]] = {}
    reports = {}
    for count in sizes:
        program, bookmarks = made_up(count)
        slots = [item.pinned for item in resolve(program, bookmarks).bookmarked]
        reports[count] = find_clashes(program, bookmarks)
        actions[f"n{count}_floor"] = partial(sorted, slots, key=_by_time)
        actions[f"n{count}_sweep"] = partial(sweep, slots)
        actions[f"n{count}_whole"] = partial(find_clashes, program, bookmarks)
    medians = _medians(actions, repeats)
    figures: dict[str, float] = {}
    for count in sizes:
        prefix = f"n{count}"
        floor, swept, whole = medians[f"{prefix}_floor"], medians[f"{prefix}_sweep"], medians[f"{prefix}_whole"]
        report = reports[count]
        figures[f"{prefix}_floor_ms"] = floor
        figures[f"{prefix}_sweep_ms"] = swept
        figures[f"{prefix}_sweep_ratio"] = swept / floor
        figures[f"{prefix}_find_clashes_ms"] = whole
        figures[f"{prefix}_find_clashes_ratio"] = whole / floor
        figures[f"{prefix}_overlaps"] = len(report.overlaps)
        figures[f"{prefix}_tight"] = len(report.tight)
        figures[f"{prefix}_crowded_sessions"] = len(report.crowded)
    if len(sizes) == 2:
        small, large = (f"n{count}" for count in sizes)
        figures["sweep_growth"] = figures[f"{large}_sweep_ms"] / figures[f"{small}_sweep_ms"]
        figures["find_clashes_growth"] = figures[f"{large}_find_clashes_ms"] / figures[f"{small}_find_clashes_ms"]
        figures["floor_growth"] = figures[f"{large}_floor_ms"] / figures[f"{small}_floor_ms"]
    return figures


def _by_time(slot: BookedSlot) -> tuple[int, int]:
    return (slot.start, slot.end)


if __name__ == "__main__":
    print(json.dumps({name: round(value, 3) for name, value in measure().items()}, indent=1))
