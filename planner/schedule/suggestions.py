"""Provides suggestions from a person's bookmarks: what else to see, and what of it fits their free time.

A bookmark counts by its priority (must 3, want 2, maybe 1); authors the file follows add to
their presentations' score. With `fits`, a suggestion is kept only if one of its slots overlaps
nothing in the person's plan, by the clash rules: each bookmark at the slot it counts at
(pinned, else the planner's pick), posters of one poster session never clashing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from planner.bookmarks.file import Bookmark, BookmarkFile
from planner.program.model import Program, Slot
from planner.schedule.clashes import find_clashes
from planner.schedule.slots import BookedSlot, overlap, resolve
from planner.search.authors import Following
from planner.search.similar import Related, SimilarityIndex

_SOME_MOMENT = datetime(2000, 1, 1, tzinfo=UTC)
"""When a presentation asked about was "bookmarked": resolving it needs a time, which counts for nothing."""


def suggest(
    program: Program, bookmarks: BookmarkFile, n: int = 10, *, fits: bool = False, index: SimilarityIndex | None = None
) -> list[Related]:
    """The `n` presentations most like the bookmarked ones, none bookmarked; with `fits`, only those that fit."""
    index = index or SimilarityIndex.of(program)
    liked = {bookmark.id: float(bookmark.priority.weight) for bookmark in bookmarks.bookmarks}
    presentations = program.presentations_by_id
    return index.suggest(
        liked,
        n,
        following=Following(bookmarks.following),
        authors_of=lambda presentation_id: presentations[presentation_id].authors,
        keep=fits_in(program, bookmarks) if fits else None,
    )


def fits_in(program: Program, bookmarks: BookmarkFile) -> Callable[[str], bool]:
    """Whether a presentation has a slot that overlaps nothing in the plan of `bookmarks`."""
    planned = find_clashes(program, bookmarks).counted
    bookmarked = bookmarks.ids

    def fits(presentation_id: str) -> bool:
        if presentation_id in bookmarked:
            return False
        resolution = resolve(program, [Bookmark(id=presentation_id, added=_SOME_MOMENT)])
        return any(_free(option, planned) for item in resolution.bookmarked for option in item.options)

    return fits


def _free(option: BookedSlot, planned: tuple[BookedSlot, ...]) -> bool:
    return not any(overlap(option, slot) for slot in planned)


def fitting_slots(program: Program, bookmarks: BookmarkFile, presentation_id: str) -> list[Slot]:
    """The slots of a presentation that overlap nothing in the plan of `bookmarks`, in time order."""
    planned = find_clashes(program, bookmarks).counted
    resolution = resolve(program, [Bookmark(id=presentation_id, added=_SOME_MOMENT)])
    free = {option.session for item in resolution.bookmarked for option in item.options if _free(option, planned)}
    presentation = program.presentations_by_id[presentation_id]
    return [slot for slot in presentation.slots if slot.session in free]
