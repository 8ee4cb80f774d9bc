"""Provides the benchmark runner: every performance target of the project, measured against a floor in the same run.

    python tests/benchmarks/run.py [--json] [--n N] [--repeats R]

Each figure is a median of several runs, and is given with a floor measured in the same run, in
the same process state, and their ratio, so that a slower or busier machine moves both sides:

1. program load: `load_program` of the synthetic program's file against `json.loads` of the same
   file, each in a fresh interpreter that has imported the same modules (the collector's state
   after a big allocation moves an in-process ratio by half), in CPU time; the floor gets the
   same collector pause as the loader gives itself;
2. the TUI's first screen (headless `run_test`) on that program against a bare Textual app, in
   one process; also when the program's rows are on screen, and when search is ready;
3. search per keystroke, p50 and p95 over every prefix of realistic queries, against a naive
   lowercase substring scan: the first screenful of results (what the list shows as a key is
   typed) and the complete answer (which follows off the UI thread);
4. clash detection (the sweep) over 10k and 20k bookmarked slots against sorting them, and its
   growth; also the whole `planner clashes` report;
5. the .ics export of 5,000 bookmarks against icalendar building and serialising the same events;
6. peak RSS of `planner open FILE` (headless, until the rows and the search index are there)
   against a bare Textual app, each in a process of its own that imported only what it runs;
7. discovery (tests/benchmarks/similar.py): precision@10 of "papers like this one" on ICLR 2020
   with its keywords held out, against random pairs and a plain TF-IDF cosine, and with each
   signal turned off; building the index (in this process, and first in a fresh one, as the TUI
   does), `similar` and `suggest` from 50 bookmarks, in CPU time.
8. start-up of `planner --help` and two listings, whole processes against `python -c pass`;
9. following a program: an update after 1% of its feed changed against a plain import of the
   same feed, and the comparison of the two versions alone (tests/benchmarks/update.py);
10. `planner now` once the program is loaded (laid out by start, answered for 200 bookmarks,
   printed), at most 50 ms, against a plain pass over the sessions.

`--n` sets the program's size (default 20,000): clash detection uses n/2 and n slots, the export
n/4 bookmarks. `--json` prints one object; otherwise a table. Targets are for a 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

if not __package__:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run as a script from a checkout

from planner.program.memory import settle
from planner.program.model import Program
from planner.program.program_file import load_program, save_program
from tests.benchmarks import clashes, export, feed_memory, now, search, serve, similar, startup, tui, update
from tests.benchmarks.synthetic import synthetic_program

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Figure:
    """One line of the report: what was measured, against what, and whether it meets its target."""

    label: str
    value: float
    unit: str
    floor: float | None
    floor_label: str
    target: str
    """The target as the issue states it; empty for a figure shown for context."""
    met: bool | None
    """None for a figure without a target."""

    @property
    def ratio(self) -> float | None:
        return self.value / self.floor if self.floor else None


def _ratio_target(value: float, floor: float, most: float) -> tuple[str, bool]:
    return f"≤ {most:g}× floor", value / floor <= most


def load_figures(program_file: Path, repeats: int = 7) -> dict[str, Figure]:
    """Program load against json.loads, each run in a fresh interpreter, the two interleaved."""
    loads, floors = [], []
    for _ in range(repeats):
        floors.append(_child_seconds("json", program_file))
        loads.append(_child_seconds("load", program_file))
    value, floor = statistics.median(loads), statistics.median(floors)
    target, met = _ratio_target(value, floor, 1.5)
    return {"load": Figure("program load", value * 1000, "ms", floor * 1000, "json.loads, same file", target, met)}


# One side of the load figure, in a fresh interpreter that imports the loader and nothing else.
# CPU seconds: on a machine shared with other work, waiting for a core is not the loader's cost.
_LOAD_CHILD = """
import gc, json, sys, time
from pathlib import Path
from planner.program.program_file import load_program
side, path = sys.argv[1], Path(sys.argv[2])
began = time.process_time()
if side == "load":
    load_program(path)
else:
    gc.disable()  # load_program pauses the collector while it builds; the floor gets the same
    json.loads(path.read_bytes())
print(time.process_time() - began)
"""


def _child_seconds(side: str, program_file: Path) -> float:
    command = [sys.executable, "-c", _LOAD_CHILD, side, str(program_file)]
    result = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)
    return float(result.stdout.strip().splitlines()[-1])


def tui_figures(program: Program, repeats: int = 5) -> dict[str, Figure]:
    found = tui.measure(repeats=repeats, rss=False, program=program)
    bare = found["bare_first_screen_s"] * 1000
    first = found["planner_first_screen_s"] * 1000
    target, met = _ratio_target(first, bare, 1.5)
    return {
        "first_screen": Figure("TUI first screen", first, "ms", bare, "bare Textual app", target, met),
        "rows_shown": Figure(
            "TUI rows on screen", found["planner_rows_shown_s"] * 1000, "ms", bare, "bare Textual app", "", None
        ),
        "search_ready": Figure(
            "TUI search ready", found["planner_search_ready_s"] * 1000, "ms", bare, "bare Textual app", "", None
        ),
    }


def search_figures(program: Program, repeats: int = 5) -> dict[str, Figure]:
    found = search.measure(repeats=repeats, program=program)
    naive = "naive substring scan"
    return {
        "search_p50": Figure("search per keystroke p50", found["first_p50_ms"], "ms", found["naive_p50_ms"], naive, "", None),
        "search_p95": Figure(
            "search per keystroke p95",
            found["first_p95_ms"],
            "ms",
            found["naive_p95_ms"],
            naive,
            "≤ 10 ms",
            found["first_p95_ms"] <= 10,
        ),
        "search_whole_p95": Figure(
            "search complete answer p95", found["whole_p95_ms"], "ms", found["naive_p95_ms"], naive, "", None
        ),
    }


def clash_figures(n: int, repeats: int = clashes.REPEATS) -> dict[str, Figure]:
    small, large = max(n // 2, 1), max(n, 2)
    found = clashes.measure((small, large), repeats)
    sort = "sorting the same slots"
    return {
        "clash_small": Figure(
            f"clash detection {small:,} slots", found[f"n{small}_sweep_ms"], "ms", found[f"n{small}_floor_ms"], sort,
            "≤ 50 ms", found[f"n{small}_sweep_ms"] <= 50,
        ),
        "clash_large": Figure(f"clash detection {large:,} slots", found[f"n{large}_sweep_ms"], "ms", found[f"n{large}_floor_ms"], sort, "", None),
        "clash_growth": Figure(
            f"clash growth t({large:,})/t({small:,})", found["sweep_growth"], "×", found["floor_growth"], "growth of the sort",
            "≤ 2.3", found["sweep_growth"] <= 2.3,
        ),
        "clash_report": Figure(
            f"clash report {small:,} slots", found[f"n{small}_find_clashes_ms"], "ms", found[f"n{small}_floor_ms"], sort, "", None
        ),
    }  # fmt: skip


def now_figures(program: Program, repeats: int = now.REPEATS) -> dict[str, Figure]:
    found = now.measure(repeats=repeats, program=program)
    value, target = found["now_ms"], f"≤ {now.TARGET_MS:g} ms"
    floor = "a pass over the sessions"
    return {"now": Figure("now and next (planner now)", value, "ms", found["floor_ms"], floor, target, value <= now.TARGET_MS)}


def export_figures(bookmarks: int, repeats: int = 5) -> dict[str, Figure]:
    found = export.measure(bookmarks, repeats)
    value, floor = found["planner_export_s"] * 1000, found["icalendar_floor_s"] * 1000
    return {
        "export": Figure(
            f"export {bookmarks:,} bookmarks (.ics)", value, "ms", floor, "icalendar, same events", f"≤ {export.TARGET_RATIO:g}× floor",
            value / floor <= export.TARGET_RATIO,
        )
    }  # fmt: skip


def update_figures(n: int, repeats: int = 5) -> dict[str, Figure]:
    found = update.measure(n, repeats)
    value, floor = found["update_s"] * 1000, found["import_s"] * 1000
    return {
        "update": Figure(
            f"update after 1% changed ({n:,})", value, "ms", floor, "plain import, same feed", f"≤ {update.UPDATE_TARGET_RATIO:g}× floor",
            value / floor <= update.UPDATE_TARGET_RATIO,
        ),
        "update_diff": Figure(
            "changes between versions", found["diff_ms"], "ms", floor, "plain import, same feed", f"≤ {update.DIFF_TARGET_MS:g} ms",
            found["diff_ms"] <= update.DIFF_TARGET_MS,
        ),
    }  # fmt: skip


def serve_figures(bookmarks: int = 500, papers: int = 2_000, repeats: int = 5) -> dict[str, Figure]:
    found = serve.measure(bookmarks, requests=40 * repeats, papers=papers)
    floor, label = found["static_floor_p95_ms"], "a static file, same server"
    return {
        "serve_changed": Figure(
            f"calendar feed {bookmarks} bookmarks, rebuilt p95", found["changed_p95_ms"], "ms", floor, label, "", None
        ),
        "serve_warm": Figure(
            f"calendar feed {bookmarks} bookmarks, warm p95", found["unchanged_p95_ms"], "ms", floor, label,
            f"≤ {serve.CHANGED_TARGET_MS:g} ms", found["unchanged_p95_ms"] <= serve.CHANGED_TARGET_MS,
        ),
        "serve_304": Figure(
            "calendar feed revalidation (304) p95", found["not_modified_p95_ms"], "ms", floor, label,
            f"≤ {serve.NOT_MODIFIED_TARGET_MS:g} ms", found["not_modified_p95_ms"] <= serve.NOT_MODIFIED_TARGET_MS,
        ),
    }  # fmt: skip


def rss_figures(program_file: Path) -> dict[str, Figure]:
    bare, planner = tui.bare_peak_rss_mb(), tui.planner_peak_rss_mb(program_file)
    target, met = _ratio_target(planner, bare, 2)
    return {"rss": Figure("TUI peak RSS", planner, "MB", bare, "bare Textual app", target, met)}


def discovery_figures(program: Program, repeats: int = 3) -> dict[str, Figure]:
    found, timed = similar.quality(), similar.speed(program, repeats=repeats)
    model, plain, size = found["model"], found["plain tf-idf"], f"{len(program.presentations):,}"
    first = similar.first_build_ms(len(program.presentations))  # as the TUI's: numpy loaded and first used
    figures = {
        "similar_quality": Figure(
            "similar precision@10, ICLR 2020, keywords held out",
            model,
            "",
            plain,
            "plain TF-IDF cosine",
            "≥ 0.70 and above floor",
            model >= 0.70 and model > plain,
        ),
        "similar_random": Figure("similar precision@10 of random pairs", found["random pairs"], "", model, "the model", "", None),
    }
    for name in similar.ABLATIONS:
        key = "similar_" + name.replace(" ", "_").replace("-", "_")
        figures[key] = Figure(f"similar precision@10, {name}", found[name], "", model, "the model", "", None)
    return figures | {
        "similar_build": Figure(
            f"discovery index build {size} (CPU)", timed["build_ms"], "ms", timed["counting_ms"], "counting the words",
            "≤ 3000 ms", timed["build_ms"] <= 3000,
        ),
        "similar_first_build": Figure(
            f"discovery index first build {size}, fresh process (CPU)", first, "ms", timed["counting_ms"],
            "counting the words", "≤ 3000 ms", first <= 3000,
        ),
        "similar_p95": Figure(
            f"similar per query p95 at {size} (CPU)", timed["similar_p95_ms"], "ms", timed["plain_query_ms"], "plain TF-IDF query",
            "≤ 20 ms", timed["similar_p95_ms"] <= 20,
        ),
        "suggest_p95": Figure(
            f"suggest from {similar.SUGGEST_FROM} bookmarks p95 at {size} (CPU)", timed["suggest_p95_ms"], "ms",
            timed["one_by_one_ms"], "one similar per bookmark", "≤ 150 ms", timed["suggest_p95_ms"] <= 150,
        ),
    }  # fmt: skip


def startup_figures(repeats: int = 9) -> dict[str, Figure]:
    """Whole commands in fresh interpreters against an empty one, interleaved (tests/benchmarks/startup.py)."""
    found = startup.measure(repeats)
    floor = found[startup.FLOOR]
    figures = {}
    for key, (name, (_, most)) in zip(
        ("startup_help", "startup_list", "startup_list_json"), startup.COMMANDS.items(), strict=True
    ):
        target, met = _ratio_target(found[name], floor, most)
        figures[key] = Figure(f"start-up: {name}", found[name] * 1000, "ms", floor * 1000, startup.FLOOR, target, met)
    return figures


def measure(n: int = 20_000, repeats: int | None = None) -> dict[str, Figure]:
    """Every figure, in the order of the report; `repeats` overrides each benchmark's own number of runs."""
    runs = {} if repeats is None else {"repeats": repeats}
    figures: dict[str, Figure] = {}
    with tempfile.TemporaryDirectory() as folder:
        program_file = Path(folder) / "synthetic.json"
        save_program(synthetic_program(n), program_file)
        figures |= load_figures(program_file, **runs)
        rss = rss_figures(program_file)
        program = load_program(program_file)
    settle()  # as `planner open` does once its program is loaded
    figures |= tui_figures(program, **runs)
    figures |= search_figures(program, **runs)
    figures |= now_figures(program, **runs)
    figures |= discovery_figures(program, **runs)
    del program
    figures |= clash_figures(n, **runs)
    figures |= export_figures(max(n // 4, 1), **runs)
    figures |= serve_figures(min(500, n), min(2_000, n), **runs)
    figures |= update_figures(n, **runs)
    found = feed_memory.measure(n)
    figures["feed_memory"] = Figure(
        f"import a {found['file_mb']:.0f} MB frab feed (peak RSS)", found["import_peak_mb"] - found["floor_mb"], "MB",
        found["file_mb"], "the file's size", f"≤ {feed_memory.TARGET_RATIO}× floor", bool(found["met"]),
    )  # fmt: skip
    figures |= startup_figures(**runs)
    return figures | rss


def report(figures: dict[str, Figure], *, n: int, seconds: float) -> dict:
    """The JSON object: every figure with its floor, ratio, target and whether it is met."""
    return {
        "presentations": n,
        "cores": os.cpu_count(),
        "load_average": [round(load, 2) for load in os.getloadavg()],
        "seconds": round(seconds, 1),
        "all_met": all(figure.met for figure in figures.values() if figure.met is not None),
        "figures": {
            name: {**asdict(figure), "ratio": _round(figure.ratio)} | _rounded(figure) for name, figure in figures.items()
        },
    }


def _rounded(figure: Figure) -> dict[str, float | None]:
    return {"value": _round(figure.value), "floor": _round(figure.floor)}


def _round(number: float | None) -> float | None:
    return None if number is None else float(f"{number:.4g}")  # four significant digits


def table(figures: dict[str, Figure]) -> str:
    """The report as a Markdown table, as the README shows it."""
    lines = ["| figure | value | floor | ratio | target | met |", "|---|---:|---|---:|---|---|"]
    for figure in figures.values():
        value = _amount(figure.value, figure.unit)
        floor = f"{_amount(figure.floor, figure.unit)} {figure.floor_label}" if figure.floor is not None else ""
        ratio = f"{figure.ratio:.2f}×" if figure.ratio is not None and figure.unit != "×" else ""
        met = {True: "yes", False: "**no**", None: ""}[figure.met]
        lines.append(f"| {figure.label} | {value} | {floor} | {ratio} | {figure.target} | {met} |")
    return "\n".join(lines)


def _amount(number: float, unit: str) -> str:
    if unit == "":
        return f"{number:.3f}"
    if unit == "×":
        return f"{number:.2f}×"
    digits = 2 if number < 10 else 1 if number < 100 else 0
    return f"{number:,.{digits}f} {unit}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Measure every performance target against its floor.")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    parser.add_argument(
        "--n", type=int, default=20_000, metavar="N", help="presentations in the synthetic program (default 20000)"
    )
    parser.add_argument(
        "--repeats", type=int, metavar="R", help="runs of every timing, the median counting (default: 5 to 9, by benchmark)"
    )
    arguments = parser.parse_args(argv)
    if arguments.n < 2 or (arguments.repeats is not None and arguments.repeats < 1):
        parser.error("--n must be at least 2 and --repeats at least 1")
    began = time.perf_counter()
    figures = measure(arguments.n, arguments.repeats)
    seconds = time.perf_counter() - began
    if arguments.json:
        print(json.dumps(report(figures, n=arguments.n, seconds=seconds), indent=1, ensure_ascii=False))
    else:
        load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
        print(f"{arguments.n:,} presentations; {os.cpu_count()} cores, load average {load}; {seconds:.0f} s\n")
        print(table(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
