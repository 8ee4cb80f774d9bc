"""Provides FreeTimePanel: under my schedule, the free time between my bookmarks on the day shown, and what fits in each gap."""

from __future__ import annotations

from collections import Counter
from datetime import tzinfo

from textual.widgets import Static

from planner.program.model import Session
from planner.schedule.free_time import FreeTime
from planner.wording.on_the_day import clock_text, minutes_text
from planner.wording.text import one_line

MOST_SESSIONS = 3
"""Sessions named per gap; the rest are counted."""


class FreeTimePanel(Static):
    """The gaps of one day, a line each: when, how long, and the sessions whose presentations fit."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, markup=False)
        self.gaps: list[FreeTime] = []
        """The gaps shown, in time order."""
        self.text = ""

    def show(self, gaps: list[FreeTime], sessions_by_id: dict[str, Session], where: tzinfo) -> None:
        self.gaps = gaps
        lines, empty = [], []
        for gap in gaps:
            minutes = int(gap.span.duration.total_seconds() // 60)
            when = f"{clock_text(gap.span.start, where)}–{clock_text(gap.span.end, where)} ({minutes_text(minutes)})"
            if not gap.fits:
                empty.append(when)
                continue
            sessions = Counter(slot.session for _, slot, _ in gap.fits)
            named = ", ".join(
                f"{one_line(sessions_by_id[session].title)} ({count})" for session, count in sessions.most_common(MOST_SESSIONS)
            )
            more = f" and {len(sessions) - MOST_SESSIONS} more sessions" if len(sessions) > MOST_SESSIONS else ""
            lines.append(f"Free {when}: {len(gap.fits)} fit — {named}{more}")
        if empty:  # said once, so the gaps something fits in stand out
            lines.append(f"{'Also free' if lines else 'Free'} {', '.join(empty)}: nothing in the program fits")
        if any(gap.fits for gap in gaps):
            lines.append("f: show in the program what fits in the next free time")
        self.text = "\n".join(lines)
        self.update(self.text)
        self.display = bool(lines)
