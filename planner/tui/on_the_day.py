"""Provides the TUI's sense of the present: the "Next: …" line in the header, reminders before my
bookmarked slots, and opening at the Now view while the conference is on.

The app's injected clock is the only "now" read; a tick every `TICK` seconds (and every change of
bookmarks) brings the header line up to date and announces each bookmarked slot once, `reminder`
minutes before it starts, naming its session and room.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from planner.schedule.now import NowAndNext, Phase, ProgramClock, due_reminders, now_and_next, reminder_key
from planner.schedule.route import board_key
from planner.tui.screens.browser import BrowserScreen
from planner.wording.on_the_day import next_line, reminder_text

if TYPE_CHECKING:
    from textual.timer import Timer

    from planner.tui.state import PlannerState

TICK = 20.0
"""Seconds between looks at the clock: a minute's display is never more than this late."""
_EARLY = timedelta(hours=12)


class OnTheDay:
    """The app's present: the program laid out by start, and the reminders already shown."""

    def __init__(self, app: PlannerState) -> None:
        self.app = app
        self.clock: ProgramClock | None = None
        self.announced: set = set()
        """Keys of the slots already reminded of (planner.schedule.now.reminder_key): each once."""
        self.line = ""
        """The header's "Next: …" line; empty outside the conference."""
        self._timer: Timer | None = None

    def open(self) -> None:
        """A program was opened: lay it out, and tick from now on."""
        program = self.app.program
        if program is None:
            return
        self.clock = ProgramClock.of(program)
        self.announced = set()
        if self._timer is None:
            self._timer = self.app.set_interval(TICK, self.tick, name="on-the-day")
            self.app.watch(self.app, "bookmarks", self.tick, init=False)  # a new bookmark may be due already
        self.tick()

    def put_program_at_now(self, _closed: object = None) -> None:
        """Put the browser's cursor on what runs now (else next), mine first: once the program is laid
        out, and once the browser shows (a list behind another screen does not scroll)."""
        if self.app.timetable is not None:
            self._laid_out(self.app.timetable)
        else:
            self.app.watch(self.app, "timetable", self._laid_out, init=False)

    def _laid_out(self, timetable) -> None:
        answer = self.answer()
        if timetable is None or answer is None:
            return
        first = next(iter(answer.my_running or answer.running or answer.my_next or answer.next), None)
        if first is None:
            return
        for screen in self.app.screen_stack:
            if isinstance(screen, BrowserScreen):
                # After the browser's own rows are drawn from the new timetable.
                screen.call_after_refresh(screen.program_list.reveal, session_id=first.session.id)

    def answer(self) -> NowAndNext | None:
        if self.clock is None or self.app.program is None:
            return None
        return now_and_next(self.clock, self.app.bookmarks, self.app.setup.clock())

    def is_on(self) -> bool:
        """The conference is running (or starts within the hours of its first morning)."""
        answer = self.answer()
        return answer is not None and _on(answer)

    def tick(self) -> None:
        answer, program = self.answer(), self.app.program
        if answer is None or program is None:
            return
        self.line = next_line(answer, self.app.zones[0] if self.app.zones else program.conference.zone) if _on(answer) else ""
        name = program.conference.name
        self.app.sub_title = f"{name} · {self.line}" if self.line else name
        self._remind(answer)

    def _remind(self, answer: NowAndNext) -> None:
        minutes, program = self.app.setup.reminder_minutes, self.app.program
        if minutes is None or self.app.bookmarks is None or program is None:
            return
        where = self.app.zones[0] if self.app.zones else program.conference.zone
        due = due_reminders(program, self.app.bookmarks, answer.at, timedelta(minutes=minutes), self.announced)
        together: dict[tuple, list] = {}
        for happening in due:  # mine starting together in one session (posters): one reminder, not five
            self.announced.add(reminder_key(happening))
            together.setdefault((happening.span.start, happening.session.id), []).append(happening)
        for happenings in together.values():
            happenings.sort(key=lambda happening: (board_key(happening.board), happening.title.casefold()))
            self.app.notify(reminder_text(happenings, answer.at, where), title="Coming up", markup=False, timeout=30)


def _on(answer: NowAndNext) -> bool:
    if answer.phase is Phase.DURING:
        return True
    return answer.phase is Phase.BEFORE and answer.first_start is not None and answer.first_start - answer.at <= _EARLY
