"""Provides the importer for frab/pentabarf `schedule.xml` feeds (c3voc's schedule.xml.xsd).

Read with the standard library's expat parser, driven directly so that every element keeps its
line for messages, and so that a document type declaration is refused before anything is
expanded: a schedule has no use for a DTD, and refusing one rules out entity expansion attacks
(billion laughs, quadratic blow-up) and external entities whatever expat version is installed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from xml.parsers import expat

from planner.errors import SourceError
from planner.importers.base import Imported, ImportOptions, RawSource, reports_invalid
from planner.importers.frab_schedule import (
    FrabDay,
    FrabEvent,
    FrabSchedule,
    Place,
    program_from,
)

NAME = "frab-xml"
# The most elements a schedule holds: a 20,000-event congress has about 500,000.
MAX_ELEMENTS = 2_000_000

# The root element, after the declaration and comments; a DOCTYPE naming it is recognised, then refused by `read`.
_ROOT = re.compile(r"^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*<(?:!DOCTYPE\s+)?schedule[\s>\[]", re.S)


@dataclass(slots=True)
class _Element:
    """An XML element as the importer needs it: name, attributes, text, children and its line."""

    tag: str
    attributes: dict[str, str]
    line: int
    children: list[_Element] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(self.parts)

    def child(self, tag: str) -> _Element | None:
        return next((child for child in self.children if child.tag == tag), None)

    def all(self, tag: str) -> list[_Element]:
        return [child for child in self.children if child.tag == tag]

    def value(self, tag: str) -> str | None:
        found = self.child(tag)
        return found.text if found is not None else None


class _Refused(Exception):
    """A declaration this reader does not accept, raised from inside expat's callbacks."""


def parse_xml(source: RawSource) -> _Element:
    """The document's root element, or a SourceError with the line expat stopped at."""
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    stack: list[_Element] = []
    roots: list[_Element] = []

    count = 0

    def start(tag: str, attributes: dict[str, str]) -> None:
        nonlocal count
        count += 1
        if count > MAX_ELEMENTS:
            raise _Refused(f"more than {MAX_ELEMENTS:,} elements: more than any schedule holds")
        element = _Element(tag, attributes, parser.CurrentLineNumber)
        (stack[-1].children if stack else roots).append(element)
        stack.append(element)

    def end(_tag: str) -> None:
        stack.pop()

    def text(data: str) -> None:
        if stack:
            stack[-1].parts.append(data)

    def refuse(*_args: object) -> None:  # a DTD
        raise _Refused("a document type declaration (DTD); schedule feeds have none, and entities are not expanded")

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    try:
        parser.Parse(source.text, True)
    except expat.ExpatError as err:
        raise SourceError(f"not well-formed XML: {expat.ErrorString(err.code)}", file=source.name, line=err.lineno) from None
    except _Refused as err:
        raise SourceError(f"refused {err}", file=source.name, line=parser.CurrentLineNumber) from None
    except RecursionError:
        raise SourceError("the XML is nested too deeply", file=source.name, line=parser.CurrentLineNumber) from None
    return roots[0]


def schedule_from(root: _Element, source: RawSource) -> FrabSchedule:
    """The schedule a `<schedule>` document describes."""
    if root.tag != "schedule":
        raise SourceError(f"the root element is <{root.tag}>, not a frab <schedule>", file=source.name, line=root.line)
    conference = root.child("conference")
    if conference is None:
        raise SourceError("the schedule has no <conference>", file=source.name, line=root.line)
    zone_element = conference.child("time_zone_name")
    days: list[FrabDay] = []
    events: list[FrabEvent] = []
    for day_element in root.all("day"):
        day = FrabDay(
            place=Place(day_element.line),
            date=day_element.attributes.get("date"),
            start=day_element.attributes.get("start"),
            end=day_element.attributes.get("end"),
        )
        days.append(day)
        for room in day_element.all("room"):
            events.extend(_event(element, room, day) for element in room.all("event"))
    return FrabSchedule(
        place=Place(root.line),
        title=conference.value("title"),
        acronym=conference.value("acronym"),
        time_zone_name=zone_element.text if zone_element is not None else None,
        time_zone_place=Place(zone_element.line if zone_element is not None else conference.line),
        start=conference.value("start"),
        end=conference.value("end"),
        url=conference.value("base_url") or conference.value("url"),
        days=tuple(days),
        events=tuple(events),
    )


def _event(element: _Element, room: _Element, day: FrabDay) -> FrabEvent:
    persons = element.child("persons")
    links = element.child("links")
    return FrabEvent(
        place=Place(element.line),
        guid=element.attributes.get("guid"),
        number=element.attributes.get("id"),
        date=element.value("date"),
        start=element.value("start"),
        duration=element.value("duration"),
        room=element.value("room") or room.attributes.get("name"),
        title=element.value("title") or "",
        subtitle=element.value("subtitle"),
        type=element.value("type"),
        track=element.value("track"),
        abstract=element.value("abstract"),
        description=element.value("description"),
        url=element.value("url"),
        persons=tuple(person.text for person in persons.all("person")) if persons is not None else (),
        links=tuple((link.text, link.attributes.get("href", "")) for link in links.all("link")) if links is not None else (),
        day=day,
        lines={child.tag: child.line for child in element.children},
    )


class FrabXml:
    name = NAME
    summary = "a frab/pentabarf schedule.xml (CCC congresses, pretalx and frab exports)"

    def sniff(self, source: RawSource) -> bool:
        return _ROOT.match(source.text[:4096]) is not None

    @reports_invalid
    def read(self, source: RawSource, options: ImportOptions) -> Imported:
        return program_from(schedule_from(parse_xml(source), source), source, options, NAME)


IMPORTER = FrabXml()
