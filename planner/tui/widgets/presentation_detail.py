"""Provides PresentationDetail: one presentation in full — title, authors, your bookmark and its clashes, who is going, every slot, links, abstract."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import tzinfo

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from planner.bookmarks.file import Bookmark
from planner.bookmarks.team import Going
from planner.program.model import Kind, Presentation, Program
from planner.program.times import format_range
from planner.wording.text import literal, one_line

MARKS = ("must", "want", "maybe", "clash")
"""What the pane colours: the bookmark's star by its priority, and a clash's "!"."""


class PresentationDetail(VerticalScroll, can_focus=True):
    """The presentation under the cursor, drawn from program text shown literally (never as markup).

    Its colours are the theme's, set in planner.tcss on the component classes below (solid
    colours: a partial style drops the alpha of one like $text-muted), read each time it shows
    a presentation.
    """

    COMPONENT_CLASSES = {f"presentation-detail--{mark}" for mark in MARKS}

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.text = ""
        """What the pane says, as plain text."""
        self.styled = Text()
        """What the pane says, with its styles."""

    def compose(self) -> ComposeResult:
        yield Static(id="detail-text", markup=False)

    def show(
        self,
        program: Program,
        presentation: Presentation | None,
        zones: Sequence[tzinfo],
        bookmark: Bookmark | None,
        *,
        clashes: Sequence[str] = (),
        going: Sequence[Going] = (),
        related: Sequence[tuple[Presentation, str, bool]] = (),
    ) -> None:
        """Show `presentation`, with the reader's bookmark on it, what it clashes with, who of the team is going, and what is like it."""
        if presentation is None:
            text = Text("Nothing selected.", style="dim")
        else:
            marks = {mark: self.get_component_rich_style(f"presentation-detail--{mark}", partial=True) for mark in MARKS}
            text = describe(program, presentation, zones, bookmark, clashes=clashes, going=going, marks=marks, related=related)
        self.text, self.styled = text.plain, text
        self.query_one("#detail-text", Static).update(text)
        self.scroll_home(animate=False)


def describe(
    program: Program,
    presentation: Presentation,
    zones: Sequence[tzinfo],
    bookmark: Bookmark | None,
    *,
    clashes: Sequence[str] = (),
    going: Sequence[Going] = (),
    marks: Mapping[str, Style] | None = None,
    related: Sequence[tuple[Presentation, str, bool]] = (),
) -> Text:
    """The pane's text; `marks` styles the star of each priority and a clash's "!" (plain bold without)."""
    marks = marks or {}
    text = Text()
    text.append(one_line(presentation.title), style="bold")
    if presentation.subtitle:
        text.append("\n" + one_line(presentation.subtitle), style="italic")
    text.append(f"\n{presentation.kind.value} · {presentation.id}", style="dim")
    if presentation.authors:
        text.append("\n" + one_line(", ".join(presentation.authors)))

    text.append("\n\n")
    if bookmark is None:
        text.append("Not bookmarked", style="dim")
        text.append(" — b bookmarks it", style="dim")
    else:
        text.append("★ ", style=Style(bold=True) + marks.get(bookmark.priority.value, Style()))
        text.append(f"Bookmarked, priority {bookmark.priority.value}")
        if bookmark.slot:
            session = program.sessions_by_id.get(bookmark.slot)
            text.append(f" · going to {one_line(session.title) if session else bookmark.slot}")
        if bookmark.note:
            text.append("\nNote: ", style="bold")
            text.append(literal(bookmark.note))
        for line in clashes:
            text.append("\n! ", style=Style(bold=True) + marks.get("clash", Style()))
            text.append(line)
        if clashes:
            text.append("\n  m: my schedule, where each clash has its remedies", style="dim")
    if going:
        text.append("\nGoing: ", style="bold")
        text.append(", ".join(_going_text(presentation, one) for one in going))

    text.append("\n\nWhen", style="bold underline")
    if not presentation.slots:
        text.append("\n  no time yet: the program does not schedule it", style="dim")
    for slot in presentation.slots:
        session = program.sessions_by_id[slot.session]
        span = program.when(slot)
        when = " │ ".join(format_range(span, where) for where in zones) if span else "no time yet"
        text.append(f"\n  {when}", style=None if span else "dim")
        position = slot.position and (f"board {slot.position}" if session.kind is Kind.POSTER else f"no. {slot.position}")
        place = ", ".join(one_line(part) for part in (session.title, session.room, position) if part)
        text.append(f"\n    {place}", style="dim")

    if related:
        text.append("\n\nRelated", style="bold underline")
        text.append("  1 bookmarks it" if len(related) == 1 else f"  1–{len(related)} bookmarks one", style="dim")
        for number, (other, why, bookmarked) in enumerate(related, start=1):
            text.append(f"\n  {number} ")
            text.append("★ " if bookmarked else "  ", style="bold yellow")
            text.append(one_line(other.title))
            text.append(f"\n      {why}", style="dim")

    links = list(presentation.links.items())
    if links:
        text.append("\n\nLinks", style="bold underline")
        for name, url in links:
            text.append(f"\n  {name:<11}")
            text.append(one_line(url), style=Style(link=url) if url.startswith(("http://", "https://")) else None)
    if presentation.keywords:
        text.append("\n\nKeywords", style="bold underline")
        text.append("\n  " + one_line(", ".join(presentation.keywords)))
    if presentation.abstract:
        text.append("\n\nAbstract", style="bold underline")
        for paragraph in presentation.abstract.split("\n\n"):
            text.append("\n" + one_line(paragraph) + "\n")
    return text


def _going_text(presentation: Presentation, going: Going) -> str:
    """ "Ann (must, slot 2)": a colleague, their priority, and the slot they chose when there are several."""
    slot = ""
    if going.slot is not None and len(presentation.slots) > 1 and going.slot in presentation.slots:
        slot = f", slot {presentation.slots.index(going.slot) + 1}"
    return f"{one_line(going.member)} ({going.priority.value}{slot})"
