"""The frab/pentabarf XML and frab/pretalx JSON importers on the real 31C3, CCCamp 2019 and rC3 feeds, and broken copies."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta

import pytest

from planner.errors import SourceError
from planner.importers.base import ImportOptions, RawSource
from planner.importers.frab_schedule import parse_duration
from planner.importers.registry import detect
from planner.importing.sources import import_sources
from planner.program.model import Kind
from tests.conftest import RAW

FEEDS = RAW / "feeds"
XML_31C3 = FEEDS / "31c3_schedule.xml"
JSON_CAMP = FEEDS / "frab-camp2019.json"
JSON_RC3 = FEEDS / "pretalx-rc3.json"


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def by_time(program):
    return sorted(program.sessions, key=lambda session: (session.start, session.title))


def read_text(text: str, name: str, options: ImportOptions = ImportOptions()):
    source = RawSource.from_bytes(text.encode(), name=name)
    return detect(source).read(source, options)


@pytest.mark.parametrize(
    ("path", "fmt", "count", "first", "last"),
    [
        (XML_31C3, "frab-xml", 138,
         ("31C3 Opening Event", utc(2014, 12, 27, 10, 0), utc(2014, 12, 27, 10, 30)),
         ("31C3 Closing Event", utc(2014, 12, 30, 17, 30), utc(2014, 12, 30, 18, 30))),
        (JSON_CAMP, "frab-json", 79,
         ("Opening Ceremony", utc(2019, 8, 21, 9, 0), utc(2019, 8, 21, 9, 30)),
         ("Closing ceremony", utc(2019, 8, 25, 16, 0), utc(2019, 8, 25, 16, 30))),
        (JSON_RC3, "frab-json", 48,
         ("Der faule Admin automatisiert: Gluon auf echter Hardware testen", utc(2020, 12, 27, 10, 30), utc(2020, 12, 27, 11, 10)),
         ("Climate Change and the Corona Pandemic", utc(2020, 12, 30, 15, 0), utc(2020, 12, 30, 15, 40))),
    ],
)  # fmt: skip
def test_real_feeds_give_every_event_with_exact_first_and_last_instants(path, fmt, count, first, last):
    source = RawSource.read(path)
    assert detect(source).name == fmt
    program = import_sources([path], ImportOptions()).program
    assert len(program.presentations) == len(program.sessions) == count
    ordered = by_time(program)
    assert (ordered[0].title, ordered[0].start, ordered[0].end) == first
    assert (ordered[-1].title, ordered[-1].start, ordered[-1].end) == last
    assert all(len(p.slots) == 1 and program.when(p.slots[0]) is not None for p in program.presentations)
    assert program.conference.sources[0].format == fmt


def test_31c3_fields_reach_the_program():
    program = import_sources([XML_31C3], ImportOptions()).program
    conference = program.conference
    assert (conference.id, conference.name) == ("31c3", "31. Chaos Communication Congress")
    assert (conference.start, conference.end) == (date(2014, 12, 27), date(2014, 12, 31))
    keynote = program.presentations_by_id["8c4e647f-813e-41ef-b05b-65469dd841c3"]
    assert (keynote.title, keynote.subtitle, keynote.authors) == ("31C3 Keynote", "A New Dawn", ["alecempire"])
    assert keynote.abstract == "The 31C3 Keynote\n\nA New Dawn"
    agenda = program.presentations_by_id["HOqeNIb6G7M4hYFKFRkCmQ"]
    session = program.sessions_by_id[agenda.slots[0].session]
    assert (session.room, session.track, session.kind) == ("Saal 1", "Ethics, Society & Politics", Kind.TALK)
    # A link that is no paper, video, slides or code is kept at the end of the text, not dropped.
    assert agenda.abstract.endswith(
        "Links: Maha kurz bei Breitband zu diesem Thema <http://breitband.deutschlandradiokultur.de/brb140823/>"
    )
    kinds = {p.kind for p in program.presentations}
    assert kinds == {Kind.TALK, Kind.OTHER}


def test_31c3_days_run_past_midnight_so_late_talks_belong_to_the_day_before():
    program = import_sources([XML_31C3], ImportOptions()).program
    days = program.conference.days
    assert [day.date for day in days] == [date(2014, 12, 27), date(2014, 12, 28), date(2014, 12, 29), date(2014, 12, 30)]
    assert days[0].start == utc(2014, 12, 27, 10, 0) and days[0].end == utc(2014, 12, 28, 3, 0)
    citizenfour = next(p for p in program.presentations if p.title == "Citizenfour")
    span = program.when(citizenfour.slots[0])
    assert span.start == utc(2014, 12, 27, 23, 0)  # 00:00 on the 28th in Hamburg
    assert program.day_of(citizenfour.slots[0]) == date(2014, 12, 27)


def test_feeds_without_a_zone_name_are_shown_in_their_offset_and_say_so():
    imported = import_sources([JSON_RC3], ImportOptions())
    assert imported.program.conference.timezone == "Etc/GMT-1"
    assert any("names no time zone" in note.message and "+01:00" in note.message for note in imported.notes)
    named = import_sources([JSON_RC3], ImportOptions(timezone="Europe/Berlin"))
    assert named.program.conference.timezone == "Europe/Berlin" and not named.notes
    assert [s.start for s in named.program.sessions] == [s.start for s in imported.program.sessions]


def test_camp_feed_names_its_zone_and_keeps_it():
    imported = import_sources([JSON_CAMP], ImportOptions())
    assert imported.program.conference.timezone == "Europe/Berlin"
    assert imported.notes == ()


def test_rc3_day_ending_at_0359_is_closed_up_to_the_next_day():
    program = import_sources([JSON_RC3], ImportOptions()).program
    first, second = program.conference.days[:2]
    assert first.end == second.start == utc(2020, 12, 28, 3, 0)
    assert program.conference.day_of(utc(2020, 12, 28, 2, 59, 30)) == date(2020, 12, 27)


def test_a_zone_name_that_disagrees_with_the_offsets_is_overruled_by_them_with_a_note(tmp_path):
    document = json.loads(JSON_CAMP.read_text(encoding="utf-8"))
    document["schedule"]["conference"]["time_zone_name"] = "UTC"
    path = tmp_path / "camp.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    imported = import_sources([path], ImportOptions())
    assert imported.program.conference.timezone == "Etc/GMT-2"
    assert by_time(imported.program)[0].start == utc(2019, 8, 21, 9, 0)
    assert any("says UTC" in note.message and "79 of 79" in note.message for note in imported.notes)


def test_the_conference_option_wins_over_the_feed_acronym():
    program = import_sources([JSON_CAMP], ImportOptions(conference="cccamp-2019")).program
    assert (program.conference.id, program.conference.name) == ("cccamp-2019", "Chaos Communication Camp 2019")


@pytest.mark.parametrize(
    ("text", "length", "noted"),
    [
        ("00:45", timedelta(minutes=45), False),
        ("1:30", timedelta(hours=1, minutes=30), False),
        ("01:30:00", timedelta(hours=1, minutes=30), False),
        ("00:45:30", timedelta(minutes=45, seconds=30), False),
        ("1:02:30", timedelta(days=1, hours=2, minutes=30), True),
        ("6944:11:40", timedelta(days=6944, hours=11, minutes=40), True),
        ("2:30:00", timedelta(hours=2, minutes=30), False),
    ],
)
def test_durations_in_the_forms_seen_in_the_wild(text, length, noted):
    found, note = parse_duration(text)
    assert found == length
    assert (note is not None) == noted


@pytest.mark.parametrize("text", ["", "90", "1:75", "1:2:3:4", "ab:cd", "1:00:75"])
def test_durations_that_are_not_durations(text):
    with pytest.raises(ValueError, match="duration"):
        parse_duration(text)


MINIMAL_XML = """<?xml version='1.0' encoding='utf-8' ?>
<schedule>
<conference><acronym>mini</acronym><title>Mini Con</title>{zone}</conference>
<day date='2024-03-30' start='2024-03-30T10:00:00+01:00' end='2024-03-31T04:00:00+02:00' index='1'>
<room name='Hall'>
<event guid='talk-one' id='1'>
{date}<start>{start}</start><duration>{duration}</duration><room>Hall</room>
<title>Talk one</title><subtitle/><track>Main</track><type>workshop</type>
<abstract>First.</abstract><description>Second.</description>
<persons><person id='1'>A. Person</person></persons>
<links><link href='https://github.com/example/talk'>code</link><link href='https://media.ccc.de/v/talk'>Recording</link></links>
</event>
</room>
</day>
</schedule>
"""


def minimal_xml(
    *, zone: str = "", date_line: str = "<date>2024-03-30T23:30:00+01:00</date>", start: str = "23:30", duration: str = "01:00"
) -> str:
    return MINIMAL_XML.format(zone=zone, date=date_line, start=start, duration=duration)


def test_xml_links_and_workshop_kind():
    program = read_text(minimal_xml(), "mini.xml").program
    talk = program.presentations[0]
    assert talk.kind is Kind.WORKSHOP and talk.authors == ["A. Person"]
    assert (talk.links.code, talk.links.video) == ("https://github.com/example/talk", "https://media.ccc.de/v/talk")
    assert talk.abstract == "First.\n\nSecond."


def test_a_start_that_disagrees_with_the_date_is_overruled_with_one_note():
    imported = read_text(minimal_xml(start="22:00"), "mini.xml")
    assert imported.program.sessions[0].start == utc(2024, 3, 30, 22, 30)
    differing = [note for note in imported.notes if "differs from their date" in note.message]
    assert [(note.line, note.message.split(" (")[0]) for note in differing] == [
        (7, "1 event(s) give a start that differs from their date")
    ]


def test_an_event_without_date_is_placed_by_its_day_and_start_in_the_named_zone_across_the_dst_change():
    # Europe/Berlin moves to CEST at 02:00 on 31 March 2024: the 01:30 start is CET, its end CEST.
    text = minimal_xml(zone="<time_zone_name>Europe/Berlin</time_zone_name>", date_line="", start="01:30", duration="01:00")
    program = read_text(text, "mini.xml").program
    session = program.sessions[0]
    assert session.start == utc(2024, 3, 31, 0, 30) and session.end == utc(2024, 3, 31, 1, 30)
    assert program.day_of(program.presentations[0].slots[0]) == date(2024, 3, 30)


def test_an_event_without_date_in_a_feed_without_zone_needs_timezone():
    text = minimal_xml(date_line="", start="11:00")
    with pytest.raises(SourceError, match=r"mini\.xml:7: .*no UTC offset.*--timezone"):
        read_text(text, "mini.xml")
    program = read_text(text, "mini.xml", ImportOptions(timezone="Europe/Berlin")).program
    assert program.sessions[0].start == utc(2024, 3, 30, 10, 0)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (minimal_xml(date_line="", start=""), r"mini\.xml:6: the event has no start"),
        (minimal_xml(duration="forever"), r"mini\.xml:7: duration 'forever' is not"),
        (minimal_xml(date_line="<date>yesterday</date>"), r"mini\.xml:7: date 'yesterday' is not an ISO 8601"),
        (minimal_xml(zone="<time_zone_name>Mars/Olympus</time_zone_name>"), r"mini\.xml:3: unknown time zone 'Mars/Olympus'"),
        (minimal_xml().replace("</event>", "</evnt>"), r"mini\.xml:12: not well-formed XML: mismatched tag"),
        (
            minimal_xml().replace("<schedule>", "<!DOCTYPE schedule [<!ENTITY a 'aaaa'>]>\n<schedule>"),
            r"mini\.xml:2: refused a document type declaration",
        ),
        (minimal_xml().replace("guid='talk-one' id='1'", "guid='has spaces'"), r"mini\.xml:6: guid 'has spaces' cannot be an id"),
    ],
)
def test_broken_xml_is_reported_at_its_line(text, message):
    with pytest.raises(SourceError, match=message):
        read_text(text, "mini.xml", ImportOptions(conference="mini"))


def test_a_guid_with_spaces_falls_back_to_the_event_id_with_a_note():
    imported = read_text(minimal_xml().replace("guid='talk-one'", "guid='talk one'"), "mini.xml")
    assert imported.program.presentations[0].id == "1"
    assert any("cannot be an id" in note.message for note in imported.notes)


def test_billion_laughs_is_refused_before_anything_is_expanded():
    entities = "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 10))
    bomb = f'<?xml version="1.0"?>\n<!DOCTYPE schedule [<!ENTITY l0 "lol">{entities}]>\n<schedule>&l9;</schedule>\n'
    with pytest.raises(SourceError, match=r"bomb\.xml:2: refused a document type declaration"):
        read_text(bomb, "bomb.xml")


def _camp(tmp_path, change) -> str:
    document = json.loads(JSON_CAMP.read_text(encoding="utf-8"))
    change(document)
    path = tmp_path / "camp.json"
    path.write_text(json.dumps(document, indent=1), encoding="utf-8")
    return str(path)


def _event(document, day=1, room="Curie", index=2):
    return document["schedule"]["conference"]["days"][day]["rooms"][room][index]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: _event(d).update(date=5),
            r'at \$\.schedule\.conference\.days\[1\]\.rooms\["Curie"\]\[2\]\.date: Input should be a valid string',
        ),
        (
            lambda d: (_event(d).pop("date"), _event(d).pop("start")),
            r'at \$\.schedule\.conference\.days\[1\]\.rooms\["Curie"\]\[2\]: the event has no start',
        ),
        (
            lambda d: d["schedule"]["conference"].update(time_zone_name="Mars/Olympus"),
            r"at \$\.schedule\.conference\.time_zone_name: unknown time zone",
        ),
        (lambda d: d["schedule"].update(conference=[]), r"at \$\.schedule\.conference: Input should be a valid dictionary$"),
        (lambda d: _event(d).update(duration="0:90"), r'rooms\["Curie"\]\[2\]\.duration: duration \'0:90\' has 90 minutes'),
        (lambda d: _event(d, index=3).update(guid=_event(d)["guid"]), r'rooms\["Curie"\]\[3\]: a second event with the id'),
    ],
)
def test_broken_json_is_refused_at_its_json_path_with_strict(tmp_path, change, message):
    path = _camp(tmp_path, change)
    with pytest.raises(SourceError, match=message):
        import_sources([path], ImportOptions(strict=True))
    if "time_zone_name" in message or "conference:" in message:
        with pytest.raises(SourceError, match=message):
            import_sources([path], ImportOptions())
        return
    # Without --strict one broken event is one event less, with a note at its path; never the whole feed.
    imported = import_sources([path], ImportOptions())
    assert len(imported.program.presentations) == 78 or "a second event" in message
    assert any(
        re.search(message.replace("a second event with the id", "is listed again|is used again"), str(note))
        or (note.skipped and re.search(message, str(note)))
        for note in imported.notes
    ), [str(n) for n in imported.notes]
    (summary,) = imported.summaries
    assert summary.imported == len(imported.program.presentations)


def test_invalid_json_is_reported_at_its_line(tmp_path):
    text = JSON_CAMP.read_text(encoding="utf-8")
    broken = text.replace('"title": "Opening Ceremony",', '"title": "Opening Ceremony"', 1)
    line = broken[: broken.index('"title": "Opening Ceremony"')].count("\n") + 2
    path = tmp_path / "camp.json"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(SourceError, match=rf"camp\.json:{line}: not valid JSON"):
        import_sources([path], ImportOptions(), format_name="frab-json")
