"""The timeline's layout: items that overlap stand side by side, touching ones share a lane, groups are independent."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from planner.program.times import TimeRange
from planner.tui.widgets.day_timeline import STEP, TimelineItem, place


def item(key: str, start: int, end: int) -> TimelineItem:
    """An item from minute `start` to minute `end` of a day."""
    day = datetime(2026, 3, 29, 9, tzinfo=UTC)
    return TimelineItem(key, key, TimeRange(day + timedelta(minutes=start), day + timedelta(minutes=end)), "want")


def lanes(items) -> dict[str, tuple[int, int]]:
    return {placed.item.key: (placed.lane, placed.lanes) for placed in place(items)}


def test_two_talks_at_once_stand_side_by_side_and_a_later_one_has_the_width_alone():
    assert lanes([item("a", 0, 60), item("b", 30, 90), item("later", 120, 150)]) == {"a": (0, 2), "b": (1, 2), "later": (0, 1)}


def test_back_to_back_talks_share_a_lane():
    assert lanes([item("a", 0, 15), item("b", 15, 30)]) == {"a": (0, 1), "b": (0, 1)}


def test_a_chain_of_overlaps_is_one_group_that_reuses_freed_lanes():
    assert lanes([item("a", 0, 60), item("b", 30, 90), item("c", 70, 100)]) == {"a": (0, 2), "b": (1, 2), "c": (0, 2)}


def test_a_zero_length_item_is_drawn_a_line_long_and_so_kept_apart():
    assert lanes([item("instant", 0, 0), item("next", 0, 10)]) == {"instant": (0, 2), "next": (1, 2)}


@given(st.lists(st.tuples(st.integers(0, 600), st.integers(0, 120)), max_size=25))
def test_no_two_boxes_drawn_at_the_same_time_share_a_lane(spans):
    items = [item(str(number), start, start + length) for number, (start, length) in enumerate(spans)]
    placed = place(items)
    assert sorted(p.item.key for p in placed) == sorted(i.key for i in items)
    for first in placed:
        assert 0 <= first.lane < first.lanes
        for second in placed:
            if first is second:
                continue
            a, b = first.item.span, second.item.span
            drawn_a = TimeRange(a.start, max(a.end, a.start + STEP))
            drawn_b = TimeRange(b.start, max(b.end, b.start + STEP))
            if drawn_a.overlaps(drawn_b):
                assert first.lane != second.lane and first.lanes == second.lanes
