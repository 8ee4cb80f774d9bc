"""Now and next at the edges: a slot starting exactly now, midnight, a DST change, the last talk,
before the first day and after the last, no bookmarks, two bookmarks at once, and reminders."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from planner.errors import TimeFormatError
from planner.program.clock import clock_from_environment, clock_starting_at, fixed_clock, parse_moment, system_clock
from planner.program.model import Kind, Slot
from planner.program.times import place, zone
from planner.schedule.now import Phase, ProgramClock, due_reminders, now_and_next, reminder_key
from planner.wording.on_the_day import happening_line, minutes_text, next_line, reminder_text
from tests.programs import at, mark, marks, program, session, talk

ROOMS = {"talks-1": "Room A", "talks-2": "Room B", "posters-1": "Hall C"}


def day_program():
    """09:00–10:00 two tracks; 10:00–12:00 posters; 13:00–13:30 the last talk."""
    return program(
        [
            session("talks-1", at(9), at(10), room="Room A"),
            session("talks-2", at(9), at(10), room="Room B"),
            session("posters-1", at(10), at(12), kind=Kind.POSTER, room="Hall C"),
            session("closing", at(13), at(13, 30), room="Room A"),
        ],
        [
            talk("first-talk", "talks-1"),
            talk("second-talk", "talks-2"),
            talk("poster-one", "posters-1", kind=Kind.POSTER),
            talk("poster-two", "posters-1", kind=Kind.POSTER),
            talk("last-talk", "closing"),
        ],
    )


def ask(program_, bookmarks, moment):
    return now_and_next(ProgramClock.of(program_), bookmarks, moment)


def titles(happenings):
    return [happening.title for happening in happenings]


def test_a_slot_starting_exactly_now_is_running_with_its_whole_length_left_and_one_ending_now_is_over():
    answer = ask(day_program(), marks(mark("poster-one")), at(10))
    assert answer.phase is Phase.DURING
    assert titles(answer.my_running) == ["Poster one"]
    assert answer.my_running[0].minutes_left(at(10)) == 120
    assert titles(answer.running) == ["Posters 1"]  # the talks ended at 10:00: half-open
    assert answer.running[0].mine


def test_minutes_until_round_up_and_next_is_everything_starting_soonest():
    moment = at(
        8,
        47,
    ) + timedelta(seconds=30)
    answer = ask(day_program(), marks(mark("second-talk")), moment)
    assert titles(answer.my_next) == ["Second talk"]
    assert answer.my_next[0].minutes_until(moment) == 13  # 12.5 min: "in 13 min", never "in 12" when it is later
    assert titles(answer.next) == ["Talks 1", "Talks 2"]
    assert [happening.mine for happening in answer.next] == [False, True]
    assert titles(answer.my_later) == []
    assert next_line(answer, zone("UTC")) == "Next: 09:00 Second talk in Room B — in 13 min"


def test_later_that_day_lists_the_rest_of_my_day_after_the_next():
    answer = ask(day_program(), marks(mark("first-talk"), mark("poster-two"), mark("last-talk")), at(8))
    assert titles(answer.my_next) == ["First talk"]
    assert titles(answer.my_later) == ["Poster two", "Last talk"]


def test_two_bookmarks_at_once_are_a_clash_but_two_posters_of_one_session_are_not():
    bookmarks = marks(mark("first-talk"), mark("second-talk"), mark("poster-one"), mark("poster-two"))
    answer = ask(day_program(), bookmarks, at(9, 30))
    assert titles(answer.my_running) == ["First talk", "Second talk"]
    assert [(first.title, second.title) for first, second in answer.clashes] == [("First talk", "Second talk")]
    assert answer.in_clash(answer.my_running[0])
    later = ask(day_program(), bookmarks, at(10, 30))
    assert titles(later.my_running) == ["Poster one", "Poster two"]
    assert later.clashes == ()


def test_two_bookmarks_starting_next_at_the_same_time_are_a_clash_and_the_line_says_so():
    answer = ask(day_program(), marks(mark("first-talk"), mark("second-talk")), at(8))
    assert len(answer.clashes) == 1
    assert next_line(answer, zone("UTC")).endswith("(+1 at the same time)")


def test_the_last_talk_has_nothing_after_it_and_its_end_is_the_end():
    bookmarks = marks(mark("last-talk"))
    answer = ask(day_program(), bookmarks, at(13, 10))
    assert answer.phase is Phase.DURING
    assert titles(answer.my_running) == ["Last talk"] and answer.my_next == () and answer.next == ()
    assert answer.my_running[0].minutes_left(at(13, 10)) == 20
    assert next_line(answer, zone("UTC")) == "Nothing more after this"
    over = ask(day_program(), bookmarks, at(13, 30))
    assert over.phase is Phase.AFTER and over.running == ()
    assert next_line(over, zone("UTC")) == "The conference is over"


def test_before_the_first_day_it_says_when_the_conference_starts():
    moment = at(9) - timedelta(days=2, hours=3)
    answer = ask(day_program(), marks(mark("first-talk")), moment)
    assert answer.phase is Phase.BEFORE
    assert answer.starts_in == timedelta(days=2, hours=3)
    assert next_line(answer, zone("UTC")) == "The conference starts in 2 days 3 h (Tue 7 May 09:00 UTC)"


def test_with_no_bookmarks_only_the_program_is_shown():
    answer = ask(day_program(), None, at(9, 15))
    assert answer.my_running == answer.my_next == answer.clashes == ()
    assert titles(answer.running) == ["Talks 1", "Talks 2"]
    assert next_line(answer, zone("UTC")) == "Next: 10:00 Posters 1 in Hall C — in 45 min"


def test_a_program_without_times_is_never_running():
    answer = ask(program([session("later", None, None)], [talk("tba", "later")]), marks(mark("tba")), at(9))
    assert answer.phase is Phase.AFTER and answer.first_start is None
    assert answer.unscheduled == 1


def test_a_session_crossing_midnight_runs_on_the_next_day_and_counts_to_its_end():
    night = program(
        [session("party", at(23), at(25), kind=Kind.SOCIAL), session("breakfast", at(32), at(33))],
        [talk("the-party", "party", kind=Kind.SOCIAL), talk("the-breakfast", "breakfast")],
        zone="Europe/Lisbon",
    )
    moment = at(24, 30)  # 00:30 the next day
    answer = ask(night, marks(mark("the-party"), mark("the-breakfast")), moment)
    assert titles(answer.my_running) == ["The party"]
    assert answer.my_running[0].minutes_left(moment) == 30
    assert titles(answer.my_next) == ["The breakfast"]


def test_minutes_across_a_dst_change_are_real_minutes():
    berlin = zone("Europe/Berlin")
    start, _ = place(datetime(2026, 3, 29, 1, 30), berlin)  # CET
    end, _ = place(datetime(2026, 3, 29, 3, 30), berlin)  # CEST: one real hour later
    night = program([session("overnight", start, end)], [talk("hack", "overnight")], zone="Europe/Berlin")
    moment = datetime(2026, 3, 29, 0, 45, tzinfo=UTC)  # 01:45 CET
    answer = ask(night, marks(mark("hack")), moment)
    assert answer.my_running[0].minutes_left(moment) == 45
    before = start - timedelta(minutes=10)
    assert ask(night, marks(mark("hack")), before).my_next[0].minutes_until(before) == 10


def test_a_bookmark_counts_at_its_pinned_slot_only_and_at_every_slot_while_unpinned():
    twice = program(
        [session("p1", at(10), at(12), kind=Kind.POSTER), session("p2", at(14), at(16), kind=Kind.POSTER)],
        [talk("shown-twice", "p1", "p2", kind=Kind.POSTER)],
    )
    assert titles(ask(twice, marks(mark("shown-twice")), at(13)).my_next) == ["Shown twice"]
    assert ask(twice, marks(mark("shown-twice", slot="p1")), at(13)).my_next == ()


def test_a_poster_board_is_its_place_and_an_orals_order_is_not():
    boards = program(
        [session("posters", at(10), at(12), kind=Kind.POSTER, room="Hall C"), session("orals", at(10), at(12), room="Room A")],
        [],
    )
    boards = boards.model_copy(
        update={
            "presentations": [
                talk("p", kind=Kind.POSTER).model_copy(update={"slots": [Slot(session="posters", position="#2504")]}),
                talk("o").model_copy(update={"slots": [Slot(session="orals", position="3")]}),
            ]
        }
    )
    answer = ask(boards, marks(mark("p"), mark("o")), at(11))
    assert [(happening.board, happening.place) for happening in answer.my_running] == [
        ("#2504", "Hall C, board #2504"),
        (None, "Room A"),
    ]


def test_a_reminder_is_due_within_its_lead_once():
    program_, bookmarks, lead = day_program(), marks(mark("poster-one")), timedelta(minutes=10)
    announced: set = set()
    assert due_reminders(program_, bookmarks, at(9, 49), lead, announced) == []
    due = due_reminders(program_, bookmarks, at(9, 51), lead, announced)
    assert titles(due) == ["Poster one"]
    assert reminder_text(due, at(9, 51), zone("UTC")) == "In 9 min, 10:00: Poster one — Posters 1, Hall C"
    announced.add(reminder_key(due[0]))
    assert due_reminders(program_, bookmarks, at(9, 55), lead, announced) == []
    assert due_reminders(day_program(), bookmarks, at(10), lead, set()) == []  # started: too late to remind


@pytest.mark.parametrize(
    ("minutes", "text"), [(0, "0 min"), (59, "59 min"), (60, "1 h"), (65, "1 h 5 min"), (49 * 60, "2 days 1 h")]
)
def test_minutes_read_as_people_say_them(minutes, text):
    assert minutes_text(minutes) == text


def test_a_typed_moment_is_read_in_the_conference_zone_unless_it_gives_an_offset():
    assert parse_moment("2020-04-29 10:55", "Europe/Berlin") == datetime(2020, 4, 29, 8, 55, tzinfo=UTC)
    assert parse_moment("2020-04-29T10:55Z", "Europe/Berlin") == datetime(2020, 4, 29, 10, 55, tzinfo=UTC)
    with pytest.raises(TimeFormatError, match="does not exist"):
        parse_moment("2026-03-29 02:30", "Europe/Berlin")
    with pytest.raises(TimeFormatError):
        parse_moment("half past ten", "UTC")


def test_clocks_stand_still_or_run_on_from_where_they_were_set():
    moment = datetime(2020, 4, 29, 10, tzinfo=UTC)
    assert fixed_clock(moment)() == moment
    ticks = iter([100.0, 160.0])
    running = clock_starting_at(moment, ticks=lambda: next(ticks))
    assert running() == moment + timedelta(minutes=1)
    assert clock_from_environment("UTC", {}) is system_clock
    assert abs(clock_from_environment("UTC", {"PLANNER_NOW": "2020-04-29 10:00"})() - moment) < timedelta(seconds=5)
    with pytest.raises(ValueError):
        fixed_clock(datetime(2020, 4, 29))


def test_a_bookmark_next_at_one_slot_is_not_repeated_later_at_its_other():
    twice = program(
        [
            session("p1", at(10), at(12), kind=Kind.POSTER),
            session("lunch-talk", at(13), at(14)),
            session("p2", at(14), at(16), kind=Kind.POSTER),
        ],
        [talk("shown-twice", "p1", "p2", kind=Kind.POSTER), talk("a-talk", "lunch-talk")],
    )
    answer = ask(twice, marks(mark("shown-twice"), mark("a-talk")), at(9))
    assert titles(answer.my_next) == ["Shown twice"] and titles(answer.my_later) == ["A talk"]


def test_posters_starting_together_make_one_reminder_in_board_order_and_a_social_is_not_named_twice():
    hall = program([session("posters", at(10), at(12), kind=Kind.POSTER, room="Hall C"), session("Social", at(18), at(19))], [])
    hall = hall.model_copy(
        update={
            "presentations": [
                talk("far", kind=Kind.POSTER).model_copy(update={"slots": [Slot(session="posters", position="#40")]}),
                talk("near", kind=Kind.POSTER).model_copy(update={"slots": [Slot(session="posters", position="#12")]}),
                talk("social").model_copy(update={"slots": [Slot(session="Social")]}),
            ]
        }
    )
    due = due_reminders(hall, marks(mark("far"), mark("near")), at(9, 50), timedelta(minutes=10), set())
    due.sort(key=lambda happening: happening.board)
    assert reminder_text(due, at(9, 50), zone("UTC")) == "In 10 min, 10:00: Posters, Hall C: 2 of yours: #12 Near; #40 Far"
    (social,) = due_reminders(hall, marks(mark("social")), at(17, 55), timedelta(minutes=10), set())
    assert reminder_text([social], at(17, 55), zone("UTC")) == "In 5 min, 18:00: Social"


def test_what_is_next_on_another_day_says_its_day():
    answer = ask(day_program(), marks(mark("first-talk")), at(9) - timedelta(hours=10))
    assert next_line(answer, zone("UTC")) == "Next: Tue 09:00 First talk in Room A — in 10 h"
    line = happening_line(answer.my_next[0], answer.at, zone("UTC"), running=False)
    assert line.startswith("Tue 7 May 09:00–10:00 UTC  First talk")
