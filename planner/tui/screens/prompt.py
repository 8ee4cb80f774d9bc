"""Provides PromptScreen: a one-line question (a note, a file path) that returns the answer, or None if cancelled."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class PromptScreen(ModalScreen[str | None]):
    """Ask for one line of text; Enter answers, Escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="cancel")]

    def __init__(self, question: str, value: str = "", *, placeholder: str = "", enter: str = "save") -> None:
        super().__init__()
        self.question = question
        self.value = value
        self.placeholder = placeholder
        self.enter = enter
        """What Enter does, for the hint under the box."""

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-box"):
            yield Static(self.question, id="prompt-question", markup=False)
            yield Input(self.value, placeholder=self.placeholder, id="prompt-input")
            yield Static(f"Enter to {self.enter} · Esc to cancel", id="prompt-hint", markup=False)

    @on(Input.Submitted)
    def _answer(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
