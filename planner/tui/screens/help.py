"""Provides HelpScreen: every key that works where you are, read from the live bindings so none is missing or dead."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

# Textual's own keys, said in the planner's words.
_DESCRIPTIONS = {"command_palette": "Command palette: every action, and any presentation or session by name"}

# Generic keys Textual gives every screen, which say nothing about planning.
_UNLISTED = {"screen.copy_text", "app.focus_previous", "app.focus_next"}


class HelpScreen(ModalScreen[None]):
    """The keys of the screen below, with what each does; any key closes it."""

    BINDINGS = [Binding("escape,question_mark,q", "dismiss", "Close", id="close-help")]

    def __init__(self, below: Screen) -> None:
        super().__init__()
        self.keys = HelpScreen.keys_of(below)
        """(key, binding, node) for each key the screen below answers, in the order shown."""

    @staticmethod
    def keys_of(screen: Screen) -> list[tuple[str, Binding, DOMNode]]:
        """The keys `screen` answers that have a description: the app's first, then the screen's, then
        the focused widget's; one line per description, with all of its keys ("q, ^q"; "1–9")."""
        app = screen.app
        by_action: dict[tuple[int, str], tuple[list[str], Binding, DOMNode]] = {}
        for active in screen.active_bindings.values():
            binding, node = active.binding, active.node
            if not binding.description or binding.system or binding.action in _UNLISTED:
                continue
            entry = by_action.setdefault((id(node), binding.description), ([], binding, node))
            key = app.get_key_display(binding)
            if key not in entry[0]:
                entry[0].append(key)
            if binding.show and not entry[1].show:
                by_action[(id(node), binding.description)] = (entry[0], binding, node)

        def order(entry: tuple[list[str], Binding, DOMNode]) -> tuple[int, bool]:
            node, binding = entry[2], entry[1]
            return (0 if node is app else 1 if node is screen else 2, binding.action == "quit")

        entries = sorted(by_action.values(), key=order)  # stable: each group keeps its bindings' order
        return [(", ".join(keys), binding, node) for keys, binding, node in entries]

    @staticmethod
    def describe(binding: Binding) -> str:
        """What a key does, in full: the footer says it in a word or two."""
        return _DESCRIPTIONS.get(binding.action) or binding.tooltip or binding.description

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", justify="right")
        table.add_column()
        for key, binding, _ in self.keys:
            table.add_row(Text(key), Text(HelpScreen.describe(binding)))
        with VerticalScroll(id="help-body"):
            yield Static("Keys", id="help-title")
            yield Static(table)
            yield Static(
                "The mouse works too: click a line to select it, scroll with the wheel, click the footer keys.", id="help-foot"
            )
