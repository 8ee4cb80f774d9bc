"""Provides the messages the TUI's widgets send up to their screens, and screens up to the app."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from planner.program.model import Program
from planner.schedule.timetable import SlotRow


@dataclass
class PresentationHighlighted(Message):
    """The cursor came to rest on a presentation's row."""

    row: SlotRow


@dataclass
class PresentationChosen(Message):
    """A presentation's row was chosen (Enter, or a double click): show it in full."""

    row: SlotRow


@dataclass
class ProgramChosen(Message):
    """A program was chosen and read: open it in the browser (`spec` is what it was chosen by, to remember)."""

    program: Program
    spec: str


@dataclass
class RevealAsked(Message):
    """Show a presentation (or the first of a session) under the browser's cursor."""

    presentation_id: str | None = None
    session_id: str | None = None
