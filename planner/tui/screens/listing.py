"""Provides ListingScreen: what a screen with a program list is to the app — a cursor whose row the bookmark keys act on."""

from __future__ import annotations

from textual.screen import Screen

from planner.program.model import Presentation
from planner.schedule.timetable import SlotRow
from planner.tui.state import PlannerState, planner_of
from planner.tui.widgets.program_list import ProgramList


class ListingScreen(Screen[None]):
    """A screen built around one ProgramList; the app's keys (bookmark, priority, note, slot) act on its cursor."""

    @property
    def planner(self) -> PlannerState:
        """The app's shared state, typed."""
        return planner_of(self)

    @property
    def program_list(self) -> ProgramList:
        return self.query_one(ProgramList)

    @property
    def current_row(self) -> SlotRow | None:
        """The slot under the cursor, which `s` pins."""
        return self.program_list.current

    @property
    def current_presentation(self) -> Presentation | None:
        """The presentation the app's keys (bookmark, priority, note) act on."""
        row = self.program_list.current
        return row.presentation if row else None
