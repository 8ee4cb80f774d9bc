"""Provides `planner export --check`: what a calendar app will do with each event of a calendar file.

A calendar app keeps, per UID, the last version it took; a newer one (higher SEQUENCE, or the same
SEQUENCE and a later DTSTAMP, RFC 5546 2.1.5) replaces it, an older one is ignored. The memory of
the output target (planner.exporters.export_memory) is what planner last wrote there, so it
stands for what the app holds: each event of the file is read against it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from planner.errors import ExportError
from planner.exporters.export_memory import WrittenEvent

if TYPE_CHECKING:
    from icalendar import Component

NEW = "new"
UPDATE = "update"
CANCEL = "cancel"
UNCHANGED = "unchanged"
IGNORED = "ignored"


@dataclass(frozen=True, slots=True)
class CheckedEvent:
    """One event of the file and what a calendar app that holds the remembered version does with it."""

    uid: str
    summary: str
    verdict: str
    reason: str


def check_calendar(path: Path, memory: dict[str, WrittenEvent]) -> list[CheckedEvent]:
    """Each VEVENT of the calendar at `path`, with its verdict against `memory`."""
    from icalendar import Calendar

    try:
        data = path.read_bytes()
    except OSError as err:
        raise ExportError(f"cannot read the calendar: {err.strerror or err}", file=str(path)) from err
    try:
        calendar = Calendar.from_ical(data)
    except (ValueError, IndexError, KeyError) as err:
        raise ExportError(f"not an iCalendar file calendar apps can read: {err}", file=str(path)) from None
    events = list(calendar.walk("VEVENT"))
    if not events:
        raise ExportError("holds no event: calendar apps refuse a calendar with no component", file=str(path))
    checked = []
    for event in events:
        summary = str(event.get("summary", ""))
        uid = str(event.get("uid", "")).strip()
        if not uid:
            checked.append(CheckedEvent("", summary, IGNORED, "no UID: an app cannot tell it from other events"))
            continue
        try:
            sequence = int(event.get("sequence", 0))
            stamp = _instant(event.decoded("dtstamp")) if "dtstamp" in event else None
        except (ValueError, TypeError) as err:
            checked.append(CheckedEvent(uid, summary, IGNORED, f"unreadable SEQUENCE or DTSTAMP ({err})"))
            continue
        cancelled = str(event.get("status", "")).upper() == "CANCELLED"
        shown = (summary, _moment(event, "dtstart"), _moment(event, "dtend"), _text(event, "location"))
        checked.append(
            _verdict(uid, summary, sequence=sequence, stamp=stamp, cancelled=cancelled, shown=shown, held=memory.get(uid))
        )
    return checked


def _verdict(
    uid: str,
    summary: str,
    *,
    sequence: int,
    stamp: datetime | None,
    cancelled: bool,
    shown: tuple[str, datetime | None, datetime | None, str | None],
    held: WrittenEvent | None,
) -> CheckedEvent:
    if held is None:
        if cancelled:
            return CheckedEvent(uid, summary, IGNORED, "cancels an event this calendar was never sent")
        return CheckedEvent(uid, summary, NEW, f"not sent to this calendar before (SEQUENCE {sequence})")
    versions = f"SEQUENCE {sequence}, the calendar holds {held.sequence}"
    if sequence < held.sequence:
        return CheckedEvent(uid, summary, IGNORED, f"older than what the calendar holds ({versions})")
    if sequence == held.sequence:
        if stamp is None or stamp < held.stamp:
            return CheckedEvent(uid, summary, IGNORED, f"older than what the calendar holds ({versions}, earlier DTSTAMP)")
        if stamp == held.stamp:
            remembered = (held.summary, held.span.start, held.span.end, held.location)
            if cancelled != held.cancelled or (not cancelled and shown != remembered):
                return CheckedEvent(uid, summary, IGNORED, f"changed without a higher SEQUENCE or DTSTAMP ({versions})")
            return CheckedEvent(uid, summary, UNCHANGED, f"the version last exported to this calendar ({versions})")
        versions += ", later DTSTAMP"
    if cancelled:
        if held.cancelled:
            return CheckedEvent(uid, summary, UNCHANGED, f"cancelled already ({versions})")
        return CheckedEvent(uid, summary, CANCEL, f"removes it ({versions})")
    if held.cancelled:
        return CheckedEvent(uid, summary, NEW, f"brings back a cancelled event ({versions})")
    return CheckedEvent(uid, summary, UPDATE, f"replaces the calendar's copy ({versions})")


def _moment(event: Component, name: str) -> datetime | None:
    try:
        value = event.decoded(name)
    except (KeyError, ValueError):
        return None
    return value.astimezone(UTC) if isinstance(value, datetime) and value.tzinfo is not None else None


def _text(event: Component, name: str) -> str | None:
    return str(event[name]) if name in event else None


def _instant(value: datetime | date) -> datetime:
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise ValueError(f"DTSTAMP {value} is not a UTC time")
    return value.astimezone(UTC)
