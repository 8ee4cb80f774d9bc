"""Provides ProgramCommands: the command palette searches the program itself — presentations and sessions by name."""

from __future__ import annotations

import asyncio
from functools import partial

from textual.command import Hit, Hits, Provider
from textual.content import Content

from planner.program.ids import fold
from planner.tui.messages import RevealAsked
from planner.tui.state import planner_of
from planner.wording.text import one_line

MOST_HITS = 30


class ProgramCommands(Provider):
    """Type words of a title, an author or an abstract; choosing a hit shows it in the program."""

    async def search(self, query: str) -> Hits:
        app = planner_of(self)
        program = app.program
        if program is None or not query.strip():
            return
        words = fold(query).split()
        for session in program.sessions:
            title = fold(session.title)
            if all(word in title for word in words):
                yield Hit(
                    0.9,
                    _prompt("Session", session.title, session.room or ""),
                    partial(app.post_message, RevealAsked(session_id=session.id)),
                    text=session.title,
                )
        index = app.search_index
        if index is None:
            return
        # The index answers in milliseconds, but off the event loop the palette never stutters.
        found = await asyncio.to_thread(index.search, query)
        for rank, presentation_id in enumerate(found[:MOST_HITS]):
            presentation = program.presentations_by_id[presentation_id]
            yield Hit(
                0.8 - rank / (2 * MOST_HITS),
                _prompt(presentation.kind.value.capitalize(), presentation.title, ", ".join(presentation.authors)),
                partial(app.post_message, RevealAsked(presentation_id=presentation.id)),
                text=presentation.title,
            )


def _prompt(kind: str, title: str, below: str) -> Content:
    """A palette line built as Content, not markup: program text is shown as it is written.

    (The palette reads a hit's help text as markup, so the second line goes here instead.)
    """
    prompt = Content.assemble((f"{kind:<10}", "dim"), one_line(title))
    if below:
        prompt = Content.assemble(prompt, "\n", (f"{'':<10}{one_line(below)}", "dim"))
    return prompt
