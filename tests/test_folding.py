"""Folding by slicing gives exactly the bytes icalendar's own folding gives."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar
from icalendar.parser import Contentline

from planner.exporters.folding import fold, serialise
from planner.exporters.ics import export_calendar
from planner.program.program_file import load_program
from tests.conftest import FIXTURES
from tests.test_ics_export import FIRST_EXPORT, everything

# Characters of one, two, three and four UTF-8 bytes, and the two that start escapes.
PIECES = st.sampled_from(["a", "\\", "^", ",", "é", "研", "😀", "\\n", " "])


@given(st.lists(PIECES, max_size=400).map("".join))
def test_fold_is_icalendars_fold(text):
    line = "DESCRIPTION:" + text
    assert fold(line) == Contentline(line).to_ical()


@given(st.text(max_size=300).filter(lambda text: "\n" not in text and "\r" not in text))
def test_fold_is_icalendars_fold_for_any_text(text):
    assert fold("X:" + text) == Contentline("X:" + text).to_ical()


def test_a_whole_calendar_serialises_as_to_ical_does():
    program = load_program(FIXTURES / "dst_fall_back_toronto_2026.json")
    exported = export_calendar(
        program, everything(program), clock=lambda: FIRST_EXPORT, where=program.conference.zone, alarm_minutes=5
    )
    calendar = Calendar.from_ical(exported.ics)
    assert serialise(calendar) == calendar.to_ical() == exported.ics
