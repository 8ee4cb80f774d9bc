"""The personal calendar: every exported instant is the program's, read back by icalendar and by vobject.

Also: stable UIDs, SEQUENCE/DTSTAMP that move only when an event changes, cancellations for
removed bookmarks, and text (accents, Chinese, long abstracts, commas, semicolons, newlines)
that survives the round trip.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.bookmarks.file import BookmarkFile, Priority, new_bookmark
from planner.exporters.entries import event_uid, session_uid
from planner.exporters.ics import export_calendar
from planner.importing.catalog import open_program
from planner.program.model import Program
from planner.program.program_file import load_program
from planner.program.times import TimeRange
from tests.calendar_readers import (
    ReadEvent,
    read_with_icalendar,
    read_with_vobject,
    uid_parts,
    vtimezones_with_icalendar,
    vtimezones_with_vobject,
)
from tests.conftest import FIXTURES

ADDED = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
FIRST_EXPORT = datetime(2026, 2, 1, 12, 0, tzinfo=UTC)
LATER = datetime(2026, 2, 3, 8, 30, tzinfo=UTC)
READERS = {"icalendar": read_with_icalendar, "vobject": read_with_vobject}
DST_FALL_BACK = FIXTURES / "dst_fall_back_toronto_2026.json"
UTC_POSTERS = FIXTURES / "utc_virtual_posters_shown_twice.json"


def _programs() -> dict[str, Program]:
    return {
        "neurips-2018": open_program("neurips-2018"),
        "iclr-2020": open_program("iclr-2020"),  # UTC, every paper in two poster sessions
        "dst_fall_back_toronto_2026": load_program(DST_FALL_BACK),
        "utc_virtual_posters_shown_twice": load_program(UTC_POSTERS),
    }


PROGRAMS = _programs()
# Slots a person chose (as `planner plan` or `bookmark add --slot` would pin them).
PINNED = {"poster-with-a-chosen-slot": "poster-session-2", "B1xSperKvH": "mon-session-5"}


# Every n-th presentation of the large shipped program keeps the test quick; orals and events included.
EVERY = {"iclr-2020": 5}


def everything(program: Program, *, step: int = 1, **changes) -> BookmarkFile:
    """A bookmark for every presentation of `program` (every `step`-th), with the pins above."""
    bookmarks = [
        new_bookmark(p.id, p.title, now=ADDED, slot=PINNED.get(p.id), priority=Priority.MUST if i % 3 == 0 else Priority.WANT)
        for i, p in enumerate(program.presentations)
        if i % step == 0
    ]
    return BookmarkFile(conference=program.conference.id, owner="Ada", bookmarks=bookmarks, **changes)


def export(program: Program, bookmarks: BookmarkFile, *, at: datetime = FIRST_EXPORT, **options):
    return export_calendar(program, bookmarks, clock=lambda: at, where=options.pop("where", program.conference.zone), **options)


def expected_spans(program: Program, bookmarks: BookmarkFile) -> dict[tuple[str, str], TimeRange]:
    """(presentation, session) -> when, straight from the program: the pinned slot, else every timed slot."""
    wanted = {}
    for bookmark in bookmarks.bookmarks:
        presentation = program.presentations_by_id.get(bookmark.id)
        if presentation is None:
            continue
        slots = [slot for slot in presentation.slots if bookmark.slot in (None, slot.session)]
        for slot in slots:
            span = program.when(slot)
            if span is not None:
                wanted[(presentation.id, slot.session)] = span
    return wanted


def per_poster_session(program: Program, spans: dict[tuple[str, str], TimeRange]) -> dict[tuple[str, str], TimeRange]:
    """The same, with the posters of each poster session folded into one ("session:", id) span."""
    grouped: dict[tuple[str, str], TimeRange] = {}
    for (presentation, session), span in spans.items():
        if program.sessions_by_id[session].kind.value != "poster":
            grouped[(presentation, session)] = span
            continue
        key = ("session:", session)
        before = grouped.get(key, span)
        grouped[key] = TimeRange(min(before.start, span.start), max(before.end, span.end))
    return grouped


def read_spans(events: dict[str, ReadEvent], conference_id: str) -> dict[tuple[str, str], TimeRange]:
    spans = {}
    for uid, event in events.items():
        parts, domain = uid_parts(uid)
        if parts[1] == "session" and parts[-1] == "posters":
            key = ("session:", parts[2])
        else:
            key = (parts[1], parts[2])
        assert (parts[0], domain) == (conference_id, "planner")
        assert event.start.tzinfo is not None and event.end.tzinfo is not None
        spans[key] = TimeRange(event.start, event.end)
    return spans


@pytest.mark.parametrize("name", sorted(PROGRAMS))
@pytest.mark.parametrize("reader", sorted(READERS))
@pytest.mark.parametrize("mode", ["conference zone", "utc", "tz Asia/Kolkata", "per session"])
def test_every_exported_instant_is_the_programs(name, reader, mode):
    program = PROGRAMS[name]
    bookmarks = everything(program, step=EVERY.get(name, 1))
    options = {
        "conference zone": {}, "utc": {"utc": True}, "tz Asia/Kolkata": {"where": ZoneInfo("Asia/Kolkata")},
        "per session": {"per_session": True},
    }[mode]  # fmt: skip
    exported = export(program, bookmarks, **options)
    read = read_spans(READERS[reader](exported.ics), program.conference.id)
    expected = expected_spans(program, bookmarks)
    if mode == "per session":
        expected = per_poster_session(program, expected)
    assert read.keys() == expected.keys()
    for key, span in expected.items():
        assert (read[key].start, read[key].end) == (span.start, span.end), key
    assert len(expected) >= 5


def test_neurips_2018_pst_page_is_written_in_toronto_time():
    program = PROGRAMS["neurips-2018"]
    text = export(program, everything(program)).ics.decode()
    # The page said "Tue 4 Dec. 12:30 - 12:35 PST"; the venue is in Toronto: 15:30 EST.
    assert "DTSTART;TZID=America/Toronto:20181204T153000" in text
    assert "X-WR-TIMEZONE:America/Toronto" in text and "TZID:America/Toronto" in text
    assert text.count("BEGIN:VTIMEZONE") == 1 and "RDATE" not in text


def test_utc_writes_utc_times_and_no_vtimezone():
    program = PROGRAMS["neurips-2018"]
    text = export(program, everything(program), utc=True).ics.decode()
    assert "BEGIN:VTIMEZONE" not in text and "TZID=" not in text
    assert "DTSTART:20181204T203000Z" in text
    # Google sets a new calendar's zone from X-WR-TIMEZONE: the zone the person reads in, never UTC
    # because the times happen to be written in it.
    assert "X-WR-TIMEZONE:UTC" not in text and f"X-WR-TIMEZONE:{program.conference.timezone}\r\n" in text


def test_a_utc_program_names_no_calendar_zone():
    program = PROGRAMS["iclr-2020"]
    text = export(program, everything(program, step=50)).ics.decode()
    assert "X-WR-TIMEZONE" not in text and "DTSTART:20200427T" in text
    text = export(program, everything(program, step=50), where=ZoneInfo("Europe/Berlin"), utc=True).ics.decode()
    assert "X-WR-TIMEZONE:Europe/Berlin\r\n" in text


def test_a_utc_conference_needs_no_vtimezone():
    program = PROGRAMS["utc_virtual_posters_shown_twice"]
    text = export(program, everything(program)).ics.decode()
    assert "BEGIN:VTIMEZONE" not in text and "DTSTART:20200427T050000Z" in text


def test_the_repeated_hour_is_written_in_utc_and_the_rest_with_tzid():
    program = PROGRAMS["dst_fall_back_toronto_2026"]
    text = export(program, everything(program)).ics.decode()
    # 01:15 EST on 1 November 2026 is the second 01:15 of that night: with a TZID it would mean the first.
    assert "DTSTART:20261101T061500Z" in text and "DTEND:20261101T064500Z" in text
    # The social starts before the change (00:30 EDT) and ends after it (02:30 EST): three hours,
    # written wholly in UTC, for a start and end in different forms is what ical.js and others misread.
    assert "DTSTART:20261101T043000Z" in text and "DTEND:20261101T073000Z" in text
    assert "TZID=America/Toronto:20261101T0" not in text
    assert "BEGIN:DAYLIGHT" in text and "BEGIN:STANDARD" in text and "RDATE" not in text


def test_an_event_touching_a_change_of_the_clocks_is_wholly_in_utc_and_no_other_is():
    program = PROGRAMS["dst_fall_back_toronto_2026"]
    toronto = ZoneInfo("America/Toronto")
    calendar = icalendar.Calendar.from_ical(export(program, everything(program)).ics)
    touching = 0
    for event in calendar.walk("VEVENT"):
        start, end = event["dtstart"], event["dtend"]
        forms = {"TZID" in start.params, "TZID" in end.params}
        assert len(forms) == 1, event["uid"]  # never a TZID start with a UTC end
        begin, finish = start.dt.astimezone(toronto), end.dt.astimezone(toronto)
        ambiguous = any(moment.replace(fold=1 - moment.fold).utcoffset() != moment.utcoffset() for moment in (begin, finish))
        if begin.utcoffset() != finish.utcoffset() or ambiguous:
            touching += 1
            assert forms == {False} and start.dt.tzinfo is not None and start.dt.utcoffset() == timedelta(0)
        else:
            assert forms == {True}
    assert touching >= 2


def test_calendar_properties():
    program = PROGRAMS["neurips-2018"]
    text = export(program, everything(program)).ics.decode()
    for line in ("VERSION:2.0", "METHOD:PUBLISH", "CALSCALE:GREGORIAN", "X-WR-CALNAME:NeurIPS 2018 · my schedule"):
        assert line in text.splitlines()
    assert text.startswith("BEGIN:VCALENDAR\r\n") and "PRODID:-//planner//planner " in text
    # How often a subscribed calendar is fetched again, in the standard form and Outlook's.
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT6H" in text.splitlines() and "X-PUBLISHED-TTL:PT6H" in text.splitlines()
    calendar = icalendar.Calendar.from_ical(text)
    for event in calendar.walk("VEVENT"):
        assert event.decoded("last-modified") == event.decoded("dtstamp")
        # NeurIPS 2018 names no rooms: the venue stands in.
        assert str(event["location"]) == "Palais des Congrès de Montréal, Montréal, Canada"


def test_the_same_bookmarks_exported_twice_give_the_same_uids_and_bytes():
    program = PROGRAMS["dst_fall_back_toronto_2026"]
    bookmarks = everything(program)
    first = export(program, bookmarks)
    again = export(program, bookmarks, at=LATER, previous=first.memory)
    assert read_with_icalendar(first.ics).keys() == read_with_icalendar(again.ics).keys()
    assert again.ics == first.ics  # nothing changed: same SEQUENCE, same DTSTAMP
    assert (again.changed, again.cancelled) == (0, 0)
    fresh = export(program, bookmarks, at=LATER)  # without memory, UIDs still match
    assert read_with_icalendar(fresh.ics).keys() == read_with_icalendar(first.ics).keys()


def _with_sessions(program: Program, change) -> Program:
    """`program` with `change` applied to each session; built afresh, as model_copy would keep
    the cached lookup tables (sessions_by_id) of the original."""
    document = program.model_dump()
    document["sessions"] = [change(session) for session in document["sessions"]]
    return Program.model_validate(document)


def _moved(program: Program, session_id: str, by: timedelta) -> Program:
    return _with_sessions(
        program, lambda s: {**s, "start": s["start"] + by, "end": s["end"] + by} if s["id"] == session_id else s
    )


@pytest.mark.parametrize("reader", sorted(READERS))
def test_a_time_change_gives_sequence_plus_one_and_a_new_stamp(reader):
    program = PROGRAMS["dst_fall_back_toronto_2026"]
    bookmarks = everything(program)
    first = export(program, bookmarks)
    second = export(_moved(program, "monday-keynote", timedelta(minutes=30)), bookmarks, at=LATER, previous=first.memory)
    before, after = READERS[reader](first.ics), READERS[reader](second.ics)
    moved = "autumn-ml-2026..monday-keynote..monday-keynote@planner"
    assert after[moved].sequence == before[moved].sequence + 1 == 1
    assert after[moved].stamp == LATER and before[moved].stamp == FIRST_EXPORT
    assert after[moved].start == datetime(2026, 11, 2, 14, 30, tzinfo=UTC)
    for uid, event in after.items():
        if uid != moved:
            assert (event.sequence, event.stamp) == (before[uid].sequence, before[uid].stamp) == (0, FIRST_EXPORT)
    assert second.changed == 1
    third = export(program, bookmarks, at=LATER + timedelta(days=1), previous=second.memory)
    assert READERS[reader](third.ics)[moved].sequence == 2  # moved back: another change


def test_a_changed_note_is_a_changed_event():
    program = PROGRAMS["neurips-2018"]
    bookmarks = everything(program)
    first = export(program, bookmarks)
    target = bookmarks.bookmarks[0]
    noted = bookmarks.with_bookmark(target.model_copy(update={"note": "sit near the front"}))
    second = export(program, noted, at=LATER, previous=first.memory)
    events = read_with_vobject(second.ics)
    uid = next(uid for uid in events if f"..{target.id}.." in uid)
    assert events[uid].sequence == 1 and "Note: sit near the front" in events[uid].description
    assert second.changed == 1


@pytest.mark.parametrize("reader", sorted(READERS))
def test_a_removed_bookmark_is_cancelled_once_then_remembered(reader):
    program = PROGRAMS["neurips-2018"]
    bookmarks = everything(program)
    first = export(program, bookmarks)
    gone = bookmarks.bookmarks[2]
    second = export(program, bookmarks.without(gone.id), at=LATER, previous=first.memory)
    events = READERS[reader](second.ics)
    uid = next(uid for uid in events if f"..{gone.id}.." in uid)
    assert events[uid].status == "CANCELLED" and events[uid].sequence == 1 and events[uid].stamp == LATER
    assert events[uid].start == program.when(program.presentations_by_id[gone.id].slots[0]).start
    assert sum(event.status == "CONFIRMED" for event in events.values()) == len(bookmarks.bookmarks) - 1
    assert second.cancelled == 1
    third = export(program, bookmarks.without(gone.id), at=LATER, previous=second.memory)
    assert uid not in READERS[reader](third.ics) and third.cancelled == 0
    assert third.memory[uid].cancelled and third.memory[uid].sequence == 1


@pytest.mark.parametrize("reader", sorted(READERS))
def test_text_survives_the_round_trip(reader):
    program = PROGRAMS["dst_fall_back_toronto_2026"]
    note = "Ask about the proof, section 3;\nthen find 李飞飞, at the poster"
    bookmarks = everything(program)
    bookmarks = bookmarks.with_bookmark(bookmarks.get("equivariant-learning").model_copy(update={"note": note}))
    exported = export(program, bookmarks)
    events = READERS[reader](exported.ics)
    by_id = {uid_parts(uid)[0][1]: event for uid, event in events.items()}
    oral = by_id["equivariant-learning"]
    paper = program.presentations_by_id["equivariant-learning"]
    assert oral.summary == "Oral: Apprentissage équivariant pour les données géométriques"
    assert paper.abstract in oral.description and len(paper.abstract) > 1000
    assert "Authors: Raphaël Marinier, Zoë Ångström, 李飞飞, 周志华" in oral.description
    assert f"Note: {note}" in oral.description and "Priority: must" in oral.description
    assert "Code: https://example.org/code/équivariant" in oral.description
    assert oral.location == "Salle Jean-Étienne, Pavillon Lassonde"
    assert oral.url == "https://example.org/papers/equivariant.pdf" and oral.categories == ("oral",)
    tricky = by_id["commas-and-semicolons"]
    assert tricky.summary == 'Oral: Commas, semicolons; and "quotes": a stress test\\n for escapes'
    assert "Authors: O'Brien, Jr., Smith; Jones" in tricky.description
    assert "Line one,\nline two;\n\nline four \\ with a backslash." in tricky.description
    assert by_id["molecule-gnn"].summary == "Poster: 基于图神经网络的分子性质预测"
    assert by_id["molecule-gnn"].location == "Hall B; east wing, level 2, board #3"  # a poster: its board after the hall
    assert by_id["night-social"].location == "Bar 研究"
    for line in exported.ics.split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")  # folding never splits a character


def test_an_unchosen_paper_is_in_every_slot_and_a_chosen_one_only_in_its_own():
    program = PROGRAMS["dst_fall_back_toronto_2026"]
    events = read_with_icalendar(export(program, everything(program)).ics)
    twice = {uid: event for uid, event in events.items() if "..poster-shown-twice.." in uid}
    assert sorted(uid_parts(uid)[0][2] for uid in twice) == ["poster-session-1", "poster-session-2"]
    first = twice["autumn-ml-2026..poster-shown-twice..poster-session-1@planner"]
    assert "Also shown at: Sun 1 Nov 10:00–12:00 EST, Poster Session 2" in first.description
    chosen = [uid for uid in events if "..poster-with-a-chosen-slot.." in uid]
    assert chosen == ["autumn-ml-2026..poster-with-a-chosen-slot..poster-session-2@planner"]
    assert "Also presented (not your chosen slot): Sat 31 Oct 16:00–18:00 EDT, Poster Session 1" in events[chosen[0]].description


def test_per_session_gives_one_event_per_poster_session_listing_its_posters():
    program = PROGRAMS["dst_fall_back_toronto_2026"]
    bookmarks = everything(program)
    exported = export(program, bookmarks, per_session=True)
    events = read_with_vobject(exported.ics)
    session = events["autumn-ml-2026..session..poster-session-1..posters@planner"]
    assert session.summary == "Posters: Poster Session 1 (2 bookmarked)"  # the third chose session 2
    assert session.description.index("#3 · 基于图神经网络的分子性质预测 (want)") < session.description.index(
        "#12 · A Poster Shown Twice (want)"
    )
    # Must-sees first, then by board number.
    later = events["autumn-ml-2026..session..poster-session-2..posters@planner"].description
    assert later.index("#41 · A Poster With a Chosen Slot (must)") < later.index("#7 · A Poster Shown Twice (want)")
    assert (session.start, session.end) == (datetime(2026, 10, 31, 20, tzinfo=UTC), datetime(2026, 10, 31, 22, tzinfo=UTC))
    assert not any("..poster-shown-twice.." in uid for uid in events)
    assert "autumn-ml-2026..equivariant-learning..sat-orals@planner" in events  # orals keep their own events


@pytest.mark.parametrize("reader", sorted(READERS))
def test_alarm(reader):
    program = PROGRAMS["neurips-2018"]
    events = READERS[reader](export(program, everything(program), alarm_minutes=10).ics)
    assert {event.alarm_triggers for event in events.values()} == {(timedelta(minutes=-10),)}
    assert all(event.alarm_triggers == () for event in READERS[reader](export(program, everything(program)).ics).values())


def test_unscheduled_and_unknown_bookmarks_are_left_out_with_the_reason():
    program = PROGRAMS["dst_fall_back_toronto_2026"]
    bookmarks = everything(program).with_bookmark(new_bookmark("not-a-paper-here", "Gone Paper", now=ADDED))
    pinned_to_nothing = new_bookmark("poster-shown-twice", "A Poster Shown Twice", now=ADDED, slot="poster-session-9")
    exported = export(program, bookmarks.with_bookmark(pinned_to_nothing))
    reasons = {item.id: item.reason for item in exported.left_out}
    assert reasons == {
        "poster-without-a-time": "no time yet",
        "paper-without-a-slot": "no time yet (the program gives it no slot)",
        "not-a-paper-here": "not in this program",
    }
    uids = read_with_icalendar(exported.ics)
    # A slot the paper no longer has counts as no choice: every slot is exported. Saying so is the
    # reader's job (bookmark_matching's stale slots), told the same way by every command.
    assert sorted(uid for uid in uids if "..poster-shown-twice.." in uid) == [
        "autumn-ml-2026..poster-shown-twice..poster-session-1@planner", "autumn-ml-2026..poster-shown-twice..poster-session-2@planner",
    ]  # fmt: skip
    assert exported.notes == []
    assert not any("..poster-without-a-time.." in uid or "..paper-without-a-slot.." in uid for uid in uids)
    pinned_untimed = bookmarks.with_bookmark(new_bookmark("poster-shown-twice", "x", now=ADDED, slot="poster-session-1"))
    program_without_time = _with_sessions(
        program, lambda s: {**s, "start": None, "end": None} if s["id"] == "poster-session-1" else s
    )
    left = {item.id: item.reason for item in export(program_without_time, pinned_untimed).left_out}
    assert left["poster-shown-twice"] == "no time yet (its chosen slot, Poster Session 1, has none)"


def test_a_virtual_session_without_a_room_is_located_at_its_link():
    program = PROGRAMS["dst_fall_back_toronto_2026"]
    events = read_with_icalendar(export(program, everything(program)).ics)
    keynote = events["autumn-ml-2026..monday-keynote..monday-keynote@planner"]
    assert keynote.location == "https://example.org/live/keynote"
    assert keynote.summary == "Keynote: Learning at the Speed of Light"
    assert "Video: https://example.org/video/keynote" in keynote.description
    assert (
        events["autumn-ml-2026..repeated-hour-qa..repeated-hour-qa@planner"].summary == "Q&A in the repeated hour"
    )  # not "Q&A: Q&A in…"


def test_no_bookmarks_give_an_empty_export_that_says_why():
    program = PROGRAMS["neurips-2018"]
    exported = export(program, BookmarkFile(conference="neurips-2018"))
    assert exported.empty and exported.why_empty("b.json") == "nothing to export: no bookmarks in b.json"


def test_uids_are_distinct_for_any_ids():
    # Ids may hold "/", "@" or "%" (a program file names them freely); escaping keeps UIDs apart.
    assert event_uid("c", "a/b", "s") != event_uid("c", "a", "b/s")
    assert event_uid("c", "session", "p1") != session_uid("c", "p1")
    assert event_uid("c", "p", "s", 2) != event_uid("c", "p", "s") and event_uid("c", "p%2F", "s") != event_uid("c", "p/", "s")
    assert event_uid("c", "a..b", "s") != event_uid("c", "a", "b..s") and event_uid("c", "a.2e", "s") != event_uid(
        "c", "a.", "2es"
    )
    assert event_uid("neurips-2018", "evolved-policy-gradients", "tue-track-2-session-2") == (
        "neurips-2018..evolved-policy-gradients..tue-track-2-session-2@planner"
    )


SAFE_UID = re.compile(r"^[A-Za-z0-9.\-]+@[A-Za-z0-9.\-]+$")


@given(st.text(min_size=1, max_size=20), st.text(min_size=1, max_size=20), st.text(min_size=1, max_size=20))
def test_uids_keep_to_letters_digits_dash_dot_and_at_and_read_back(conference, presentation, session):
    # Nextcloud subscriptions and vdirsyncer fail on "/" and "%" in a UID.
    for uid in (event_uid(conference, presentation, session), session_uid(conference, session)):
        assert SAFE_UID.match(uid), uid
    assert uid_parts(event_uid(conference, presentation, session)) == ([conference, presentation, session], "planner")


def test_every_exported_uid_is_safe():
    for program in PROGRAMS.values():
        for per_session in (False, True):
            exported = export(program, everything(program, step=EVERY.get(program.conference.id, 1)), per_session=per_session)
            assert all(SAFE_UID.match(uid) for uid in read_with_icalendar(exported.ics))


@pytest.mark.parametrize("reader", [vtimezones_with_icalendar, vtimezones_with_vobject], ids=["icalendar", "vobject"])
def test_the_exported_vtimezone_alone_places_every_event_right(reader):
    # Read by its observances, not by its name: what a calendar that knows no IANA names sees.
    program = PROGRAMS["dst_fall_back_toronto_2026"]
    exported = export(program, everything(program))
    (written,) = reader(exported.ics).values()
    toronto = ZoneInfo("America/Toronto")
    for span in expected_spans(program, everything(program)).values():
        for moment in (span.start, span.end):
            local = moment.astimezone(toronto)
            assert local.replace(tzinfo=written).utcoffset() == local.utcoffset(), moment


@pytest.mark.parametrize("name", ["dst_fall_back_toronto_2026", "neurips-2018"])
def test_switching_the_display_zone_changes_no_event(name):
    # Descriptions say other slots' times in the conference's zone, labelled: a text that followed
    # the display zone would bump SEQUENCE on every event though nothing moved.
    program = PROGRAMS[name]
    bookmarks = everything(program)
    first = export(program, bookmarks)
    for zone in ("Asia/Kolkata", "Pacific/Chatham", "UTC"):
        again = export(program, bookmarks, at=LATER, where=ZoneInfo(zone), previous=first.memory)
        assert again.changed == 0 and again.cancelled == 0, zone
        described = {uid: event.description for uid, event in read_with_icalendar(again.ics).items()}
        assert described == {uid: event.description for uid, event in read_with_icalendar(first.ics).items()}


def test_each_event_gone_from_a_calendar_is_given_its_reason():
    # The UIDs of an earlier export name what they were for; the program and bookmarks of this one
    # say why each is gone.
    from planner.exporters.entries import legacy_event_uid
    from planner.exporters.ics import (
        GONE_FROM_PROGRAM,
        GONE_MOVED,
        GONE_NO_POSTERS,
        GONE_REMOVED,
        GONE_RENAMED,
        CalendarExport,
        why_gone,
    )

    program = open_program("neurips-2018")
    kept, dropped = program.presentations[0], program.presentations[1]
    bookmarks = BookmarkFile(
        conference="neurips-2018",
        bookmarks=[
            new_bookmark(kept.id, kept.title, now=FIRST_EXPORT),
            new_bookmark("gone-from-the-program", "A talk dropped", now=FIRST_EXPORT),
        ],
    )
    gone = why_gone(
        [
            event_uid("neurips-2018", kept.id, "an-old-session"),
            event_uid("neurips-2018", "gone-from-the-program", "s"),
            event_uid("neurips-2018", dropped.id, dropped.slots[0].session),
            legacy_event_uid("neurips-2018", kept.id, "tue-1800"),
            session_uid("neurips-2018", "posters-a"),
        ],
        program,
        bookmarks,
    )
    assert gone == {GONE_MOVED: 1, GONE_FROM_PROGRAM: 1, GONE_REMOVED: 1, GONE_RENAMED: 1, GONE_NO_POSTERS: 1}
    said = CalendarExport(ics=b"", memory={}, events=3, changed=0, gone={GONE_REMOVED: 2, GONE_FROM_PROGRAM: 1})
    assert said.cancelled == 3
    assert said.summary == "3 events, 0 new or changed, 3 cancelled (2 bookmarks removed, 1 no longer in the program)"
