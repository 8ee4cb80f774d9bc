"""Provides PickerScreen: choose which program to open when there are several."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from planner.errors import PlannerError
from planner.plurals import noun
from planner.program.model import Program
from planner.search.finding import conference_days
from planner.tui.messages import ProgramChosen
from planner.tui.state import planner_of
from planner.wording.text import one_line


class PickerScreen(Screen[None]):
    """The programs to choose from; each line fills in its name, days and size as it is read."""

    BINDINGS = [Binding("enter", "open", "Open", id="open-program", show=True)]
    COMPONENT_CLASSES = {"picker--error"}
    """How a program that cannot be read is said (the theme's error colour, in planner.tcss)."""

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
                f"\n  {one_line(program.conference.name)} · {span} · {len(program.presentations):,} {noun(len(program.presentations), 'presentation')} · {program.conference.timezone}"
            )
        elif error is not None:
            line.append(
                f"\n  cannot be read: {one_line(error)}", style=self.get_component_rich_style("picker--error", partial=True)
            )
        return line

    @work(thread=True, exclusive=True, group="picker")
    def _read_all(self) -> None:
        planner = planner_of(self)
        for number, choice in enumerate(self.choices):
            if get_current_worker().is_cancelled:
                return  # a program was opened: the picker is gone
            try:
                program = planner.setup.open_program(choice)
            except PlannerError as err:
                planner.call_from_thread(self._replace, number, choice, error=str(err))
                continue
            self.loaded[choice] = program
            planner.call_from_thread(self._replace, number, choice, program)

    def _replace(self, number: int, choice: str, program: Program | None = None, error: str | None = None) -> None:
        # Drawn here, on the UI thread, where the stylesheet's colours are at hand.
        if not self.is_attached:
            return
        self.query_one(OptionList).replace_option_prompt(str(number), self._line(choice, program, error))

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
            self.post_message(ProgramChosen(self.loaded[choice], choice))
            return
        self.notify(f"Reading {choice}…", markup=False, timeout=2)
        self._read_one(choice)

    @work(thread=True, exclusive=True, group="picker-open")
    def _read_one(self, choice: str) -> None:
        planner = planner_of(self)
        try:
            program = planner.setup.open_program(choice)
        except PlannerError as err:
            planner.call_from_thread(planner.report, err, f"{choice} cannot be opened")
            return
        self.loaded[choice] = program
        planner.call_from_thread(self.post_message, ProgramChosen(program, choice))
