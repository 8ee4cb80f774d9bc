"""Clash detection: the attendees' rules on hand-made programs, and the sweep against a brute-force oracle."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import combinations
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.bookmarks.file import Priority
from planner.program.model import Kind, Program
from planner.program.program_file import load_program
from planner.program.times import TimeRange
from planner.schedule.clashes import ClashKind, find_clashes
from planner.schedule.slots import BookedSlot, sweep
from tests.conftest import FIXTURES, ROOT
from tests.programs import at, mark, marks, program, session, talk

WEDNESDAY = FIXTURES / "iclr2020_wednesday_excerpt.json"
PAPER = "rJxbJeHFPS"  # What Can Neural Networks Reason About? (Wed Session 1 and Wed Session 4)


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.fixture(scope="module")
def wednesday() -> Program:
    return load_program(WEDNESDAY)


# --- the ICLR 2020 facts, on a hand-made excerpt -----------------------------------------------


def test_social_and_pinned_paper_overlap_once_with_the_other_slot_as_remedy(wednesday):
    report = find_clashes(wednesday, marks(mark("the-rl-social"), mark(PAPER, slot="wed-session-4"), conference="iclr-2020"))
    assert len(report.overlaps) == 1 and report.tight == () and report.crowded == ()
    clash = report.overlaps[0]
    assert clash.kind is ClashKind.OVERLAP and clash.bookmarks == (PAPER, "the-rl-social")
    assert (clash.first.span, clash.second.span) == (
        TimeRange(utc("2020-04-29T17:00"), utc("2020-04-29T19:00")),
        TimeRange(utc("2020-04-29T18:00"), utc("2020-04-29T20:00")),
    )
    assert clash.shared == TimeRange(utc("2020-04-29T18:00"), utc("2020-04-29T19:00"))
    moves = [remedy for remedy in clash.remedies if remedy.action == "move"]
    assert [(move.bookmark, move.slot.session, move.slot.span, move.tight) for move in moves] == [
        (PAPER, "wed-session-1", TimeRange(utc("2020-04-29T05:00"), utc("2020-04-29T07:00")), False)
    ]
    # Same priority: either may be kept.
    assert {(r.bookmark, r.over) for r in clash.remedies if r.action == "keep"} == {
        (PAPER, "the-rl-social"),
        ("the-rl-social", PAPER),
    }


def test_keep_remedy_names_the_higher_priority(wednesday):
    bookmarks = marks(mark("the-rl-social", priority=Priority.MAYBE), mark(PAPER, slot="wed-session-4", priority=Priority.MUST))
    (clash,) = find_clashes(wednesday, bookmarks).overlaps
    assert [(r.bookmark, r.over) for r in clash.remedies if r.action == "keep"] == [(PAPER, "the-rl-social")]


def test_unpinned_paper_counts_at_the_slot_the_planner_picks(wednesday):
    report = find_clashes(wednesday, marks(mark("the-rl-social"), mark(PAPER)))
    assert report.overlaps == () and report.tight == ()
    assert {slot.bookmark: slot.session for slot in report.counted}[PAPER] == "wed-session-1"
    assert PAPER in report.planned and "the-rl-social" in report.planned


def test_chosen_slots_override_pins(wednesday):
    bookmarks = marks(mark("the-rl-social"), mark(PAPER, slot="wed-session-4"))
    assert find_clashes(wednesday, bookmarks, chosen={PAPER: "wed-session-1"}).overlaps == ()
    # A choice that names no slot of the paper is ignored: the pin counts.
    assert len(find_clashes(wednesday, bookmarks, chosen={PAPER: "the-rl-social"}).overlaps) == 1


def test_posters_of_one_poster_session_are_crowded_not_clashing(wednesday):
    posters = [
        mark(PAPER, slot="wed-session-4"),
        mark("B1esx6EYvr", slot="wed-session-4"),
        mark("B1l4SgHKDH", slot="wed-session-4"),
    ]
    report = find_clashes(wednesday, marks(*posters))
    assert report.overlaps == () and report.tight == ()
    (crowded,) = report.crowded
    assert crowded.sessions == ("wed-session-4",) and {slot.bookmark for slot in crowded.posters} == {
        PAPER,
        "B1esx6EYvr",
        "B1l4SgHKDH",
    }
    assert crowded.per_poster == timedelta(minutes=40) and not crowded.rushed
    assert find_clashes(wednesday, marks(*posters), crowded_under=timedelta(minutes=41)).crowded[0].rushed
    assert find_clashes(wednesday, marks(*posters[:2])).crowded[0].per_poster == timedelta(minutes=60)


def test_halls_of_one_split_poster_session_are_one_poster_session():
    made = program(
        [session("posters-1a", at(10), at(12), kind=Kind.POSTER, room="Hall A"),
         session("posters-1b", at(10), at(12), kind=Kind.POSTER, room="Hall B"),
         session("posters-2a", at(11), at(13), kind=Kind.POSTER, room="Hall A")],
        [talk("in-a", "posters-1a", kind=Kind.POSTER), talk("in-b", "posters-1b", kind=Kind.POSTER),
         talk("later", "posters-2a", kind=Kind.POSTER)],
    )  # fmt: skip
    report = find_clashes(made, marks(mark("in-a"), mark("in-b")))
    assert report.clashes == ()
    (crowded,) = report.crowded
    assert crowded.sessions == ("posters-1a", "posters-1b") and crowded.title == "Posters 1A, Posters 1B"
    assert crowded.per_poster == timedelta(hours=1)
    assert [clash.bookmarks for clash in find_clashes(made, marks(mark("in-b"), mark("later"))).overlaps] == [("in-b", "later")]


def test_a_poster_and_a_social_in_the_same_hours_do_overlap(wednesday):
    report = find_clashes(wednesday, marks(mark("B1esx6EYvr", slot="wed-session-4"), mark("blackinai-meet-up")))
    assert [clash.bookmarks for clash in report.overlaps] == [("B1esx6EYvr", "blackinai-meet-up")]
    (move,) = [remedy for remedy in report.overlaps[0].remedies if remedy.action == "move"]
    assert move.slot.session == "wed-session-3"


def test_unscheduled_and_unknown_are_listed_apart(wednesday):
    bookmarks = marks(
        mark("the-rl-social"), mark(PAPER, slot="wed-session-4"), mark("a-poster-with-no-time-yet"), mark("gone-from-the-program")
    )
    report = find_clashes(wednesday, bookmarks)
    assert [b.id for b in report.unscheduled] == ["a-poster-with-no-time-yet"]
    assert [b.id for b in report.unknown] == ["gone-from-the-program"]
    assert {slot.bookmark for slot in report.counted} == {"the-rl-social", PAPER}
    assert len(report.overlaps) == 1


def test_a_pin_the_program_no_longer_has_is_reported_and_chosen_afresh(wednesday):
    report = find_clashes(wednesday, marks(mark(PAPER, slot="wed-session-5"), mark("the-rl-social")))
    assert [b.id for b in report.lost_pins] == [PAPER]
    assert {slot.bookmark: slot.session for slot in report.counted}[PAPER] == "wed-session-1"


def test_a_pin_on_a_slot_with_no_time_is_unscheduled():
    made = program(
        [session("early", at(9), at(10)), session("later", None, None)],
        [talk("paper", "early", "later"), talk("other", "early")],
    )
    report = find_clashes(made, marks(mark("paper", slot="later"), mark("other")))
    assert [b.id for b in report.unscheduled] == ["paper"] and report.overlaps == ()


def test_a_duplicated_bookmark_counts_once(wednesday):
    report = find_clashes(wednesday, [mark("the-rl-social"), mark("the-rl-social"), mark(PAPER, slot="wed-session-4")])
    assert len(report.overlaps) == 1 and len(report.counted) == 2


# --- tight changes ------------------------------------------------------------------------------


def test_back_to_back_in_different_rooms_is_tight_under_the_walking_buffer():
    made = program(
        [session("a", at(10), at(10, 30), room="Hall A"), session("b", at(10, 33), at(11), room="Hall B"),
         session("c", at(10, 30), at(11), room="Hall A")],
        [talk("first", "a"), talk("second", "b"), talk("same-room", "c")],
    )  # fmt: skip
    report = find_clashes(made, marks(mark("first"), mark("second")))
    (clash,) = report.tight
    assert clash.kind is ClashKind.TIGHT and clash.bookmarks == ("first", "second") and clash.gap == timedelta(minutes=3)
    assert report.overlaps == ()
    assert find_clashes(made, marks(mark("first"), mark("second")), walking=timedelta(minutes=3)).tight == ()
    assert find_clashes(made, marks(mark("first"), mark("second")), walking=timedelta(0)).tight == ()
    assert find_clashes(made, marks(mark("first"), mark("same-room"))).clashes == ()


def test_back_to_back_in_unnamed_rooms_of_different_sessions_is_tight():
    made = program([session("a", at(10), at(11)), session("b", at(11), at(12))], [talk("one", "a"), talk("two", "b")])
    assert [clash.gap for clash in find_clashes(made, marks(mark("one"), mark("two"))).tight] == [timedelta(0)]


def test_a_tight_change_is_remedied_only_by_a_slot_free_of_both():
    made = program(
        [session("a", at(10), at(11), room="A"), session("b", at(11, 2), at(12), room="B"),
         session("b-again", at(14), at(15), room="B"), session("b-near", at(11, 1), at(11, 50), room="C")],
        [talk("one", "a"), talk("two", "b", "b-near", "b-again")],
    )  # fmt: skip
    (clash,) = find_clashes(made, marks(mark("one"), mark("two", slot="b"))).tight
    assert [(r.bookmark, r.slot.session) for r in clash.remedies if r.action == "move"] == [("two", "b-again")]


def test_neurips_2018_one_track_back_to_back_in_one_session_has_no_clash():
    neurips = load_program(ROOT / "sessions" / "neurips-2018.json")
    everything = marks(*(mark(p.id) for p in neurips.presentations), conference="neurips-2018")
    report = find_clashes(neurips, everything)
    assert len(report.counted) == 14
    assert report.clashes == () and report.crowded == ()
    assert find_clashes(neurips, everything, walking=timedelta(hours=1)).clashes == ()


# --- the sweep against brute force ---------------------------------------------------------------

# The Berlin autumn fold (01:00Z on 27 October 2024), the spring gap (01:00Z on 31 March 2024)
# and a midnight in every zone below lie within four hours of one of these.
ANCHORS = [utc("2024-10-27T00:00"), utc("2024-03-31T00:30"), utc("2024-06-30T21:00")]
ZONES = [ZoneInfo("Europe/Berlin"), ZoneInfo("America/New_York"), ZoneInfo("Asia/Kolkata"), UTC]
LENGTHS = [0, 0, 5, 10, 30, 60, 120]


@st.composite
def instants(draw, anchor: datetime) -> tuple[datetime, datetime]:
    """A start and end near the anchor, read in some zone (so a ZoneInfo datetime may sit in a fold)."""
    start = anchor + timedelta(minutes=5 * draw(st.integers(0, 48)))
    end = start + timedelta(minutes=draw(st.sampled_from(LENGTHS)))
    where = draw(st.sampled_from(ZONES))
    return start.astimezone(where), end.astimezone(where)


@st.composite
def programs_with_bookmarks(draw):
    anchor = draw(st.sampled_from(ANCHORS))
    sessions = []
    for index in range(draw(st.integers(1, 7))):
        start, end = draw(instants(anchor))
        kind = draw(st.sampled_from([Kind.POSTER, Kind.ORAL, Kind.SOCIAL, Kind.MIXED]))
        sessions.append(session(f"s{index}", start, end, kind=kind, room=draw(st.sampled_from([None, "Hall A", "Hall B"]))))
    presentations, bookmarks = [], []
    for index in range(draw(st.integers(1, 9))):
        names = draw(st.lists(st.sampled_from([s.id for s in sessions]), min_size=1, max_size=2, unique=True))
        own = {name: draw(instants(anchor)) for name in names if draw(st.booleans()) and draw(st.booleans())}
        presentations.append(talk(f"p{index}", *names, kind=draw(st.sampled_from([Kind.POSTER, Kind.ORAL])), times=own))
        if draw(st.integers(0, 3)):
            pin = draw(st.sampled_from([None, *names]))
            bookmarks.append(mark(f"p{index}", slot=pin, priority=draw(st.sampled_from(list(Priority)))))
    return program(sessions, presentations, zone="Europe/Berlin"), marks(*bookmarks)


def poster_session(session, presentation) -> tuple | None:
    """Poster sessions at the same times are one (split across halls); a poster elsewhere is its session's."""
    if session.kind is Kind.POSTER:
        return (
            ("times", session.span.start.astimezone(UTC), session.span.end.astimezone(UTC))
            if session.span
            else ("id", session.id)
        )
    return ("id", session.id) if presentation.kind is Kind.POSTER else None


def brute_force(made: Program, counted: dict[str, str], walking: timedelta) -> tuple[set, set]:
    """Every pair, by the rules in words, with TimeRange's own overlap test."""
    entries = []
    for presentation_id, session_id in counted.items():
        presentation = made.presentations_by_id[presentation_id]
        slot = next(slot for slot in presentation.slots if slot.session == session_id)
        entries.append((presentation, made.sessions_by_id[session_id], made.when(slot)))
    overlaps, tights = set(), set()
    for (p, s, span), (q, t, other) in combinations(entries, 2):
        pair = frozenset({p.id, q.id})
        same_poster_session = poster_session(s, p) is not None and poster_session(s, p) == poster_session(t, q)
        if span.overlaps(other):
            if not same_poster_session:
                overlaps.add(pair)
            continue
        forward = other.start.astimezone(UTC) - span.end.astimezone(UTC)
        between = forward if forward >= timedelta(0) else span.start.astimezone(UTC) - other.end.astimezone(UTC)
        same_place = s.id == t.id or (s.room is not None and s.room == t.room)
        if between < walking and not same_place:
            tights.add(pair)
    return overlaps, tights


@given(programs_with_bookmarks(), st.sampled_from([timedelta(0), timedelta(minutes=5), timedelta(minutes=30)]))
def test_detection_matches_brute_force(case, walking):
    made, bookmarks = case
    report = find_clashes(made, bookmarks, walking=walking)
    counted = {slot.bookmark: slot.session for slot in report.counted}
    scheduled = {b.id for b in bookmarks.bookmarks} - {b.id for b in report.unscheduled}
    assert set(counted) == scheduled
    for bookmark in bookmarks.bookmarks:
        if bookmark.slot is not None and bookmark.id in counted:
            assert counted[bookmark.id] == bookmark.slot
    overlaps, tights = brute_force(made, counted, walking)
    assert {frozenset(clash.bookmarks) for clash in report.overlaps} == overlaps
    assert {frozenset(clash.bookmarks) for clash in report.tight} == tights
    assert len(report.overlaps) == len(overlaps) and len(report.tight) == len(tights)
    for clash in report.clashes:
        assert clash.first.start <= clash.second.start
        for remedy in clash.remedies:
            if remedy.action == "move":
                moved = {**counted, remedy.bookmark: remedy.slot.session}
                still_overlapping, still_tight = brute_force(made, moved, walking)
                assert not any(remedy.bookmark in pair for pair in still_overlapping)
                assert remedy.tight == any(remedy.bookmark in pair for pair in still_tight)


@st.composite
def booked_slots(draw):
    """Slots on a coarse grid, so identical times, zero lengths and touching ends are common."""
    slots = []
    for index in range(draw(st.integers(0, 30))):
        start = draw(st.integers(0, 12)) * 10
        end = start + draw(st.sampled_from([0, 0, 10, 20, 40]))
        session_id = draw(st.sampled_from(["a", "b", "c", "d"]))
        poster = session_id if session_id in "ab" and draw(st.booleans()) else None
        span = TimeRange(datetime.fromtimestamp(start, UTC), datetime.fromtimestamp(end, UTC))
        slots.append(BookedSlot(
            f"p{index}", "", Priority.WANT, session_id, session_id, draw(st.sampled_from([None, "A", "B"])),
            span, poster, False, start, end, Priority.WANT.weight,
        ))  # fmt: skip
    return slots


@given(booked_slots(), st.sampled_from([0, 5, 10, 25]))
def test_sweep_matches_every_pair(slots, walk):
    found = sweep(slots, walking=timedelta(microseconds=walk))
    expected_overlaps, expected_tight = set(), set()
    for a, b in combinations(slots, 2):
        same_poster_session = a.poster_period is not None and a.poster_period == b.poster_period
        if a.span.overlaps(b.span):
            if not same_poster_session:
                expected_overlaps.add(frozenset({a.bookmark, b.bookmark}))
            continue
        between = b.start - a.end if b.start >= a.end else a.start - b.end
        if between < walk and not (a.session == b.session or (a.room and a.room == b.room)):
            expected_tight.add(frozenset({a.bookmark, b.bookmark}))
    assert {frozenset({a.bookmark, b.bookmark}) for a, b in found.overlaps} == expected_overlaps
    assert len(found.overlaps) == len(expected_overlaps)
    assert {frozenset({a.bookmark, b.bookmark}) for a, b in found.tight} == expected_tight
    assert len(found.tight) == len(expected_tight)
    assert all(a.start <= b.start for a, b in found.overlaps + found.tight)
