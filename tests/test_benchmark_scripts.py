"""The TUI's benchmark scripts keep running (on a small program; their figures are not judged here)."""

from __future__ import annotations

from tests.benchmarks import search, tui


def test_the_search_benchmark_times_every_keystroke_of_its_queries():
    figures = search.measure(300, repeats=1)
    assert figures["keystrokes"] == len(search.keystrokes()) == sum(len(query) for query in search.QUERIES)
    assert 0 < figures["first_p50_ms"] <= figures["first_max_ms"] and figures["naive_p95_ms"] > 0


def test_the_tui_benchmark_reaches_every_moment_in_order():
    figures = tui.measure(300, repeats=1, rss=False)
    assert 0 < figures["planner_first_screen_s"] <= figures["planner_rows_shown_s"]
    assert figures["bare_first_screen_s"] > 0 and figures["planner_search_ready_s"] > 0
