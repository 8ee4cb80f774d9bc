"""Provides the search benchmark: how long each keystroke of a search takes on a 20,000-paper program.

Every prefix of a few realistic queries is typed, as a person would; each is answered by the
index (planner.search_index) and, as the floor, by a naive lowercase substring scan over the
same text, in the same run. Figures are the median of several repeats of each keystroke, then
p50/p95 over the keystrokes. "first" is what the browser shows at once — the first screenful of
results (FIRST_PAGE), laid out as rows; "whole" is the complete ranked answer, which the browser
fills in right after, off the UI thread.

Run: `python tests/benchmarks/search.py [N] [--seed S] [--repeats R]`.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

if not __package__:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run as a script from a checkout

from planner.program.model import Program
from planner.schedule.timetable import Timetable
from planner.search.finding import searchable_text
from planner.search.index import FIRST_PAGE, SearchIndex
from tests.benchmarks.bookmarks import median_seconds
from tests.benchmarks.synthetic import synthetic_program

QUERIES = (
    "graph neural networks",
    "diffusion models",
    "contrastive learning for machine translation",
    "raphaël müller",
    "variational inference",
    "reinforcement learning from human feedback",
    "neural operators",
    "uncertainty quantification",
)


def keystrokes(queries: tuple[str, ...] = QUERIES) -> list[str]:
    """The text in the search box after each key: every prefix of every query."""
    return [query[:end] for query in queries for end in range(1, len(query) + 1)]


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(
    n_presentations: int = 20_000, *, seed: int = 0, repeats: int = 5, program: Program | None = None
) -> dict[str, float]:
    """Per-keystroke latency of the index and of the naive floor, in milliseconds, and the index's build time.

    `program` is searched instead of a synthetic one of `n_presentations` when given.
    """
    program = program or synthetic_program(n_presentations, seed=seed)
    n_presentations = len(program.presentations)
    began = time.perf_counter()
    index = SearchIndex.of(program)
    build = time.perf_counter() - began
    timetable = Timetable(program)
    haystacks = [searchable_text(presentation).lower() for presentation in program.presentations]

    def naive(text: str) -> list[int]:
        words = text.lower().split()
        return [number for number, haystack in enumerate(haystacks) if all(word in haystack for word in words)]

    typed = keystrokes()
    first = [
        median_seconds(lambda text=text: timetable.ranked(index.search(text, limit=FIRST_PAGE)), repeats) * 1000 for text in typed
    ]
    whole = [median_seconds(lambda text=text: timetable.ranked(index.search(text)), repeats) * 1000 for text in typed]
    scanned = [median_seconds(lambda text=text: naive(text), repeats) * 1000 for text in typed]
    index.close()
    figures: dict[str, float] = {"presentations": n_presentations, "keystrokes": len(typed), "index_build_s": round(build, 2)}
    for name, times in (("first", first), ("whole", whole), ("naive", scanned)):
        figures[f"{name}_p50_ms"] = round(_percentile(times, 0.5), 2)
        figures[f"{name}_p95_ms"] = round(_percentile(times, 0.95), 2)
        figures[f"{name}_max_ms"] = round(max(times), 2)
    figures["first_p95_vs_naive_p95"] = round(figures["first_p95_ms"] / figures["naive_p95_ms"], 3)
    figures["whole_p95_vs_naive_p95"] = round(figures["whole_p95_ms"] / figures["naive_p95_ms"], 3)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time each keystroke of a search on a synthetic program.")
    parser.add_argument("n", type=int, nargs="?", default=20_000, metavar="N", help="presentations (default 20000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeats", type=int, default=5, help="times each keystroke is run; the median counts")
    arguments = parser.parse_args(argv)
    for name, value in measure(arguments.n, seed=arguments.seed, repeats=arguments.repeats).items():
        print(f"{name:<20} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
