"""The .ics importer on a hand-made calendar (TZID, UTC, a DST change, a recurring event) and broken ones."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from planner.errors import SourceError
from planner.importers.base import ImportOptions, RawSource
from planner.importers.registry import detect
from planner.importing.sources import import_sources
from planner.program.model import Kind
from tests.conftest import FIXTURES

CALENDAR = FIXTURES / "ics_tzid_utc_dst_change_recurring.ics"


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def line_of(text: str, needle: str) -> int:
    return text.split("\n").index(needle) + 1


def calendar(*events: str, head: str = "") -> str:
    """A calendar whose first event begins on line 5 (line 6 with a `head` line)."""
    body = "".join(f"BEGIN:VEVENT\n{event.strip()}\nEND:VEVENT\n" for event in events)
    return f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\nX-WR-CALNAME:Tiny\n{head}{body}END:VCALENDAR\n"


def read(text: str, options: ImportOptions = ImportOptions()):
    source = RawSource.from_bytes(text.encode(), name="cal.ics")
    assert detect(source).name == "ics"
    return detect(source).read(source, options)


def spans(program, presentation_id: str) -> list[tuple[datetime, datetime]]:
    presentation = program.presentations_by_id[presentation_id]
    return [(span.start, span.end) for span in map(program.when, presentation.slots)]


def test_the_hand_made_calendar_gives_exact_instants():
    imported = import_sources([CALENDAR], ImportOptions())
    program = imported.program
    assert (program.conference.id, program.conference.name, program.conference.timezone) == (
        "autumn-workshop-2024", "Autumn Workshop 2024", "Europe/Berlin",
    )  # fmt: skip
    assert spans(program, "opening-keynote@autumn-workshop.example") == [(utc(2024, 10, 25, 7, 0), utc(2024, 10, 25, 8, 0))]
    assert spans(program, "posters-friday@autumn-workshop.example") == [(utc(2024, 10, 25, 12, 0), utc(2024, 10, 25, 13, 30))]
    # 01:30 CEST to 03:30 CET: the night the clocks go back is three hours long.
    assert spans(program, "night-hack@autumn-workshop.example") == [(utc(2024, 10, 26, 23, 30), utc(2024, 10, 27, 2, 30))]
    night = program.when(program.presentations_by_id["night-hack@autumn-workshop.example"].slots[0])
    assert night.duration == timedelta(hours=3)  # also by plain subtraction, as the engine measures it


def test_a_calendar_without_x_wr_timezone_takes_the_zone_its_events_name():
    text = CALENDAR.read_text(encoding="utf-8")
    assert "X-WR-TIMEZONE:Europe/Berlin\n" in text
    imported = read(text.replace("X-WR-TIMEZONE:Europe/Berlin\n", ""))
    assert imported.program.conference.timezone == "Europe/Berlin"


def test_the_recurring_event_keeps_its_wall_clock_across_the_dst_change_minus_exdate_plus_override():
    program = import_sources([CALENDAR], ImportOptions()).program
    standup = program.presentations_by_id["morning-standup@autumn-workshop.example"]
    assert spans(program, standup.id) == [
        (utc(2024, 10, 26, 6, 30), utc(2024, 10, 26, 6, 45)),  # 08:30 CEST
        (utc(2024, 10, 27, 7, 30), utc(2024, 10, 27, 7, 45)),  # 08:30 CET; the 28th is an EXDATE
        (utc(2024, 10, 29, 9, 0), utc(2024, 10, 29, 9, 15)),  # moved by a RECURRENCE-ID to 10:00
    ]
    rooms = [program.sessions_by_id[slot.session].room for slot in standup.slots]
    assert rooms == ["Room 2", "Room 2", "Room 3"]
    assert len({slot.session for slot in standup.slots}) == 3
    # Numbered, never named by their time: a moved occurrence keeps its id (and its calendar UID).
    assert [slot.session for slot in standup.slots] == [f"{standup.id}-{number}" for number in (1, 2, 3)]


def test_fields_folded_lines_and_kinds():
    program = import_sources([CALENDAR], ImportOptions()).program
    keynote = program.presentations_by_id["opening-keynote@autumn-workshop.example"]
    assert keynote.kind is Kind.KEYNOTE and keynote.keywords == ["Keynote"]
    assert keynote.abstract == (
        "A tour of time zones, daylight saving and recurring events, folded over two lines as Google Calendar folds them."
    )
    assert keynote.links.page == "https://autumn-workshop.example/talks/opening"
    session = program.sessions_by_id[keynote.slots[0].session]
    assert (session.room, session.track) == ("Hall 1", "Keynote")
    assert program.presentations_by_id["posters-friday@autumn-workshop.example"].kind is Kind.POSTER


def test_the_all_day_event_is_skipped_with_a_note_at_its_line():
    imported = import_sources([CALENDAR], ImportOptions())
    assert len(imported.program.presentations) == 4
    line = line_of(CALENDAR.read_text(encoding="utf-8").replace("\r\n", "\n"), "DTSTART;VALUE=DATE:20241030")
    assert [(note.line, "all-day" in note.message) for note in imported.notes] == [(line, True)]


def test_floating_times_need_timezone_and_the_error_names_line_and_calendar_zone():
    text = calendar(
        "UID:f1\nSUMMARY:Floating\nDTSTART:20240601T100000\nDTEND:20240601T110000", head="X-WR-TIMEZONE:America/Toronto\n"
    )
    with pytest.raises(SourceError, match=r"cal\.ics:9: .*floating time.*--timezone America/Toronto"):
        read(text)
    program = read(text, ImportOptions(timezone="America/Toronto")).program
    assert spans(program, "f1") == [(utc(2024, 6, 1, 14, 0), utc(2024, 6, 1, 15, 0))]


def test_a_floating_time_the_clocks_skip_is_refused_and_one_they_pass_twice_is_noted():
    skipped = calendar("UID:g\nSUMMARY:Gap\nDTSTART:20240331T023000\nDTEND:20240331T033000")
    with pytest.raises(SourceError, match=r"cal\.ics:8: 2024-03-31 02:30 does not exist in Europe/Berlin"):
        read(skipped, ImportOptions(timezone="Europe/Berlin"))
    twice = calendar("UID:f\nSUMMARY:Fold\nDTSTART:20241027T023000\nDTEND:20241027T033000")
    imported = read(twice, ImportOptions(timezone="Europe/Berlin"))
    assert spans(imported.program, "f") == [(utc(2024, 10, 27, 0, 30), utc(2024, 10, 27, 2, 30))]
    assert any("happens twice" in note.message for note in imported.notes)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            calendar("UID:z\nSUMMARY:Mars\nDTSTART;TZID=Mars/Olympus:20240601T100000"),
            r"cal\.ics:8: unknown time zone TZID='Mars/Olympus'",
        ),
        (calendar("UID:n\nSUMMARY:No start\nDTEND:20240601T100000Z"), r"cal\.ics:5: the event 'No start' has no start"),
        (calendar("UID:b\nSUMMARY:Bad\nDTSTART:tomorrow"), r"cal\.ics:8: DTSTART: "),
        (
            calendar("UID:r\nSUMMARY:Backwards\nDTSTART:20240601T100000Z\nDTEND:20240601T090000Z"),
            r"cal\.ics:9: the event ends .* before it starts",
        ),
        (calendar("UID:r\nSUMMARY:Odd rule\nDTSTART:20240601T100000Z\nRRULE:FREQ=SOMETIMES"), r"cal\.ics:9: RRULE: "),
        (calendar("UID:x\nSUMMARY:Cut").rsplit("END:VEVENT", 1)[0], r"cal\.ics:5: BEGIN:VEVENT is never ended"),
        (calendar("UID:x\nSUMMARY:Odd\nthis is not a property"), r"cal\.ics:8: not an iCalendar content line"),
        (
            calendar("UID:x\nSUMMARY:Odd\nDTSTART:20240601T100000Z").replace("END:VEVENT", "END:VTODO"),
            r"cal\.ics:9: END:VTODO where END:VEVENT \(for line 5\)",
        ),
        (calendar(head="X-WR-TIMEZONE:Mars/Olympus\n"), r"cal\.ics:5: unknown time zone 'Mars/Olympus'"),
        (calendar() + calendar(), r"cal\.ics:6: a second VCALENDAR"),
    ],
)
def test_broken_calendars_are_reported_at_their_line(text, message):
    with pytest.raises(SourceError, match=message):
        read(text)


def test_an_endless_rule_is_cut_short_with_a_note():
    imported = read(calendar("UID:w\nSUMMARY:Weekly reading group\nDTSTART:20240102T160000Z\nDURATION:PT1H\nRRULE:FREQ=WEEKLY"))
    slots = imported.program.presentations[0].slots
    assert 50 < len(slots) <= 58
    assert any("recurs beyond" in note.message and note.line == 10 for note in imported.notes)


def test_a_utc_calendar_without_zone_is_shown_in_utc_with_a_note():
    imported = read(calendar("UID:u\nSUMMARY:In UTC\nDTSTART:20240601T100000Z\nDURATION:PT30M"))
    assert imported.program.conference.timezone == "UTC"
    assert any("names no time zone" in note.message for note in imported.notes)


def test_windows_zone_names_and_duration_across_the_spring_change():
    # 01:30 CET plus two hours is 04:30 CEST, not 03:30: the hour from 02:00 does not exist.
    imported = read(calendar("UID:win\nSUMMARY:Outlook\nDTSTART;TZID=W. Europe Standard Time:20240331T013000\nDURATION:PT2H"))
    assert spans(imported.program, "win") == [(utc(2024, 3, 31, 0, 30), utc(2024, 3, 31, 2, 30))]


def test_cancelled_events_and_cancelled_occurrences_are_left_out():
    imported = read(
        calendar(
            "UID:gone\nSUMMARY:Called off\nSTATUS:CANCELLED\nDTSTART:20240601T100000Z",
            "UID:d\nSUMMARY:Daily\nDTSTART:20240601T090000Z\nDURATION:PT1H\nRRULE:FREQ=DAILY;COUNT=3",
            "UID:d\nSUMMARY:Daily\nRECURRENCE-ID:20240602T090000Z\nSTATUS:CANCELLED\nDTSTART:20240602T090000Z",
        )
    )
    program = imported.program
    assert [p.id for p in program.presentations] == ["d"]
    assert [start for start, _ in spans(program, "d")] == [utc(2024, 6, 1, 9, 0), utc(2024, 6, 3, 9, 0)]


def test_events_without_uid_get_a_stable_id_and_repeated_uids_are_told_apart():
    text = calendar(
        "SUMMARY:No uid\nDTSTART:20240601T100000Z",
        "UID:same\nSUMMARY:First\nDTSTART:20240601T110000Z",
        "UID:same\nSUMMARY:Second\nDTSTART:20240601T120000Z",
    )
    first, again = read(text), read(text)
    assert [p.id for p in first.program.presentations] == [p.id for p in again.program.presentations]
    assert [p.id for p in first.program.presentations][1:] == ["same", "same-2"]
    assert any("used again" in note.message for note in first.notes)


def test_categories_on_several_lines_are_all_kept():
    imported = read(
        calendar("UID:c\nSUMMARY:Session\nDTSTART:20240601T100000Z\nCATEGORIES:Tutorial,Beginners\nCATEGORIES:Hands-on")
    )
    presentation = imported.program.presentations[0]
    assert presentation.keywords == ["Tutorial", "Beginners", "Hands-on"] and presentation.kind is Kind.TUTORIAL
