"""Provides the importer for the ML virtual sites' event JSON (`{conf}-{year}-orals-posters.json`).

NeurIPS, ICML, ICLR and others publish `{"count", "next", "results": [...]}` where each result is
one event: a poster or an oral of a paper, with `session`, `room_name`, `poster_position` and
`starttime`/`endtime` (ISO 8601 with offset; `starttime2`/`endtime2` when a poster is shown
twice). The oral and the poster of one paper are separate results that point at each other
(`related_events_ids`, `parent`/`children`, a shared `uid`): they become one presentation with
several slots. Abstracts may sit in the sidecar `{conf}-{year}-abstracts.json` (event id ->
abstract), read when it lies beside the feed. A feed whose `count` exceeds its `results` is one
page of several, and is reported as truncated. One broken event (a value of the wrong type, no
name, a time that cannot be read, a start without an end) is skipped with a note naming its JSON
path, unless --strict; a feed in which no event can be read is refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError

from planner.errors import SourceError
from planner.importers.base import (
    Imported,
    ImportOptions,
    Note,
    RawSource,
    conference_name,
    nothing_left,
    reports_invalid,
    require_conference_id,
    skip,
)
from planner.importers.feed import (
    choose_zone,
    fixed,
    kind_of,
    links_from,
    located,
    plain_line,
    text_with_links,
    valid_id,
)
from planner.importers.json_wire import Label, Wire, load_json, wire
from planner.json_lines import json_path, validation_problem
from planner.program.ids import normalise_title, openreview_id, slug
from planner.program.model import Conference, Kind, Presentation, Program, Session, Slot
from planner.program.times import format_offset, zone

NAME = "virtual-site-json"

_FILE_NAME = re.compile(r"^(?P<conference>[a-z]+)-(?P<year>\d{4})-orals-posters(?:\.[a-z]+)?$", re.I)
_EVENT_KEYS = ('"eventtype"', '"poster_position"', '"virtualsite_url"', '"starttime"')
# When a paper is shown several ways, the presentation is called by the most prominent.
_PROMINENCE = (Kind.KEYNOTE, Kind.ORAL, Kind.SPOTLIGHT, Kind.POSTER)


class WireEvent(Wire):
    id: Label
    uid: str | None = None
    name: str
    authors: list[Any] = Field(default_factory=list)
    abstract: str | None = None
    eventtype: str | None = None
    session: str | None = None
    session2: str | None = None
    room_name: str | None = None
    poster_position: Label | None = None
    starttime: str | None = None
    endtime: str | None = None
    starttime2: str | None = None
    endtime2: str | None = None
    paper_url: str | None = None
    url: str | None = None
    topic: str | None = None
    keywords: list[Any] = Field(default_factory=list)
    parent: Any = None
    parent_id: Any = None
    children: list[Any] = Field(default_factory=list)
    children_ids: list[Any] = Field(default_factory=list)
    related_events_ids: list[Any] = Field(default_factory=list)


class WireFeed(Wire):
    count: int | None = None
    next: str | None = None
    results: list[Any]
    """Each event is checked on its own, so that one of the wrong shape is skipped, not the whole feed."""


@dataclass(frozen=True, slots=True)
class _Showing:
    """One appearance of an event: when, in which session, at which board."""

    session: str
    start: datetime | None
    end: datetime | None
    room: str | None
    position: str | None
    kind: Kind


def sidecar_name(source: RawSource) -> str | None:
    """The abstracts file that goes with a feed named `{conf}-{year}-orals-posters.json`."""
    match = _FILE_NAME.match(source.file_name)
    return f"{match['conference']}-{match['year']}-abstracts.json" if match else None


def read_abstracts(source: RawSource) -> dict[str, str]:
    """The sidecar's event id -> abstract map, or a SourceError at its line or JSON path."""
    document = load_json(source)
    if not isinstance(document, dict):
        raise SourceError("at $: the abstracts file should be an object of event id -> abstract", file=source.name)
    for key, value in document.items():
        if value is not None and not isinstance(value, str):
            raise located("an abstract should be text", source, path=json_path((key,), keyed=("$",)))
    return {str(key): value for key, value in document.items() if value}


def program_from(source: RawSource, options: ImportOptions, abstracts: RawSource | None = None) -> Imported:
    """The program of a virtual-site feed, with the abstracts of its sidecar when one is given."""
    feed: WireFeed = wire(WireFeed, load_json(source), source)
    texts = read_abstracts(abstracts) if abstracts else {}
    notes: list[Note] = []
    if feed.count is not None and feed.count > len(feed.results):
        rest = f" (the rest starts at {feed.next})" if feed.next else ""
        notes.append(
            Note(source.name, None, f"truncated: the feed says it has {feed.count} events but holds {len(feed.results)}{rest}")
        )

    # Each event that can be read, with its place in the feed (for its JSON path) and its showings.
    places: list[int] = []
    events: list[WireEvent] = []
    showings_of: list[list[_Showing]] = []
    for index, raw in enumerate(feed.results):
        try:
            event = _wire_event(raw, index, source)
            showings = _showings(event, index, source, options)
        except _NoOffset:
            raise
        except SourceError as err:
            title = raw.get("name") if isinstance(raw, dict) and isinstance(raw.get("name"), str) else None
            skip(err, title, options, notes)
            continue
        places.append(index)
        events.append(event)
        showings_of.append(showings)
    if not events:
        nothing_left(notes)

    by_id: dict[str, int] = {}
    for position, event in enumerate(events):
        key = str(event.id)
        if key in by_id:
            raise located(
                f"a second event with the id {key} (the first is $.results[{places[by_id[key]]}])",
                source,
                path=f"$.results[{places[position]}].id",
            )
        by_id[key] = position
    groups = _groups(events, places, by_id, source, notes)

    sessions: dict[str, dict[str, Any]] = {}
    presentations: list[Presentation] = []
    used: set[str] = set()
    for members in groups:
        group = [events[position] for position in members]
        showings = [showing for position in members for showing in showings_of[position]]
        primary = next((event for event in group if kind_of(event.eventtype) is Kind.POSTER), group[0])
        identifier = _presentation_id(group, primary, used, source, notes)
        slots = []
        for showing in sorted(showings, key=lambda showing: (showing.start is None, showing.start or datetime.min)):
            session = sessions.setdefault(slug(showing.session), {"title": showing.session, "showings": []})
            session["showings"].append(showing)
            slots.append(Slot(session=slug(showing.session), start=showing.start, end=showing.end, position=showing.position))
        paper = next((event.paper_url for event in group if event.paper_url), None)
        page = next((event.url for event in group if event.url), None)
        links, unnamed = links_from(page, [], paper=paper)
        keywords = [str(word).strip() for event in group for word in [*event.keywords, event.topic] if word and str(word).strip()]
        abstract = next((text for event in group if (text := event.abstract or texts.get(str(event.id)))), "")
        presentations.append(
            Presentation(
                id=identifier,
                title=plain_line(primary.name),
                kind=_most_prominent(showing.kind for showing in showings) if showings else kind_of(primary.eventtype),
                authors=[name for name in map(_author, primary.authors) if name],
                abstract=text_with_links([abstract], unnamed),
                links=links,
                keywords=list(dict.fromkeys(keywords)),
                slots=slots,
            )
        )

    program_sessions = [_session(parts["title"], parts["showings"]) for parts in sessions.values()]
    instants = [showing.start for parts in sessions.values() for showing in parts["showings"] if showing.start]
    zone_name, zone_notes = choose_zone(None, instants, options)
    notes.extend(Note(source.name, None, message) for message in zone_notes)
    match = _FILE_NAME.match(source.file_name)
    own_id = f"{match['conference'].lower()}-{match['year']}" if match else None
    conference_id = require_conference_id(options, source, own_id)
    refs = [source.ref(NAME)] + ([abstracts.ref(f"{NAME} abstracts")] if abstracts else [])
    program = Program(
        conference=Conference(id=conference_id, name=conference_name(conference_id), timezone=zone_name, sources=refs),
        sessions=program_sessions,
        presentations=presentations,
    )
    return Imported(program, tuple(notes))


def _groups(
    events: list[WireEvent], places: list[int], by_id: dict[str, int], source: RawSource, notes: list[Note]
) -> list[list[int]]:
    """Events that are one paper, in feed order: linked by id (either way) or by uid, and of the same title.

    `places` gives each event's index in the feed's `results`, for the notes.
    """
    parent = list(range(len(events)))

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    def join(first: int, second: int) -> None:
        if normalise_title(events[first].name) != normalise_title(events[second].name):
            notes.append(
                Note(
                    source.name,
                    None,
                    f"at $.results[{places[first]}]: linked to event {events[second].id}, whose title differs; kept apart",
                )
            )
            return
        parent[root(second)] = root(first)

    by_uid: dict[str, int] = {}
    for index, event in enumerate(events):
        for other in _linked_ids(event):
            if other in by_id and by_id[other] != index:
                join(index, by_id[other])
        if event.uid and event.uid.strip():
            if event.uid in by_uid:
                join(by_uid[event.uid], index)
            else:
                by_uid[event.uid] = index
    members: dict[int, list[int]] = {}
    for index in range(len(events)):
        members.setdefault(root(index), []).append(index)
    return sorted(members.values(), key=lambda group: group[0])


def _linked_ids(event: WireEvent) -> list[str]:
    found = [event.parent, event.parent_id, *event.children, *event.children_ids, *event.related_events_ids]
    ids = []
    for link in found:
        item = link.get("id") if isinstance(link, dict) else link
        if isinstance(item, int | str) and not isinstance(item, bool) and str(item).strip():
            ids.append(str(item).strip())
    return ids


class _NoOffset(SourceError):
    """A time without a UTC offset and no --timezone: every such time in the feed would be a guess, so the feed is refused."""


def _wire_event(event: Any, index: int, source: RawSource) -> WireEvent:
    """One event of the feed, or a SourceError at the JSON path of what is wrong with it."""
    try:
        checked = WireEvent.model_validate(event)
    except ValidationError as err:
        location, message = validation_problem(err)
        raise located(message, source, path=json_path(("results", index, *location))) from None
    if not plain_line(checked.name):
        raise located("the event has no name", source, path=f"$.results[{index}].name")
    return checked


def _showings(event: WireEvent, index: int, source: RawSource, options: ImportOptions) -> list[_Showing]:
    """The event's first showing and, for a poster shown twice, its second."""
    kind = kind_of(event.eventtype)
    position = event.poster_position.strip() if event.poster_position else None
    room = plain_line(event.room_name) or None
    found = []
    for suffix, session in (("", event.session), ("2", event.session2)):
        start_text, end_text = getattr(event, f"starttime{suffix}"), getattr(event, f"endtime{suffix}")
        start = _instant(start_text, f"$.results[{index}].starttime{suffix}", source, options)
        end = _instant(end_text, f"$.results[{index}].endtime{suffix}", source, options)
        if (start is None) != (end is None):
            given, missing = ("starttime", "endtime") if end is None else ("endtime", "starttime")
            raise located(f"the event gives {given}{suffix} but no {missing}{suffix}", source, path=f"$.results[{index}]")
        if start and end and end < start:
            raise located(
                f"the event ends ({end_text}) before it starts ({start_text})", source, path=f"$.results[{index}].endtime{suffix}"
            )
        title = " ".join((session or "").split())
        if suffix and start is None:
            continue
        if suffix and not title:
            title = f"{' '.join((event.session or '').split()) or _session_title(kind, start)} (second showing)"
        if not title:
            if start is None:
                continue  # no session and no time: the paper is unscheduled
            title = _session_title(kind, start)
        found.append(_Showing(title, start, end, room, position, kind))
    return found


def _session_title(kind: Kind, start: datetime | None) -> str:
    """A title for a showing the feed puts in no named session: its kind and its time as the feed gives it."""
    when = f", {start:%a} {start.day} {start:%b %H:%M} (UTC{format_offset(start.utcoffset())})" if start else ""
    return f"{kind.value.capitalize()}{when}"


def _instant(text: str | None, path: str, source: RawSource, options: ImportOptions) -> datetime | None:
    if not text or not text.strip():
        return None
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise located(f"{text.strip()!r} is not an ISO 8601 date and time", source, path=path) from None
    if moment.tzinfo is None:
        if not options.timezone:
            raise _NoOffset(
                f"at {path}: {text.strip()!r} has no UTC offset; give --timezone to say which zone it is in", file=source.name
            )
        moment = fixed(moment.replace(tzinfo=zone(options.timezone)))
    return moment


def _presentation_id(events: list[WireEvent], primary: WireEvent, used: set[str], source: RawSource, notes: list[Note]) -> str:
    """The OpenReview forum id when a paper link gives one, else the feed's id of the paper's poster (or first event)."""
    forum = next((found for event in events if (found := openreview_id(event.paper_url))), None)
    candidates = [forum, valid_id(primary.id), slug(primary.name)]
    for candidate in candidates:
        if candidate and candidate not in used:
            used.add(candidate)
            if candidate != candidates[0] and forum:
                notes.append(
                    Note(source.name, None, f"OpenReview id {forum} is used by two papers; {primary.name[:60]!r} is {candidate}")
                )
            return candidate
    raise located(f"cannot give {primary.name[:60]!r} an id of its own", source, path="$.results")


def _session(title: str, showings: list[_Showing]) -> Session:
    timed = [(showing.start, showing.end) for showing in showings if showing.start and showing.end]
    kinds = {showing.kind for showing in showings}
    rooms = list(dict.fromkeys(showing.room for showing in showings if showing.room))
    return Session(
        id=slug(title),
        title=title,
        kind=kinds.pop() if len(kinds) == 1 else Kind.MIXED,
        start=min(start for start, _ in timed) if timed else None,
        end=max(end for _, end in timed) if timed else None,
        room=" / ".join(rooms) or None,
    )


def _most_prominent(kinds: Any) -> Kind:
    found = set(kinds)
    return next((kind for kind in _PROMINENCE if kind in found), next(iter(found)))


def _author(author: Any) -> str:
    if isinstance(author, dict):
        author = author.get("fullname") or author.get("name") or ""
    return plain_line(author) if isinstance(author, str) else ""


class VirtualSiteJson:
    name = NAME
    summary = "a NeurIPS/ICML/ICLR virtual-site events JSON ({conf}-{year}-orals-posters.json, optional abstracts sidecar)"

    def sniff(self, source: RawSource) -> bool:
        head = source.text[:65536]
        return (
            head.lstrip().startswith("{")
            and re.search(r'"results"\s*:\s*\[', head[:4096]) is not None
            and any(key in head for key in _EVENT_KEYS)
        )

    @reports_invalid
    def read(self, source: RawSource, options: ImportOptions) -> Imported:
        """The feed, with its abstracts sidecar when the file lies beside it."""
        name = sidecar_name(source)
        path = Path(source.name).with_name(name) if name else None
        abstracts = RawSource.read(path) if path is not None and path.is_file() else None
        return program_from(source, options, abstracts)


IMPORTER = VirtualSiteJson()
