"""Provides timing tables: small hand-kept TOML files that give a program what its sources lack.

A paper list or an untimed session page has no hours; a page rarely says where and when the
conference is. A timing table says it, and says where it read it:

    [conference]                     # facts about the event; `source` says where they come from
    name = "NeurIPS 2018"
    venue = "Palais des Congrès de Montréal"
    timezone = "America/Toronto"     # the venue's IANA zone
    start = 2018-12-03
    end = 2018-12-08
    source = "https://neurips.cc/Conferences/2018"

    [sessions."Poster Session 8"]    # a session of the program, by its title (or id)
    start = 2022-04-27T10:30:00      # a local time with `zone`, or a time with its UTC offset
    end = 2022-04-27T12:30:00
    zone = "America/New_York"
    source = "where this time is published"

Nothing is guessed: every entry needs its `source`, a session the program does not have is an
error, and so is a time that contradicts one the sources already give. Sessions no source times
stay unscheduled, and the program says so in its notes (`unscheduled_notes`).
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from planner.errors import SourceError, TimeFormatError
from planner.plurals import plural, plural_is
from planner.program.ids import normalise_title
from planner.program.model import Conference, Program, Session, SourceRef
from planner.program.times import TimeRange, is_zone_name, place, zone

TIMING_FORMAT = "timing"
_CONFERENCE_KEYS = {"id", "name", "venue", "url", "timezone", "start", "end", "source"}
_SESSION_KEYS = {"start", "end", "zone", "source"}
_TOML_LINE = re.compile(r"at line (\d+)")
MAX_TIMING_BYTES = 1024 * 1024


@dataclass(frozen=True, slots=True)
class ConferenceFacts:
    """What a timing table says about the conference itself."""

    source: str
    line: int | None = None
    id: str | None = None
    name: str | None = None
    venue: str | None = None
    url: str | None = None
    timezone: str | None = None
    start: date | None = None
    end: date | None = None


@dataclass(frozen=True, slots=True)
class SessionTime:
    """When one session happens, and where that was read."""

    name: str
    span: TimeRange
    source: str
    line: int | None


@dataclass(frozen=True, slots=True)
class TimingTable:
    """A whole timing file."""

    file: str
    ref: SourceRef
    conference: ConferenceFacts | None
    sessions: tuple[SessionTime, ...]


def load_timing(path: Path | str) -> TimingTable:
    path = Path(path)
    try:
        if path.stat().st_size > MAX_TIMING_BYTES:
            raise SourceError("too large for a timing table", file=str(path))
        data = path.read_bytes()
    except OSError as err:
        raise SourceError(f"cannot read the timing table: {err.strerror or err}", file=str(path)) from err
    return parse_timing(data, name=str(path))


def parse_timing(data: bytes, *, name: str) -> TimingTable:
    """Read and check a timing table; errors name the file and, where TOML lets us know it, the line."""
    try:
        text = data.decode("utf-8")
        document = tomllib.loads(text)
    except UnicodeDecodeError as err:
        raise SourceError("not UTF-8 text", file=name, line=data[: err.start].count(b"\n") + 1) from None
    except tomllib.TOMLDecodeError as err:
        line = _TOML_LINE.search(str(err))
        raise SourceError(f"not valid TOML: {err}", file=name, line=int(line.group(1)) if line else None) from None
    except RecursionError:
        raise SourceError("not a timing table: nested too deeply", file=name) from None
    unknown = sorted(set(document) - {"conference", "sessions"})
    if unknown:
        raise SourceError(
            f'unknown table {unknown[0]!r} (a timing table has [conference] and [sessions."…"])',
            file=name,
            line=_line_of(text, unknown[0]),
        )
    facts = _conference(document.get("conference"), text, name)
    sessions_table = document.get("sessions", {})
    if not isinstance(sessions_table, dict):
        raise SourceError("'sessions' must be a table of sessions", file=name, line=_line_of(text, "sessions"))
    sessions = tuple(_session(title, entry, text, name) for title, entry in sessions_table.items())
    ref = SourceRef(file=Path(name).name, format=TIMING_FORMAT, sha256=hashlib.sha256(data).hexdigest())
    return TimingTable(name, ref, facts, sessions)


def _conference(table: Any, text: str, name: str) -> ConferenceFacts | None:
    if table is None:
        return None
    line = _line_of(text, "conference")
    if not isinstance(table, dict):
        raise SourceError("'conference' must be a table", file=name, line=line)
    _known_keys(table, _CONFERENCE_KEYS, "[conference]", name, line)
    source = _source(table, "[conference]", name, line)
    values: dict[str, Any] = {}
    for key in ("id", "name", "venue", "url", "timezone"):
        if key in table:
            if not isinstance(table[key], str) or not table[key].strip():
                raise SourceError(f"[conference] {key} must be text", file=name, line=line)
            values[key] = table[key].strip()
    for key in ("start", "end"):
        if key in table:
            if not isinstance(table[key], date) or isinstance(table[key], datetime):
                raise SourceError(f"[conference] {key} must be a date such as 2018-12-03", file=name, line=line)
            values[key] = table[key]
    if "timezone" in values and not is_zone_name(values["timezone"]):
        raise SourceError(f"[conference] timezone {values['timezone']!r} is not an IANA zone", file=name, line=line)
    if "start" in values and "end" in values and values["end"] < values["start"]:
        raise SourceError("[conference] ends before it starts", file=name, line=line)
    return ConferenceFacts(source=source, line=line, **values)


def _session(title: str, entry: Any, text: str, name: str) -> SessionTime:
    line = _line_of(text, f"sessions.{title}")
    where = f"[sessions.{title!r}]"
    if not isinstance(entry, dict):
        raise SourceError(f"{where} must be a table with start, end, zone and source", file=name, line=line)
    _known_keys(entry, _SESSION_KEYS, where, name, line)
    source = _source(entry, where, name, line)
    zone_name = entry.get("zone")
    if zone_name is not None and (not isinstance(zone_name, str) or not is_zone_name(zone_name)):
        raise SourceError(f"{where} zone {zone_name!r} is not an IANA zone", file=name, line=line)
    moments = []
    for key in ("start", "end"):
        value = entry.get(key)
        if not isinstance(value, datetime):
            raise SourceError(f"{where} needs {key} as a date and time, such as 2022-04-27T10:30:00", file=name, line=line)
        if value.tzinfo is None:
            if zone_name is None:
                raise SourceError(
                    f'{where} {key} has no UTC offset: give the zone it is in with zone = "…"', file=name, line=line
                )
            try:
                value, _ = place(value, zone(zone_name))
            except TimeFormatError as err:
                raise SourceError(f"{where} {key}: {err.message}", file=name, line=line) from None
        moments.append(value)
    if moments[1] < moments[0]:
        raise SourceError(f"{where} ends before it starts", file=name, line=line)
    return SessionTime(title, TimeRange(moments[0], moments[1]), source, line)


def _known_keys(table: dict[str, Any], known: set[str], where: str, name: str, line: int | None) -> None:
    unknown = sorted(set(table) - known)
    if unknown:
        raise SourceError(f"{where} has an unknown key {unknown[0]!r} (known: {', '.join(sorted(known))})", file=name, line=line)


def _source(table: dict[str, Any], where: str, name: str, line: int | None) -> str:
    source = table.get("source")
    if not isinstance(source, str) or not source.strip():
        raise SourceError(f'{where} needs a source = "…" saying where these facts come from', file=name, line=line)
    return source.strip()


def _line_of(text: str, dotted: str) -> int | None:
    """The line of the table header `[a]` or `[a.b]` (or `[a."b"]`) in the TOML text, for messages."""
    table, _, key = dotted.partition(".")
    if key:
        quoted = rf"(?:\"{re.escape(key)}\"|'{re.escape(key)}'|{re.escape(key)})"
        header = re.compile(rf"^\s*\[\s*{re.escape(table)}\s*\.\s*{quoted}\s*\]")
    else:
        header = re.compile(rf"^\s*\[+\s*[\"']?{re.escape(table)}[\"']?\s*[\].]")
    for number, line in enumerate(text.splitlines(), start=1):
        if header.match(line):
            return number
    return None


def apply_timing(program: Program, table: TimingTable) -> Program:
    """The program with the table's session times and conference facts, recorded among its sources."""
    by_title = {session.title: session for session in program.sessions}
    by_key = {normalise_title(session.title): session for session in program.sessions}
    by_id = program.sessions_by_id
    timed: dict[str, Session] = {}
    notes = list(program.conference.notes)
    for entry in table.sessions:
        session = by_title.get(entry.name) or by_key.get(normalise_title(entry.name)) or by_id.get(entry.name)
        if session is None:
            known = ", ".join(repr(session.title) for session in program.sessions[:8]) or "none"
            raise SourceError(
                f"the program has no session {entry.name!r} (its sessions: {known})", file=table.file, line=entry.line
            )
        if session.span is not None and session.span != entry.span:
            raise SourceError(
                f"the sources already time {session.title!r} at {session.start:%Y-%m-%d %H:%M %z}–{session.end:%H:%M}; "
                f"this table says {entry.span.start:%Y-%m-%d %H:%M %z}–{entry.span.end:%H:%M}",
                file=table.file,
                line=entry.line,
            )
        timed[session.id] = session.model_copy(update={"start": entry.span.start, "end": entry.span.end})
        notes.append(f"{session.title}: times from {entry.source}")
    conference = _with_facts(program.conference, table, notes)
    sessions = [timed.get(session.id, session) for session in program.sessions]
    return Program(conference=conference, sessions=sessions, presentations=program.presentations)


def _with_facts(conference: Conference, table: TimingTable, notes: list[str]) -> Conference:
    document = conference.model_dump()
    facts = table.conference
    if facts is not None:
        if facts.id and facts.id != conference.id:
            raise SourceError(
                f"this timing table is for {facts.id}, the program is {conference.id}", file=table.file, line=facts.line
            )
        for key in ("name", "venue", "url", "timezone", "start", "end"):
            value = getattr(facts, key)
            if value is not None:
                document[key] = value
    document["sources"] = [*document["sources"], table.ref.model_dump()]
    document["notes"] = notes
    return Conference.model_validate(document)


def unscheduled_notes(program: Program) -> list[str]:
    """What a reader should know about the parts of a program no source gives a time for."""
    notes = []
    counts: dict[str, int] = {}
    timed_inside: set[str] = set()
    for presentation in program.presentations:
        for slot in presentation.slots:
            counts[slot.session] = counts.get(slot.session, 0) + 1
            if slot.start is not None:
                timed_inside.add(slot.session)
    for session in program.sessions:
        if session.span is None and session.id not in timed_inside:
            count = counts.get(session.id, 0)
            notes.append(f"No source gives a time for {session.title}: its {plural_is(count, 'presentation')} unscheduled.")
    loose = sum(1 for presentation in program.presentations if not presentation.slots)
    if loose:
        if loose == len(program.presentations):
            notes.append(
                f"No source gives times or sessions: {'its one presentation is' if loose == 1 else f'all {loose} presentations are'} unscheduled."
            )
        else:
            notes.append(f"No source gives a time or session for {plural(loose, 'presentation')}: unscheduled.")
    return notes


def with_unscheduled_notes(program: Program) -> Program:
    """The program with `unscheduled_notes` added to its conference's notes (once)."""
    missing = [note for note in unscheduled_notes(program) if note not in program.conference.notes]
    if not missing:
        return program
    conference = Conference.model_validate({**program.conference.model_dump(), "notes": [*program.conference.notes, *missing]})
    return Program(conference=conference, sessions=program.sessions, presentations=program.presentations)
