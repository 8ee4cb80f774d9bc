"""Provides ConfirmScreen: a yes-or-no question, with what saying yes would do, that returns the answer."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static


class ConfirmScreen(ModalScreen[bool]):
    """Ask before changing something the reader may want to keep; y or Enter says yes, n or Escape no."""

    BINDINGS = [
        Binding("y,enter", "answer(True)", "Yes", id="confirm-yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm-no"),
    ]

    def __init__(self, question: str, details: str = "") -> None:
        super().__init__()
        self.question = question
        self.details = details
        """What saying yes does, as plain text (never read as markup)."""

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            if self.details:
                with VerticalScroll(id="confirm-details"):
                    yield Static(self.details, markup=False)
            yield Static(self.question, id="confirm-question", markup=False)
            yield Static("y or Enter: yes · n or Esc: no", id="confirm-hint")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
