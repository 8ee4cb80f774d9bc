"""The timetable: days, then sessions, then slots; a paper shown twice under both sessions; what has no time last."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from planner.importing.catalog import open_program
from planner.program.model import Conference, Kind, Presentation, Program, Session, Slot
from planner.schedule.timetable import DayRow, SessionRow, SlotRow, Timetable, lay_out
from planner.search.finding import Filter, select

PST = timezone(timedelta(hours=-8))


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2018, 12, day, hour, minute, tzinfo=PST)


def small_program() -> Program:
    sessions = [
        Session(id="tue-posters", title="Poster Session A", kind=Kind.POSTER, start=at(4, 10), end=at(4, 12), room="Hall"),
        Session(id="mon-orals", title="Orals", kind=Kind.ORAL, start=at(3, 9), end=at(3, 10)),
        Session(id="later", title="Poster Session 8", kind=Kind.POSTER),
    ]
    presentations = [
        Presentation(id="twice", title="Shown twice", kind=Kind.ORAL, slots=[
            Slot(session="mon-orals", start=at(3, 9, 15), end=at(3, 9, 30)), Slot(session="tue-posters", position="12")]),
        Presentation(id="first-talk", title="First talk", kind=Kind.ORAL, slots=[Slot(session="mon-orals", start=at(3, 9), end=at(3, 9, 15))]),
        Presentation(id="board-101", title="A poster", kind=Kind.POSTER, slots=[Slot(session="tue-posters", position="101")]),
        Presentation(id="untimed", title="Waiting for a time", kind=Kind.POSTER, slots=[Slot(session="later")]),
        Presentation(id="nowhere", title="In no session", kind=Kind.POSTER),
    ]  # fmt: skip
    return Program(
        conference=Conference(id="t", name="T", timezone="America/Vancouver"), sessions=sessions, presentations=presentations
    )


def shape(rows) -> list[str]:
    out = []
    for row in rows:
        if isinstance(row, DayRow):
            out.append(f"day {row.day}")
        elif isinstance(row, SessionRow):
            out.append(f"  session {row.session.id if row.session else None}")
        else:
            out.append(f"    {row.presentation.id}")
    return out


def test_rows_go_by_day_then_session_then_time_and_board_with_untimed_last():
    assert shape(Timetable(small_program()).rows) == [
        "day 2018-12-03", "  session mon-orals", "    first-talk", "    twice",
        "day 2018-12-04", "  session tue-posters", "    twice", "    board-101",
        "day None", "  session later", "    untimed", "  session None", "    nowhere",
    ]  # fmt: skip


def test_the_agenda_knows_its_days_and_kinds():
    laid_out = Timetable(small_program())
    assert laid_out.days == [date(2018, 12, 3), date(2018, 12, 4)]
    assert laid_out.kinds == [Kind.ORAL, Kind.POSTER]


def test_narrowing_by_day_and_kind_keeps_only_the_headings_above_what_stays():
    laid_out = Timetable(small_program())
    assert shape(laid_out.narrow(day=date(2018, 12, 4))) == [
        "day 2018-12-04",
        "  session tue-posters",
        "    twice",
        "    board-101",
    ]
    assert shape(laid_out.narrow(kinds=frozenset({Kind.POSTER}))) == [
        "day 2018-12-04", "  session tue-posters", "    board-101",
        "day None", "  session later", "    untimed", "  session None", "    nowhere",
    ]  # fmt: skip


def test_narrowing_chooses_the_same_slots_as_select():
    program = small_program()
    laid_out = Timetable(program)
    for day in (date(2018, 12, 3), date(2018, 12, 4), None):
        for kinds in (frozenset(), frozenset({Kind.ORAL})):
            rows = [r for r in laid_out.narrow(day=day, kinds=kinds) if isinstance(r, SlotRow)]
            chosen = {(m.presentation.id, s.session) for m in select(program, Filter(day=day, kinds=kinds)) for s in m.slots}
            chosen |= {
                (m.presentation.id, None) for m in select(program, Filter(day=day, kinds=kinds)) if not m.presentation.slots
            }
            assert {(r.presentation.id, r.slot.session if r.slot else None) for r in rows} == chosen


def test_ranked_rows_keep_the_given_order_at_the_first_slot_on_the_day():
    laid_out = Timetable(small_program())
    rows = laid_out.ranked(["board-101", "twice", "nowhere"])
    assert [(r.presentation.id, r.slot.session if r.slot else None) for r in rows] == [
        ("board-101", "tue-posters"),
        ("twice", "mon-orals"),
        ("nowhere", None),
    ]
    on_tuesday = laid_out.ranked(["board-101", "twice", "nowhere"], day=date(2018, 12, 4))
    assert [(r.presentation.id, r.slot.session) for r in on_tuesday] == [("board-101", "tue-posters"), ("twice", "tue-posters")]


def test_the_shipped_program_is_one_day_one_session_fourteen_talks_in_time_order():
    program = open_program("neurips-2018")
    rows = lay_out(program, select(program, Filter()))
    slots = [row for row in rows if isinstance(row, SlotRow)]
    assert len(slots) == 14 and isinstance(rows[0], DayRow) and rows[0].day == date(2018, 12, 4)
    assert [row.span.start for row in slots] == sorted(row.span.start for row in slots)


def test_a_search_finds_a_paper_at_its_earliest_slot_even_when_its_own_time_is_later_than_another_sessions():
    sessions = [
        Session(id="morning", title="Morning orals", kind=Kind.ORAL, start=at(3, 9), end=at(3, 12)),
        Session(id="posters", title="Posters", kind=Kind.POSTER, start=at(3, 10), end=at(3, 11)),
        Session(id="later", title="Untimed", kind=Kind.POSTER),
    ]
    talk = Presentation(id="p", title="P", kind=Kind.ORAL, slots=[
        Slot(session="later"), Slot(session="morning", start=at(3, 11, 30), end=at(3, 11, 45)), Slot(session="posters")])  # fmt: skip
    program = Program(
        conference=Conference(id="t", name="T", timezone="America/Vancouver"), sessions=sessions, presentations=[talk]
    )
    laid_out = Timetable(program)
    # The timetable lists the morning session first, yet the talk's own time there is after the posters.
    assert [row.slot.session for row in laid_out.rows if isinstance(row, SlotRow)] == ["morning", "posters", "later"]
    assert [row.slot.session for row in laid_out.ranked(["p"])] == ["posters"]  # a search finds it at its earliest
