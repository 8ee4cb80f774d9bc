"""Provides how the command line prints: JSON for scripts, plain tables for people.

Text from a program is printed literally (planner.text), never as terminal control sequences.
"""

from __future__ import annotations

import json
import shutil
import sys
from datetime import tzinfo
from typing import Any

from planner.program.model import Presentation, Program, Slot
from planner.program.times import TimeRange, utc_iso


def terminal_width() -> int:
    return max(60, shutil.get_terminal_size((100, 24)).columns)


def print_json(document: Any) -> None:
    json.dump(document, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def span_json(span: TimeRange, where: tzinfo) -> dict[str, str]:
    """When something happens, as every listing gives it: in UTC for scripts, and in the display zone."""
    return {
        "start": utc_iso(span.start),
        "end": utc_iso(span.end),
        "local_start": span.start.astimezone(where).isoformat(),
        "local_end": span.end.astimezone(where).isoformat(),
    }


def slot_json(program: Program, slot: Slot, where: tzinfo) -> dict[str, Any]:
    session = program.sessions_by_id[slot.session]
    span = program.when(slot)
    document: dict[str, Any] = {
        "session": session.id,
        "session_title": session.title,
        "room": session.room,
        "start": None,
        "end": None,
    }
    if span:
        document |= span_json(span, where)
        document["day"] = program.conference.day_of(span.start).isoformat()
    if slot.position:
        document["position"] = slot.position
    return document


def presentation_json(
    program: Program, presentation: Presentation, slots: tuple[Slot, ...] | list[Slot], where: tzinfo, *, full: bool = False
) -> dict[str, Any]:
    document: dict[str, Any] = {
        "id": presentation.id,
        "title": presentation.title,
        "kind": presentation.kind.value,
        **({"kind_label": presentation.kind_label} if presentation.kind_label else {}),
        "authors": presentation.authors,
        "scheduled": program.is_scheduled(presentation),
        "slots": [slot_json(program, slot, where) for slot in slots],
    }
    links = dict(presentation.links.items())
    if links:
        document["links"] = links
    if full:
        document["abstract"] = presentation.abstract
        document["keywords"] = presentation.keywords
        if presentation.subtitle:
            document["subtitle"] = presentation.subtitle
    return document
