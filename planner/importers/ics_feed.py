"""Provides the importer for iCalendar feeds (.ics from Google Calendar, Indico, Sched and the like).

Parsing is icalendar's (folded lines, escapes, VTIMEZONE, Windows zone names); this module adds a
cheap scan of the raw lines first, so that a broken file and every event's problem are reported
at their line. Times may carry a TZID, be UTC, or be floating (no zone: only with --timezone,
which says what zone they are in). Recurring events are expanded with dateutil's rrule, minus
EXDATEs and RECURRENCE-ID overrides; each occurrence is a session, and all the occurrences of one
UID are one presentation with several slots. VALARMs are ignored; all-day events have no time and
are skipped with a note.

icalendar takes tens of milliseconds to import. It is imported when an .ics is read, not when this
module is, so commands that never read a calendar (every `planner list` of a program file) start
without it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from dateutil.rrule import rrulestr

from planner.errors import SourceError, TimeFormatError
from planner.importers.base import (
    Imported,
    ImportOptions,
    Note,
    RawSource,
    nothing_left,
    reports_invalid,
    require_conference_id,
    skip,
)
from planner.importers.feed import (
    after,
    choose_zone,
    conference_slug,
    elapsed,
    fixed,
    kind_of,
    known_zone,
    links_from,
    text_with_links,
    valid_id,
)
from planner.program.ids import slug
from planner.program.model import Conference, Presentation, Program, Session, Slot
from planner.program.times import is_zone_name, place, zone

NAME = "ics"

# An endless RRULE is expanded this far and no further, with a note saying so.
MAX_OCCURRENCES = 1000
MAX_SPAN = timedelta(days=400)

# RFC 5545 allows these at most once in an event; a second one would leave the event ambiguous.
_ONCE = frozenset({"UID", "DTSTART", "DTEND", "DURATION", "RECURRENCE-ID", "SUMMARY", "DESCRIPTION", "LOCATION", "URL", "STATUS"})
_CONTENT_LINE = re.compile(r'^[A-Za-z0-9-]+(?:;(?:[^":]|"[^"]*")*)?:')


@dataclass(slots=True)
class _EventLines:
    """Where a VEVENT and each of its properties start in the file."""

    begin: int
    properties: dict[str, int] = field(default_factory=dict)

    def of(self, name: str) -> int:
        return self.properties.get(name, self.begin)


@dataclass(slots=True)
class _Outline:
    events: list[_EventLines]
    calendar_properties: dict[str, int]


def outline(source: RawSource) -> _Outline:
    """Check the file's structure line by line: content lines, BEGIN/END nesting, one VCALENDAR."""
    stack: list[tuple[str, int]] = []
    events: list[_EventLines] = []
    calendar_properties: dict[str, int] = {}
    calendars = 0
    for number, line in _logical_lines(source.text):
        if not _CONTENT_LINE.match(line):
            raise SourceError(f"not an iCalendar content line (NAME:value): {line[:60]!r}", file=source.name, line=number)
        name, _, value = line.partition(":")
        name = name.split(";", 1)[0].upper()
        if name == "BEGIN":
            component = value.strip().upper()
            if component == "VCALENDAR":
                calendars += 1
                if stack or calendars > 1:
                    raise SourceError("a second VCALENDAR; one calendar per file", file=source.name, line=number)
            elif not stack:
                raise SourceError(f"BEGIN:{component} outside the VCALENDAR", file=source.name, line=number)
            if component == "VEVENT" and len(stack) == 1:
                events.append(_EventLines(number))
            stack.append((component, number))
        elif name == "END":
            component = value.strip().upper()
            if not stack or stack[-1][0] != component:
                expected = f"END:{stack[-1][0]} (for line {stack[-1][1]})" if stack else "nothing"
                raise SourceError(f"END:{component} where {expected} was expected", file=source.name, line=number)
            stack.pop()
        elif not stack:
            raise SourceError(f"{name} outside the VCALENDAR", file=source.name, line=number)
        elif len(stack) == 2 and stack[-1][0] == "VEVENT":
            if name in _ONCE and name in events[-1].properties:
                raise SourceError(
                    f"{name} a second time in one event (first on line {events[-1].properties[name]})",
                    file=source.name,
                    line=number,
                )
            events[-1].properties.setdefault(name, number)
        elif len(stack) == 1:
            calendar_properties.setdefault(name, number)
    if stack:
        component, number = stack[-1]
        raise SourceError(f"BEGIN:{component} is never ended (the file is cut short?)", file=source.name, line=number)
    if not calendars:
        raise SourceError("no BEGIN:VCALENDAR: not an iCalendar file", file=source.name)
    return _Outline(events, calendar_properties)


def _logical_lines(text: str) -> list[tuple[int, str]]:
    """Unfolded content lines with the number of the line each starts on; blank lines are skipped."""
    lines: list[tuple[int, str]] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        if raw[:1] in (" ", "\t") and lines:
            lines[-1] = (lines[-1][0], lines[-1][1] + raw[1:])
        elif raw.strip():
            lines.append((number, raw))
    return lines


@dataclass(frozen=True, slots=True)
class _Occurrence:
    start: datetime
    end: datetime

    @classmethod
    def lasting(cls, start: datetime, length: timedelta) -> _Occurrence:
        """An occurrence as the program keeps it: exact length, fixed offsets (the zone mattered only to recur)."""
        return cls(fixed(start), fixed(after(start, length)))


@dataclass(slots=True)
class _Event:
    """One VEVENT read: its text, its occurrences, and where it is in the file."""

    uid: str | None
    lines: _EventLines
    title: str
    room: str | None
    categories: list[str]
    description: str
    url: str | None
    occurrences: list[_Occurrence]
    zone: str | None = None
    """The IANA zone DTSTART is given in, if any: a hint to the venue's zone."""
    recurrence_id: datetime | None = None
    cancelled: bool = False


class _Reader:
    """Reads the VEVENTs of one parsed calendar; holds what every event needs to know."""

    def __init__(self, source: RawSource, options: ImportOptions, calendar_zone: str | None, notes: list[Note]) -> None:
        self.source = source
        self.options = options
        self.calendar_zone = calendar_zone
        self.notes = notes

    def error(self, message: str, line: int) -> SourceError:
        return SourceError(message, file=self.source.name, line=line)

    def note(self, message: str, line: int) -> None:
        self.notes.append(Note(self.source.name, line, message))

    def event(self, component: Any, lines: _EventLines) -> _Event | None:
        broken = {name.upper(): message for name, message in getattr(component, "errors", [])}
        for name in ("DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID"):
            if name in broken:
                raise self.error(f"{name}: {broken[name]}", lines.of(name))
        title = " ".join(str(component.get("SUMMARY") or "").split())
        if "DTSTART" not in component:
            raise self.error(f"the event {title[:60]!r} has no start (DTSTART)", lines.begin)
        start = self.decoded(component, "DTSTART", lines)
        if not isinstance(start, datetime):
            self.note(f"skipped the all-day event {title[:60]!r}: it has a date but no time", lines.of("DTSTART"))
            return None
        start = self.aware(start, component["DTSTART"], lines.of("DTSTART"))
        length = self.length(component, start, lines)
        uid = str(component.get("UID") or "").strip() or None
        recurrence_id = None
        if "RECURRENCE-ID" in component:
            moment = self.decoded(component, "RECURRENCE-ID", lines)
            if isinstance(moment, datetime):
                recurrence_id = self.aware(moment, component["RECURRENCE-ID"], lines.of("RECURRENCE-ID"))
        categories = [str(name).strip() for name in _values(component, "CATEGORIES") if str(name).strip()]
        occurrences = [_Occurrence.lasting(start, length)]
        if "RRULE" in component and recurrence_id is None:
            occurrences = self.expand(component, start, length, lines, title)
        return _Event(
            uid=uid,
            lines=lines,
            title=title,
            room=" ".join(str(component.get("LOCATION") or "").split()) or None,
            categories=categories,
            description=str(component.get("DESCRIPTION") or ""),
            url=str(component.get("URL") or "").strip() or None,
            occurrences=occurrences,
            zone=getattr(start.tzinfo, "key", None),
            recurrence_id=recurrence_id,
            cancelled=str(component.get("STATUS") or "").strip().upper() == "CANCELLED",
        )

    def decoded(self, component: Any, name: str, lines: _EventLines) -> Any:
        try:
            return component.decoded(name)
        except (ValueError, TypeError, KeyError) as err:
            raise self.error(f"{name} cannot be read: {err}", lines.of(name)) from None

    def aware(self, moment: datetime, prop: Any, line: int) -> datetime:
        """`moment` with its zone; an unknown TZID is an error, a floating time needs --timezone.

        A TZID time the clocks skip is an error like any wall-clock time in a gap; one they pass
        twice is taken the first time, with a note. The zone is kept: recurrences need it.
        """
        if moment.tzinfo is not None:
            if moment.utcoffset() is not None and moment.tzinfo.utcoffset(None) is None:
                wall = moment.replace(tzinfo=None)
                if moment.astimezone(UTC).astimezone(moment.tzinfo).replace(tzinfo=None) != wall:
                    name = getattr(moment.tzinfo, "key", None) or str(moment.tzinfo)
                    raise self.error(
                        f"{wall:%Y-%m-%d %H:%M} does not exist in {name}: the clocks skip it for daylight saving", line
                    )
                if moment.replace(fold=1).utcoffset() != moment.replace(fold=0).utcoffset():
                    name = getattr(moment.tzinfo, "key", None) or str(moment.tzinfo)
                    self.note(f"{wall:%Y-%m-%d %H:%M} happens twice in {name} (clocks go back); taking the first", line)
            return moment
        tzid = getattr(prop, "params", {}).get("TZID")
        if tzid:
            raise self.error(f"unknown time zone TZID={tzid!r}: not an IANA name, and no VTIMEZONE in the file defines it", line)
        if self.options.timezone:
            # Through place(), like every wall-clock time: a time the clocks skip is refused, and
            # one they pass twice is settled with a note.
            try:
                placed, note = place(moment, zone(self.options.timezone))
            except TimeFormatError as err:
                raise self.error(err.message, line) from None
            if note:
                self.note(note, line)
            return placed
        hint = (
            f" (the calendar's X-WR-TIMEZONE says {self.calendar_zone}; if that is meant, give --timezone {self.calendar_zone})"
            if self.calendar_zone
            else ""
        )
        raise self.error(
            f"{moment.isoformat()} is a floating time (no TZID, no Z): import the calendar with "
            f"`planner import FILE --timezone ZONE -o program.json` to say which zone it is in{hint}",
            line,
        )

    def length(self, component: Any, start: datetime, lines: _EventLines) -> timedelta:
        if "DTEND" in component:
            end = self.decoded(component, "DTEND", lines)
            if not isinstance(end, datetime):
                raise self.error("DTEND is a date but DTSTART has a time", lines.of("DTEND"))
            end = self.aware(end, component["DTEND"], lines.of("DTEND"))
            if elapsed(start, end) < timedelta(0) and elapsed(start, end.replace(fold=1)) >= timedelta(0):
                # An end in the hour the clocks pass twice, before the start only the first time round.
                end = end.replace(fold=1)
            if elapsed(start, end) < timedelta(0):
                raise self.error(f"the event ends ({end.isoformat()}) before it starts ({start.isoformat()})", lines.of("DTEND"))
            return elapsed(start, end)
        if "DURATION" in component:
            duration = self.decoded(component, "DURATION", lines)
            if not isinstance(duration, timedelta) or duration < timedelta(0):
                raise self.error(
                    f"DURATION {component['DURATION'].to_ical().decode()!r} is not a positive duration", lines.of("DURATION")
                )
            return duration
        return timedelta(0)  # RFC 5545: a DTSTART with a time and no end is an instant

    def expand(self, component: Any, start: datetime, length: timedelta, lines: _EventLines, title: str) -> list[_Occurrence]:
        """The occurrences of a recurring event: RRULE and RDATE, minus EXDATE; an endless rule is cut short."""
        starts: set[datetime] = set()
        for rule in _values(component, "RRULE"):
            text = self.rule_text(rule, start, lines)
            found: list[datetime] = []
            try:
                for moment in rrulestr(text, dtstart=start):
                    if len(found) == MAX_OCCURRENCES or moment > start + MAX_SPAN:
                        self.note(
                            f"{title[:60]!r} recurs beyond {found[-1]:%Y-%m-%d}; only its first {len(found)} occurrences are kept",
                            lines.of("RRULE"),
                        )
                        break
                    found.append(moment)
            except (ValueError, TypeError, OverflowError) as err:
                raise self.error(f"RRULE {text!r} cannot be expanded: {err}", lines.of("RRULE")) from None
            starts.update(found)
        for moment in self.dates(component, "RDATE", start, lines):
            starts.add(moment)
        for moment in self.dates(component, "EXDATE", start, lines):
            starts.discard(moment)
        return [_Occurrence.lasting(moment, length) for moment in sorted(starts)]

    def rule_text(self, rule: Any, start: datetime, lines: _EventLines) -> str:
        """The RRULE as text for dateutil, its UNTIL made an instant (dateutil wants one when DTSTART has a zone)."""
        text: str = rule.to_ical().decode()
        if "UNTIL" not in rule:
            return text
        until = rule["UNTIL"][0]
        if isinstance(until, datetime):
            until = until if until.tzinfo else until.replace(tzinfo=start.tzinfo)
        elif isinstance(until, date):
            until = datetime.combine(until, time(23, 59, 59), tzinfo=start.tzinfo)
        else:
            raise self.error(f"RRULE UNTIL {until!r} is not a date", lines.of("RRULE"))
        return re.sub(r"UNTIL=[^;]*", f"UNTIL={until.astimezone(UTC):%Y%m%dT%H%M%SZ}", text)

    def dates(self, component: Any, name: str, start: datetime, lines: _EventLines) -> list[datetime]:
        found: list[datetime] = []
        for value in _values(component, name):
            for item in getattr(value, "dts", []):
                moment = item.dt
                if isinstance(moment, tuple):  # an RDATE period: its start
                    moment = moment[0]
                if isinstance(moment, datetime):
                    found.append(self.aware(moment, value, lines.of(name)))
                elif isinstance(moment, date):
                    found.append(datetime.combine(moment, start.timetz()))
        return found


def _values(component: Any, name: str) -> list[Any]:
    """A property that may appear once or several times, as a list; CATEGORIES as one list of names."""
    value = component.get(name)
    if value is None:
        return []
    values = value if isinstance(value, list) else [value]
    if name == "CATEGORIES":
        return [category for item in values for category in getattr(item, "cats", [item])]
    return values


class IcsFeed:
    name = NAME
    summary = "an iCalendar feed (.ics) from Google Calendar, Indico, Sched…"

    def sniff(self, source: RawSource) -> bool:
        return source.text.lstrip()[:15].upper() == "BEGIN:VCALENDAR"

    @reports_invalid
    def read(self, source: RawSource, options: ImportOptions) -> Imported:
        # Imported here, not at the top: see the module docstring.
        import icalendar

        shape = outline(source)
        try:
            calendar = icalendar.Calendar.from_ical(source.text)
        except (ValueError, TypeError, KeyError, IndexError) as err:
            raise SourceError(f"not a valid iCalendar file: {err}", file=source.name) from None
        notes: list[Note] = []
        calendar_zone = " ".join(str(value) for value in _values(calendar, "X-WR-TIMEZONE")[:1]).strip() or None
        if calendar_zone:
            known_zone(calendar_zone, source, line=shape.calendar_properties.get("X-WR-TIMEZONE"))
        reader = _Reader(source, options, calendar_zone, notes)
        components = [component for component in calendar.subcomponents if component.name == "VEVENT"]
        if len(components) != len(shape.events):
            raise SourceError("the file's events could not be told apart (nested or broken VEVENTs)", file=source.name)
        events = []
        for component, lines in zip(components, shape.events, strict=True):
            try:
                event = reader.event(component, lines)
            except SourceError as err:
                # One broken event is one event less, with its line; --strict refuses the calendar.
                skip(err, str(component.get("SUMMARY") or ""), options, notes)
                continue
            if event is not None:
                events.append(event)
        if not events:
            nothing_left(notes)
        return _program(events, calendar, calendar_zone, source=source, options=options, notes=notes)


def _program(
    events: list[_Event],
    calendar: Any,
    calendar_zone: str | None,
    *,
    source: RawSource,
    options: ImportOptions,
    notes: list[Note],
) -> Imported:
    """One presentation per UID (its overrides and occurrences as slots), one session per occurrence."""
    masters: dict[str, _Event] = {}
    overrides: dict[str, list[_Event]] = {}
    order: list[str] = []
    taken: Counter[str] = Counter()
    for event in events:
        if event.recurrence_id is not None and event.uid:
            overrides.setdefault(event.uid, []).append(event)
            continue
        identifier = valid_id(event.uid) or slug(f"{event.title} {event.occurrences[0].start.isoformat()}", max_length=60)
        taken[identifier] += 1
        if taken[identifier] > 1:
            notes.append(
                Note(
                    source.name,
                    event.lines.begin,
                    f"UID {identifier!r} is used again; this event is {identifier}-{taken[identifier]}",
                )
            )
            identifier = f"{identifier}-{taken[identifier]}"
        masters[identifier] = event
        order.append(identifier)

    sessions: list[Session] = []
    presentations: list[Presentation] = []
    for identifier in order:
        event = masters[identifier]
        changed = {override.recurrence_id: override for override in overrides.pop(event.uid or "", [])}
        occurrences = [(event, occurrence) for occurrence in event.occurrences if occurrence.start not in changed]
        occurrences += [(override, occurrence) for override in changed.values() for occurrence in override.occurrences]
        occurrences = [(owner, occurrence) for owner, occurrence in occurrences if not owner.cancelled]
        if not occurrences:
            notes.append(Note(source.name, event.lines.begin, f"skipped {event.title[:60]!r}: cancelled"))
            continue
        occurrences.sort(key=lambda pair: pair[1].start)
        kind = kind_of(*event.categories, event.title)
        links, rest = links_from(event.url, [])
        slots = []
        for number, (owner, occurrence) in enumerate(occurrences, start=1):
            # Numbered, not named by their time: ids never hold a time, so a moved occurrence keeps its id.
            session_id = identifier if len(occurrences) == 1 else f"{identifier}-{number}"
            sessions.append(
                Session(
                    id=session_id,
                    title=owner.title or "(untitled)",
                    kind=kind,
                    start=occurrence.start,
                    end=occurrence.end,
                    room=owner.room,
                    track=owner.categories[0] if owner.categories else None,
                    url=owner.url,
                )
            )
            slots.append(Slot(session=session_id))
        presentations.append(
            Presentation(
                id=identifier,
                title=event.title or "(untitled)",
                kind=kind,
                abstract=text_with_links([event.description], rest),
                links=links,
                keywords=event.categories,
                slots=slots,
            )
        )
    for uid, orphans in overrides.items():
        for orphan in orphans:
            notes.append(
                Note(
                    source.name,
                    orphan.lines.begin,
                    f"skipped a change to an occurrence of UID {uid!r}: the file has no such recurring event",
                )
            )

    # UTC times sit beside zoned ones in any calendar: the zone is for display, not checked against them.
    zone_name = options.timezone or calendar_zone or _most_used_zone(events)
    if zone_name is None:
        zone_name, zone_notes = choose_zone(None, [session.start for session in sessions if session.start], options)
        notes.extend(Note(source.name, None, message) for message in zone_notes)
    calendar_name = " ".join(" ".join(str(value) for value in _values(calendar, "X-WR-CALNAME")[:1]).split()) or None
    conference_id = require_conference_id(options, source, conference_slug(calendar_name))
    program = Program(
        conference=Conference(
            id=conference_id, name=calendar_name or conference_id, timezone=zone_name, sources=[source.ref(NAME)]
        ),
        sessions=sessions,
        presentations=presentations,
    )
    return Imported(program, tuple(notes))


def _most_used_zone(events: list[_Event]) -> str | None:
    """The IANA zone most events are given in, when they name one (UTC says nothing of where the venue is)."""
    names = Counter(
        event.zone
        for event in events
        for _ in event.occurrences
        if event.zone and event.zone not in ("UTC", "Etc/UTC") and is_zone_name(event.zone)
    )
    return names.most_common(1)[0][0] if names else None


IMPORTER = IcsFeed()
