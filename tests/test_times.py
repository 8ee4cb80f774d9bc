"""Time strings as real program pages print them, zone abbreviations, year inference and DST edges."""

import contextlib
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.errors import TimeFormatError
from planner.importers.page_times import infer_year, parse_range, resolve_zone
from planner.program.times import (
    TimeRange,
    format_range,
    parse_instant,
    place,
    utc_iso,
    zone,
)

TODAY = date(2026, 11, 25)
BERLIN = ZoneInfo("Europe/Berlin")


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


# --- the formats real pages use -------------------------------------------------------------


def test_neurips_page_line_without_year_is_inferred_with_a_note():
    parsed = parse_range("Tue 4 Dec. 12:30 - 12:35 PST", today=TODAY)
    assert parsed.range.start == utc(2018, 12, 4, 20, 30)
    assert parsed.range.end == utc(2018, 12, 4, 20, 35)
    assert parsed.zone.key == "America/Los_Angeles"
    assert parsed.range.start.utcoffset() == timedelta(hours=-8)
    assert any("inferred 2018" in note for note in parsed.notes)


def test_explicit_year_overrides_inference_and_is_checked_against_the_weekday():
    parsed = parse_range("Tue 4 Dec. 12:30 - 12:35 PST", year=2018, today=TODAY)
    assert parsed.range.start == utc(2018, 12, 4, 20, 30)
    assert not parsed.notes
    with pytest.raises(TimeFormatError, match="not the weekday"):
        parse_range("Tue 4 Dec. 12:30 - 12:35 PST", year=2019, today=TODAY)


def test_iso_instant_with_z():
    assert parse_instant("2020-04-27T05:00:00Z") == utc(2020, 4, 27, 5)
    assert parse_instant("2014-12-27T11:00:00+01:00") == utc(2014, 12, 27, 10)


def test_iso_instant_without_offset_needs_a_zone():
    with pytest.raises(TimeFormatError, match="no UTC offset"):
        parse_instant("2020-04-27T05:00:00")
    assert parse_instant("2020-04-27T05:00:00", default_zone="Europe/Berlin") == utc(2020, 4, 27, 3)


def test_iso_interval():
    parsed = parse_range("2020-04-27T05:00:00Z/2020-04-27T07:00:00Z")
    assert parsed.range == TimeRange(utc(2020, 4, 27, 5), utc(2020, 4, 27, 7))


def test_bare_clock_range_with_a_given_date():
    parsed = parse_range("14:00-14:30 GMT", on=date(2021, 5, 4))
    assert parsed.range == TimeRange(utc(2021, 5, 4, 14), utc(2021, 5, 4, 14, 30))


def test_bare_clock_range_without_a_date_is_refused():
    with pytest.raises(TimeFormatError, match="no date"):
        parse_range("14:00-14:30 GMT")


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2018-12-04 12:30 to 13:00 America/Toronto", utc(2018, 12, 4, 17, 30), utc(2018, 12, 4, 18)),
        ("Dec 4, 2018 9:00 AM - 10:30 AM EST", utc(2018, 12, 4, 14), utc(2018, 12, 4, 15, 30)),
        ("4 December 2018, 1:00 - 2:30 pm EST", utc(2018, 12, 4, 18), utc(2018, 12, 4, 19, 30)),
        ("4 December 2018, 11:00 - 12:30 pm EST", utc(2018, 12, 4, 16), utc(2018, 12, 4, 17, 30)),
        ("Mon 27 Apr 2020 05:00 – 07:00 UTC", utc(2020, 4, 27, 5), utc(2020, 4, 27, 7)),
        ("2020-04-27 12:30 PST - 12:35 PST", utc(2020, 4, 27, 19, 30), utc(2020, 4, 27, 19, 35)),
        ("2021-07-20 10:00 - 11:00 UTC+2", utc(2021, 7, 20, 8), utc(2021, 7, 20, 9)),
        ("2021-07-20 10:00 - 11:00 GMT-3", utc(2021, 7, 20, 13), utc(2021, 7, 20, 14)),
    ],
)
def test_common_range_shapes(text, start, end):
    parsed = parse_range(text, today=TODAY)
    assert (parsed.range.start, parsed.range.end) == (start, end)


def test_range_passing_midnight_ends_the_next_day():
    parsed = parse_range("2014-12-27 23:30 - 00:30 CET", today=TODAY)
    assert parsed.range.start == utc(2014, 12, 27, 22, 30)
    assert parsed.range.end == utc(2014, 12, 27, 23, 30)
    assert parsed.range.duration == timedelta(hours=1)


def test_without_any_zone_the_conference_zone_is_used_and_otherwise_refused():
    parsed = parse_range("2019-08-21 11:00 - 11:30", conference_zone="Europe/Berlin")
    assert parsed.range.start == utc(2019, 8, 21, 9)
    with pytest.raises(TimeFormatError, match="names no time zone"):
        parse_range("2019-08-21 11:00 - 11:30")


# --- abbreviations --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("token", "key"),
    [
        ("PST", "America/Los_Angeles"), ("PDT", "America/Los_Angeles"), ("EST", "America/New_York"),
        ("EDT", "America/New_York"), ("CET", "Europe/Paris"), ("CEST", "Europe/Paris"), ("GMT", "UTC"),
        ("UTC", "UTC"), ("JST", "Asia/Tokyo"), ("AEDT", "Australia/Sydney"), ("Europe/Vienna", "Europe/Vienna"),
    ],
)  # fmt: skip
def test_abbreviations_map_to_iana_zones_deliberately(token, key):
    where, _ = resolve_zone(token)
    assert where.key == key


@pytest.mark.parametrize("token", ["IST", "CST", "AST"])
def test_ambiguous_abbreviations_are_refused_without_a_conference_zone(token):
    with pytest.raises(TimeFormatError, match="ambiguous"):
        resolve_zone(token)


def test_conference_zone_settles_an_ambiguous_abbreviation():
    india = parse_range("2024-01-10 10:00 - 11:00 IST", conference_zone="Asia/Kolkata")
    assert india.range.start == utc(2024, 1, 10, 4, 30)
    chicago = parse_range("2024-01-10 10:00 - 11:00 CST", conference_zone="America/Chicago")
    assert chicago.range.start == utc(2024, 1, 10, 16)
    shanghai = parse_range("2024-01-10 10:00 - 11:00 CST", conference_zone="Asia/Shanghai")
    assert shanghai.range.start == utc(2024, 1, 10, 2)


def test_a_conference_zone_that_is_not_a_reading_does_not_settle_it():
    with pytest.raises(TimeFormatError, match="ambiguous"):
        parse_range("2024-01-10 10:00 - 11:00 IST", conference_zone="Europe/Berlin")


def test_unknown_abbreviation_and_unknown_zone_name():
    with pytest.raises(TimeFormatError, match="unknown time zone abbreviation"):
        parse_range("2024-01-10 10:00 - 11:00 XYZ")
    with pytest.raises(TimeFormatError, match="unknown time zone"):
        parse_range("2024-01-10 10:00 - 11:00 Mars/Olympus_Mons")


def test_summer_date_labelled_with_a_winter_abbreviation_uses_the_zone_and_says_so():
    parsed = parse_range("2019-07-10 09:00 - 10:00 PST", today=TODAY)
    assert parsed.range.start == utc(2019, 7, 10, 16)  # PDT, -07:00: the zone's clock
    assert any("says PST" in note for note in parsed.notes)


# --- DST gaps and folds ---------------------------------------------------------------------


def test_a_time_inside_the_spring_gap_is_an_error():
    with pytest.raises(TimeFormatError, match="does not exist"):
        parse_range("2024-03-31 02:30 - 03:30 Europe/Berlin")


def test_a_time_in_the_autumn_fold_is_settled_by_the_abbreviation():
    summer = parse_range("2024-10-27 02:30 - 02:45 CEST")
    winter = parse_range("2024-10-27 02:30 - 02:45 CET")
    assert summer.range.start == utc(2024, 10, 27, 0, 30)
    assert winter.range.start == utc(2024, 10, 27, 1, 30)
    assert not summer.notes and not winter.notes


def test_a_time_in_the_fold_without_a_promise_takes_the_first_and_says_so():
    parsed = parse_range("2024-10-27 02:30 - 02:45 Europe/Berlin")
    assert parsed.range.start == utc(2024, 10, 27, 0, 30)
    assert any("happens twice" in note for note in parsed.notes)


def test_a_range_across_the_dst_change_has_its_real_length():
    parsed = parse_range("2024-10-27 01:00 - 04:00 Europe/Berlin")
    assert parsed.range.duration == timedelta(hours=4)  # the clock went back an hour in between


def test_place_round_trips_every_existing_wall_time():
    wall = datetime(2024, 3, 31, 3, 30)
    aware, note = place(wall, BERLIN)
    assert aware.utcoffset() == timedelta(hours=2) and note is None


# --- year inference -------------------------------------------------------------------------


def test_year_inference_takes_the_latest_matching_year_not_after_today():
    assert infer_year(12, 4, 1, today=TODAY) == 2018  # Tue 4 Dec
    assert infer_year(4, 27, 0, today=TODAY) == 2026  # Mon 27 Apr 2026 is before today
    assert infer_year(11, 25, 2, today=TODAY) == 2026  # today itself counts
    assert infer_year(11, 26, 3, today=TODAY) == 2020  # tomorrow does not; Thu 26 Nov 2020


def test_year_inference_handles_29_february():
    assert infer_year(2, 29, 3, today=TODAY) == 2024  # Thu 29 Feb 2024


def test_year_inference_needs_a_weekday():
    with pytest.raises(TimeFormatError, match="no weekday"):
        parse_range("4 Dec 12:30 - 12:35 PST", today=TODAY)


@given(st.dates(min_value=date(1990, 1, 1), max_value=TODAY))
def test_inferred_year_always_matches_the_weekday_and_is_the_latest(day):
    year = infer_year(day.month, day.day, day.weekday(), today=TODAY)
    found = date(year, day.month, day.day)
    assert found.weekday() == day.weekday() and found <= TODAY and year >= day.year


# --- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "soon", "12:30", "Tue 4 Dec. PST", "2024-13-45 10:00 - 11:00 UTC", "10:00 - banana"])
def test_garbage_is_a_time_format_error(text):
    with pytest.raises(TimeFormatError):
        parse_range(text, on=date(2024, 1, 1), today=TODAY)


@given(st.text(max_size=60))
def test_parse_range_raises_only_its_own_error_on_arbitrary_text(text):
    with contextlib.suppress(TimeFormatError):
        parse_range(text, on=date(2024, 1, 1), conference_zone="UTC", today=TODAY)


def test_unknown_iana_zone():
    with pytest.raises(TimeFormatError):
        zone("Nowhere/Special")


# --- ranges and display ---------------------------------------------------------------------


def test_time_range_is_half_open():
    first = TimeRange(utc(2024, 1, 1, 12), utc(2024, 1, 1, 12, 35))
    touching = TimeRange(utc(2024, 1, 1, 12, 35), utc(2024, 1, 1, 13))
    assert not first.overlaps(touching) and not touching.overlaps(first)
    assert first.overlaps(TimeRange(utc(2024, 1, 1, 12, 34), utc(2024, 1, 1, 13)))


def test_time_range_refuses_naive_and_reversed():
    with pytest.raises(ValueError):
        TimeRange(datetime(2024, 1, 1), datetime(2024, 1, 2))
    with pytest.raises(ValueError):
        TimeRange(utc(2024, 1, 2), utc(2024, 1, 1))


def test_time_range_in_one_zone_across_the_autumn_fold_compares_instants():
    # 02:50 CEST (fold 0) is 00:50Z; 02:10 CET (fold 1) is 01:10Z: twenty minutes later, though
    # Python compares two datetimes of the same ZoneInfo by their wall clocks.
    before = datetime(2024, 10, 27, 2, 50, tzinfo=BERLIN, fold=0)
    after = datetime(2024, 10, 27, 2, 10, tzinfo=BERLIN, fold=1)
    span = TimeRange(before, after)
    assert span.duration == timedelta(minutes=20)
    assert span.overlaps(TimeRange(utc(2024, 10, 27, 1), utc(2024, 10, 27, 1, 5)))
    assert not span.overlaps(TimeRange(after, datetime(2024, 10, 27, 2, 30, tzinfo=BERLIN, fold=1)))
    with pytest.raises(ValueError):
        TimeRange(after, before)


def test_format_range_labels_the_zone():
    span = TimeRange(utc(2018, 12, 4, 20, 30), utc(2018, 12, 4, 20, 35))
    assert format_range(span, zone("America/Toronto")) == "Tue 4 Dec 15:30–15:35 EST"
    assert format_range(span, zone("Asia/Tokyo")) == "Wed 5 Dec 05:30–05:35 JST"
    assert utc_iso(span.start) == "2018-12-04T20:30:00Z"
