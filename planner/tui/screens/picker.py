"""Provides PickerScreen: choose which program to open when there are several."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from planner.errors import PlannerError
from planner.program.model import Program
from planner.search.finding import conference_days
from planner.wording.text import one_line

if TYPE_CHECKING:
    from planner.tui.app import PlannerApp


class PickerScreen(Screen[None]):
    """The programs to choose from; each line fills in its name, days and size as it is read."""

    if TYPE_CHECKING:  # Textual's typed way to the app; imported at run time it would be a cycle
        app = getters.app(PlannerApp)

    BINDINGS = [Binding("enter", "open", "Open", id="open-program", show=True)]

    def __init__(self, choices: tuple[str, ...], last: str | None) -> None:
        super().__init__()
        self.choices = choices
        self.last = last
        self.loaded: dict[str, Program] = {}
        """Programs already read, by choice, so opening one of them is instant."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Which program? ↑↓ to choose, Enter to open.", id="picker-title")
        yield OptionList(*(Option(self._line(choice), id=str(number)) for number, choice in enumerate(self.choices)), id="picker")
        yield Footer()

    def on_mount(self) -> None:
        picker = self.query_one(OptionList)
        picker.highlighted = self.choices.index(self.last) if self.last in self.choices else 0
        picker.focus()
        self._read_all()

    def _line(self, choice: str, program: Program | None = None, error: str | None = None) -> Text:
        line = Text(one_line(choice), style="bold")
        if choice == self.last:
            line.append("  (last opened)", style="dim")
        if program is not None:
            days = conference_days(program)
            span = f"{days[0]:%a %-d %b %Y}" if days else "no times yet"
            if len(days) > 1:
                span += f" – {days[-1]:%a %-d %b}"
            line.append(
                f"\n  {one_line(program.conference.name)} · {span} · {len(program.presentations):,} presentations · {program.conference.timezone}"
            )
        elif error is not None:
            line.append(f"\n  cannot be read: {one_line(error)}", style="red")
        return line

    @work(thread=True, exclusive=True, group="picker")
    def _read_all(self) -> None:
        for number, choice in enumerate(self.choices):
            if get_current_worker().is_cancelled:
                return  # a program was opened: the picker is gone
            try:
                program = self.app.setup.open_program(choice)
            except PlannerError as err:
                self.app.call_from_thread(self._replace, number, self._line(choice, error=str(err)))
                continue
            self.loaded[choice] = program
            self.app.call_from_thread(self._replace, number, self._line(choice, program))

    def _replace(self, number: int, prompt: Text) -> None:
        if not self.is_attached:
            return
        self.query_one(OptionList).replace_option_prompt(str(number), prompt)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self._open(int(event.option.id))

    def action_open(self) -> None:
        highlighted = self.query_one(OptionList).highlighted
        if highlighted is not None:
            self._open(highlighted)

    def _open(self, number: int) -> None:
        choice = self.choices[number]
        if choice in self.loaded:
            self.app.open(self.loaded[choice], choice)
            return
        self.notify(f"Reading {choice}…", markup=False, timeout=2)
        self._read_one(choice)

    @work(thread=True, exclusive=True, group="picker-open")
    def _read_one(self, choice: str) -> None:
        try:
            program = self.app.setup.open_program(choice)
        except PlannerError as err:
            self.app.call_from_thread(self.app.report, err, f"{choice} cannot be opened")
            return
        self.loaded[choice] = program
        self.app.call_from_thread(self.app.open, program, choice)
