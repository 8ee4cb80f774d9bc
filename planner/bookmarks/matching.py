"""Provides bookmarks read against a program: ids found again by title, unknown ones kept and reported.

A program imported again may give a paper a new id (a title fixed by the organisers, an
OpenReview id that appeared). A bookmark whose id the program does not know is matched by its
normalised title; if exactly one presentation has that title, the bookmark moves to its id.
Everything else unknown stays in the file untouched and is reported, never dropped.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from planner.bookmarks.file import Bookmark, BookmarkFile
from planner.bookmarks.merge import merge_bookmark
from planner.program.ids import normalise_title
from planner.program.model import Presentation, Program, Slot


@dataclass(frozen=True, slots=True)
class Moved:
    """A bookmark found again by title under a new id."""

    old_id: str
    new_id: str
    title: str


@dataclass(frozen=True, slots=True)
class MatchedBookmarks:
    """Bookmarks as they stand against one program, with what a person should be told."""

    bookmarks: BookmarkFile
    """The file with moved bookmarks under their new ids; unknown ones still in it."""
    moved: tuple[Moved, ...] = ()
    unknown: tuple[Bookmark, ...] = ()
    """Bookmarks whose presentation the program does not have (by id or by a unique title)."""
    stale_slots: tuple[Bookmark, ...] = ()
    """Bookmarks whose chosen slot is no slot of their presentation; the planner chooses instead."""


def match_to_program(bookmarks: BookmarkFile, program: Program) -> MatchedBookmarks:
    """Re-key bookmarks the program knows by title only, and report the rest. Pure; nothing is dropped."""
    known = program.presentations_by_id
    by_title: dict[str, list[Presentation]] = defaultdict(list)
    if any(bookmark.id not in known for bookmark in bookmarks.bookmarks):
        for presentation in program.presentations:
            by_title[normalise_title(presentation.title)].append(presentation)
    placed: dict[str, Bookmark] = {}
    moved: list[Moved] = []
    for written in bookmarks.bookmarks:
        bookmark = written
        if written.id not in known:
            key = normalise_title(written.title)
            candidates = by_title.get(key, []) if key else []
            if len(candidates) == 1:
                moved.append(Moved(written.id, candidates[0].id, written.title))
                bookmark = written.model_copy(update={"id": candidates[0].id})
        # An old id and its new one both bookmarked become one bookmark with what each said.
        placed[bookmark.id] = merge_bookmark(placed[bookmark.id], bookmark) if bookmark.id in placed else bookmark
    rekeyed = bookmarks.model_copy(update={"bookmarks": list(placed.values())}) if moved else bookmarks
    unknown = tuple(bookmark for bookmark in rekeyed.bookmarks if bookmark.id not in known)
    stale = tuple(bookmark for bookmark in rekeyed.bookmarks if bookmark.id in known and stale_pin(known[bookmark.id], bookmark))
    return MatchedBookmarks(rekeyed, tuple(moved), unknown, stale)


# Which slot a bookmark chose, as every consumer reads it: clashes and plan (planner.slots), the
# calendar (planner.exporters.entries), `bookmark list` and the team view.


def pinned_slot(presentation: Presentation, bookmark: Bookmark) -> Slot | None:
    """The slot the bookmark chose, if the presentation still has it; else None.

    A choice the presentation no longer has (`stale_pin`) counts as no choice: clashes and the
    planner then pick a slot, the calendar shows every slot.
    """
    chosen = bookmark.slot
    if chosen is not None:
        for slot in presentation.slots:  # a plain loop: the clash engine asks this of ten thousand bookmarks
            if slot.session == chosen:
                return slot
    return None


def stale_pin(presentation: Presentation, bookmark: Bookmark) -> bool:
    """The bookmark chose a session the presentation is not in (any more): reported, then read as no choice."""
    return bookmark.slot is not None and pinned_slot(presentation, bookmark) is None


def chosen_slot(program: Program, bookmark: Bookmark) -> Slot | None:
    """`pinned_slot` for a bookmark of `program`; None when the program does not know the id."""
    presentation = program.presentations_by_id.get(bookmark.id)
    return None if presentation is None else pinned_slot(presentation, bookmark)


def slots_to_attend(presentation: Presentation, bookmark: Bookmark) -> list[Slot]:
    """The chosen slot, else every slot of the presentation: each chance to see it until the person chooses."""
    pinned = pinned_slot(presentation, bookmark)
    return [pinned] if pinned is not None else list(presentation.slots)
