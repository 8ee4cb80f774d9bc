"""Provides the personal iCalendar file: bookmarks of a program written as VEVENTs with icalendar.

Times carry the display zone's TZID with a VTIMEZONE in yearly-RRULE form (planner.exporters.vtimezone)
covering the calendar's dates, or are written in UTC on request. An event that touches a change
of the clocks (starts or ends in a repeated hour, or spans the change) is written wholly in UTC:
half the readers calendar apps use get a TZID time in the repeated hour, or a start and end in
different forms, wrong. The clock is passed in, so the same bookmarks, program and memory give
the same bytes every time.

`export_calendar` is the whole of it for one output target: (program, bookmarks, that target's
memory) in, (calendar bytes, the target's new memory) out; writing files is planner.exporters.calendar_file's.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event, vDuration

from planner import __version__
from planner.bookmarks.file import BookmarkFile
from planner.exporters.entries import (
    CalendarEntry,
    LeftOut,
    first_and_last,
    plan_calendar,
    presentation_in_uid,
    uid_part,
)
from planner.exporters.export_memory import WrittenEvent, reconcile
from planner.exporters.folding import serialise
from planner.exporters.vtimezone import vtimezone
from planner.plurals import plural
from planner.program.model import Program
from planner.program.times import TimeRange

PRODID = f"-//planner//planner {__version__}//EN"
REFRESH = timedelta(hours=6)
"""How often a subscribed calendar app is asked to fetch the calendar again (programs change by the day)."""


@dataclass(frozen=True, slots=True)
class CalendarExport:
    """An exported calendar: its bytes, what to remember for next time, and what to tell the person."""

    ics: bytes
    memory: dict[str, WrittenEvent]
    events: int
    changed: int
    """Events that are new or differ from the last export (their SEQUENCE went up)."""
    left_out: list[LeftOut] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    gone: dict[str, int] = field(default_factory=dict)
    """Why the cancelled events went (`GONE_*`), and how many went for each reason."""

    @property
    def cancelled(self) -> int:
        """Events of the last export this one cancels."""
        return sum(self.gone.values())

    @property
    def empty(self) -> bool:
        """True when the calendar holds no event at all (RFC 5545 wants at least one component)."""
        return self.events == 0 and self.cancelled == 0

    def why_empty(self, bookmark_source: str) -> str:
        """Why nothing could be exported, in the person's words."""
        if not self.left_out:
            return f"nothing to export: no bookmarks in {bookmark_source}"
        count = len(self.left_out)
        untimed = sum(1 for item in self.left_out if item.reason.startswith("no time yet"))
        which = "your one bookmark has no time" if count == 1 else f"none of the {count} bookmarks has a time"
        return f"nothing to export: {which} in this program{' yet' if untimed == count else ''}"

    @property
    def summary(self) -> str:
        """ "12 events, 3 new or changed, 2 cancelled (1 bookmark removed, 1 no longer in the program)"."""
        parts = [plural(self.events, "event"), f"{self.changed} new or changed"]
        if self.cancelled:
            reasons = ", ".join(plural(count, *_GONE_SAID[why]) for why, count in self.gone.items())
            parts.append(f"{self.cancelled} cancelled ({reasons})")
        return ", ".join(parts)


GONE_REMOVED = "removed"
GONE_FROM_PROGRAM = "from program"
GONE_MOVED = "moved"
GONE_RENAMED = "renamed"
GONE_NO_POSTERS = "no posters"
_GONE_SAID = {
    GONE_REMOVED: ("bookmark removed", "bookmarks removed"),
    GONE_FROM_PROGRAM: ("no longer in the program", "no longer in the program"),
    GONE_MOVED: ("moved to another session", "moved to another session"),
    GONE_RENAMED: ("written again under a new UID", "written again under new UIDs"),
    GONE_NO_POSTERS: ("poster session with no bookmarked poster left", "poster sessions with no bookmarked poster left"),
}


def why_gone(uids: Iterable[str], program: Program, bookmarks: BookmarkFile) -> dict[str, int]:
    """Why the events `uids` of an earlier export are no longer in the calendar: how many for each `GONE_*`.

    A UID is made of escaped ids (`event_uid`), so it names its presentation: one still bookmarked
    has left the program (cancelled by its organisers) or moved to another session.
    """
    bookmarked = {uid_part(bookmark.id): bookmark.id for bookmark in bookmarks.bookmarks}
    reasons: Counter[str] = Counter()
    for uid in uids:
        named = presentation_in_uid(uid)
        if named is None:
            reasons[GONE_RENAMED if "/" in uid else GONE_NO_POSTERS] += 1
        elif (presentation_id := bookmarked.get(named)) is None:
            reasons[GONE_REMOVED] += 1
        else:
            reasons[GONE_MOVED if presentation_id in program.presentations_by_id else GONE_FROM_PROGRAM] += 1
    return dict(reasons)


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
    refresh: timedelta = REFRESH,
) -> CalendarExport:
    """The calendar of `bookmarks`, with times in `where` (or UTC), versioned against `previous`.

    `previous` is the memory of the one output target this calendar goes to (empty for a first
    export); the returned `memory` replaces it once the calendar is out. `refresh` is how often a
    subscribed calendar app should fetch it again.
    """
    plan = plan_calendar(program, bookmarks, per_session=per_session, alarm_minutes=alarm_minutes)
    notes: list[str] = []
    zone = _zone_to_write(where, utc, notes)
    now = clock().astimezone(UTC).replace(microsecond=0)
    reconciled = reconcile(plan.entries, previous or {}, now)
    gone = why_gone(reconciled.cancelled, program, bookmarks)
    if gone.get(GONE_RENAMED):
        notes.append(
            f"cancelled {plural(gone[GONE_RENAMED], 'event')} an older planner wrote under UIDs it no longer uses "
            "(their sessions were renamed); the same bookmarks are in the calendar under new UIDs"
        )

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"{program.conference.name} · my schedule")
    display = _display_zone_name(where)
    if display is not None:
        # Google sets a new calendar's zone from this: the zone the person reads in, or nothing.
        calendar.add("x-wr-timezone", display)
    calendar.add("refresh-interval", vDuration(refresh), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(refresh))
    span = first_and_last([*plan.entries, *(_cancelled_entry(uid, event) for uid, event in reconciled.cancelled.items())])
    if zone is not None and span is not None:
        calendar.add_component(vtimezone(zone, *_dates_covered(program, span.start, span.end, zone)))
    events = [
        _event_text(versioned.entry, versioned.sequence, versioned.stamp, zone, "CONFIRMED") for versioned in reconciled.events
    ]
    events += [
        _event_text(_cancelled_entry(uid, event), event.sequence, event.stamp, zone, "CANCELLED")
        for uid, event in reconciled.cancelled.items()
    ]
    head = serialise(calendar)
    return CalendarExport(
        ics=head[: -len(_END)] + b"".join(events) + _END,
        memory=reconciled.memory,
        events=len(reconciled.events),
        changed=sum(1 for versioned in reconciled.events if versioned.changed),
        left_out=plan.left_out,
        notes=notes,
        gone=gone,
    )


_UTC_NAMES = frozenset({"UTC", "Etc/UTC", "Etc/UCT", "UCT", "Etc/Universal", "Universal", "Zulu", "Etc/Zulu", "GMT", "Etc/GMT"})


def _display_zone_name(where: tzinfo) -> str | None:
    """The IANA name of the zone the person reads in, unless it is UTC (a virtual conference's
    zone, which would set a new Google calendar to UTC) or has no name."""
    if isinstance(where, ZoneInfo) and where.key not in _UTC_NAMES:
        return where.key
    return None


def _zone_to_write(where: tzinfo, utc: bool, notes: list[str]) -> ZoneInfo | None:
    """The zone named in TZIDs, or None for UTC times."""
    if utc:
        return None
    if not isinstance(where, ZoneInfo):
        notes.append("the display zone has no IANA name, so times are written in UTC")
        return None
    if where.key in _UTC_NAMES:
        return None  # UTC needs no VTIMEZONE: "Z" times say it
    return where


def _dates_covered(program: Program, first: datetime, last: datetime, zone: ZoneInfo) -> tuple[date, date]:
    """The days the VTIMEZONE must cover: the conference's, and every exported event's, in `zone`."""
    days = [first.astimezone(zone).date(), last.astimezone(zone).date()]
    conference = program.conference
    days.extend(day for day in (conference.start, conference.end) if day is not None)
    return min(days) - timedelta(days=1), max(days) + timedelta(days=1)


def _written_span(span: TimeRange, zone: ZoneInfo | None) -> tuple[datetime, datetime]:
    """Start and end as written: in `zone`, or both in UTC when the event touches a change of the clocks."""
    if zone is None:
        return span.start.astimezone(UTC), span.end.astimezone(UTC)
    start, end = span.start.astimezone(zone), span.end.astimezone(zone)
    if start.utcoffset() != end.utcoffset() or _ambiguous(start) or _ambiguous(end):
        return span.start.astimezone(UTC), span.end.astimezone(UTC)
    return start, end


def _ambiguous(local: datetime) -> bool:
    """True for a wall-clock time that happens twice (the hour repeated when clocks go back)."""
    return local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset()


_END = b"END:VCALENDAR\r\n"


@lru_cache(maxsize=4096)
def _event_text(entry: CalendarEntry, sequence: int, stamp: datetime, zone: ZoneInfo | None, status: str) -> bytes:
    """One VEVENT as written, remembered: a calendar served again and again (`planner serve`)
    rebuilds only the events that changed, which is most of the time a rebuild would take."""
    return serialise(_event(entry, sequence, stamp, zone, status))


def _event(entry: CalendarEntry, sequence: int, stamp: datetime, zone: ZoneInfo | None, status: str) -> Event:
    event = Event()
    start, end = _written_span(entry.span, zone)
    event.add("uid", entry.uid)
    event.add("dtstamp", stamp)
    event.add("last-modified", stamp)
    event.add("sequence", sequence)
    event.add("status", status)
    event.add("summary", entry.summary)
    event.add("dtstart", start)
    event.add("dtend", end)
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
