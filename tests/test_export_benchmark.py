"""The export benchmark script runs and reports its figures (timings are its business, not a test's)."""

from tests.benchmarks.export import measure


def test_the_benchmark_reports_the_same_events_against_the_floor():
    figures = measure(bookmarks=40, runs=1)
    assert figures["bookmarks"] == 40 and figures["events"] >= 40
    assert figures["icalendar_floor_s"] > 0 and figures["planner_export_s"] > 0 and figures["ratio"] > 0
    # The same events: planner's file only adds its calendar header lines and the VTIMEZONE.
    assert 0 < figures["export_bytes"] - figures["floor_bytes"] < 1000
    assert set(figures) >= {"target_ratio", "met", "runs"}
