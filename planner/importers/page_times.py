"""Provides parsing the time strings real program pages print.

"Tue 4 Dec. 12:30 - 12:35 PST", "14:00-14:30 GMT", "9:00 AM - 10:30 AM EDT", "UTC+2": an
abbreviation such as "PST" names a zone deliberately (see ZONE_ABBREVIATIONS) and an ambiguous
one ("IST", "CST") is refused unless the conference's own zone settles it. Placing the wall-clock
time in its zone follows the one rule of `planner.program.times.place`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

from dateutil import parser as dateparser

from planner.errors import TimeFormatError
from planner.program.times import TimeRange, format_offset, place, zone


@dataclass(frozen=True, slots=True)
class Abbreviation:
    """What a zone abbreviation printed on a page means: a zone, and the offset it promises."""

    zones: tuple[str, ...]
    offset: timedelta | None

    @property
    def ambiguous(self) -> bool:
        return len(self.zones) > 1


def _abbr(offset_hours: float | None, *zones: str) -> Abbreviation:
    offset = None if offset_hours is None else timedelta(hours=offset_hours)
    return Abbreviation(zones=zones, offset=offset)


# Which zone an abbreviation on a program page stands for. Chosen by hand, not by a library:
# the same letters name different zones around the world, and guessing wrong shifts a talk.
ZONE_ABBREVIATIONS: dict[str, Abbreviation] = {
    "UTC": _abbr(0, "UTC"),
    "GMT": _abbr(0, "UTC"),
    "Z": _abbr(0, "UTC"),
    "PST": _abbr(-8, "America/Los_Angeles"),
    "PDT": _abbr(-7, "America/Los_Angeles"),
    "PT": _abbr(None, "America/Los_Angeles"),
    "MST": _abbr(-7, "America/Denver"),
    "MDT": _abbr(-6, "America/Denver"),
    "MT": _abbr(None, "America/Denver"),
    "CDT": _abbr(-5, "America/Chicago"),
    "CT": _abbr(None, "America/Chicago"),
    "EST": _abbr(-5, "America/New_York"),
    "EDT": _abbr(-4, "America/New_York"),
    "ET": _abbr(None, "America/New_York"),
    "AKST": _abbr(-9, "America/Anchorage"),
    "AKDT": _abbr(-8, "America/Anchorage"),
    "HST": _abbr(-10, "Pacific/Honolulu"),
    "ADT": _abbr(-3, "America/Halifax"),
    "NST": _abbr(-3.5, "America/St_Johns"),
    "NDT": _abbr(-2.5, "America/St_Johns"),
    "BRT": _abbr(-3, "America/Sao_Paulo"),
    "WET": _abbr(0, "Europe/Lisbon"),
    "WEST": _abbr(1, "Europe/Lisbon"),
    "BST": _abbr(1, "Europe/London"),
    "CET": _abbr(1, "Europe/Paris"),
    "CEST": _abbr(2, "Europe/Paris"),
    "EET": _abbr(2, "Europe/Athens"),
    "EEST": _abbr(3, "Europe/Athens"),
    "MSK": _abbr(3, "Europe/Moscow"),
    "SAST": _abbr(2, "Africa/Johannesburg"),
    "EAT": _abbr(3, "Africa/Addis_Ababa"),
    "GST": _abbr(4, "Asia/Dubai"),
    "PKT": _abbr(5, "Asia/Karachi"),
    "ICT": _abbr(7, "Asia/Bangkok"),
    "WIB": _abbr(7, "Asia/Jakarta"),
    "SGT": _abbr(8, "Asia/Singapore"),
    "HKT": _abbr(8, "Asia/Hong_Kong"),
    "AWST": _abbr(8, "Australia/Perth"),
    "JST": _abbr(9, "Asia/Tokyo"),
    "KST": _abbr(9, "Asia/Seoul"),
    "ACST": _abbr(9.5, "Australia/Adelaide"),
    "ACDT": _abbr(10.5, "Australia/Adelaide"),
    "AEST": _abbr(10, "Australia/Sydney"),
    "AEDT": _abbr(11, "Australia/Sydney"),
    "NZST": _abbr(12, "Pacific/Auckland"),
    "NZDT": _abbr(13, "Pacific/Auckland"),
    # Ambiguous: refused unless the conference's zone is one of these.
    "IST": _abbr(None, "Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem"),
    "CST": _abbr(None, "America/Chicago", "Asia/Shanghai", "America/Havana"),
    "AST": _abbr(None, "America/Halifax", "Asia/Riyadh"),
}

# The offset each reading of an ambiguous abbreviation promises, once a zone is settled.
_AMBIGUOUS_OFFSETS: dict[tuple[str, str], timedelta] = {
    ("IST", "Asia/Kolkata"): timedelta(hours=5.5),
    ("IST", "Europe/Dublin"): timedelta(hours=1),
    ("IST", "Asia/Jerusalem"): timedelta(hours=2),
    ("CST", "America/Chicago"): timedelta(hours=-6),
    ("CST", "Asia/Shanghai"): timedelta(hours=8),
    ("CST", "America/Havana"): timedelta(hours=-5),
    ("AST", "America/Halifax"): timedelta(hours=-4),
    ("AST", "Asia/Riyadh"): timedelta(hours=3),
}

_WEEKDAYS = {
    "mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2, "wednesday": 2,
    "thu": 3, "thur": 3, "thurs": 3, "thursday": 3, "fri": 4, "friday": 4,
    "sat": 5, "saturday": 5, "sun": 6, "sunday": 6,
}  # fmt: skip

_TIME = r"\d{1,2}(?::\d{2}(?::\d{2})?)?\s*(?:[ap]\.?\s?m\.?)?"
_CLOCK = re.compile(r"\b\d{1,2}(?::\d{2}(?::\d{2})?\s*(?:[ap]\.?\s?m\.?)?|\s*[ap]\.?\s?m\.?)(?![\w:])", re.I)
_RANGE = re.compile(
    rf"^(?P<left>.*?\b\d{{1,2}}(?::\d{{2}}(?::\d{{2}})?\s*(?:[ap]\.?\s?m\.?)?|\s*[ap]\.?\s?m\.?))"
    rf"(?P<lzone>\s+[A-Za-z][A-Za-z_/+\-0-9]*)?"
    rf"\s*(?:-|–|—|to|until)\s*(?P<right>.*\b{_TIME}.*)$",
    re.I,
)
_OFFSET = re.compile(r"^(?:UTC|GMT)?\s*(?P<sign>[+-−])(?P<h>\d{1,2})(?::?(?P<m>\d{2}))?$", re.I)
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_DATE_WORDS = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\b|\b\d{1,2}/\d{1,2}\b|\d{4}-\d{2}-\d{2}",
    re.I,
)


@dataclass(frozen=True, slots=True)
class ParsedRange:
    """A parsed time range, with what the parser had to decide on the reader's behalf."""

    range: TimeRange
    zone: tzinfo
    """The zone the text's clock times were in (a ZoneInfo, or UTC)."""
    notes: tuple[str, ...] = field(default=())


def resolve_zone(token: str, *, conference_zone: str | None = None) -> tuple[ZoneInfo, timedelta | None]:
    """The zone a token on a page names ("PST", "UTC+2", "Europe/Berlin"), and any offset it promises."""
    token = token.strip()
    if "/" in token:
        return zone(token), None
    offset = _OFFSET.match(token)
    if offset:
        sign = -1 if offset["sign"] in "-−" else 1
        delta = sign * timedelta(hours=int(offset["h"]), minutes=int(offset["m"] or 0))
        if abs(delta) > timedelta(hours=14):
            raise TimeFormatError(f"{token!r} is not a UTC offset that exists")
        if delta == timedelta(0):
            return zone("UTC"), delta
        # A fixed offset carries no DST rules; Etc/GMT zones have the sign inverted.
        if delta.seconds % 3600 == 0:
            hours = int(delta.total_seconds() // 3600)
            return zone(f"Etc/GMT{-hours:+d}"), delta
        raise TimeFormatError(f"{token!r}: a fractional UTC offset needs a zone name (such as Asia/Kolkata)")
    meaning = ZONE_ABBREVIATIONS.get(token.upper())
    if meaning is None:
        raise TimeFormatError(f"unknown time zone abbreviation {token!r}; give an IANA zone name instead")
    if not meaning.ambiguous:
        return zone(meaning.zones[0]), meaning.offset
    if conference_zone in meaning.zones:
        return zone(conference_zone), _AMBIGUOUS_OFFSETS.get((token.upper(), conference_zone))
    readings = ", ".join(meaning.zones)
    raise TimeFormatError(f"{token!r} is ambiguous ({readings}); give the conference's zone with --timezone to settle it")


def infer_year(month: int, day: int, weekday: int | None, *, today: date) -> int:
    """The latest year, not after today, in which `month`/`day` falls on `weekday`."""
    if weekday is None:
        raise TimeFormatError("the date has no year and no weekday to infer one from; give --year")
    for year in range(today.year, today.year - 60, -1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue  # 29 February in a common year
        if candidate <= today and candidate.weekday() == weekday:
            return year
    raise TimeFormatError(f"no year in the last 60 has {month:02d}-{day:02d} on that weekday; give --year")


def _split_zone(text: str) -> tuple[str, str | None]:
    """Split a trailing zone token off a time string: 'x 12:35 PST' -> ('x 12:35', 'PST')."""
    match = re.search(
        r"\s(?P<zone>(?:UTC|GMT)\s*[+-−]\s*\d{1,2}(?::?\d{2})?|[A-Za-z][A-Za-z_]*(?:/[A-Za-z_+\-0-9]+)+|[A-Z]{1,5})\s*$", text
    )
    if not match:
        return text, None
    token = re.sub(r"\s+", "", match["zone"])
    if token.upper() in {"AM", "PM", "A", "P"}:
        return text, None
    return text[: match.start()].rstrip(), token


def _weekday(text: str) -> int | None:
    for word in re.findall(r"[A-Za-z]+", text):
        found = _WEEKDAYS.get(word.lower())
        if found is not None:
            return found
    return None


def _parse_wall(text: str, *, on: date | None, year: int | None, today: date, notes: list[str]) -> datetime:
    """Parse a date-and-time (or a bare time when `on` is known) into a naive wall-clock time."""
    cleaned = re.sub(r"(?<=[A-Za-z])\.(?=\s|$)", "", text).strip()
    if not _CLOCK.search(cleaned):
        raise TimeFormatError(f"no clock time in {text!r}")
    has_date = bool(_DATE_WORDS.search(cleaned))
    if not has_date:
        if on is None:
            raise TimeFormatError(f"{text!r} gives a time but no date")
        base = datetime.combine(on, time())
    else:
        base = datetime(year or 2000, 1, 1)
    try:
        wall = dateparser.parse(cleaned, default=base, fuzzy=False)
    except (ValueError, OverflowError) as err:
        raise TimeFormatError(f"cannot read {text!r} as a date and time") from err
    if has_date and not _YEAR.search(cleaned) and year is None:
        weekday = _weekday(cleaned)
        inferred = infer_year(wall.month, wall.day, weekday, today=today)
        wall = wall.replace(year=inferred)
        notes.append(f"{text!r} gives no year; inferred {inferred} from the weekday (override with --year)")
    elif has_date and year is not None and not _YEAR.search(cleaned):
        wall = wall.replace(year=year)
    weekday = _weekday(cleaned)
    if has_date and weekday is not None and wall.weekday() != weekday:
        raise TimeFormatError(f"{text!r}: {wall:%Y-%m-%d} is a {wall:%A}, not the weekday the page gives")
    return wall


_MERIDIEM = re.compile(r"[ap]\.?\s?m\.?", re.I)


def _share_meridiem(left: str, right: str, start: datetime, end: datetime) -> datetime:
    """ "1:00 - 2:30 pm": a meridiem printed once applies to the start too, when that keeps order."""
    meridiem = _MERIDIEM.search(right)
    if meridiem is None or _MERIDIEM.search(left) or start.hour > 12:
        return start
    try:
        candidate = dateparser.parse(f"{left} {meridiem.group(0)}", default=start)
    except (ValueError, OverflowError):
        return start
    return candidate if candidate <= end else start


def _iso_range(text: str) -> TimeRange | None:
    """ "2020-04-27T05:00:00Z/2020-04-27T07:00:00Z" or the same joined by " - "."""
    for separator in ("/", " - ", " – ", " to "):
        if separator in text:
            head, _, tail = text.partition(separator)
            try:
                start, end = datetime.fromisoformat(head.strip()), datetime.fromisoformat(tail.strip())
            except ValueError:
                return None
            if start.tzinfo is None or end.tzinfo is None:
                return None
            if end < start:
                raise TimeFormatError(f"{text!r} ends before it starts")
            return TimeRange(start, end)
    return None


def parse_range(
    text: str,
    *,
    on: date | None = None,
    year: int | None = None,
    conference_zone: str | None = None,
    today: date | None = None,
) -> ParsedRange:
    """Parse a time range as pages print it.

    Understands "Tue 4 Dec. 12:30 - 12:35 PST" (no year: inferred, with a note), "14:00-14:30 GMT"
    (with `on` giving the date), "2018-12-04 12:30 to 13:00 America/Toronto", "9:00 AM - 10:30 AM
    EDT", "UTC+2" offsets, ranges that pass midnight, and a zone after each end. Without any zone
    in the text the conference's zone is used; without that, it is an error.
    """
    today = today or date.today()
    notes: list[str] = []
    compact = re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()
    iso = _iso_range(compact)
    if iso is not None:
        written_in = iso.start.tzinfo
        assert written_in is not None  # a TimeRange holds aware datetimes only
        return ParsedRange(iso, written_in)
    match = _RANGE.match(compact)
    if not match:
        raise TimeFormatError(f"not a time range: {text!r}")
    left, right = match["left"].strip(), match["right"].strip()
    right, end_zone_token = _split_zone(right)
    start_zone_token = (match["lzone"] or "").strip() or None
    if start_zone_token and start_zone_token.lower() in {"am", "pm"}:
        left, start_zone_token = f"{left} {start_zone_token}", None
    zone_token = end_zone_token or start_zone_token
    if start_zone_token and end_zone_token and start_zone_token.upper() != end_zone_token.upper():
        raise TimeFormatError(f"{text!r} starts and ends in different zones")

    if zone_token:
        where, promised = resolve_zone(zone_token, conference_zone=conference_zone)
    elif conference_zone:
        where, promised = zone(conference_zone), None
    else:
        raise TimeFormatError(f"{text!r} names no time zone and the conference's zone is not known")

    start_wall = _parse_wall(left, on=on, year=year, today=today, notes=notes)
    # The end inherits the start's date unless it names its own.
    end_has_date = bool(_DATE_WORDS.search(right))
    end_wall = _parse_wall(
        right, on=None if end_has_date else start_wall.date(), year=year or start_wall.year, today=today, notes=notes
    )
    if not end_has_date:
        start_wall = _share_meridiem(left, right, start_wall, end_wall)
    if end_wall < start_wall and not end_has_date:
        end_wall += timedelta(days=1)  # "23:30 - 00:30" passes midnight

    start, start_note = place(start_wall, where, promised)
    end, end_note = place(end_wall, where, promised)
    notes.extend(note for note in (start_note, end_note) if note)
    if promised is not None and start.utcoffset() != promised and zone_token:
        notes.append(
            f"{text!r} says {zone_token}, but on {start:%Y-%m-%d} {where.key} is on "
            f"{start.astimezone(where).tzname()} ({format_offset(start.utcoffset())}); using the zone's clock"
        )
    if end < start:
        raise TimeFormatError(f"{text!r} ends before it starts")
    return ParsedRange(TimeRange(start, end), where, tuple(notes))
