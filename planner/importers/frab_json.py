"""Provides the importer for frab and pretalx `schedule.json` feeds (c3voc's validator/json/schema.json).

The document is checked against small wire models that mirror the schema; a value of the wrong
shape is reported at its JSON path (`$.schedule.conference.days[0].rooms["Saal 1"][3].date`).
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from planner.importers.base import Imported, ImportOptions, RawSource, reports_invalid
from planner.importers.frab_schedule import (
    FrabDay,
    FrabEvent,
    FrabSchedule,
    Place,
    program_from,
)
from planner.importers.json_wire import Label, Wire, load_json, wire
from planner.json_lines import json_path

NAME = "frab-json"
ROOMS = ("rooms",)
"""A day's events are an object keyed by room name: data, quoted in JSON paths."""


class WireEvent(Wire):
    guid: str | None = None
    id: Label | None = None
    date: str | None = None
    start: str | None = None
    duration: str | None = None
    room: str | None = None
    title: str
    subtitle: str | None = None
    type: str | None = None
    track: str | None = None
    abstract: str | None = None
    description: str | None = None
    url: str | None = None
    persons: list[Any] = Field(default_factory=list)
    links: list[Any] = Field(default_factory=list)


class WireDay(Wire):
    index: int | None = None
    date: str | None = None
    day_start: str | None = None
    day_end: str | None = None
    rooms: dict[str, list[WireEvent]] = Field(default_factory=dict)


class WireConference(Wire):
    acronym: str | None = None
    title: str | None = None
    start: str | None = None
    end: str | None = None
    time_zone_name: str | None = None
    url: str | None = None
    days: list[WireDay]


class WireSchedule(Wire):
    base_url: str | None = None
    conference: WireConference


class WireDocument(Wire):
    schedule: WireSchedule


def schedule_from(document: WireDocument) -> FrabSchedule:
    conference = document.schedule.conference
    days: list[FrabDay] = []
    events: list[FrabEvent] = []
    for day_index, wire_day in enumerate(conference.days):
        day_location = ("schedule", "conference", "days", day_index)
        day = FrabDay(
            place=Place(path=json_path(day_location)), date=wire_day.date, start=wire_day.day_start, end=wire_day.day_end
        )
        days.append(day)
        for room, room_events in wire_day.rooms.items():
            for index, event in enumerate(room_events):
                events.append(_event(event, room, day, json_path((*day_location, "rooms", room, index), keyed=ROOMS)))
    return FrabSchedule(
        place=Place(path="$.schedule"),
        title=conference.title,
        acronym=conference.acronym,
        time_zone_name=conference.time_zone_name,
        time_zone_place=Place(path="$.schedule.conference.time_zone_name"),
        start=conference.start,
        end=conference.end,
        url=conference.url or document.schedule.base_url,
        days=tuple(days),
        events=tuple(events),
    )


def _event(event: WireEvent, room: str, day: FrabDay, path: str) -> FrabEvent:
    return FrabEvent(
        place=Place(path=path),
        guid=event.guid,
        number=event.id,
        date=event.date,
        start=event.start,
        duration=event.duration,
        room=event.room or room,
        title=event.title,
        subtitle=event.subtitle,
        type=event.type,
        track=event.track,
        abstract=event.abstract,
        description=event.description,
        url=event.url,
        persons=tuple(_person(person) for person in event.persons if _person(person)),
        links=tuple(link for link in map(_link, event.links) if link),
        day=day,
    )


def _person(person: Any) -> str:
    """frab writes {"public_name"}, pretalx {"public_name"} or {"name"}; a bare string is a name too."""
    if isinstance(person, str):
        return person
    if isinstance(person, dict):
        for key in ("public_name", "name", "full_public_name"):
            name = person.get(key)
            if isinstance(name, str) and name.strip():
                return name
    return ""


def _link(link: Any) -> tuple[str, str] | None:
    if isinstance(link, str):
        return (link, link)
    if isinstance(link, dict) and isinstance(link.get("url"), str):
        title = link.get("title")
        return (title if isinstance(title, str) else link["url"], link["url"])
    return None


class FrabJson:
    name = NAME
    summary = "a frab or pretalx schedule.json (c3voc schema)"

    def sniff(self, source: RawSource) -> bool:
        head = source.text[:4096]
        return head.lstrip().startswith("{") and '"schedule"' in head and '"conference"' in head

    @reports_invalid
    def read(self, source: RawSource, options: ImportOptions) -> Imported:
        document = wire(WireDocument, load_json(source), source, keyed=ROOMS)
        return program_from(schedule_from(document), source, options, NAME)


IMPORTER = FrabJson()
