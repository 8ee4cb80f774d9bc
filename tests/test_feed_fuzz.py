"""On arbitrary text, the feed importers either read a program or raise SourceError: never anything else."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.errors import SourceError
from planner.importers.base import ImportOptions, RawSource
from planner.importers.registry import IMPORTERS

FEED_FORMATS = ["frab-xml", "frab-json", "ics", "virtual-site-json"]

# Text that gets past each format's first check, so the property reaches the deeper parsing.
PREFIXES = {
    "frab-xml": [
        "",
        "<schedule>",
        "<?xml version='1.0'?>\n<schedule><conference><title>x</title></conference><day date='2024-01-01'><room name='r'><event id='1' guid='g'>",
    ],
    "frab-json": ["", '{"schedule": {"conference": {"days": [{"rooms": {"r": [', '{"schedule": '],
    "ics": ["", "BEGIN:VCALENDAR\n", "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:x\n"],
    "virtual-site-json": ["", '{"count": 2, "results": [', '{"results": '],
}

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=20,
)
ICS_PROPERTIES = [
    "BEGIN:VEVENT", "END:VEVENT", "DTSTART:20240101T100000Z", "DTSTART;TZID=Europe/Berlin:20240101T100000",
    "DTSTART:20240101T100000", "DTEND:20240101T090000Z", "DTEND;VALUE=DATE:20240102", "DURATION:PT1H", "DURATION:-PT1H",
    "RRULE:FREQ=DAILY;COUNT=3", "RRULE:FREQ=WEEKLY", "RRULE:FREQ=DAILY;UNTIL=20240105", "EXDATE:20240102T100000Z",
    "RDATE:20240110T100000Z", "RECURRENCE-ID:20240102T100000Z", "DTSTART;VALUE=DATE:20240101", "UID:x", "UID:y",
    "STATUS:CANCELLED", "SUMMARY:talk", "CATEGORIES:Poster,Keynote", "X-WR-TIMEZONE:Europe/Berlin", "X-WR-CALNAME:Fuzz",
    "BEGIN:VALARM", "END:VALARM", "BEGIN:VTIMEZONE", "END:VTIMEZONE", "TZID:Custom/Zone", " folded",
]  # fmt: skip
ics_event = st.lists(st.sampled_from(ICS_PROPERTIES[2:]), min_size=1, max_size=8).map(
    lambda lines: ["BEGIN:VEVENT", *lines, "END:VEVENT"]
)
ics_lines = st.lists(
    ics_event | ics_event | st.lists(st.sampled_from(ICS_PROPERTIES) | st.text(max_size=20), max_size=2), max_size=5
).map(lambda blocks: [line for block in blocks for line in block])

# Results that look like virtual-site events, with any value in any field.
times = st.sampled_from(["2024-07-23T11:30:00+02:00", "2024-07-23T13:00:00+02:00", "2024-07-23T11:30:00", "soon", ""]) | st.none()
virtual_events = st.fixed_dictionaries(
    {"id": st.integers(1, 5) | st.text(max_size=3), "name": st.sampled_from(["A", "B", ""]) | st.text(max_size=5)},
    optional={
        "starttime": times, "endtime": times, "starttime2": times, "endtime2": times, "uid": st.sampled_from(["u", ""]),
        "eventtype": st.sampled_from(["Poster", "Oral", "Spotlight", "Tutorial"]) | st.none(),
        "session": st.text(max_size=8) | st.none(), "session2": st.text(max_size=8) | st.none(),
        "related_events_ids": st.lists(st.integers(1, 5) | json_values, max_size=3), "parent": json_values,
        "children": st.lists(json_values, max_size=3), "authors": st.lists(json_values, max_size=3),
        "poster_position": st.sampled_from(["#1", 12, None]) | json_values, "paper_url": st.sampled_from(["https://openreview.net/forum?id=Abcdef12", "x", None]) | json_values,
        "keywords": st.lists(json_values, max_size=2), "topic": st.sampled_from(["A->B", None]) | json_values,
    },
)  # fmt: skip


def outcome(format_name: str, text: str) -> None:
    """Read `text` as `format_name`; only a SourceError may come out."""
    try:
        source = RawSource.from_bytes(text.encode("utf-8", "surrogatepass"), name="fuzz")
        IMPORTERS[format_name].read(source, ImportOptions(conference="fuzz"))
    except SourceError:
        pass


@pytest.mark.parametrize("format_name", FEED_FORMATS)
@settings(max_examples=150)
@given(data=st.data())
def test_arbitrary_text_gives_a_program_or_a_source_error(format_name, data):
    prefix = data.draw(st.sampled_from(PREFIXES[format_name]))
    outcome(format_name, prefix + data.draw(st.text(max_size=300)))


@pytest.mark.parametrize("format_name", ["frab-json", "virtual-site-json"])
@settings(max_examples=150)
@given(
    value=json_values,
    wrap=st.sampled_from(
        ["{}", '{"schedule": %s}', '{"schedule": {"conference": %s}}', '{"results": [%s]}', '{"results": %s, "count": 9}']
    ),
)
def test_json_of_any_shape_gives_a_program_or_a_source_error(format_name, value, wrap):
    text = json.dumps(value) if wrap == "{}" else wrap % json.dumps(value)
    outcome(format_name, text)


@settings(max_examples=150)
@given(lines=ics_lines)
def test_calendars_of_any_structure_give_a_program_or_a_source_error(lines):
    outcome("ics", "BEGIN:VCALENDAR\n" + "\n".join(lines) + "\nEND:VCALENDAR\n")


@settings(max_examples=150)
@given(events=st.lists(virtual_events, max_size=6), count=st.integers(0, 9) | st.none())
def test_virtual_site_events_of_any_content_give_a_program_or_a_source_error(events, count):
    outcome("virtual-site-json", json.dumps({"count": count, "results": events}))
