"""Provides what the exports to one calendar file wrote, so the next one updates events instead of duplicating them.

Each output target has its own memory, a small JSON file beside the calendar
(`<calendar file>.last-export`): what one calendar app has seen says nothing of what another
has, so a preview on stdout or an export to a second file must not use up a cancellation the
real calendar never got. It keeps, per event UID, a fingerprint of what was written, its
SEQUENCE and DTSTAMP, and enough to cancel it later. On the next export an unchanged event keeps
its SEQUENCE and DTSTAMP (the file comes out byte for byte the same), a changed one gets
SEQUENCE+1 and a new DTSTAMP, and an event whose bookmark is gone is written once more with
STATUS:CANCELLED. Every UID ever written is remembered for good, cancelled ones too, so an event
that comes back (a bookmark added again) returns with a higher SEQUENCE than its cancellation:
calendars ignore an update whose SEQUENCE is not above the last one they saw.

Older planners kept one memory beside the bookmark file (`<bookmark file>.last-export`, version
1); an output target that has no memory of its own starts from it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from planner.errors import ExportError
from planner.exporters.entries import CalendarEntry
from planner.json_lines import json_path
from planner.program.times import TimeRange, utc_iso

MEMORY_FORMAT = "planner-export-memory"
MEMORY_VERSION = 2
READABLE_VERSIONS = (1, 2)
MEMORY_SUFFIX = ".last-export"


@dataclass(frozen=True, slots=True)
class WrittenEvent:
    """What one export wrote for one UID."""

    fingerprint: str
    sequence: int
    stamp: datetime
    summary: str
    span: TimeRange
    location: str | None = None
    cancelled: bool = False
    """Written last as STATUS:CANCELLED; kept so a return gets a higher SEQUENCE."""


@dataclass(frozen=True, slots=True)
class Versioned:
    """An entry to write, with the SEQUENCE and DTSTAMP it gets this time."""

    entry: CalendarEntry
    sequence: int
    stamp: datetime
    changed: bool
    """True when it is new or differs from the last export."""


@dataclass(frozen=True, slots=True)
class Reconciled:
    """This export's events against the last one's."""

    events: list[Versioned]
    cancelled: dict[str, WrittenEvent]
    """Events the last export wrote that are gone now, with the SEQUENCE and DTSTAMP of their cancellation."""
    memory: dict[str, WrittenEvent]
    """What to remember after this export: every UID ever written, the cancelled ones marked."""


def memory_path(calendar_path: Path) -> Path:
    """Where the memory of exports to `calendar_path` lives: beside it."""
    return calendar_path.with_name(calendar_path.name + MEMORY_SUFFIX)


def legacy_memory_path(bookmark_path: Path) -> Path:
    """Where an older planner kept the memory of every export from `bookmark_path`: beside it."""
    return bookmark_path.with_name(bookmark_path.name + MEMORY_SUFFIX)


def reconcile(entries: list[CalendarEntry], previous: dict[str, WrittenEvent], now: datetime) -> Reconciled:
    """Give each entry its SEQUENCE and DTSTAMP, and find what the last export had that this one lacks.

    An entry whose UID the memory lacks but whose older UID (`CalendarEntry.legacy_uid`) it holds
    is written under the older one, so the calendar that has it updates it rather than gaining a
    copy.
    """
    events: list[Versioned] = []
    memory: dict[str, WrittenEvent] = {}
    wanted = {entry.uid for entry in entries}
    for planned in entries:
        legacy = planned.legacy_uid
        entry = planned
        if planned.uid not in previous and legacy in previous and legacy not in wanted and legacy not in memory:
            entry = replace(planned, uid=legacy)
        fingerprint = entry.fingerprint
        before = previous.get(entry.uid)
        if before is not None and not before.cancelled and before.fingerprint == fingerprint:
            sequence, stamp, changed = before.sequence, before.stamp, False
        else:
            sequence, stamp, changed = (0 if before is None else before.sequence + 1), now, True
        events.append(Versioned(entry, sequence, stamp, changed))
        memory[entry.uid] = WrittenEvent(fingerprint, sequence, stamp, entry.summary, entry.span, entry.location)
    cancelled = {}
    for uid, event in sorted(previous.items()):
        if uid in memory:
            continue
        if event.cancelled:
            memory[uid] = event  # cancelled before: not written again, remembered for good
            continue
        gone = WrittenEvent(event.fingerprint, event.sequence + 1, now, event.summary, event.span, event.location, True)
        cancelled[uid] = memory[uid] = gone
    return Reconciled(events, cancelled, dict(sorted(memory.items())))


def dump_memory(conference_id: str, memory: dict[str, WrittenEvent]) -> str:
    events = {
        uid: {
            "fingerprint": event.fingerprint,
            "sequence": event.sequence,
            "stamp": utc_iso(event.stamp),
            "summary": event.summary,
            "start": utc_iso(event.span.start),
            "end": utc_iso(event.span.end),
            **({"location": event.location} if event.location else {}),
            **({"cancelled": True} if event.cancelled else {}),
        }
        for uid, event in sorted(memory.items())
    }
    document = {"format": MEMORY_FORMAT, "version": MEMORY_VERSION, "conference": conference_id, "events": events}
    # Not indented: json's fast C encoder only serves compact output, and nobody edits this file.
    return json.dumps(document, ensure_ascii=False) + "\n"


def read_memory(path: Path, conference_id: str) -> dict[str, WrittenEvent]:
    """What the exports to this target wrote; nothing if there were none.

    A damaged file is an error rather than a fresh start: forgetting it would restart SEQUENCE at
    0, and calendars ignore an update whose SEQUENCE went down.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as err:
        raise ExportError(f"cannot read the memory of the last export: {err}", file=str(path)) from err
    advice = "delete it to start afresh (calendars may then keep stale copies of changed events)"
    try:
        document = json.loads(text)
    except json.JSONDecodeError as err:
        raise ExportError(f"not valid JSON ({err.msg}); {advice}", file=str(path), line=err.lineno) from err
    if (
        not isinstance(document, dict)
        or document.get("format") != MEMORY_FORMAT
        or document.get("version") not in READABLE_VERSIONS
    ):
        raise ExportError(
            f"not a memory of planner exports (format {MEMORY_FORMAT!r}, version {MEMORY_VERSION}); {advice}", file=str(path)
        )
    if document.get("conference") != conference_id:
        raise ExportError(f"remembers exports for {document.get('conference')!r}, not {conference_id!r}", file=str(path))
    events = document.get("events")
    if not isinstance(events, dict):
        raise ExportError(f"at $.events: expected an object; {advice}", file=str(path))
    memory = {}
    for uid, event in events.items():
        try:
            memory[uid] = WrittenEvent(
                fingerprint=str(event["fingerprint"]),
                sequence=int(event["sequence"]),
                stamp=_instant(event["stamp"]),
                summary=str(event["summary"]),
                span=TimeRange(_instant(event["start"]), _instant(event["end"])),
                location=event.get("location"),
                cancelled=event.get("cancelled", False) is True,
            )
        except (KeyError, TypeError, ValueError) as err:
            raise ExportError(f"at {json_path(('events', uid), keyed=('events',))}: {err}; {advice}", file=str(path)) from None
    return memory


def _instant(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError(f"{text!r} has no UTC offset")
    return moment.astimezone(UTC)
