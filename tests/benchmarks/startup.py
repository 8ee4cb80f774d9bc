"""Provides the start-up cost of three commands, as whole processes against an empty interpreter.

A command should load only what it runs: `planner --help` builds the parser and nothing else, a
listing reads one normalised program file. Each case is a fresh interpreter running the console
script's entry point; the cases are interleaved so that load on the machine hits each alike, and
each is given as a median with its ratio to `python -c pass` measured in the same run.

    python tests/benchmarks/startup.py [--runs 11]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ENTRY = "from planner.cli import run; run()"
FLOOR = "python -c pass"
# The command, and the most it may take as a multiple of the floor.
COMMANDS: dict[str, tuple[list[str], float]] = {
    "planner --help": (["--help"], 8),
    "planner list --program neurips-2018": (["list", "--program", "neurips-2018"], 20),
    "planner list --program iclr-2020 --json": (["list", "--program", "iclr-2020", "--json"], 25),
}


def measure(runs: int = 11) -> dict[str, float]:
    """Median seconds of each command and of the floor, in fresh interpreters with an empty data folder."""
    cases = {FLOOR: ["-c", "pass"]} | {name: ["-c", ENTRY, *argv] for name, (argv, _) in COMMANDS.items()}
    times: dict[str, list[float]] = {name: [] for name in cases}
    with tempfile.TemporaryDirectory() as data:
        environment = os.environ | {"PLANNER_DATA_DIR": data, "COLUMNS": "100"}
        for _ in range(runs):
            for name, arguments in cases.items():
                started = time.perf_counter()
                subprocess.run([sys.executable, *arguments], cwd=ROOT, env=environment, check=True, stdout=subprocess.DEVNULL)
                times[name].append(time.perf_counter() - started)
    return {name: statistics.median(values) for name, values in times.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args(argv)
    found = measure(args.runs)
    floor = found[FLOOR]
    for name, seconds in found.items():
        most = f"(target ≤ {COMMANDS[name][1]:g}x)" if name in COMMANDS else ""
        print(f"{name:<42} {seconds * 1000:6.0f} ms  {seconds / floor:5.1f}x {most}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
