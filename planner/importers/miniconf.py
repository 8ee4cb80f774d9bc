"""Provides the importer for MiniConf sitedata: a folder of papers.csv, a calendar and a poster table.

MiniConf (the virtual-conference site ICLR 2020 ran on) keeps its program in a `sitedata/`
folder. planner reads three of its files:

- `papers.csv` (required): `UID` (the OpenReview forum id), `title`, `authors` and `keywords`
  (`|`-separated), `abstract`, and `sessions` (`|`-separated poster-session names, often empty);
- `poster_sessions.csv`: the paper -> session table, `paper_id, session, start_utc, end_utc`;
  when present it decides which sessions a paper is in (a disagreeing `sessions` column is
  reported, not used);
- `main_calendar.json`: the calendar, a list of events with ISO start and end. A poster session
  is the event whose link carries `session=Mon+Session+3`; its times must agree with the table's.
  Every other event (a live Q&A, a social, a talk) becomes a session of its own kind *and* a
  presentation with a slot in it, so it can be bookmarked like a paper; an event repeated under
  one title is one presentation with a slot in each of its sessions.

The calendar's `calendarId` names the kind: `qa`, `talk`, `social`, …. MiniConf's default
calendar, `---`, holds the poster sessions and the socials, and in ICLR 2020's data two live Q&As
as well: there an event whose title says "Live Q&A" or whose link is an invited speaker's page
is a live Q&A (with a note), any other is a social. MiniConf times are UTC.

A calendar link may be relative to the site (`papers.html?session=Mon+Session+1`, as two of ICLR
2020's are): it is made absolute from the site's base, the folder most of the calendar's
absolute links are in. An event title held more than once gets one session per occurrence,
numbered in time order (`queerinai-social-2`): ids never hold a time, so a session that moves
keeps its id, and calendar events made from it their UIDs.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any, Literal
from urllib.parse import parse_qs, urljoin, urlparse

from planner.errors import SourceError, TimeFormatError
from planner.importers.base import (
    Imported,
    ImportOptions,
    Note,
    RawFolder,
    RawSource,
    build_conference,
    reports_invalid,
)
from planner.plurals import noun
from planner.program.ids import presentation_id, slug
from planner.program.model import Kind, Links, Presentation, Program, Session, Slot
from planner.program.times import TimeRange, parse_instant, zone

NAME = "miniconf"
PAPERS = "papers.csv"
POSTER_TABLE = "poster_sessions.csv"
CALENDAR = "main_calendar.json"

_CALENDAR_KINDS = {
    "qa": Kind.QA,
    "talk": Kind.TALK,
    "talks": Kind.TALK,
    "keynote": Kind.KEYNOTE,
    "invited": Kind.KEYNOTE,
    "social": Kind.SOCIAL,
    "socials": Kind.SOCIAL,
    "workshop": Kind.WORKSHOP,
    "tutorial": Kind.TUTORIAL,
    "poster": Kind.POSTER,
    "---": Kind.SOCIAL,
}
_DEFAULT_CALENDAR = "---"
_LIVE_QA = re.compile(r"^live\s*q\s*&\s*a\b|/speaker_\d+\.html?$", re.I)
_ID = re.compile(r"^\S{1,200}$")
_WEB = ("http://", "https://")
_OPENREVIEW_SHAPE = re.compile(r"^[A-Za-z0-9_\-]{6,20}$")


@dataclass
class _PosterSession:
    name: str
    span: TimeRange | None
    line: int
    url: str | None = None


@dataclass
class _Event:
    where: str
    """JSON path in the calendar, for messages."""
    title: str
    kind: Kind
    span: TimeRange
    url: str | None


@dataclass
class _Paper:
    line: int
    uid: str
    row: dict[str, str]
    sessions: list[str] = field(default_factory=list)


class MiniConf:
    name = NAME
    summary = "a MiniConf sitedata folder: papers.csv, main_calendar.json, poster_sessions.csv (ICLR 2020)"
    reads_folders: Literal[True] = True

    def sniff(self, folder: RawFolder) -> bool:
        found = folder.files.get(PAPERS)
        if not isinstance(found, RawSource):
            return found is not None
        header = found.text.split("\n", 1)[0]
        return "UID" in header and "title" in header

    @reports_invalid
    def read(self, folder: RawFolder, options: ImportOptions) -> Imported:
        papers_source = folder.get(PAPERS)
        if papers_source is None:
            raise SourceError(f"no {PAPERS}: not a MiniConf sitedata folder", file=folder.name)
        notes: list[Note] = []
        zone_name = options.timezone or "UTC"
        if options.timezone is None:
            notes.append(Note(folder.name, None, "MiniConf times are UTC; no --timezone given, so the conference's zone is UTC"))
        papers = _papers(papers_source, notes)
        used = [papers_source]

        posters: dict[str, _PosterSession] = {}
        table = folder.get(POSTER_TABLE)
        if table is not None:
            used.append(table)
            _read_poster_table(table, papers, posters, notes)
            _compare_sessions_column(papers_source, papers, notes)
        else:
            for paper in papers.values():
                paper.sessions = _split(paper.row.get("sessions", ""))
                for name in paper.sessions:
                    posters.setdefault(name, _PosterSession(name, None, paper.line))

        events: list[_Event] = []
        calendar = folder.get(CALENDAR)
        if calendar is not None:
            used.append(calendar)
            events = _read_calendar(calendar, posters, notes)
        untimed = sorted(name for name, poster in posters.items() if poster.span is None)
        if untimed:
            notes.append(
                Note(folder.name, None, f"no time for the poster sessions {', '.join(untimed)}: their papers are unscheduled")
            )

        conference = build_conference(
            options,
            folder,
            NAME,
            zone_name=zone_name,
            sources=[folder.ref(source, NAME) for source in used],
        )
        sessions, presentations = _program_parts(papers, posters, events, zone(conference.timezone))
        return Imported(Program(conference=conference, sessions=sessions, presentations=presentations), tuple(notes))


def _rows(source: RawSource, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """The rows of a CSV file as dicts, each with the line it starts on; broken rows are errors."""
    reader = csv.reader(io.StringIO(source.text, newline=""))
    try:
        header = [name.strip() for name in next(reader, [])]
        missing = [name for name in required if name not in header]
        if missing:
            raise SourceError(
                f"the header lacks the {noun(len(missing), 'column')} {', '.join(missing)}", file=source.name, line=1
            )
        line = reader.line_num + 1
        for row in reader:
            if any(cell.strip() for cell in row):
                if len(row) != len(header):
                    raise SourceError(
                        f"{len(row)} fields where the header has {len(header)} (a cut or broken row?)",
                        file=source.name,
                        line=line,
                    )
                yield line, dict(zip(header, (cell.strip() for cell in row), strict=True))
            line = reader.line_num + 1
    except csv.Error as err:
        raise SourceError(f"not readable as CSV: {err}", file=source.name, line=reader.line_num or 1) from None


def _papers(source: RawSource, notes: list[Note]) -> dict[str, _Paper]:
    papers: dict[str, _Paper] = {}
    for line, row in _rows(source, ("UID", "title")):
        uid = row["UID"]
        if not _ID.match(uid):
            raise SourceError(f"UID {uid[:40]!r} is empty or has spaces", file=source.name, line=line)
        if not row["title"]:
            raise SourceError(f"paper {uid} has no title", file=source.name, line=line)
        if uid in papers:
            notes.append(Note(source.name, line, f"skipped a second row for paper {uid}"))
            continue
        papers[uid] = _Paper(line, uid, row)
    if not papers:
        raise SourceError("no papers", file=source.name, line=1)
    return papers


def _read_poster_table(
    table: RawSource, papers: dict[str, _Paper], posters: dict[str, _PosterSession], notes: list[Note]
) -> None:
    for line, row in _rows(table, ("paper_id", "session", "start_utc", "end_utc")):
        name = row["session"]
        try:
            span = TimeRange(parse_instant(row["start_utc"]), parse_instant(row["end_utc"]))
        except (TimeFormatError, ValueError) as err:
            raise SourceError(f"session {name!r}: {err}", file=table.name, line=line) from None
        known = posters.setdefault(name, _PosterSession(name, span, line))
        if known.span is None:
            known.span = span  # named by a paper first, timed here
        elif known.span != span:
            raise SourceError(
                f"{name!r} is at {span.start:%Y-%m-%d %H:%M}–{span.end:%H:%M} here but at "
                f"{known.span.start:%Y-%m-%d %H:%M}–{known.span.end:%H:%M} on line {known.line}",
                file=table.name,
                line=line,
            )
        paper = papers.get(row["paper_id"])
        if paper is None:
            notes.append(Note(table.name, line, f"skipped a slot of paper {row['paper_id']!r}, which papers.csv does not list"))
        elif name in paper.sessions:
            notes.append(Note(table.name, line, f"skipped a second row for paper {paper.uid} in {name}"))
        else:
            paper.sessions.append(name)


def _compare_sessions_column(source: RawSource, papers: dict[str, _Paper], notes: list[Note]) -> None:
    """papers.csv's own sessions column, where filled, against the poster table that decides."""
    for paper in papers.values():
        listed = _split(paper.row.get("sessions", ""))
        if listed and sorted(listed) != sorted(paper.sessions):
            notes.append(
                Note(
                    source.name,
                    paper.line,
                    f"the sessions column puts {paper.uid} in {', '.join(listed)}, {POSTER_TABLE} in "
                    f"{', '.join(paper.sessions) or 'none'}; using {POSTER_TABLE}",
                )
            )


def _read_calendar(source: RawSource, posters: dict[str, _PosterSession], notes: list[Note]) -> list[_Event]:
    try:
        document = json.loads(source.text)
    except json.JSONDecodeError as err:
        raise SourceError(f"not valid JSON: {err.msg}", file=source.name, line=err.lineno) from None
    except RecursionError:
        raise SourceError("not a calendar: nested too deeply", file=source.name) from None
    if not isinstance(document, list):
        raise SourceError(f"at $: expected a list of events, found {type(document).__name__}", file=source.name)
    events: list[_Event] = []
    base = _site_base(document)
    for index, item in enumerate(document):
        where = f"$[{index}]"
        if not isinstance(item, dict):
            raise SourceError(f"at {where}: expected an event object", file=source.name)
        title = item.get("title")
        if not isinstance(title, str) or not title.strip():
            raise SourceError(f"at {where}.title: an event needs a title", file=source.name)
        title = " ".join(title.split())
        if item.get("category") == "allday":
            notes.append(Note(source.name, None, f"at {where}: skipped {title!r}, an all-day entry with no hours"))
            continue
        span = _event_span(item, where, source)
        link = item.get("link") if isinstance(item.get("link"), str) else None
        url = _absolute(link, base, where, source, notes)
        poster = _poster_session_name(link, title)
        if poster is not None:
            known = posters.get(poster)
            if known is None:
                notes.append(Note(source.name, None, f"at {where}: the poster session {poster!r} has no papers"))
                posters[poster] = _PosterSession(poster, span, 0, url)
                continue
            if known.span is not None and known.span != span:
                raise SourceError(
                    f"at {where}: {title!r} is at {span.start:%Y-%m-%d %H:%M}–{span.end:%H:%M} UTC, "
                    f"but the poster table puts {poster!r} at {known.span.start:%Y-%m-%d %H:%M}–{known.span.end:%H:%M} UTC",
                    file=source.name,
                )
            known.span, known.url = span, url
            continue
        events.append(
            _Event(where, title, _event_kind(item.get("calendarId"), title, link, where, source=source, notes=notes), span, url)
        )
    return events


def _site_base(document: list[Any]) -> str | None:
    """The folder most of the calendar's absolute links are in (`https://iclr.cc/virtual/`), or None."""
    folders = Counter(
        urljoin(item["link"].strip(), ".")
        for item in document
        if isinstance(item, dict) and isinstance(item.get("link"), str) and item["link"].strip().startswith(_WEB)
    )
    return folders.most_common(1)[0][0] if folders else None


def _absolute(link: str | None, base: str | None, where: str, source: RawSource, notes: list[Note]) -> str | None:
    if not link or not link.strip():
        return None
    link = link.strip()
    if link.startswith(_WEB):
        return link
    if urlparse(link).scheme:
        return None  # mailto:, zoom: and the like are not a page
    if base is None:
        notes.append(
            Note(source.name, None, f"at {where}: dropped the relative link {link!r}: no absolute link shows the site's address")
        )
        return None
    return urljoin(base, link)


def _event_kind(calendar_id: object, title: str, link: str | None, where: str, *, source: RawSource, notes: list[Note]) -> Kind:
    name = calendar_id.strip().lower() if isinstance(calendar_id, str) else ""
    if name != _DEFAULT_CALENDAR:
        return _CALENDAR_KINDS.get(name, Kind.OTHER)
    if _LIVE_QA.search(title) or (link and _LIVE_QA.search(link)):
        notes.append(
            Note(
                source.name,
                None,
                f"at {where}: {title!r} is in the default calendar; its title or speaker link makes it a live Q&A",
            )
        )
        return Kind.QA
    return Kind.SOCIAL


def _event_span(item: dict[str, Any], where: str, source: RawSource) -> TimeRange:
    moments = []
    for key in ("start", "end"):
        value = item.get(key)
        if not isinstance(value, str):
            raise SourceError(f"at {where}.{key}: expected an ISO date and time", file=source.name)
        try:
            moments.append(parse_instant(value))
        except TimeFormatError as err:
            raise SourceError(f"at {where}.{key}: {err.message}", file=source.name) from None
    if moments[1] < moments[0]:
        raise SourceError(f"at {where}: the event ends before it starts", file=source.name)
    return TimeRange(moments[0], moments[1])


def _poster_session_name(link: str | None, title: str) -> str | None:
    """'papers.html?session=Mon+Session+3' -> 'Mon Session 3'; a 'Poster …' event without one is named by its title."""
    if link:
        named = parse_qs(urlparse(link).query).get("session")
        if named and named[0].strip():
            return " ".join(named[0].split())
    return title if title.lower().startswith("poster") else None


def _split(value: str) -> list[str]:
    return [" ".join(part.split()) for part in value.split("|") if part.strip()]


def _program_parts(
    papers: dict[str, _Paper], posters: dict[str, _PosterSession], events: list[_Event], where: tzinfo
) -> tuple[list[Session], list[Presentation]]:
    def start_of(span: TimeRange | None) -> datetime:
        return span.start if span else datetime.max.replace(tzinfo=where)

    ordered = sorted(posters.values(), key=lambda poster: (start_of(poster.span), poster.name))
    poster_ids = {poster.name: slug(poster.name) for poster in ordered}
    sessions = [
        Session(
            id=poster_ids[poster.name],
            title=poster.name,
            kind=Kind.POSTER,
            start=poster.span.start if poster.span else None,
            end=poster.span.end if poster.span else None,
            url=poster.url,
        )
        for poster in ordered
    ]
    order = {poster.name: index for index, poster in enumerate(ordered)}
    presentations = []
    for paper in papers.values():
        row = paper.row
        uid = paper.uid
        presentations.append(
            Presentation(
                id=uid,
                title=" ".join(row["title"].split()),
                kind=Kind.POSTER if paper.sessions else Kind.OTHER,
                authors=_split(row.get("authors", "")),
                abstract=row.get("abstract", ""),
                links=Links(openreview=f"https://openreview.net/forum?id={uid}") if _OPENREVIEW_SHAPE.match(uid) else Links(),
                keywords=_split(row.get("keywords", "")),
                slots=[Slot(session=poster_ids[name]) for name in sorted(paper.sessions, key=order.__getitem__)],
            )
        )

    by_title: dict[str, list[_Event]] = defaultdict(list)
    for event in sorted(events, key=lambda event: (event.span.start, event.title)):
        by_title[event.title].append(event)
    for title, occurrences in by_title.items():
        slots = []
        for number, event in enumerate(occurrences, start=1):
            session_id = slug(title) if len(occurrences) == 1 else f"{slug(title)}-{number}"
            sessions.append(
                Session(id=session_id, title=title, kind=event.kind, start=event.span.start, end=event.span.end, url=event.url)
            )
            slots.append(Slot(session=session_id))
        first = occurrences[0]
        presentations.append(
            Presentation(
                id=presentation_id(title),
                title=title,
                kind=first.kind,
                links=Links(page=first.url) if first.url else Links(),
                slots=slots,
            )
        )
    sessions.sort(key=lambda session: (start_of(session.span), session.id))
    return sessions, presentations


IMPORTER = MiniConf()
