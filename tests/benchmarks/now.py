"""Provides the now-and-next benchmark: `planner now`'s answer on a 20,000-paper program, once it is loaded.

What is timed is what the command does after loading the program and the bookmark file: lay the
program out by start (`ProgramClock.of`), answer for a moment with 200 bookmarks (a busy
attendee's), and write the lines it prints. The moments are spread over the synthetic
conference (tests/benchmarks/synthetic.py), the DST night among them. Target: at most 50 ms.

The floor, measured in the same run, is a plain pass over the program's sessions keeping those
running at the moment: the least any answer that looks at the whole program does.

    python tests/benchmarks/now.py [--n N] [--runs N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from planner.bookmarks.file import BookmarkFile
from planner.program.model import Program
from planner.schedule.now import ProgramClock, now_and_next
from planner.wording.on_the_day import happening_line, next_line
from tests.benchmarks.export import bookmarks_for
from tests.benchmarks.synthetic import synthetic_program

TARGET_MS = 50.0
BOOKMARKS = 200
REPEATS = 7


def moments(program: Program) -> list:
    """A moment in the middle of each morning and afternoon, and just before the first session of each day."""
    first = min(session.start for session in program.sessions if session.start)
    days = {session.start.date() for session in program.sessions if session.start}
    found = []
    for day in range(len(days)):
        base = first + timedelta(days=day)
        found += [base - timedelta(minutes=7), base + timedelta(hours=2, minutes=13), base + timedelta(hours=6, minutes=41)]
    return found


def answer(program: Program, bookmarks: BookmarkFile, at) -> list[str]:
    """What `planner now` does once the program and bookmarks are read."""
    where = program.conference.zone
    result = now_and_next(ProgramClock.of(program), bookmarks, at)
    lines = [next_line(result, where)]
    for happenings, running in (
        (result.my_running, True), (result.my_next, False), (result.my_later, False), (result.running, True), (result.next, False),
    ):  # fmt: skip
        lines += [happening_line(happening, at, where, running=running) for happening in happenings]
    return lines


def floor(program: Program, at) -> list:
    return [session for session in program.sessions if (span := session.span) and span.start <= at < span.end]


def measure(n: int = 20_000, repeats: int = REPEATS, program: Program | None = None) -> dict[str, float]:
    """Median milliseconds per answer, and per floor pass, over every moment, `repeats` times."""
    program = program or synthetic_program(n)
    bookmarks = bookmarks_for(program, min(BOOKMARKS, len(program.presentations)))
    times = moments(program)
    answers, floors = [], []
    for _ in range(repeats):
        for at in times:
            began = time.perf_counter()
            floor(program, at)
            floors.append(time.perf_counter() - began)
            began = time.perf_counter()
            answer(program, bookmarks, at)
            answers.append(time.perf_counter() - began)
    return {
        "now_ms": statistics.median(answers) * 1000,
        "now_max_ms": max(answers) * 1000,
        "floor_ms": statistics.median(floors) * 1000,
        "moments": len(times),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time `planner now` on a synthetic program.")
    parser.add_argument("--n", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=REPEATS)
    arguments = parser.parse_args(argv)
    print(json.dumps(measure(arguments.n, arguments.runs), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
