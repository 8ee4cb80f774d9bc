"""Provides ChangesScreen: what the last update of a followed program changed, your bookmarks first; Enter goes to one."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from planner.following.changes import Change
from planner.wording.following import change_line
from planner.wording.text import one_line


class ChangesScreen(ModalScreen[str | None]):
    """The changes, by kind, yours first; dismissed with the id of the presentation to go to, or None."""

    BINDINGS = [Binding("escape,C", "dismiss(None)", "Close", id="close-changes")]

    def __init__(self, heading: str, yours: tuple[Change, ...], others: tuple[Change, ...]) -> None:
        super().__init__()
        self.heading = heading
        self.yours = yours
        self.others = others
        self.ids: dict[str, str] = {}
        """Option id -> presentation id."""

    def compose(self) -> ComposeResult:
        options: list[Option | None] = []
        for title, changes in (("Your bookmarks", self.yours), ("Other changes", self.others)):
            if not changes:
                continue
            options.append(Option(Text(title, style="bold"), disabled=True))
            for change in changes:
                key = f"change-{len(self.ids)}"
                self.ids[key] = change.id
                options.append(Option(Text(one_line(change_line(change))), id=key))
        if not self.ids:
            options.append(Option(Text("No changes."), disabled=True))
        yield Static(Text(self.heading), id="changes-heading")
        yield OptionList(*options, id="changes")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.ids.get(event.option.id or ""))
