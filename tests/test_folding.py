"""Folding by slicing gives the bytes icalendar's own folding gives, except that it never splits an escape pair."""

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
def test_fold_keeps_the_line_and_its_limits_and_never_splits_an_escape(text):
    line = "DESCRIPTION:" + text
    folded = fold(line)
    pieces = folded.split(b"\r\n ")
    assert b"".join(pieces) == line.encode("utf-8")
    for piece in pieces:
        assert 0 < len(piece) <= 74
        piece.decode("utf-8")  # never inside a character
    for before in pieces[:-1]:
        # A piece ending in an odd run of backslashes (or carets) would cut an escape in two.
        run = len(before) - len(before.rstrip(before[-1:])) if before[-1:] in (b"\\", b"^") else 0
        assert run % 2 == 0, before[-6:]


@given(st.lists(PIECES, max_size=400).map("".join).filter(lambda text: "\\\\" not in text and "^^" not in text))
def test_fold_is_icalendars_fold_where_no_escape_is_doubled(text):
    line = "DESCRIPTION:" + text
    assert fold(line) == Contentline(line).to_ical()


def test_an_escaped_backslash_at_the_fold_stays_whole():
    # The 73rd and 74th octets are an escaped backslash: icalendar folds between its halves.
    line = "DESCRIPTION:" + "a" * 60 + "\\\\" + "b" * 20
    assert line.encode()[72:74] == b"\\\\"
    assert fold(line).split(b"\r\n ")[0].endswith(b"a\\\\")


@given(st.text(max_size=300).filter(lambda text: "\n" not in text and "\r" not in text and "\\" not in text and "^" not in text))
def test_fold_is_icalendars_fold_for_any_text(text):
    assert fold("X:" + text) == Contentline("X:" + text).to_ical()


def test_a_whole_calendar_serialises_as_to_ical_does():
    program = load_program(FIXTURES / "dst_fall_back_toronto_2026.json")
    exported = export_calendar(
        program, everything(program), clock=lambda: FIRST_EXPORT, where=program.conference.zone, alarm_minutes=5
    )
    calendar = Calendar.from_ical(exported.ics)
    assert serialise(calendar) == calendar.to_ical() == exported.ics
