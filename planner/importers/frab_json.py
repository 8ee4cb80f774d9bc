"""Provides the importer for frab and pretalx `schedule.json` feeds (c3voc's schema.json and schema2.json).

Two layouts: version 1 lists events by day and room (`conference.days[].rooms{}`); version 2, as
event hubs export it, lists them flat (`schedule.events[]`, each with its own start and end).
The document is checked against small wire models that mirror the schemas; a value of the wrong
shape is reported at its JSON path (`$.schedule.conference.days[0].rooms["Saal 1"][3].date`), and
an event of the wrong shape is skipped with that path (or refused, with --strict).
"""

from __future__ import annotations

from typing import Any

from pydantic import Field, ValidationError

from planner.errors import SourceError
from planner.importers.base import Imported, ImportOptions, Note, RawSource, reports_invalid, skip
from planner.importers.frab_schedule import (
    FrabDay,
    FrabEvent,
    FrabSchedule,
    Place,
    program_from,
)
from planner.importers.json_wire import Label, Wire, load_json, wire
from planner.json_lines import json_path, validation_problem

NAME = "frab-json"
ROOMS = ("rooms",)
"""A day's events are an object keyed by room name: data, quoted in JSON paths."""


class WireEvent(Wire):
    guid: str | None = None
    end: str | None = None
    id: Label | None = None
    date: str | None = None
    start: str | None = None
    duration: str | None = None
    room: str | Named | None = None
    title: str
    subtitle: str | None = None
    type: str | None = None
    track: str | Named | None = None
    abstract: str | None = None
    description: str | None = None
    url: str | None = None
    persons: list[Any] = Field(default_factory=list)
    participants: list[Any] = Field(default_factory=list)
    """Version 2's name for persons."""
    links: list[Any] = Field(default_factory=list)


class Named(Wire):
    """A room or track as version 2 writes it: an object with a name (or only a slug)."""

    name: str | None = None
    slug: str | None = None

    @property
    def label(self) -> str | None:
        return self.name or self.slug


class WireDay(Wire):
    index: int | None = None
    date: str | None = None
    day_start: str | None = None
    day_end: str | None = None
    start: str | None = None
    end: str | None = None
    rooms: dict[str, list[Any]] = Field(default_factory=dict)


class WireConference(Wire):
    acronym: str | None = None
    title: str | None = None
    start: str | None = None
    end: str | None = None
    time_zone_name: str | None = None
    url: str | None = None
    days: list[WireDay] = Field(default_factory=list)


class WireSchedule(Wire):
    base_url: str | None = None
    conference: WireConference
    events: list[Any] = Field(default_factory=list)
    """Version 2: every event in one list."""


class WireDocument(Wire):
    schedule: WireSchedule


def schedule_from(document: WireDocument, source: RawSource, options: ImportOptions) -> FrabSchedule:
    conference = document.schedule.conference
    days: list[FrabDay] = []
    events: list[FrabEvent] = []
    notes: list[Note] = []
    for day_index, wire_day in enumerate(conference.days):
        day_location = ("schedule", "conference", "days", day_index)
        day = FrabDay(
            place=Place(path=json_path(day_location)),
            date=wire_day.date,
            start=wire_day.day_start or wire_day.start,
            end=wire_day.day_end or wire_day.end,
        )
        days.append(day)
        for room, room_events in wire_day.rooms.items():
            for index, event in enumerate(room_events):
                path = json_path((*day_location, "rooms", room, index), keyed=ROOMS)
                found = _wire_event(event, path, source, options, notes)
                if found is not None:
                    events.append(_event(found, room, day, path))
    for index, event in enumerate(document.schedule.events):
        path = json_path(("schedule", "events", index))
        found = _wire_event(event, path, source, options, notes)
        if found is not None:
            events.append(_event(found, None, None, path))
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
        notes=tuple(notes),
    )


def _wire_event(event: Any, path: str, source: RawSource, options: ImportOptions, notes: list[Note]) -> WireEvent | None:
    """One event checked on its own, so that one of the wrong shape is skipped, not the whole feed."""
    try:
        return WireEvent.model_validate(event)
    except ValidationError as err:
        location, message = validation_problem(err)
        where = path + "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in location)
        title = event.get("title") if isinstance(event, dict) and isinstance(event.get("title"), str) else None
        skip(SourceError(f"at {where}: {message}", file=source.name), title, options, notes)
        return None


def _event(event: WireEvent, room: str | None, day: FrabDay | None, path: str) -> FrabEvent:
    own_room = event.room.label if isinstance(event.room, Named) else event.room
    track = event.track.label if isinstance(event.track, Named) else event.track
    return FrabEvent(
        place=Place(path=path),
        guid=event.guid,
        number=event.id,
        date=event.date or (event.start if event.end else None),
        start=None if event.end else event.start,
        duration=event.duration,
        end=event.end,
        room=own_room or room,
        title=event.title,
        subtitle=event.subtitle,
        type=event.type,
        track=track,
        abstract=event.abstract,
        description=event.description,
        url=event.url,
        persons=tuple(name for name in map(_person, [*event.persons, *event.participants]) if name),
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
        return program_from(schedule_from(document, source, options), source, options, NAME)


IMPORTER = FrabJson()
