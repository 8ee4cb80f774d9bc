"""Provides the floor of the TUI benchmarks: a bare Textual app, and the peak memory of a process.

Run as a module (`python -m tests.benchmarks.bare_app`), it starts the bare app headless and
prints the process's peak RSS in MB. It imports nothing but Textual, so that figure is Textual's
own: a child that imported the planner first would count the planner's code as the floor's.
"""

from __future__ import annotations

import asyncio
import resource
import time
from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static

SIZE = (140, 40)


class BareApp(App[None]):
    """The floor: a Textual app with a header, a line of text and a footer."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("ready")
        yield Footer()


async def time_bare() -> float:
    """Seconds from the start of `run_test` to the bare app's first screen."""
    began = time.perf_counter()
    async with BareApp().run_test(size=SIZE):
        return time.perf_counter() - began  # run_test hands over once the first screen is up


def peak_rss_mb() -> float:
    """This process's peak resident memory so far, in MB."""
    # VmHWM, not ru_maxrss: a child started by a big parent inherits the parent's ru_maxrss.
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


if __name__ == "__main__":
    asyncio.run(time_bare())
    print(peak_rss_mb())
