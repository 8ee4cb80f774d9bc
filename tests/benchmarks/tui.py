"""Provides the TUI benchmark: time to first screen on a 20,000-paper program against a bare Textual app.

Both apps run headless in the same process, one after the other, several times; the figures are
medians. For the planner three moments are timed from the start of `run_test`: the first screen
(the browser drawn, the list saying it is laying the program out), the rows shown, and search
ready (the index built). Peak RSS (VmHWM, Linux) is measured in fresh processes: a bare app, the program alone
(the data every front end pays for), and the planner with its rows and index.

Run: `python tests/benchmarks/tui.py [N] [--seed S] [--repeats R] [--no-rss]`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

if not __package__:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run as a script from a checkout

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static

from planner.timetable import SlotRow
from planner.model import Program
from planner.times import zone
from planner.tui.app import PlannerApp, create_app
from planner.tui.widgets.program_list import ProgramList
from tests.benchmarks.synthetic import synthetic_program

SIZE = (140, 40)


class BareApp(App[None]):
    """The floor: a Textual app with a header, a line of text and a footer."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("ready")
        yield Footer()


def _planner(program: Program, folder: Path) -> PlannerApp:
    return create_app(
        program,
        bookmark_path=lambda conference: folder / f"{conference}.json",
        clock=lambda: datetime(2026, 3, 1, tzinfo=UTC),
        your_zone=zone("UTC"),
    )


async def _time_bare() -> float:
    began = time.perf_counter()
    async with BareApp().run_test(size=SIZE):
        return time.perf_counter() - began  # run_test hands over once the first screen is up


async def _time_planner(program: Program, folder: Path) -> dict[str, float]:
    began = time.perf_counter()
    app = _planner(program, folder)
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
    script = (
        "import json, sys; from tests.benchmarks.tui import _rss_child; "
        f"print(json.dumps(_rss_child({mode!r}, {n_presentations}, {seed})))"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=Path(__file__).resolve().parents[2])
    return json.loads(result.stdout.strip().splitlines()[-1])


def _rss_child(mode: str, n_presentations: int, seed: int) -> float:
    if mode == "bare":
        asyncio.run(_time_bare())
    else:
        program = synthetic_program(n_presentations, seed=seed)
        if mode == "planner":
            with tempfile.TemporaryDirectory() as folder:
                asyncio.run(_time_planner(program, Path(folder)))
    # VmHWM, not ru_maxrss: a child started by a big parent inherits the parent's ru_maxrss.
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def measure(n_presentations: int = 20_000, *, seed: int = 0, repeats: int = 3, rss: bool = True) -> dict[str, float]:
    """Median seconds to the bare app's first screen and to the planner's three moments; peak RSS in MB."""
    program = synthetic_program(n_presentations, seed=seed)
    bare, planner = [], []
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(repeats):
            bare.append(asyncio.run(_time_bare()))
            planner.append(asyncio.run(_time_planner(program, Path(folder))))
    figures: dict[str, float] = {"presentations": n_presentations, "bare_first_screen_s": round(statistics.median(bare), 3)}
    for moment in planner[0]:
        figures[f"planner_{moment}"] = round(statistics.median(run[moment] for run in planner), 3)
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
