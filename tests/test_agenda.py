"""The planner's agenda answers as a plain scan of every attended slot would, through adds and removes."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from planner.bookmarks.file import Priority
from planner.program.times import TimeRange
from planner.schedule.agenda import Agenda
from planner.schedule.slots import BookedSlot, overlap, tight

MINUTE = 60 * 1_000_000
BASE = 1_700_000_000 * 1_000_000  # an hour boundary is not special to the agenda's callers


@st.composite
def slots(draw, index: int) -> BookedSlot:
    """Long and zero-length slots, posters of a few periods, across several hours."""
    start = BASE + draw(st.integers(0, 60)) * 5 * MINUTE
    end = start + draw(st.sampled_from([0, 5, 30, 120, 600])) * MINUTE
    period = draw(st.sampled_from([None, None, "posters 1", "posters 2"]))
    session = draw(st.sampled_from(["s1", "s2", "s3"]))
    span = TimeRange(datetime.fromtimestamp(start / 1e6, UTC), datetime.fromtimestamp(end / 1e6, UTC))
    room = draw(st.sampled_from([None, "A", "B"]))
    return BookedSlot(f"b{index}", "", Priority.WANT, session, session, room, span, period, False, start, end, 2)


@st.composite
def histories(draw):
    pool = [draw(slots(index)) for index in range(draw(st.integers(1, 14)))]
    steps = draw(st.lists(st.integers(0, len(pool) - 1), max_size=30))
    return pool, steps, draw(slots(99))


@given(histories(), st.sampled_from([0, 5 * MINUTE, 45 * MINUTE]))
def test_agenda_agrees_with_a_scan(history, walk):
    pool, steps, probe = history
    agenda, attended = Agenda(walk), []
    for step in steps:
        slot = pool[step]
        if any(other is slot for other in attended):
            agenda.remove(slot)
            attended = [other for other in attended if other is not slot]
        else:
            agenda.add(slot)
            attended.append(slot)
        for question in (probe, *pool):
            others = [other for other in attended if other is not question]
            if len(others) != len(attended):
                continue  # the agenda is only asked about slots it does not hold
            expected = [other for other in others if overlap(question, other)]
            assert sorted(agenda.overlapping(question), key=id) == sorted(expected, key=id)
            assert agenda.fits(question) == (not expected)
            same_session = question.poster_period is not None
            tights = [
                o for o in others if tight(question, o, walk) and not (same_session and o.poster_period == question.poster_period)
            ]
            assert sorted(agenda.tight_with(question), key=id) == sorted(tights, key=id)
            # A poster session counts once, however many of its posters are a tight change away.
            tight_solo = sum(1 for other in others if other.poster_period is None and tight(question, other, walk))
            tight_periods = {
                other.poster_period for other in others if other.poster_period is not None and tight(question, other, walk)
            }
            tight_periods.discard(question.poster_period)
            assert agenda.tight_count(question) == tight_solo + len(tight_periods)
