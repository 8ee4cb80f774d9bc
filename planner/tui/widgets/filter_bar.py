"""Provides FilterBar: one line saying what the list shows — day, kind, search, how many, in which zone."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from planner.plurals import noun


class FilterBar(Static):
    """What the program list is narrowed to; clicking the day or the kind moves to the next one."""

    def describe(self, *, day: str, kind: str, search: str | None, count: int, more: bool, zones: str) -> None:
        """Say what the list shows: `count` presentations on `day` of `kind`, matching `search` (`more` on the way)."""
        found = f"{count:,}{'+' if more else ''} {noun(2 if more else count, 'presentation')}"
        parts = [
            Content.from_markup("[b]Day[/b] [@click=screen.next_day]$day ▸[/]", day=day),
            Content.from_markup("[b]Kind[/b] [@click=screen.next_kind]$kind ▸[/]", kind=kind),
        ]
        if search is not None:
            parts.append(Content.from_markup("[b]Search[/b] $search", search=search or "…"))
        parts.append(Content(found))
        parts.append(Content.from_markup("[dim]times in $zones, by conference day[/dim]", zones=zones))
        self.update(Content("  ·  ").join(parts))
