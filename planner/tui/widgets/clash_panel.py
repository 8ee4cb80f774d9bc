"""Provides ClashPanel: under my schedule, what clashes with the bookmark under the cursor, and its remedies numbered."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from planner.wording.clashes import Advice, Offered


class ClashPanel(Static):
    """The clashes of one bookmark and what resolves each; a remedy is taken with its number key, or a click."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, markup=False)
        self.offered: list[Offered] = []
        """The remedies shown, in the order of their numbers."""
        self.text = ""
        """What the panel says, as plain text."""

    def show(self, advice: Advice, *, quiet: str) -> None:
        """Show `advice`; `quiet` is said when there is none."""
        self.offered = [line for line in advice if isinstance(line, Offered)]
        parts: list[Content] = []
        for line in advice:
            if isinstance(line, Offered):
                # Program text goes in as a variable, so it is shown as written, never read as markup.
                parts.append(
                    Content.from_markup(f"  [b]{line.number}[/b] [@click=screen.remedy({line.number})]$text[/]", text=line.text)
                )
            else:
                parts.append(Content(line))
        content = Content("\n").join(parts) if parts else Content.from_markup("[dim]$quiet[/dim]", quiet=quiet)
        self.text = content.plain
        self.update(content)
        self.set_class(bool(self.offered), "has-remedies")
