"""Provides timings of bookmark work at real scale: reading, matching, merging, team and saving.

Against the 20 000-paper synthetic program, with three colleagues' files of 5 000 bookmarks each
(a third of them shared). Each timing is the median of several runs and is given as a ratio to a
floor measured in the same run: json.loads of one of those files.

Run as a script: `python tests/benchmarks/bookmarks.py [--runs 5]`.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from planner.bookmarks.file import BookmarkFile, Priority, new_bookmark
from planner.bookmarks.matching import match_to_program
from planner.bookmarks.merge import merge_bookmarks
from planner.bookmarks.store import dump_bookmarks, parse_bookmarks, update_bookmarks
from planner.bookmarks.team import Member, team_coverage
from tests.benchmarks.synthetic import synthetic_program

BOOKMARKS_EACH = 5_000


def median_seconds(work: Callable[[], object], runs: int) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def colleague(program, rng: random.Random, owner: str, shared: list) -> BookmarkFile:
    own = rng.sample(program.presentations, BOOKMARKS_EACH - len(shared))
    chosen = {p.id: p for p in [*shared, *own]}.values()
    start = datetime(2026, 3, 1, tzinfo=UTC)
    bookmarks = [
        new_bookmark(
            p.id,
            p.title,
            now=start + timedelta(minutes=n),
            priority=rng.choice(list(Priority)),
            note=rng.choice(["", "front row", f"ask {owner}"]),
        )
        for n, p in enumerate(chosen)
    ]
    return BookmarkFile(conference=program.conference.id, owner=owner, bookmarks=bookmarks)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    program = synthetic_program(20_000)
    rng = random.Random(0)
    shared = rng.sample(program.presentations, BOOKMARKS_EACH // 3)
    files = [colleague(program, rng, owner, shared) for owner in ("ann", "bo", "cy")]
    data = dump_bookmarks(files[0]).encode()
    floor = median_seconds(lambda: json.loads(data), args.runs)
    rows = {
        "parse_bookmarks (strict, 5k)": lambda: parse_bookmarks(data, name="ann.json"),
        "match_to_program (20k program)": lambda: match_to_program(files[0], program),
        "merge_bookmarks (3 x 5k)": lambda: merge_bookmarks(files[0], files[1:]),
        "team_coverage (3 x 5k)": lambda: team_coverage(program, [Member(f.owner, f) for f in files]),
    }
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ann.json"
        path.write_bytes(data)
        counter = iter(range(10**9))
        # One real save: lock, re-read, validate, check it reads back, backup, fsync'd atomic write.
        rows["update_bookmarks (one added to 5k)"] = lambda: update_bookmarks(
            path,
            program.conference.id,
            lambda f: f.with_bookmark(new_bookmark(f"extra-{next(counter)}", "Extra", now=datetime.now(UTC))),
        )
        print(
            f"floor: json.loads of a {len(data) // 1024} KiB file of {BOOKMARKS_EACH} bookmarks: {floor * 1000:.1f} ms (median of {args.runs})"
        )
        for name, work in rows.items():
            seconds = median_seconds(work, args.runs)
            print(f"{name:<38} {seconds * 1000:8.1f} ms  {seconds / floor:6.1f}x floor")
    return 0


if __name__ == "__main__":
    sys.exit(main())
