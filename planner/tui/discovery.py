"""Provides discovery in the TUI: the similarity index built off the UI thread, the detail pane's Related lines, and the marks of followed authors.

The index is built after the search index, in the same background worker, and kept on the app
next to it (`similarity_index`); until it is there the detail pane simply has no Related section.
"""

from __future__ import annotations

from typing import NamedTuple

from planner.program.model import Presentation, Program
from planner.search.authors import by_followed
from planner.search.similar import SimilarityIndex
from planner.tui import bookmarking
from planner.tui.state import PlannerState
from planner.wording.discovery import similar_reason

RELATED = 5
"""Related presentations the detail pane shows, each bookmarked by its number."""


class RelatedLine(NamedTuple):
    presentation: Presentation
    reason: str
    bookmarked: bool


def build_index(app: PlannerState, program: Program) -> None:
    """Build the program's similarity index (in the caller's worker thread) and hand it to the app."""
    index = SimilarityIndex.of(program)
    app.call_from_thread(setattr, app, "similarity_index", index)


def related(app: PlannerState, presentation: Presentation | None) -> list[RelatedLine]:
    """The presentations most like `presentation`, with why; none until the index is built."""
    index: SimilarityIndex | None = app.similarity_index
    if index is None or presentation is None or presentation.id not in index or app.program is None:
        return []
    presentations = app.program.presentations_by_id
    return [
        RelatedLine(presentations[found.id], similar_reason(found), app.bookmark_of(presentations[found.id]) is not None)
        for found in index.similar(presentation.id, RELATED)
    ]


def bookmark_related(app: PlannerState, presentation: Presentation | None, number: int) -> None:
    """Bookmark (or stop bookmarking) the `number`th presentation related to `presentation`."""
    lines = related(app, presentation)
    if 1 <= number <= len(lines):
        bookmarking.toggle(app, lines[number - 1].presentation)


def followed(app: PlannerState) -> dict[str, list[str]]:
    """The presentations of the authors the reader follows, by id, with those authors' names."""
    if app.program is None or app.bookmarks is None or not app.bookmarks.following:
        return {}
    return by_followed(app.program, app.bookmarks.following)
