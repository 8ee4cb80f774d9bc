"""Provides the personal iCalendar file: bookmarks of a program written as VEVENTs with icalendar.

Times carry the display zone's TZID with a VTIMEZONE in yearly-RRULE form (planner.exporters.vtimezone)
covering the calendar's dates, or are written in UTC on request. The clock is passed in, so the
same bookmarks, program and memory give the same bytes every time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event

from planner import __version__
from planner.bookmarks.file import BookmarkFile
from planner.exporters.entries import (
    CalendarEntry,
    LeftOut,
    first_and_last,
    plan_calendar,
)
from planner.exporters.export_memory import WrittenEvent, reconcile
from planner.exporters.folding import serialise
from planner.exporters.vtimezone import vtimezone
from planner.program.model import Program
from planner.wording.plurals import plural

PRODID = f"-//planner//planner {__version__}//EN"


@dataclass(frozen=True, slots=True)
class CalendarExport:
    """An exported calendar: its bytes, what to remember for next time, and what to tell the person."""

    ics: bytes
    memory: dict[str, WrittenEvent]
    events: int
    changed: int
    """Events that are new or differ from the last export (their SEQUENCE went up)."""
    cancelled: int
    left_out: list[LeftOut] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        """ "12 events, 3 new or changed, 1 cancelled (bookmark removed)": what a person is told."""
        parts = [plural(self.events, "event"), f"{self.changed} new or changed"]
        if self.cancelled:
            parts.append(f"{self.cancelled} cancelled (bookmark removed)")
        return ", ".join(parts)


def export_calendar(
    program: Program,
    bookmarks: BookmarkFile,
    *,
    clock: Callable[[], datetime],
    where: tzinfo,
    utc: bool = False,
    alarm_minutes: int | None = None,
    per_session: bool = False,
    previous: dict[str, WrittenEvent] | None = None,
) -> CalendarExport:
    """The calendar of `bookmarks`, with times in `where` (or UTC), versioned against `previous`."""
    plan = plan_calendar(program, bookmarks, where, per_session=per_session, alarm_minutes=alarm_minutes)
    notes: list[str] = []
    zone = _zone_to_write(where, utc, notes)
    now = clock().astimezone(UTC).replace(microsecond=0)
    reconciled = reconcile(plan.entries, previous or {}, now)

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"{program.conference.name} · my schedule")
    calendar.add("x-wr-timezone", zone.key if zone else "UTC")
    span = first_and_last([*plan.entries, *(_cancelled_entry(uid, event) for uid, event in reconciled.cancelled.items())])
    if zone is not None and span is not None:
        calendar.add_component(vtimezone(zone, *_dates_covered(program, span.start, span.end, zone)))
    for versioned in reconciled.events:
        calendar.add_component(_event(versioned.entry, versioned.sequence, versioned.stamp, zone, "CONFIRMED"))
    for uid, event in reconciled.cancelled.items():
        calendar.add_component(_event(_cancelled_entry(uid, event), event.sequence, event.stamp, zone, "CANCELLED"))
    return CalendarExport(
        ics=serialise(calendar),
        memory=reconciled.memory,
        events=len(reconciled.events),
        changed=sum(1 for versioned in reconciled.events if versioned.changed),
        cancelled=len(reconciled.cancelled),
        left_out=plan.left_out,
        notes=notes,
    )


def _zone_to_write(where: tzinfo, utc: bool, notes: list[str]) -> ZoneInfo | None:
    """The zone named in TZIDs, or None for UTC times."""
    if utc:
        return None
    if not isinstance(where, ZoneInfo):
        notes.append("the display zone has no IANA name, so times are written in UTC")
        return None
    if where.key in {"UTC", "Etc/UTC", "Etc/UCT", "UCT", "Etc/Universal", "Universal", "Zulu", "Etc/Zulu"}:
        return None  # UTC needs no VTIMEZONE: "Z" times say it
    return where


def _dates_covered(program: Program, first: datetime, last: datetime, zone: ZoneInfo) -> tuple[date, date]:
    """The days the VTIMEZONE must cover: the conference's, and every exported event's, in `zone`."""
    days = [first.astimezone(zone).date(), last.astimezone(zone).date()]
    conference = program.conference
    days.extend(day for day in (conference.start, conference.end) if day is not None)
    return min(days) - timedelta(days=1), max(days) + timedelta(days=1)


def _written_time(moment: datetime, zone: ZoneInfo | None) -> datetime:
    if zone is None:
        return moment.astimezone(UTC)
    local = moment.astimezone(zone)
    if local.fold and local.replace(fold=0).utcoffset() != local.utcoffset():
        # The second of two equal wall-clock times (the hour repeated when clocks go back): a TZID
        # time there means the first one (RFC 5545 3.3.5), so this instant is written in UTC.
        return moment.astimezone(UTC)
    return local


def _event(entry: CalendarEntry, sequence: int, stamp: datetime, zone: ZoneInfo | None, status: str) -> Event:
    event = Event()
    event.add("uid", entry.uid)
    event.add("dtstamp", stamp)
    event.add("sequence", sequence)
    event.add("status", status)
    event.add("summary", entry.summary)
    event.add("dtstart", _written_time(entry.span.start, zone))
    event.add("dtend", _written_time(entry.span.end, zone))
    if entry.description:
        event.add("description", entry.description)
    if entry.location:
        event.add("location", entry.location)
    if entry.url:
        event.add("url", entry.url)
    if entry.categories:
        event.add("categories", list(entry.categories))
    if entry.alarm_minutes is not None and status == "CONFIRMED":
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", entry.summary)
        alarm.add("trigger", timedelta(minutes=-entry.alarm_minutes))
        event.add_component(alarm)
    return event


def _cancelled_entry(uid: str, event: WrittenEvent) -> CalendarEntry:
    return CalendarEntry(uid=uid, summary=event.summary, description="", span=event.span, location=event.location)
