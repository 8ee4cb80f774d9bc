"""The benchmark scripts keep running (on a small program; their figures are not judged here)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.benchmarks import run, search, tui
from tests.conftest import ROOT


def test_the_search_benchmark_times_every_keystroke_of_its_queries():
    figures = search.measure(300, repeats=1)
    assert figures["keystrokes"] == len(search.keystrokes()) == sum(len(query) for query in search.QUERIES)
    assert 0 < figures["first_p50_ms"] <= figures["first_max_ms"] and figures["naive_p95_ms"] > 0


def test_the_tui_benchmark_reaches_every_moment_in_order():
    figures = tui.measure(300, repeats=1, rss=False)
    assert 0 < figures["planner_first_screen_s"] <= figures["planner_rows_shown_s"]
    assert figures["bare_first_screen_s"] > 0 and figures["planner_search_ready_s"] > 0


def test_the_benchmark_runner_reports_every_figure_against_its_floor():
    """The runner from a shell, on a tiny program with one run each: every figure is there, none judged."""
    script = ROOT / "tests" / "benchmarks" / "run.py"
    result = subprocess.run(
        [sys.executable, str(script), "--json", "--n", "120", "--repeats", "1"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    figures = report["figures"]
    assert {
        "load",
        "first_screen",
        "search_p95",
        "clash_small",
        "clash_growth",
        "export",
        "rss",
        "startup_help",
        "startup_list",
    } <= set(figures)
    for name, figure in figures.items():
        assert figure["value"] > 0 and figure["floor"] > 0, name
        assert figure["ratio"] == pytest.approx(figure["value"] / figure["floor"], rel=0.01), name
        assert (figure["met"] is None) == (figure["target"] == ""), name
    assert figures["clash_small"]["label"] == "clash detection 60 slots" and figures["export"]["label"].startswith(
        "export 30 bookmarks"
    )
    assert report["presentations"] == 120 and report["all_met"] == all(f["met"] for f in figures.values() if f["met"] is not None)


def test_the_runner_prints_a_table_with_a_line_per_figure():
    figures = {"load": run.Figure("program load", 300.0, "ms", 200.0, "json.loads, same file", "≤ 1.5× floor", True)}
    assert (
        run.table(figures).splitlines()[2]
        == "| program load | 300 ms | 200 ms json.loads, same file | 1.50× | ≤ 1.5× floor | yes |"
    )
