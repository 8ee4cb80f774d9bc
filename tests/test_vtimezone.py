"""VTIMEZONEs in RRULE form give zoneinfo's offsets at every instant of the dates they cover.

Each VTIMEZONE is written, parsed back by icalendar (from its observances, not by its name) and by
vobject, and compared with zoneinfo every 15 minutes and one second either side of each change.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, available_timezones

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from planner.exporters.vtimezone import transitions, vtimezone
from tests.calendar_readers import vtimezones_with_icalendar, vtimezones_with_vobject

# Zones and dates that have bitten calendar software, each named for what it tests.
HARD_CASES = {
    "toronto_fall_back": ("America/Toronto", date(2026, 10, 30), date(2026, 11, 3)),
    "toronto_winter_neurips_2018": ("America/Toronto", date(2018, 12, 2), date(2018, 12, 9)),
    "berlin_spring_forward": ("Europe/Berlin", date(2019, 3, 29), date(2019, 4, 2)),
    "sydney_southern_autumn": ("Australia/Sydney", date(2020, 4, 1), date(2020, 4, 8)),
    "lord_howe_half_hour_saving": ("Australia/Lord_Howe", date(2020, 4, 2), date(2020, 4, 7)),
    "dublin_negative_saving_in_winter": ("Europe/Dublin", date(2020, 10, 22), date(2020, 10, 28)),
    "casablanca_ramadan_pause": ("Africa/Casablanca", date(2020, 4, 15), date(2020, 6, 5)),
    "sao_paulo_after_saving_ended": ("America/Sao_Paulo", date(2020, 2, 10), date(2020, 2, 20)),
    "samoa_skips_a_day": ("Pacific/Apia", date(2011, 12, 27), date(2012, 1, 2)),
    "kolkata_half_hour_offset": ("Asia/Kolkata", date(2019, 12, 8), date(2019, 12, 14)),
    "tokyo_no_saving": ("Asia/Tokyo", date(2019, 11, 10), date(2019, 11, 14)),
    "new_york_two_changes_in_a_long_range": ("America/New_York", date(2021, 3, 1), date(2021, 11, 30)),
}


def _written(zone: ZoneInfo, first: date, last: date) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//test//EN")
    calendar.add("version", "2.0")
    calendar.add_component(vtimezone(zone, first, last))
    return calendar.to_ical()


def _instants(zone: ZoneInfo, first: date, last: date) -> list[datetime]:
    start = datetime.combine(first, time(), zone).astimezone(UTC)
    end = datetime.combine(last + timedelta(days=1), time(), zone).astimezone(UTC)
    moments = []
    moment = start
    while moment < end:
        moments.append(moment)
        moment += timedelta(minutes=15)
    for change in transitions(zone, start, end):
        moments.extend([change.at - timedelta(seconds=1), change.at, change.at + timedelta(seconds=1)])
    return moments


def _mismatches(zone: ZoneInfo, parsed, first: date, last: date, *, from_utc: bool = True) -> list[str]:
    """Where the parsed zone disagrees with zoneinfo: placing a wall-clock time (what a reader does
    with DTSTART;TZID=…, a repeated hour told apart by `fold`) and, with `from_utc`, showing an instant."""
    wrong = []
    for moment in _instants(zone, first, last):
        local = moment.astimezone(zone)
        expected = local.utcoffset()
        placed = local.replace(tzinfo=parsed).utcoffset()
        if placed != expected:
            wrong.append(f"wall {local:%Y-%m-%d %H:%M:%S} (fold {local.fold}): {placed} instead of {expected}")
        shown = moment.astimezone(parsed).utcoffset()
        if from_utc and shown != expected:
            wrong.append(f"instant {moment:%Y-%m-%d %H:%M:%S}Z: {shown} instead of {expected}")
    return wrong


@pytest.mark.parametrize("case", sorted(HARD_CASES))
@pytest.mark.parametrize("reader", [vtimezones_with_icalendar, vtimezones_with_vobject], ids=["icalendar", "vobject"])
def test_parsed_vtimezone_gives_zoneinfos_offsets_at_every_instant(case, reader):
    name, first, last = HARD_CASES[case]
    zone = ZoneInfo(name)
    parsed = reader(_written(zone, first, last))[name]
    # dateutil (behind both readers) converts from UTC by guessing with the wall-clock time, which a
    # day-long jump defeats; placing Samoa's wall-clock times, what an importer does, still works.
    assert _mismatches(zone, parsed, first, last, from_utc=case != "samoa_skips_a_day") == []


@pytest.mark.parametrize(
    "case", ["toronto_fall_back", "berlin_spring_forward", "sydney_southern_autumn", "dublin_negative_saving_in_winter"]
)
def test_daylight_saving_zones_get_one_standard_and_one_daylight_rule_and_no_rdate(case):
    name, first, last = HARD_CASES[case]
    text = _written(ZoneInfo(name), first, last).decode()
    assert "RDATE" not in text
    assert text.count("BEGIN:STANDARD") == 1 and text.count("BEGIN:DAYLIGHT") == 1
    assert text.count("RRULE:FREQ=YEARLY;") == 2


def test_toronto_rules_are_the_ones_the_law_gives():
    text = _written(ZoneInfo("America/Toronto"), *HARD_CASES["toronto_fall_back"][1:]).decode()
    # Second Sunday of March and first Sunday of November, at 02:00 local (since 2007).
    assert "RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3" in text
    assert "RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11" in text
    assert "DTSTART:20261101T020000" in text


def test_berlin_says_last_sunday_not_fourth():
    # 31 March 2019 is both the 5th and the last Sunday; 27 October 2019 both the 4th and the last:
    # the neighbouring years decide, and "last" is what reproduces them.
    text = _written(ZoneInfo("Europe/Berlin"), date(2019, 10, 20), date(2019, 10, 30)).decode()
    assert "BYDAY=-1SU;BYMONTH=10" in text and "BYDAY=-1SU;BYMONTH=3" in text


def test_irregular_changes_get_one_observance_each_and_no_rule():
    text = _written(ZoneInfo("Africa/Casablanca"), *HARD_CASES["casablanca_ramadan_pause"][1:]).decode()
    assert "RRULE" not in text and "RDATE" not in text
    assert "DTSTART:20200419T030000" in text and "DTSTART:20200531T020000" in text


def test_a_zone_without_changes_gets_one_fixed_observance():
    text = _written(ZoneInfo("Asia/Tokyo"), date(2019, 11, 10), date(2019, 11, 14)).decode()
    assert text.count("BEGIN:STANDARD") == 1 and "BEGIN:DAYLIGHT" not in text
    assert "TZOFFSETFROM:+0900" in text and "TZOFFSETTO:+0900" in text


def test_transitions_agree_with_zoneinfo_to_the_second():
    zone = ZoneInfo("Europe/Berlin")
    found = transitions(zone, datetime(2019, 1, 1, tzinfo=UTC), datetime(2020, 1, 1, tzinfo=UTC))
    assert [change.at for change in found] == [datetime(2019, 3, 31, 1, tzinfo=UTC), datetime(2019, 10, 27, 1, tzinfo=UTC)]
    assert [change.onset for change in found] == [datetime(2019, 3, 31, 2), datetime(2019, 10, 27, 3)]
    assert [change.daylight for change in found] == [True, False]


ZONES = sorted(name for name in available_timezones() if "/" in name and not name.startswith(("Etc/", "SystemV/")))


@settings(max_examples=int(os.environ.get("PLANNER_ZONE_EXAMPLES", "40")))
@given(
    name=st.sampled_from(ZONES),
    first=st.dates(min_value=date(1995, 1, 1), max_value=date(2036, 12, 1)),
    length=st.integers(min_value=0, max_value=20),
)
def test_any_zone_any_dates_round_trip_through_icalendar(name, first, length):
    zone = ZoneInfo(name)
    last = first + timedelta(days=length)
    parsed = vtimezones_with_icalendar(_written(zone, first, last))[name]
    # Wall-clock times only: dateutil's conversion from UTC misreads a fall of the base offset
    # between two STANDARD observances (Tripoli, November 2012), which the VTIMEZONE states rightly.
    assert _mismatches(zone, parsed, first, last, from_utc=False) == []
