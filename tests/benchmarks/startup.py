"""Provides the start-up cost of a command, and what loading icalendar up front would add to it.

Every command imports the importer registry, so whatever the importers import at module level is
paid by `planner list` too. icalendar is loaded only when an .ics is read; this measures what
it would cost every command otherwise. Fresh interpreters, interleaved so that load on the
machine hits every case alike; medians, and ratios to an empty interpreter measured in the same run.

    python tests/benchmarks/startup.py [--runs 21]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LIST = "import planner.cli; planner.cli.main(['list', '--program', 'neurips-2018', '--json'])"
CASES = {
    "empty interpreter": "pass",
    "planner list": LIST,
    "planner list, icalendar loaded first": f"import icalendar; {LIST}",
}


def measure(runs: int) -> dict[str, float]:
    times: dict[str, list[float]] = {name: [] for name in CASES}
    for _ in range(runs):
        for name, code in CASES.items():
            started = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
            times[name].append(time.perf_counter() - started)
    return {name: statistics.median(values) for name, values in times.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args(argv)
    found = measure(args.runs)
    floor = found["empty interpreter"]
    for name, seconds in found.items():
        print(f"{name:<38} {seconds * 1000:6.0f} ms  {seconds / floor:5.1f}x")
    extra = found["planner list, icalendar loaded first"] - found["planner list"]
    print(f"icalendar up front would add {extra * 1000:.0f} ms ({extra / found['planner list']:.0%}) to every command")
    return 0


if __name__ == "__main__":
    sys.exit(main())
