"""Provides the frab schedule as its XML and JSON feeds both carry it, and its mapping onto a Program.

Each frab event becomes a Session (its room, track and kind) holding one Presentation, so every
event can be bookmarked. An event's `date` carries its UTC offset and is authoritative; `start`
(a wall clock) is only used when `date` is missing or has no offset. Days keep the organisers'
boundaries (31C3's run from 11:00 to 04:00), so an after-midnight talk belongs to the day before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from planner.errors import SourceError, TimeFormatError
from planner.importers.base import (
    Imported,
    ImportOptions,
    Note,
    RawSource,
    nothing_left,
    require_conference_id,
    skip,
)
from planner.importers.feed import (
    after,
    choose_zone,
    conference_slug,
    elapsed,
    fixed,
    kind_label,
    kind_of,
    known_zone,
    links_from,
    located,
    plain_line,
    text_with_links,
    valid_id,
)
from planner.program.model import (
    Conference,
    ConferenceDay,
    Presentation,
    Program,
    Session,
    Slot,
)
from planner.program.times import place, zone


@dataclass(frozen=True, slots=True)
class Place:
    """Where in the feed something is: a line (XML) or a JSON path."""

    line: int | None = None
    path: str | None = None

    def field(self, name: str, line: int | None = None) -> Place:
        return Place(line if line is not None else self.line, f"{self.path}.{name}" if self.path else None)


@dataclass(frozen=True, slots=True)
class FrabDay:
    place: Place
    date: str | None
    start: str | None
    end: str | None


@dataclass(frozen=True, slots=True)
class FrabEvent:
    place: Place
    guid: str | None
    number: str | None
    """The feed's integer `id`, as text."""
    date: str | None
    start: str | None
    duration: str | None
    room: str | None
    title: str
    end: str | None = None
    """Version 2 JSON gives an end instead of a duration."""
    subtitle: str | None = None
    type: str | None = None
    track: str | None = None
    abstract: str | None = None
    description: str | None = None
    url: str | None = None
    persons: tuple[str, ...] = ()
    links: tuple[tuple[str, str], ...] = ()
    day: FrabDay | None = None
    lines: dict[str, int] = field(default_factory=dict)
    """The line of each child element, for messages (XML only)."""

    def at(self, name: str) -> Place:
        return self.place.field(name, self.lines.get(name))


@dataclass(frozen=True, slots=True)
class FrabSchedule:
    """A frab schedule, format-neutral: what the XML and JSON feeds say, with where they say it."""

    place: Place
    title: str | None
    acronym: str | None
    time_zone_name: str | None
    time_zone_place: Place
    start: str | None
    end: str | None
    url: str | None
    days: tuple[FrabDay, ...]
    events: tuple[FrabEvent, ...]
    notes: tuple[Note, ...] = ()
    """What reading the feed's layout skipped already (an event of the wrong shape)."""


_DURATION = re.compile(r"^\s*(\d+):(\d{1,2})(?::(\d{1,2}))?\s*$")


def parse_duration(text: str) -> tuple[timedelta, str | None]:
    """A frab duration and, when it had to be read one way of two, a note saying how.

    "HH:MM" is the schema's form. Three fields are either HH:MM:SS (the XSD) or D:HH:MM (pretalx
    and others, for events over a day). pretalx writes the day count unpadded and never zero, so a
    padded or zero first field, or a middle field of 24 or more, is HH:MM:SS; otherwise D:HH:MM.
    """
    match = _DURATION.match(text)
    if not match:
        raise ValueError(f"duration {text!r} is not HH:MM, HH:MM:SS or D:HH:MM")
    first, second, third = match.group(1), int(match.group(2)), match.group(3)
    if third is None:
        if second >= 60:
            raise ValueError(f"duration {text!r} has {second} minutes")
        return timedelta(hours=int(first), minutes=second), None
    last = int(third)
    if last >= 60:
        raise ValueError(f"duration {text!r}: {last} is not minutes or seconds")
    if first.startswith("0") or second >= 24:
        if second >= 60:
            raise ValueError(f"duration {text!r} has {second} minutes")
        return timedelta(hours=int(first), minutes=second, seconds=last), None
    reading = timedelta(days=int(first), hours=second, minutes=last)
    return (
        reading,
        f"duration {text!r} read as D:HH:MM ({int(first)} day(s) {second} h {last} min), as pretalx writes long events",
    )


def program_from(schedule: FrabSchedule, source: RawSource, options: ImportOptions, format_name: str) -> Imported:
    """Map a frab schedule onto a Program, with notes for what had to be decided or skipped.

    One broken event (no duration, no title, a time the clocks skip) is skipped with a note
    naming its line, unless `options.strict`; an event listed again under the same id becomes a
    second slot of the first (same title) or an entry of its own (another title), with a note.
    """
    notes: list[Note] = list(schedule.notes)
    named = schedule.time_zone_name.strip() if schedule.time_zone_name else None
    if named:
        named = known_zone(named, source, line=schedule.time_zone_place.line, path=schedule.time_zone_place.path)
    wall_zone = options.timezone or named

    timed: list[tuple[FrabEvent, datetime, datetime]] = []
    differing: list[FrabEvent] = []
    for event in schedule.events:
        try:
            start = _event_start(event, source, wall_zone, notes)
            length, reading = _length(event, start, source, wall_zone, notes)
            if not _clean(event.title):
                raise _error("the event has no title", source, event.at("title"))
        except _NoZone:
            raise
        except SourceError as err:
            skip(err, event.title, options, notes)
            continue
        if event.date and _clock_differs(event, start):
            differing.append(event)
        if reading:
            notes.append(_note(source, event.at("duration"), reading))
        timed.append((event, start, after(start, length)))

    if differing:
        first = differing[0]
        said = f"{len(differing)} event(s) give a start that differs from their date (here {first.start} against {first.date})"
        notes.append(_note(source, first.at("start"), f"{said}; the dates are used"))
    zone_name, zone_notes = choose_zone(named, [start for _, start, _ in timed], options)
    notes.extend(Note(source.name, None, message) for message in zone_notes)

    sessions: list[Session] = []
    presentations: dict[str, Presentation] = {}
    seen: dict[str, Place] = {}
    for event, start, end in timed:
        try:
            identifier = _event_id(event, source, notes)
        except SourceError as err:
            skip(err, event.title, options, notes)
            continue
        title = plain_line(event.title)
        session_id = identifier
        if identifier in seen:
            first_place = seen[identifier]
            earlier = presentations[identifier]
            if options.strict:
                raise _error(
                    f"a second event with the id {identifier!r} (the first is at {_where(first_place)})", source, event.place
                )
            session_id = _free_id(identifier, seen)
            if earlier.title == title:
                notes.append(
                    _note(
                        source,
                        event.place,
                        f"{title[:60]!r} is listed again under the id {identifier!r} (first at {_where(first_place)}); "
                        "kept as a second time of the same event",
                    )
                )
            else:
                notes.append(
                    _note(
                        source,
                        event.place,
                        f"the id {identifier!r} is used again, for {title[:60]!r} (first at {_where(first_place)}, for "
                        f"{earlier.title[:60]!r}); this event is {session_id}",
                    )
                )
                identifier = session_id
        seen[session_id] = event.place
        kind = kind_of(event.type)
        links, rest = links_from(event.url, event.links)
        sessions.append(
            Session(
                id=session_id,
                title=title,
                kind=kind,
                start=start,
                end=end,
                room=plain_line(event.room) or None,
                track=plain_line(event.track) or None,
                url=event.url.strip() if event.url and event.url.strip() else None,
            )
        )
        if identifier in presentations:
            earlier = presentations[identifier]
            presentations[identifier] = earlier.model_copy(update={"slots": [*earlier.slots, Slot(session=session_id)]})
            continue
        presentations[identifier] = Presentation(
            id=identifier,
            title=title,
            kind=kind,
            kind_label=kind_label(event.type, kind),
            authors=[name for name in map(plain_line, event.persons) if name],
            abstract=text_with_links((event.abstract, event.description), rest),
            subtitle=_clean(plain_line(event.subtitle)) or "",
            links=links,
            slots=[Slot(session=session_id)],
        )

    days = _days(schedule.days, source, zone_name, notes)
    conference_id = require_conference_id(options, source, conference_slug(schedule.acronym) or conference_slug(schedule.title))
    conference = Conference(
        id=conference_id,
        name=_clean(schedule.title) or _clean(schedule.acronym) or conference_id,
        timezone=zone_name,
        start=_date(schedule.start),
        end=_date(schedule.end),
        url=_clean(schedule.url),
        days=days,
        sources=[source.ref(format_name)],
    )
    if not presentations:
        nothing_left(notes)
    program = Program(conference=conference, sessions=sessions, presentations=list(presentations.values()))
    return Imported(program, tuple(notes))


def _length(
    event: FrabEvent, start: datetime, source: RawSource, wall_zone: str | None, notes: list[Note]
) -> tuple[timedelta, str | None]:
    """How long an event lasts: its duration, else the time from its start to its end (version 2)."""
    if (not event.duration or not event.duration.strip()) and event.end and event.end.strip():
        try:
            end = datetime.fromisoformat(event.end.strip())
        except ValueError:
            raise _error(f"end {event.end.strip()!r} is not an ISO 8601 date and time", source, event.at("end")) from None
        if end.tzinfo is None:
            end = _place_wall(end, wall_zone, source, event.at("end"), notes)
        if end < start:
            raise _error(f"the event ends ({event.end.strip()}) before it starts ({start.isoformat()})", source, event.at("end"))
        return elapsed(start, end), None
    if not event.duration or not event.duration.strip():
        raise _error("the event has no duration", source, event.at("duration"))
    try:
        return parse_duration(event.duration)
    except ValueError as err:
        raise _error(str(err), source, event.at("duration")) from None


def _free_id(identifier: str, taken: dict[str, Place]) -> str:
    number = 2
    while f"{identifier}-{number}" in taken:
        number += 1
    return f"{identifier}-{number}"


def _event_start(event: FrabEvent, source: RawSource, wall_zone: str | None, notes: list[Note]) -> datetime:
    """The instant an event starts: its `date` with offset, else its day's date and `start` in the feed's zone."""
    if event.date and event.date.strip():
        try:
            moment = datetime.fromisoformat(event.date.strip())
        except ValueError:
            raise _error(f"date {event.date.strip()!r} is not an ISO 8601 date and time", source, event.at("date")) from None
        if moment.tzinfo is None:
            moment = _place_wall(moment, wall_zone, source, event.at("date"), notes)
        return moment
    if not event.start or not event.start.strip():
        raise _error("the event has no start (neither date nor start)", source, event.place)
    clock = _clock(event.start, source, event.at("start"))
    if event.day is None or not event.day.date:
        raise _error("the event has a start time but no date, and its day names none", source, event.at("start"))
    try:
        on = date.fromisoformat(event.day.date.strip())
    except ValueError:
        raise _error(f"day date {event.day.date!r} is not YYYY-MM-DD", source, event.day.place) from None
    day_opens = _day_clock(event.day)
    if day_opens is not None and clock < day_opens:
        on += timedelta(days=1)  # listed under a day that runs past midnight
    return _place_wall(datetime.combine(on, clock), wall_zone, source, event.at("start"), notes)


class _NoZone(SourceError):
    """A wall-clock time in a feed that names no zone: every event of the feed has it, so the whole feed is refused."""


def _place_wall(wall: datetime, wall_zone: str | None, source: RawSource, where: Place, notes: list[Note]) -> datetime:
    """A wall-clock time in the feed's zone, by the rule page times follow: a gap is refused, a fold noted."""
    if not wall_zone:
        said = _error(
            f"{wall.isoformat()} has no UTC offset and the feed names no time zone; "
            "give --timezone (the venue's, e.g. Europe/Brussels)",
            source,
            where,
        )
        raise _NoZone(said.message, file=said.file, line=said.line)
    try:
        placed, note = place(wall, zone(wall_zone))
    except TimeFormatError as err:
        raise _error(err.message, source, where) from None
    if note:
        notes.append(_note(source, where, note))
    return placed


def _clock_differs(event: FrabEvent, moment: datetime) -> bool:
    """Whether the event's `start` names another clock time than its `date` (which wins)."""
    match = re.match(r"^\s*(\d{1,2}):(\d{2})", event.start or "")
    return match is not None and (int(match.group(1)), int(match.group(2))) != (moment.hour, moment.minute)


def _clock(text: str, source: RawSource, place: Place) -> time:
    match = re.match(r"^\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*$", text)
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59 or int(match.group(3) or 0) > 59:
        raise _error(f"start {text.strip()!r} is not a time of day (HH:MM)", source, place)
    return time(int(match.group(1)), int(match.group(2)), int(match.group(3) or 0))


def _day_clock(day: FrabDay) -> time | None:
    if not day.start:
        return None
    try:
        return datetime.fromisoformat(day.start.strip()).time().replace(tzinfo=None)
    except ValueError:
        return None


def _days(days: tuple[FrabDay, ...], source: RawSource, zone_name: str, notes: list[Note]) -> list[ConferenceDay]:
    """The organisers' day boundaries; a day ending a minute before the next begins is closed up to it."""
    found: list[ConferenceDay] = []
    for day in days:
        if not (day.date and day.start and day.end):
            continue
        try:
            on = date.fromisoformat(day.date.strip())
            start, end = (datetime.fromisoformat(text.strip()) for text in (day.start, day.end))
        except ValueError:
            raise _error(f"day {day.date!r} has a date, start or end that is not ISO 8601", source, day.place) from None
        start, end = (moment if moment.tzinfo else fixed(moment.replace(tzinfo=zone(zone_name))) for moment in (start, end))
        if end < start:
            raise _error(f"day {day.date} ends ({day.end}) before it starts ({day.start})", source, day.place)
        found.append(ConferenceDay(date=on, start=start, end=end))
    where = zone(zone_name)
    renamed = [(made, made.start.astimezone(where).date()) for made in found if made.start.astimezone(where).date() != made.date]
    if renamed:
        # A day is the venue's date it starts on; a feed that labels its days by UTC dates
        # would put every talk under the previous day's heading.
        first_renamed, named = renamed[0]
        notes.append(
            Note(
                source.name,
                None,
                f"{len(renamed)} of the feed's {len(found)} day labels are not the date in {zone_name} on which "
                f"the day starts (day {first_renamed.date} starts on {named} there); days are named by the date in {zone_name}",
            )
        )
        found = [item.model_copy(update={"date": item.start.astimezone(where).date()}) for item in found]
    found.sort(key=lambda day: day.start)
    for index in range(len(found) - 1):
        # pretalx writes a day's end as its last minute (03:59 when the next day opens at 04:00).
        gap = found[index + 1].start - found[index].end
        if timedelta(0) < gap <= timedelta(minutes=1):
            found[index] = found[index].model_copy(update={"end": found[index + 1].start})
    return found


def _event_id(event: FrabEvent, source: RawSource, notes: list[Note]) -> str:
    guid = valid_id(event.guid)
    if guid:
        return guid
    number = valid_id(event.number)
    if event.guid and event.guid.strip():
        if not number:
            raise _error(f"guid {event.guid!r} cannot be an id (it has spaces) and the event has no id", source, event.place)
        notes.append(
            _note(source, event.place, f"guid {event.guid!r} cannot be an id (it has spaces); using the event id {number}")
        )
    if not number:
        raise _error("the event has neither a guid nor an id", source, event.place)
    return number


def _date(text: str | None) -> date | None:
    if not text or not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None


def _clean(text: str | None) -> str | None:
    cleaned = " ".join((text or "").split())
    return cleaned or None


def _where(place: Place) -> str:
    return f"line {place.line}" if place.line is not None else str(place.path)


def _error(message: str, source: RawSource, place: Place) -> SourceError:
    return located(message, source, line=place.line, path=place.path)


def _note(source: RawSource, place: Place, message: str) -> Note:
    return Note(source.name, place.line, f"at {place.path}: {message}" if place.path else message)
