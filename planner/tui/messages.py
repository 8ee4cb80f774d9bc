"""Provides the messages the TUI's widgets send up to their screens."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from planner.schedule.timetable import SlotRow


@dataclass
class PresentationHighlighted(Message):
    """The cursor came to rest on a presentation's row."""

    row: SlotRow


@dataclass
class PresentationChosen(Message):
    """A presentation's row was chosen (Enter, or a double click): show it in full."""

    row: SlotRow
