"""Provides the TUI benchmark: time to first screen on a 20,000-paper program against a bare Textual app.

Both apps run headless in the same process, one after the other, several times; the figures are
medians. For the planner three moments are timed from the start of `run_test`: the first screen
(the browser drawn, the list saying it is laying the program out), the rows shown, and search
ready (the index built). Peak RSS (VmHWM, Linux) is measured in fresh processes: a bare app (in a
process that imports nothing but Textual), the program alone (the data every front end pays for),
and the planner with its rows and index.

Run: `python tests/benchmarks/tui.py [N] [--seed S] [--repeats R] [--no-rss]`.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

if not __package__:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run as a script from a checkout

from planner.cli.open_command import build_app
from planner.paths import DATA_DIR_VARIABLE
from planner.program.model import Program
from planner.program.times import zone
from planner.schedule.timetable import SlotRow
from planner.tui.app import PlannerApp, create_app
from planner.tui.widgets.program_list import ProgramList
from tests.benchmarks.bare_app import SIZE, peak_rss_mb, time_bare
from tests.benchmarks.synthetic import synthetic_program

ROOT = Path(__file__).resolve().parents[2]


def _planner(program: Program, folder: Path) -> PlannerApp:
    return create_app(
        program,
        bookmark_path=lambda conference: folder / f"{conference}.json",
        clock=lambda: datetime(2026, 3, 1, tzinfo=UTC),
        your_zone=zone("UTC"),
    )


async def _time_planner(program: Program, folder: Path) -> dict[str, float]:
    began = time.perf_counter()
    return await _moments(_planner(program, folder), began)


async def _moments(app: PlannerApp, began: float) -> dict[str, float]:
    """Seconds from `began` to the app's first screen, to its rows shown, and to its search index built."""
    moments: dict[str, float] = {}
    async with app.run_test(size=SIZE):
        moments["first_screen_s"] = time.perf_counter() - began
        # Polled every 10 ms: polling faster would take the interpreter from the workers it times.
        while not any(isinstance(row, SlotRow) for row in app.screen.query_one(ProgramList).rows[:50]):
            await asyncio.sleep(0.01)
        moments["rows_shown_s"] = time.perf_counter() - began
        while app.search_index is None:
            await asyncio.sleep(0.01)
        moments["search_ready_s"] = time.perf_counter() - began
    return moments


def _peak_rss_mb(mode: str, n_presentations: int, seed: int) -> float:
    """Peak RSS of a fresh process that runs `mode`: 'bare', 'program' or 'planner'."""
    if mode == "bare":
        return bare_peak_rss_mb()
    script = (
        "import json, sys; from tests.benchmarks.tui import _rss_child; "
        f"print(json.dumps(_rss_child({mode!r}, {n_presentations}, {seed})))"
    )
    return _child_mb(script)


def bare_peak_rss_mb() -> float:
    """Peak RSS of a fresh process running the bare app, having imported nothing but Textual."""
    return _child_mb("import runpy; runpy.run_module('tests.benchmarks.bare_app', run_name='__main__')")


def planner_peak_rss_mb(program_file: Path) -> float:
    """Peak RSS of a fresh process that opens `program_file` as `planner open` does: load, lay out, index."""
    script = f"from tests.benchmarks.tui import _open_file; print(_open_file({str(program_file)!r}))"
    return _child_mb(script)


def _child_mb(script: str) -> float:
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT)
    return float(result.stdout.strip().splitlines()[-1])


def _open_file(program_file: str) -> float:
    """Open `program_file` as `planner open FILE` does (the command's own app), headless; peak RSS in MB."""
    with tempfile.TemporaryDirectory() as folder:
        os.environ[DATA_DIR_VARIABLE] = folder  # the last program opened is remembered here, not in the reader's data
        arguments = argparse.Namespace(spec=program_file, program=None, tz=None, bookmarks=str(Path(folder) / "bookmarks.json"))
        asyncio.run(_moments(build_app(arguments), time.perf_counter()))
    return peak_rss_mb()


def _rss_child(mode: str, n_presentations: int, seed: int) -> float:
    program = synthetic_program(n_presentations, seed=seed)
    if mode == "planner":
        with tempfile.TemporaryDirectory() as folder:
            asyncio.run(_time_planner(program, Path(folder)))
    return peak_rss_mb()


def measure(
    n_presentations: int = 20_000, *, seed: int = 0, repeats: int = 3, rss: bool = True, program: Program | None = None
) -> dict[str, float]:
    """Median seconds to the bare app's first screen and to the planner's three moments; peak RSS in MB.

    `program` is opened instead of a synthetic one of `n_presentations` when given.
    """
    program = program or synthetic_program(n_presentations, seed=seed)
    n_presentations = len(program.presentations)
    bare, planner = [], []
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(repeats):
            gc.collect()  # neither side pays for the garbage the other left (an app is full of cycles)
            bare.append(asyncio.run(time_bare()))
            gc.collect()
            planner.append(asyncio.run(_time_planner(program, Path(folder))))
    figures: dict[str, float] = {"presentations": n_presentations, "bare_first_screen_s": round(statistics.median(bare), 4)}
    for moment in planner[0]:
        figures[f"planner_{moment}"] = round(statistics.median(run[moment] for run in planner), 4)
    figures["first_screen_vs_bare"] = round(figures["planner_first_screen_s"] / figures["bare_first_screen_s"], 2)
    figures["rows_shown_vs_bare"] = round(figures["planner_rows_shown_s"] / figures["bare_first_screen_s"], 2)
    if rss:
        for mode in ("bare", "program", "planner"):
            figures[f"peak_rss_{mode}_mb"] = _peak_rss_mb(mode, n_presentations, seed)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time the TUI's first screen on a synthetic program against a bare Textual app.")
    parser.add_argument("n", type=int, nargs="?", default=20_000, metavar="N", help="presentations (default 20000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-rss", action="store_true", help="skip the peak-memory processes")
    arguments = parser.parse_args(argv)
    for name, value in measure(arguments.n, seed=arguments.seed, repeats=arguments.repeats, rss=not arguments.no_rss).items():
        print(f"{name:<28} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
