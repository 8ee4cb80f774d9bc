"""The planner: pins honoured, priorities weighed, exact where small (checked by enumeration), sound beyond."""

from __future__ import annotations

from datetime import timedelta
from itertools import combinations, product

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.bookmarks.file import Priority
from planner.bookmarks.store import read_bookmarks, update_bookmarks
from planner.program.model import Kind
from planner.program.program_file import load_program
from planner.schedule.clashes import find_clashes
from planner.schedule.plan import Method, _exact, apply_plan, plan
from planner.schedule.slots import overlap, resolve
from tests.conftest import FIXTURES
from tests.programs import at, mark, marks, program, session, talk

WEDNESDAY = FIXTURES / "iclr2020_wednesday_excerpt.json"
PAPER = "rJxbJeHFPS"


@pytest.fixture(scope="module")
def wednesday():
    return load_program(WEDNESDAY)


def test_plan_moves_the_pinned_paper_to_its_free_slot_and_leaves_no_overlap(wednesday):
    bookmarks = marks(mark("the-rl-social"), mark(PAPER, slot="wed-session-4"))
    result = plan(wednesday, bookmarks)
    assert result.method is Method.EXACT and result.missed == ()
    assert result.chosen == {PAPER: "wed-session-1", "the-rl-social": "the-rl-social"}
    moved = next(choice for choice in result.choices if choice.bookmark.id == PAPER)
    assert moved.moved_pin and moved.changed
    assert find_clashes(wednesday, bookmarks, chosen=result.chosen).overlaps == ()


def test_keep_pins_never_moves_a_pin_and_misses_the_lower_priority_instead(wednesday):
    bookmarks = marks(mark("the-rl-social", priority=Priority.MAYBE), mark(PAPER, slot="wed-session-4", priority=Priority.MUST))
    result = plan(wednesday, bookmarks, keep_pins=True)
    assert result.chosen[PAPER] == "wed-session-4"
    assert [choice.bookmark.id for choice in result.missed] == ["the-rl-social"] and result.missed_weight == 1


def test_a_pin_is_kept_when_nothing_is_gained_by_moving_it(wednesday):
    result = plan(wednesday, marks(mark(PAPER, slot="wed-session-4"), mark("B1esx6EYvr", slot="wed-session-4")))
    assert result.chosen == {PAPER: "wed-session-4", "B1esx6EYvr": "wed-session-4"}
    assert not any(choice.changed for choice in result.choices)


def test_must_beats_want_beats_maybe():
    made = program(
        [session("morning", at(9), at(10)), session("also-morning", at(9, 30), at(10, 30)), session("noon", at(9, 45), at(11))],
        [talk("a", "morning"), talk("b", "also-morning"), talk("c", "noon")],
    )
    result = plan(
        made, marks(mark("a", priority=Priority.MAYBE), mark("b", priority=Priority.MUST), mark("c", priority=Priority.WANT))
    )
    assert [choice.bookmark.id for choice in result.choices if choice.attended] == ["b"]
    assert result.missed_weight == 3


@pytest.mark.parametrize(("pair", "attended"), [(Priority.WANT, {"x", "y"}), (Priority.MAYBE, {"z"})])
def test_weights_add_up(pair, attended):
    # z overlaps both x and y; x and y are back to back in one room. Two wants (4) outweigh a must (3); two maybes (2) do not.
    made = program(
        [
            session("x", at(9), at(10), room="A"),
            session("y", at(10), at(11), room="A"),
            session("z", at(9, 30), at(10, 30), room="A"),
        ],
        [talk("x", "x"), talk("y", "y"), talk("z", "z")],
    )
    result = plan(made, marks(mark("x", priority=pair), mark("y", priority=pair), mark("z", priority=Priority.MUST)))
    assert {choice.bookmark.id for choice in result.choices if choice.attended} == attended


def test_unscheduled_and_unknown_are_passed_through(wednesday):
    result = plan(wednesday, marks(mark("a-poster-with-no-time-yet"), mark("nowhere"), mark(PAPER)))
    assert [b.id for b in result.unscheduled] == ["a-poster-with-no-time-yet"] and [b.id for b in result.unknown] == ["nowhere"]
    assert [choice.bookmark.id for choice in result.choices] == [PAPER]


def test_apply_pins_attended_bookmarks_and_keeps_everything_else(wednesday, tmp_path):
    path = tmp_path / "bookmarks.json"
    bookmarks = marks(mark("the-rl-social"), mark(PAPER, slot="wed-session-4"), mark("nowhere"), conference="iclr-2020")
    update_bookmarks(path, "iclr-2020", lambda _: bookmarks)
    update_bookmarks(path, "iclr-2020", lambda current: apply_plan(current, plan(wednesday, current)))
    saved = read_bookmarks(path, "iclr-2020")
    assert [(b.id, b.slot) for b in saved.bookmarks] == [
        ("the-rl-social", "the-rl-social"),
        (PAPER, "wed-session-1"),
        ("nowhere", None),
    ]
    assert saved.owner == bookmarks.owner
    again = plan(wednesday, saved)
    assert apply_plan(saved, again) is saved  # nothing left to change: the file is not rewritten


# --- optimality and soundness ------------------------------------------------------------------


@st.composite
def small_cases(draw):
    """Up to seven bookmarks, one or two slots each, on an hour-long grid crowded enough to clash."""
    sessions = []
    for index in range(draw(st.integers(1, 6))):
        start = at(9, 10 * draw(st.integers(0, 9)))
        length = timedelta(minutes=draw(st.sampled_from([0, 10, 20, 30, 60])))
        kind = draw(st.sampled_from([Kind.POSTER, Kind.ORAL]))
        sessions.append(session(f"s{index}", start, start + length, kind=kind, room=draw(st.sampled_from([None, "A"]))))
    presentations, bookmarks = [], []
    for index in range(draw(st.integers(1, 7))):
        names = draw(st.lists(st.sampled_from([s.id for s in sessions]), min_size=1, max_size=2, unique=True))
        presentations.append(talk(f"p{index}", *names, kind=draw(st.sampled_from([Kind.POSTER, Kind.ORAL]))))
        pin = draw(st.sampled_from([None, None, *names]))
        bookmarks.append(mark(f"p{index}", slot=pin, priority=draw(st.sampled_from(list(Priority)))))
    return program(sessions, presentations), marks(*bookmarks)


def best_by_enumeration(made, bookmarks, *, keep_pins: bool) -> int:
    """The least missed weight over every way of choosing a slot (or none) for every bookmark."""
    items = resolve(made, bookmarks).bookmarked
    choices = [((item.pinned,) if keep_pins and item.pinned else item.options) + (None,) for item in items]
    best = sum(item.weight for item in items)
    for picked in product(*choices):
        attended = [slot for slot in picked if slot is not None]
        if any(overlap(a, b) for a, b in combinations(attended, 2)):
            continue
        best = min(best, sum(item.weight for item, slot in zip(items, picked, strict=True) if slot is None))
    return best


def assert_sound(made, bookmarks, result, *, keep_pins: bool) -> None:
    attended = [choice.slot for choice in result.choices if choice.attended]
    assert not any(overlap(a, b) for a, b in combinations(attended, 2))
    items = {item.id: item for item in resolve(made, bookmarks).bookmarked}
    for choice in result.choices:
        item = items[choice.bookmark.id]
        assert choice.slot in item.options
        if keep_pins and item.pinned is not None:
            assert choice.slot == item.pinned
        if not choice.attended:
            # Missed only when every slot it could take is in the way of something attended.
            allowed = (item.pinned,) if keep_pins and item.pinned else item.options
            assert all(any(overlap(option, slot) for slot in attended) for option in allowed)


@given(small_cases(), st.booleans())
def test_exact_plan_misses_no_more_than_the_best_possible(case, keep_pins):
    made, bookmarks = case
    result = plan(made, bookmarks, keep_pins=keep_pins)
    assert result.method is Method.EXACT
    assert result.missed_weight == best_by_enumeration(made, bookmarks, keep_pins=keep_pins)
    assert_sound(made, bookmarks, result, keep_pins=keep_pins)


@given(small_cases(), st.booleans())
def test_branch_and_bound_alone_finds_the_best(case, keep_pins):
    # Without the heuristic's plan to start from, so the search itself is what is checked.
    made, bookmarks = case
    items = list(resolve(made, bookmarks).bookmarked)
    candidates = {item.id: (item.pinned,) if keep_pins and item.pinned else item.options for item in items}
    found = _exact(items, candidates, 5 * 60 * 10**6, 10**6, dict.fromkeys(candidates))
    attended = [slot for slot in found.values() if slot is not None]
    assert not any(overlap(a, b) for a, b in combinations(attended, 2))
    missed = sum(item.weight for item in items if found[item.id] is None)
    assert missed == best_by_enumeration(made, bookmarks, keep_pins=keep_pins)


def test_heuristic_brings_in_two_posters_of_one_session_over_one_talk():
    made = program(
        [session("posters", at(9), at(9, 20), kind=Kind.POSTER), session("flash", at(9), at(9))],
        [talk("p0", "posters", kind=Kind.POSTER), talk("p1", "posters", kind=Kind.POSTER), talk("t", "flash")],
    )
    bookmarks = marks(*(mark(name, priority=Priority.MUST) for name in ("p0", "p1", "t")))
    for limit in (0, 16):
        result = plan(made, bookmarks, exact_limit=limit)
        assert [choice.bookmark.id for choice in result.missed] == ["t"]


@given(small_cases(), st.booleans())
def test_heuristic_plan_is_sound_and_says_so(case, keep_pins):
    made, bookmarks = case
    result = plan(made, bookmarks, keep_pins=keep_pins, exact_limit=0)
    assert result.method is Method.HEURISTIC and result.exact_groups == 0
    assert result.missed_weight >= best_by_enumeration(made, bookmarks, keep_pins=keep_pins)
    assert_sound(made, bookmarks, result, keep_pins=keep_pins)


def test_a_search_that_runs_out_of_budget_falls_back_to_the_heuristic():
    # Twelve talks at one time, each also shown at a time of its own: only the budget stops the search.
    sessions = [session("crowd", at(9), at(10))] + [session(f"alone-{i}", at(11 + i), at(11 + i, 30)) for i in range(12)]
    made = program(sessions, [talk(f"t{i}", "crowd", f"alone-{i}") for i in range(12)])
    bookmarks = marks(*(mark(f"t{i}") for i in range(12)))
    result = plan(made, bookmarks, budget=10)
    assert result.method is Method.HEURISTIC and result.missed == ()
    assert plan(made, bookmarks).method is Method.EXACT


def test_large_plans_use_the_heuristic_and_miss_nothing_avoidable():
    # 300 papers, each in two of 40 poster-or-talk sessions: one group far larger than the exact limit.
    sessions = [session(f"s{i}", at(8, 20 * i), at(8, 20 * i + 30), kind=Kind.ORAL) for i in range(40)]
    presentations = [talk(f"p{i}", f"s{i % 40}", f"s{(i * 7 + 3) % 40}") for i in range(300)]
    made = program(sessions, presentations)
    bookmarks = marks(*(mark(f"p{i}", priority=list(Priority)[i % 3]) for i in range(300)))
    result = plan(made, bookmarks)
    assert result.method is Method.HEURISTIC
    assert_sound(made, bookmarks, result, keep_pins=False)
