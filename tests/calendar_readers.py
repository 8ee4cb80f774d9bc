"""Reads exported calendars back with two independent parsers (icalendar and vobject), for the tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from functools import partial

import icalendar
import vobject
import vobject.icalendar


@dataclass(frozen=True)
class ReadEvent:
    """A VEVENT as a parser understood it."""

    uid: str
    start: datetime
    end: datetime
    summary: str
    description: str
    location: str | None
    url: str | None
    categories: tuple[str, ...]
    sequence: int
    stamp: datetime
    status: str
    alarm_triggers: tuple[timedelta, ...]


def _forget_vobject_zones() -> None:
    # vobject keeps every VTIMEZONE it has seen in a process-wide table and prefers the first one
    # seen under a TZID; each calendar must be read with its own VTIMEZONE, so the table is reset.
    table = vars(vobject.icalendar)["__tzidMap"]
    table.clear()
    vobject.icalendar.registerTzid("UTC", vobject.icalendar.utc)


def read_with_icalendar(ics: bytes) -> dict[str, ReadEvent]:
    calendar = icalendar.Calendar.from_ical(ics)
    events = {}
    for event in calendar.walk("VEVENT"):
        alarms = tuple(alarm.decoded("trigger") for alarm in event.walk("VALARM"))
        events[str(event["uid"])] = ReadEvent(
            uid=str(event["uid"]),
            start=event.decoded("dtstart"),
            end=event.decoded("dtend"),
            summary=str(event.get("summary", "")),
            description=str(event.get("description", "")),
            location=str(event["location"]) if "location" in event else None,
            url=str(event["url"]) if "url" in event else None,
            categories=tuple(event.categories),
            sequence=int(event.get("sequence", 0)),
            stamp=event.decoded("dtstamp"),
            status=str(event.get("status", "")),
            alarm_triggers=alarms,
        )
    return events


def _vobject_value(event, name: str):
    return event.contents[name][0].value if name in event.contents else None


def read_with_vobject(ics: bytes) -> dict[str, ReadEvent]:
    _forget_vobject_zones()
    calendar = vobject.readOne(ics.decode("utf-8"))
    events = {}
    for event in calendar.contents.get("vevent", []):
        value = partial(_vobject_value, event)
        categories = []
        for line in event.contents.get("categories", []):
            categories.extend(line.value)
        alarms = tuple(alarm.trigger.value for alarm in event.contents.get("valarm", []))
        events[value("uid")] = ReadEvent(
            uid=value("uid"),
            start=value("dtstart"),
            end=value("dtend"),
            summary=value("summary") or "",
            description=value("description") or "",
            location=value("location"),
            url=value("url"),
            categories=tuple(categories),
            sequence=int(value("sequence") or 0),
            stamp=value("dtstamp"),
            status=value("status") or "",
            alarm_triggers=alarms,
        )
    return events


def vtimezones_with_vobject(ics: bytes) -> dict[str, tzinfo]:
    """Each VTIMEZONE of the file as vobject (through dateutil's tzical) reads it."""
    _forget_vobject_zones()
    calendar = vobject.readOne(ics.decode("utf-8"))
    return {component.tzid.value: component.gettzinfo() for component in calendar.contents.get("vtimezone", [])}


def vtimezones_with_icalendar(ics: bytes) -> dict[str, tzinfo]:
    """Each VTIMEZONE of the file as icalendar reads it (from its observances, not by its name)."""
    calendar = icalendar.Calendar.from_ical(ics)
    return {str(zone["tzid"]): zone.to_tz(lookup_tzid=False) for zone in calendar.walk("VTIMEZONE")}
