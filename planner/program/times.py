"""Provides time ranges, zones, and the one rule for a wall-clock time in a zone.

Every function here returns aware datetimes. A wall-clock time is placed in an IANA zone with
zoneinfo (`place`): a time that does not exist (inside a DST gap) is an error; one that exists
twice (a DST fold) is settled by an offset the source promises, or else taken as the first with
a note saying so. Parsing the time strings pages print is `planner.importers.page_times`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from pathlib import Path
from typing import TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from planner.errors import TimeFormatError

Instant = TypeVar("Instant", datetime, int)
"""A moment as an aware datetime, or as the clash engine's integer microseconds."""


@dataclass(frozen=True, slots=True, order=True)
class TimeRange:
    """A half-open range of instants [start, end): back-to-back ranges do not overlap."""

    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise ValueError("a TimeRange needs aware datetimes")
        start, end = self.start, self.end
        if start.tzinfo is end.tzinfo:
            start, end = _utc(start), _utc(end)  # see _utc; of two zones, Python compares instants itself
        if end < start:
            raise ValueError(f"a TimeRange cannot end ({self.end}) before it starts ({self.start})")

    @property
    def duration(self) -> timedelta:
        return _utc(self.end) - _utc(self.start)

    def overlaps(self, other: TimeRange) -> bool:
        """True when the two share an instant; a zero-length range inside the other counts."""
        return ranges_overlap(_utc(self.start), _utc(self.end), _utc(other.start), _utc(other.end))


def ranges_overlap(start: Instant, end: Instant, other_start: Instant, other_end: Instant) -> bool:
    """Whether two half-open ranges share an instant; a zero-length one counts when it lies inside the other.

    The one rule for "at the same time", on UTC datetimes (TimeRange.overlaps) or on the clash
    engine's integer instants (planner.slots).
    """
    if start == end or other_start == other_end:
        return other_start <= start < other_end or start <= other_start < end
    return start < other_end and other_start < end


def _utc(moment: datetime) -> datetime:
    # Two datetimes sharing one zone object compare and subtract by wall clock, blind to a DST
    # fold (PEP 495): 02:50 CEST would come "after" 02:10 CET. In UTC they compare as instants.
    return moment.astimezone(UTC)


@lru_cache(maxsize=256)
def zone(name: str) -> ZoneInfo:
    """The IANA zone `name`, or a TimeFormatError that says the name is unknown."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, IsADirectoryError) as err:
        raise TimeFormatError(f"unknown time zone {name!r} (use an IANA name such as Europe/Berlin)") from err


def is_zone_name(name: str) -> bool:
    try:
        zone(name)
    except TimeFormatError:
        return False
    return True


def parse_instant(text: str, *, default_zone: str | None = None) -> datetime:
    """An ISO 8601 instant ("2020-04-27T05:00:00Z", "...+02:00").

    A string without an offset is placed in `default_zone`; without one it is an error, because
    a naive time could be anywhere on Earth.
    """
    raw = text.strip()
    try:
        value = datetime.fromisoformat(raw.replace("z", "Z"))
    except ValueError as err:
        raise TimeFormatError(f"not an ISO 8601 date and time: {text!r}") from err
    if value.tzinfo is not None:
        return value
    if default_zone is None:
        raise TimeFormatError(f"{text!r} has no UTC offset and no time zone was given")
    local, _ = place(value, zone(default_zone))
    return local


def place(wall: datetime, where: ZoneInfo, promised: timedelta | None = None) -> tuple[datetime, str | None]:
    """Attach `where` to a wall-clock time, refusing a DST gap and settling a DST fold.

    Returns the instant with a fixed UTC offset (what a program file stores) and a note when a
    fold had to be settled without a promise. A fixed offset, not the zone, because PEP 495 makes
    a zoned datetime inside a fold unequal to every datetime of another zone.
    """
    wall = wall.replace(tzinfo=None)
    first = wall.replace(tzinfo=where, fold=0)
    second = wall.replace(tzinfo=where, fold=1)
    round_trip = first.astimezone(UTC).astimezone(where).replace(tzinfo=None)
    if round_trip != wall:
        raise TimeFormatError(f"{wall:%Y-%m-%d %H:%M} does not exist in {where.key}: the clocks skip it for daylight saving")
    if first.utcoffset() == second.utcoffset():
        return fixed_offset(first), None
    for candidate in (first, second):
        if promised is not None and candidate.utcoffset() == promised:
            return fixed_offset(candidate), None
    return fixed_offset(first), (
        f"{wall:%Y-%m-%d %H:%M} happens twice in {where.key} (clocks go back); taking the first, {first.tzname()}"
    )


def fixed_offset(moment: datetime) -> datetime:
    """The same instant with its UTC offset at that moment as a fixed zone (no DST rules left to misapply)."""
    offset = moment.utcoffset()
    if offset is None:
        raise ValueError(f"{moment} is naive: it has no offset to keep")
    return moment.replace(tzinfo=timezone(offset), fold=0)


def format_offset(offset: timedelta | None) -> str:
    """A UTC offset as "+05:30" ("?" when there is none)."""
    if offset is None:
        return "?"
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def utc_iso(moment: datetime) -> str:
    """An instant as ISO 8601 in UTC with a Z, the form scripts compare."""
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def zone_label(moment: datetime, where: tzinfo) -> str:
    """The short name a reader knows the zone by at that moment ("PST", "CEST", "UTC")."""
    local = moment.astimezone(where)
    name = local.tzname() or ""
    if name and name[0] not in "+-":
        return name
    return "UTC" + format_offset(local.utcoffset()) if local.utcoffset() else "UTC"


def format_range(span: TimeRange, where: tzinfo, *, with_date: bool = True) -> str:
    """ "Tue 4 Dec 15:30–15:35 EST", labelled with the zone; an end on another day shows its date."""
    start, end = span.start.astimezone(where), span.end.astimezone(where)
    head = f"{start:%a} {start.day} {start:%b} " if with_date else ""
    if end.date() != start.date():
        tail = f"{end:%a} {end.day} {end:%b} {end:%H:%M}"
    else:
        tail = f"{end:%H:%M}"
    return f"{head}{start:%H:%M}–{tail} {zone_label(span.start, where)}"


def local_zone() -> tzinfo:
    """This computer's zone: $TZ or /etc/localtime as an IANA zone when it names one, else its current offset."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    with_link = Path("/etc/localtime")
    if with_link.is_symlink():
        target = str(with_link.resolve())
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    for name in candidates:
        if name and is_zone_name(name):
            return zone(name)
    return datetime.now().astimezone().tzinfo or UTC
