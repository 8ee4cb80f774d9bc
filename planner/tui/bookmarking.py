"""Provides the keys that change one bookmark — b, p, n, s — and what the app says about a bookmark file it opens.

Each change is made to the bookmark as the file holds it at the moment of saving (the engine
re-reads the file under its lock), so what another planner saved meanwhile is kept.
"""

from __future__ import annotations

from collections.abc import Callable

from planner.bookmarks.file import Bookmark, BookmarkFile, new_bookmark
from planner.bookmarks.limits import Priority
from planner.bookmarks.matching import MatchedBookmarks
from planner.program.model import Presentation
from planner.program.times import format_range
from planner.schedule.timetable import SlotRow
from planner.tui.screens.prompt import PromptScreen
from planner.tui.state import PlannerState
from planner.wording.bookmark_notes import notice_lines
from planner.wording.text import one_line


def _edit(app: PlannerState, presentation: Presentation, update: Callable[[Bookmark], Bookmark], done: str) -> None:
    """Change the bookmark on `presentation` (bookmarking it first if need be) as the file has it now."""

    def change(file: BookmarkFile) -> BookmarkFile:
        current = file.get(presentation.id) or new_bookmark(presentation.id, presentation.title, now=app.setup.clock())
        return file.with_bookmark(update(current))

    app.change_bookmarks(change, done)


def toggle(app: PlannerState, presentation: Presentation) -> None:
    title = one_line(presentation.title)
    if app.bookmark_of(presentation) is not None:
        app.change_bookmarks(lambda file: file.without(presentation.id), f"Removed the bookmark on “{title}”")
        return
    _edit(app, presentation, lambda bookmark: bookmark, f"Bookmarked “{title}” ({Priority.WANT.value})")


def next_priority(app: PlannerState, presentation: Presentation) -> None:
    existing = app.bookmark_of(presentation)
    if existing is None:
        toggle(app, presentation)
        return
    following = existing.priority.next()
    _edit(
        app,
        presentation,
        lambda bookmark: bookmark.model_copy(update={"priority": following}),
        f"Priority {following.value}: “{one_line(presentation.title)}”",
    )


def ask_note(app: PlannerState, presentation: Presentation) -> None:
    existing = app.bookmark_of(presentation)
    title = one_line(presentation.title)

    def save(note: str | None) -> None:
        if note is not None:
            _edit(app, presentation, lambda bookmark: bookmark.model_copy(update={"note": note}), f"Note saved on “{title}”")

    app.push_screen(
        PromptScreen(f"Note on “{title}”", existing.note if existing else "", placeholder="What to remember about it"), save
    )


def pin_slot(app: PlannerState, row: SlotRow) -> None:
    """Go to the slot of `row` (bookmarking it if need be); pressed on the pinned slot, let the planner choose again."""
    if row.slot is None:
        return  # not scheduled: no slot to go to
    presentation, session = row.presentation, row.slot.session
    existing = app.bookmark_of(presentation)
    slot = None if existing is not None and existing.slot == session else session
    title = one_line(presentation.title)
    if slot is None:
        done = f"“{title}”: the planner chooses its slot again"
    else:
        when = f"{format_range(row.span, app.zones[0])}, " if row.span else ""
        done = f"Going to “{title}” at {when}{one_line(app.opened.sessions_by_id[session].title)}"
    _edit(app, presentation, lambda bookmark: bookmark.model_copy(update={"slot": slot}), done)


def tell(app: PlannerState, matched: MatchedBookmarks) -> None:
    """Say what the person should know about how their file meets the program, as the command line does on stderr."""
    lines = notice_lines(matched)
    if lines:
        app.notify("\n".join(lines), title="Your bookmarks", markup=False, timeout=8)
