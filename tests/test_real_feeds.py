"""Real programs as organisers publish them: each quirk of a real feed (or a faithful cut of one) imports, or is skipped with a note.

The feeds are in tests/fixtures/feeds/ (their sources in the README there) and examples/raw/feeds/.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import pytest

from planner.errors import SourceError
from planner.importers.base import ImportOptions, RawSource
from planner.importers.registry import detect
from planner.importing.sources import import_sources
from planner.program.model import Kind, may_hold_control_characters
from planner.program.program_file import dump_program, load_program
from planner.schedule.timetable import SessionRow, SlotRow, lay_out
from planner.search.finding import Match
from tests.conftest import FIXTURES, RAW, run

FEEDS = FIXTURES / "feeds"
FOSDEM = FEEDS / "fosdem2018_cut.xml"
HUB = FEEDS / "c3voc_hub_38c3_v2.json"
FOLDED = FEEDS / "31c3_octet_folded.ics"
CONGRESS = RAW / "feeds" / "31c3_schedule.xml"
BRUSSELS = ImportOptions(timezone="Europe/Brussels")


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def written(tmp_path, name: str, data: bytes | str):
    path = tmp_path / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def congress_event(text: str, guid: str) -> str:
    """The whole <event> element of 31C3 with this guid."""
    start = text.index(f"guid='{guid}'")
    start = text.rindex("<event ", 0, start)
    return text[start : text.index("</event>", start) + len("</event>")]


# 1. One event listed twice under the same id


def test_an_event_repeated_under_its_guid_at_another_time_is_a_second_slot(tmp_path):
    text = CONGRESS.read_text(encoding="utf-8")
    first = re.search(r"<event guid='([^']+)' id='(\d+)'>", text)
    event = congress_event(text, first[1])
    again = re.sub(r"<date>[^<]+</date>", "<date>2014-12-29T21:00:00+01:00</date>", event)
    cut = text.replace(event, event + "\n" + again, 1)
    imported = import_sources([written(tmp_path, "31c3.xml", cut)], ImportOptions())
    program = imported.program
    assert len(program.presentations) == 138 and len(program.sessions) == 139
    repeated = program.presentations_by_id[first[1]]
    assert len(repeated.slots) == 2
    assert {program.when(slot).start for slot in repeated.slots} >= {utc(2014, 12, 29, 20, 0)}
    (note,) = [note for note in imported.notes if "listed again" in note.message]
    assert note.line is not None and re.search(r"first at line \d+", note.message)


def test_one_id_for_two_different_events_keeps_both_with_a_note(tmp_path):
    text = CONGRESS.read_text(encoding="utf-8")
    first = re.search(r"<event guid='([^']+)' id='(\d+)'>", text)
    event = congress_event(text, first[1])
    other = re.sub(r"<title>[^<]+</title>", "<title>Coffee break</title>", event)
    cut = text.replace(event, event + "\n" + other, 1)
    imported = import_sources([written(tmp_path, "31c3.xml", cut)], ImportOptions())
    assert len(imported.program.presentations) == 139
    assert imported.program.presentations_by_id[f"{first[1]}-2"].title == "Coffee break"
    assert any("is used again" in note.message for note in imported.notes)
    with pytest.raises(SourceError, match="a second event with the id"):
        import_sources([written(tmp_path, "31c3.xml", cut)], ImportOptions(strict=True))


# 2. One broken event


def test_one_event_without_duration_is_skipped_with_its_line_and_the_rest_imports(tmp_path):
    text = CONGRESS.read_text(encoding="utf-8")
    broken = re.sub(r"<duration>[^<]*</duration>", "<duration></duration>", text, count=1)
    line = broken[: broken.index("<duration></duration>")].count("\n") + 1
    imported = import_sources([written(tmp_path, "31c3.xml", broken)], ImportOptions())
    assert len(imported.program.presentations) == 137
    (summary,) = imported.summaries
    assert str(summary).startswith(
        f"{tmp_path / '31c3.xml'} (frab-xml): 137 imported, 1 skipped (line {line}: the event has no duration)"
    )
    with pytest.raises(SourceError, match=rf"31c3\.xml:{line}: the event has no duration"):
        import_sources([written(tmp_path, "31c3.xml", broken)], ImportOptions(strict=True))


def test_one_broken_event_of_a_calendar_is_skipped_with_its_line(tmp_path):
    data = FOLDED.read_bytes()
    first = data.index(b"DTSTART:")
    broken = data[:first] + b"DTSTART:20141227T25" + data[first + len(b"DTSTART:20141227T11") :]
    line = data[:first].count(b"\n") + 1
    imported = import_sources([written(tmp_path, "31c3.ics", broken)], ImportOptions())
    assert len(imported.program.presentations) == 5
    (skipped,) = [note for note in imported.notes if note.skipped]
    assert skipped.line == line and "DTSTART" in skipped.message
    with pytest.raises(SourceError, match=rf"31c3\.ics:{line}: DTSTART"):
        import_sources([written(tmp_path, "31c3.ics", broken)], ImportOptions(strict=True))


NEURIPS = FIXTURES / "neurips2025_poster_boards" / "neurips-2025-orals-posters.json"


@pytest.mark.parametrize(
    ("damage", "path", "reason"),
    [
        (lambda event: event.pop("endtime"), "$.results[1]", "the event gives starttime but no endtime"),
        (lambda event: event.update(starttime="Fri 5 Dec, 4:30 pm"), "$.results[1].starttime", "is not an ISO 8601"),
        (lambda event: event.pop("name"), "$.results[1].name", "Field required"),
        (lambda event: event.update(name="  "), "$.results[1].name", "the event has no name"),
        (lambda event: event.update(poster_position=["#118"]), "$.results[1].poster_position", "should be text"),
        (lambda event: event.update(authors="Ada Example"), "$.results[1].authors", "valid list"),
    ],
)
def test_one_broken_event_of_a_virtual_site_feed_is_skipped_with_its_json_path(tmp_path, damage, path, reason):
    data = json.loads(NEURIPS.read_text(encoding="utf-8"))
    damage(data["results"][1])
    feed = written(tmp_path, NEURIPS.name, json.dumps(data, indent=1))
    imported = import_sources([feed], ImportOptions())
    assert [p.title for p in imported.program.presentations] == [
        "Widgets at the Far Board",
        "Sprockets in the Middle",
        "A Poster Whose Board Is Not Given",
    ]
    (summary,) = imported.summaries
    assert str(summary).startswith(f"{feed} (virtual-site-json): 3 imported, 1 skipped (at {path}: ")
    assert reason in str(summary)
    (note,) = [note for note in imported.notes if note.skipped]
    assert f"at {path}: " in note.message
    with pytest.raises(SourceError, match=re.escape(f"at {path}: ")):
        import_sources([feed], ImportOptions(strict=True))


def test_a_virtual_site_feed_whose_every_event_is_broken_is_refused(tmp_path):
    data = json.loads(NEURIPS.read_text(encoding="utf-8"))
    for event in data["results"]:
        event["starttime"] = "TBA"
    feed = written(tmp_path, NEURIPS.name, json.dumps(data))
    with pytest.raises(SourceError, match=r"at \$\.results\[0\]\.starttime: 'TBA' is not an ISO 8601.*3 more entries skipped"):
        import_sources([feed], ImportOptions())


# 3. The c3voc schedule v2 layout


def test_a_c3voc_v2_feed_with_a_flat_event_list_imports_its_events():
    imported = import_sources([HUB], ImportOptions())
    program = imported.program
    assert program.conference.timezone == "Europe/Berlin"
    assert [presentation.title for presentation in program.presentations] == [
        "38C3: Opening Ceremony",
        "A Competitive Time-Trial AI for Need for Speed:",
    ]
    opening = program.presentations[0]
    assert opening.authors == ["Gabriela Bogk", "Aline Blankertz", "Senficon"]
    span = program.when(opening.slots[0])
    assert (span.start, span.end) == (utc(2024, 12, 27, 9, 30), utc(2024, 12, 27, 10, 0))
    session = program.sessions_by_id[opening.slots[0].session]
    assert (session.room, session.track) == ("Saal 1", "ccc")
    # The talk after midnight belongs to the first congress day, as the feed's days draw it.
    talk = program.presentations[1]
    assert program.day_of(talk.slots[0]).isoformat() == "2024-12-27"


def test_a_feed_that_yields_no_event_is_an_error_saying_what_was_looked_for(tmp_path):
    document = json.loads(HUB.read_text(encoding="utf-8"))
    document["schedule"]["events"] = []
    path = written(tmp_path, "empty.json", json.dumps(document))
    with pytest.raises(SourceError, match=r"empty\.json: no presentation in it: read as frab-json"):
        import_sources([path], ImportOptions())


# 4. and 5. Encodings


def test_an_ics_folded_in_the_middle_of_a_utf8_character_imports():
    data = FOLDED.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # the fixture really splits a character
    program = import_sources([FOLDED], ImportOptions()).program
    assert len(program.presentations) == 6
    text = " ".join(presentation.abstract for presentation in program.presentations)
    assert "\ufffd" not in text and re.search(r"[äöüß]", text)


def test_xml_in_the_encoding_it_declares_and_utf16_with_a_bom_are_read(tmp_path):
    original = import_sources([FOSDEM], BRUSSELS).program
    latin = FOSDEM.read_text(encoding="utf-8").replace('encoding="UTF-8"', 'encoding="ISO-8859-1"')
    for name, data in (
        ("latin1.xml", latin.encode("iso-8859-1", errors="replace")),
        ("utf16.xml", FOSDEM.read_text(encoding="utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")),
    ):
        program = import_sources([written(tmp_path, name, data)], BRUSSELS).program
        assert [p.title for p in program.presentations] == [p.title for p in original.presentations], name
    hub = import_sources([written(tmp_path, "hub.json", HUB.read_text(encoding="utf-8").encode("utf-16"))], ImportOptions())
    assert len(hub.program.presentations) == 2
    with pytest.raises(SourceError, match="binary file"):
        RawSource.from_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", name="picture.png")


# 6. Daylight-saving gaps and folds


def test_a_feed_time_the_clocks_skip_is_skipped_with_its_line_never_shifted(tmp_path):
    text = FOSDEM.read_text(encoding="utf-8").replace('date="2018-02-03"', 'date="2018-03-25"')
    text = text.replace("<start>10:30</start>", "<start>02:30</start>", 1)
    line = text[: text.index("<start>02:30</start>")].count("\n") + 1
    imported = import_sources([written(tmp_path, "fosdem.xml", text)], BRUSSELS)
    assert len(imported.program.presentations) == 101
    (skipped,) = [note for note in imported.notes if note.skipped]
    assert skipped.line == line and "does not exist in Europe/Brussels" in skipped.message
    with pytest.raises(SourceError, match=rf"fosdem\.xml:{line}: .*does not exist"):
        import_sources([written(tmp_path, "fosdem.xml", text)], ImportOptions(timezone="Europe/Brussels", strict=True))


def _calendar(*event_lines: str) -> str:
    head = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//t//t//EN", "X-WR-CALNAME:Camp", "BEGIN:VEVENT", "UID:a", "SUMMARY:Talk"]
    return "\r\n".join([*head, *event_lines, "END:VEVENT", "END:VCALENDAR", ""])


def test_an_ics_tzid_time_in_a_gap_is_refused_and_one_in_a_fold_ends_after_it_starts(tmp_path):
    gap = _calendar("DTSTART;TZID=Europe/Berlin:20240331T023000", "DTEND;TZID=Europe/Berlin:20240331T033000")
    with pytest.raises(SourceError, match=r"gap\.ics:8: 2024-03-31 02:30 does not exist in Europe/Berlin"):
        import_sources([written(tmp_path, "gap.ics", gap)], ImportOptions())
    fold = _calendar("DTSTART;TZID=Europe/Berlin:20241027T023000", "DTEND;TZID=Europe/Berlin:20241027T020000")
    imported = import_sources([written(tmp_path, "fold.ics", fold)], ImportOptions())
    session = imported.program.sessions[0]
    assert session.end > session.start and session.end - session.start == (utc(2024, 10, 27, 1, 0) - utc(2024, 10, 27, 0, 30))
    assert any("happens twice" in note.message for note in imported.notes)


# 7. A feed that names its zone but writes every time in UTC


def test_a_feed_in_utc_that_names_its_zone_is_shown_in_it_with_days_by_the_venue_date(tmp_path):
    # As DebConf's generator writes: the venue's zone named, every time at +00:00, each day
    # labelled with the UTC date on which the venue's day starts (one day early in Asia/Kolkata).
    document = json.loads(HUB.read_text(encoding="utf-8"))
    conference = document["schedule"]["conference"]
    conference["time_zone_name"] = "Asia/Kolkata"
    for event in document["schedule"]["events"]:
        for key in ("start", "end"):
            event[key] = datetime.fromisoformat(event[key]).astimezone(UTC).isoformat()
    conference["days"] = [
        {"index": 1, "date": "2024-12-26", "start": "2024-12-26T18:30:00+00:00", "end": "2024-12-27T18:30:00+00:00"},
        {"index": 2, "date": "2024-12-27", "start": "2024-12-27T18:30:00+00:00", "end": "2024-12-28T18:30:00+00:00"},
    ]
    imported = import_sources([written(tmp_path, "debconf.json", json.dumps(document))], ImportOptions())
    program = imported.program
    assert program.conference.timezone == "Asia/Kolkata"
    assert [day.date.isoformat() for day in program.conference.days] == ["2024-12-27", "2024-12-28"]
    opening = program.presentations[0]
    assert program.day_of(opening.slots[0]).isoformat() == "2024-12-27"  # 15:00 in Kolkata on the 27th
    said = " ".join(note.message for note in imported.notes)
    assert "every time is written in UTC" in said and "day labels" in said


# 8. HTML in abstracts; entities everywhere


def test_fosdem_abstracts_are_readable_text_with_lists_and_links(capsys):
    program = import_sources([FOSDEM], BRUSSELS).program
    for presentation in program.presentations:
        assert not re.search(r"</?[a-z]+[ >]|&[a-z]+;|&#\d+;", presentation.abstract), presentation.id
    build = program.presentations_by_id["7066"]
    assert "\n• better control of which subset" in build.abstract
    code, out, _ = run(capsys, "show", "7066", "--program", str(FOSDEM), "--timezone", "Europe/Brussels")
    assert code == 0 and "<p>" not in out and "&lt;" not in out and "  • build optimization" in out


# 9. Control characters never reach an output


def test_no_exported_calendar_carries_a_control_character(capsys, tmp_path):
    document = json.loads(HUB.read_text(encoding="utf-8"))
    event = document["schedule"]["events"][0]
    event["title"] = "38C3: \x1b[31mOpening\x07 \u202eCeremony\x85"
    event["description"] = "Bidi \u2066isolate\u2069 and \x9b C1"
    feed = written(tmp_path, "hub.json", json.dumps(document))
    bookmarks = str(tmp_path / "mine.json")
    code, _, err = run(capsys, "bookmark", "add", event["guid"], "--program", str(feed), "--bookmarks", bookmarks)
    assert code == 0, err
    code, out, err = run(capsys, "export", "-o", "-", "--program", str(feed), "--bookmarks", bookmarks)
    assert code == 0, err
    assert "SUMMARY:38C3: [31mOpening Ceremony" in out
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", out)


# 10. Limits


def test_a_source_over_the_size_cap_is_refused_before_it_is_read(capsys, tmp_path):
    code, _, err = run(capsys, "import", str(HUB), "--max-size", "10K", "-o", str(tmp_path / "p.json"))
    assert code == 1 and "12,956 bytes is more than the 10,240 a program source may be" in err
    assert not (tmp_path / "p.json").exists()
    code, _, err = run(capsys, "import", str(HUB), "--max-size", "20K", "-o", str(tmp_path / "p.json"))
    assert code == 0, err


# 11. Kinds from real feeds


def test_fosdem_devroom_talks_are_talks_and_keep_their_label(capsys):
    program = import_sources([FOSDEM], BRUSSELS).program
    labels = {(p.kind, p.kind_label) for p in program.presentations}
    assert labels == {(Kind.TALK, "devroom"), (Kind.OTHER, "certification")}
    code, out, _ = run(capsys, "list", "--program", str(FOSDEM), "--timezone", "Europe/Brussels", "--kind", "talk", "--json")
    assert code == 0 and len(json.loads(out)) == 95 and json.loads(out)[0]["kind_label"] == "devroom"
    code, out, _ = run(capsys, "show", "6219", "--program", str(FOSDEM), "--timezone", "Europe/Brussels")
    assert code == 0 and "other (certification) · 6219" in out


# 12. Speakers


def test_every_named_person_is_kept(tmp_path):
    text = FOSDEM.read_text(encoding="utf-8").replace(
        '<person id="5189">Matthew Coles</person>', "<person>Matthew Coles</person>"
    )
    program = import_sources([written(tmp_path, "fosdem.xml", text)], BRUSSELS).program
    assert program.presentations_by_id["6975"].authors == ["Matthew Coles"]


# 13. One row per frab event


def test_a_frab_event_is_one_row_not_a_session_and_a_presentation():
    program = import_sources([CONGRESS], ImportOptions()).program
    rows = lay_out(program, (Match(p, tuple(p.slots)) for p in program.presentations))
    assert not [row for row in rows if isinstance(row, SessionRow)]
    slots = [row for row in rows if isinstance(row, SlotRow)]
    assert len(slots) == 138 and all(row.alone is not None and row.alone.room for row in slots)


# 14. Raw-source options on every command; the summary line and --json of import


def test_list_reads_a_feed_that_needs_a_zone_with_timezone(capsys):
    code, out, err = run(capsys, "list", "--program", str(FOSDEM), "--timezone", "Europe/Brussels", "--json")
    assert code == 0, err
    assert len(json.loads(out)) == 102
    code, _, err = run(capsys, "list", "--program", str(FOSDEM))
    assert code == 1 and "give --timezone" in err


def test_import_prints_a_summary_line_per_source_and_the_same_as_json(capsys, tmp_path):
    target = str(tmp_path / "p.json")
    code, _, err = run(capsys, "import", str(FOSDEM), "--timezone", "Europe/Brussels", "-o", target)
    assert code == 0 and f"{FOSDEM} (frab-xml): 102 imported" in err
    code, out, _ = run(capsys, "import", str(FOSDEM), "--timezone", "Europe/Brussels", "-o", target, "--json")
    report = json.loads(out)
    assert code == 0 and report["sources"] == [
        {"file": str(FOSDEM), "format": "frab-xml", "imported": 102, "skipped": [], "notes": 0}
    ]
    code, _, _ = run(capsys, "import", str(FOSDEM), "--json")
    assert code == 2


def test_detection_claims_each_new_fixture_once():
    assert detect(RawSource.read(FOSDEM)).name == "frab-xml"
    assert detect(RawSource.read(HUB)).name == "frab-json"
    assert detect(RawSource.read(FOLDED)).name == "ics"


def test_a_hand_edited_program_file_with_control_characters_loads_without_them(tmp_path):
    program = import_sources([HUB], ImportOptions()).program
    text = dump_program(program).replace("38C3: Opening Ceremony", "38C3: \\u001b[31mOpening\\u0007 \u202eCeremony")
    path = written(tmp_path, "edited.json", text)
    loaded = load_program(path)
    assert loaded.presentations[0].title == "38C3: [31mOpening Ceremony"
    assert may_hold_control_characters(dump_program(program)) is False  # a clean file is loaded as it is
