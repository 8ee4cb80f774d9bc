"""Provides merging bookmark files: it adds, never deletes, and gives the same result in any order.

Two bookmarks of one presentation become one: the higher priority, the notes of both (a note
that only extends the other is kept alone, being the longer), the earliest time it was added,
and every unknown field of either. Each of these is a join — commutative, associative and
idempotent — so merging a colleague's file twice, or three files in any order, gives one answer.
The authors a file follows are merged as a union of names, a name written two ways counting once.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from itertools import pairwise
from typing import Any

from planner.bookmarks.file import Bookmark, BookmarkFile
from planner.errors import BookmarkFileError
from planner.search.authors import folded as folded_name

SEPARATOR_LINE = "⁂"
"""A line of its own between the notes of two people about one presentation: rare in a note, plain in a terminal."""
NOTE_SEPARATOR = f"\n{SEPARATOR_LINE}\n"


def merge_bookmarks(mine: BookmarkFile, others: Iterable[BookmarkFile]) -> BookmarkFile:
    """`mine` with every bookmark of `others` added; its owner and conference stay.

    Bookmarks already in `mine` keep their place; new ones follow, ordered by id so the result
    does not depend on the order of `others`.
    """
    others = list(others)
    kept = {bookmark.id: bookmark for bookmark in mine.bookmarks}
    added: dict[str, Bookmark] = {}
    for other in others:
        if other.conference != mine.conference:
            raise BookmarkFileError(f"these bookmarks are for {other.conference!r}, not {mine.conference!r}")
        for bookmark in other.bookmarks:
            into = kept if bookmark.id in kept else added
            into[bookmark.id] = merge_bookmark(into[bookmark.id], bookmark) if bookmark.id in into else bookmark
    merged = list(kept.values()) + [added[key] for key in sorted(added)]
    return mine.model_copy(
        update={"bookmarks": merged, "following": merge_following(mine.following, (other.following for other in others))}
    )


def merge_following(mine: list[str], others: Iterable[list[str]]) -> list[str]:
    """The authors followed in any of the files: `mine` as it is, then the others' new names.

    Names are the same when they fold alike (case, accents, punctuation); of two spellings of a
    new name the smaller is kept, and new names come in the order of their folded form, so the
    result does not depend on the order of `others`.
    """
    known = {folded_name(name) for name in mine}
    added: dict[str, str] = {}
    for following in others:
        for name in following:
            key = folded_name(name)
            if key not in known:
                added[key] = min(added[key], name) if key in added else name
    return [*mine, *(added[key] for key in sorted(added))]


def merge_changes(before: BookmarkFile, after: BookmarkFile) -> tuple[list[Bookmark], list[Bookmark]]:
    """What a merge did to a file: the bookmarks it added, and those it updated, in file order."""
    added = [bookmark for bookmark in after.bookmarks if before.get(bookmark.id) is None]
    updated = [bookmark for bookmark in after.bookmarks if before.get(bookmark.id) not in (None, bookmark)]
    return added, updated


def merge_bookmark(one: Bookmark, other: Bookmark) -> Bookmark:
    """Two bookmarks of the same presentation as one, losing nothing either says.

    Not validated here: a merged note may outgrow the file's limit, and the store refuses to
    save such a file rather than this refusing to show it.
    """
    if one == other:
        return one
    if one.id != other.id:
        raise ValueError(f"cannot merge bookmarks of different presentations ({one.id!r}, {other.id!r})")
    merged = {
        **_merge_extra(one.model_extra or {}, other.model_extra or {}),
        "title": max(one.title, other.title, key=lambda title: (len(title), title)),
        # Any fixed choice would do; the smaller session id is one that ignores order.
        "slot": min((slot for slot in (one.slot, other.slot) if slot is not None), default=None),
        "priority": max(one.priority, other.priority, key=lambda priority: priority.weight),
        "note": merge_notes(one.note, other.note),
        # The same instant written with two offsets is still one answer, whichever comes first.
        "added": min(one.added, other.added, key=lambda added: (added, added.isoformat())),
    }
    return one.model_copy(update=merged)


def merge_notes(one: str, other: str) -> str:
    """Both notes, the longer first; a note that the other merely extends gives way to it.

    A note is read as its parts (split at lines that are only SEPARATOR_LINE, stripped, empty ones
    dropped); a part that another part starts with is dropped; the rest are written in one fixed
    order, longest first, then alphabetically. Identical notes come back untouched.
    """
    if one == other:
        return one
    parts = sorted(_note_parts(one) | _note_parts(other))
    # In sorted order every part that starts with p directly follows p, so one look ahead will do.
    widest = [part for part, following in pairwise([*parts, ""]) if not following.startswith(part)]
    return NOTE_SEPARATOR.join(sorted(widest, key=lambda part: (-len(part), part)))


def _note_parts(note: str) -> set[str]:
    # Split by whole lines, so that writing parts back with NOTE_SEPARATOR and reading them again
    # gives the same parts, whatever characters a note holds.
    parts: set[str] = set()
    lines: list[str] = []
    for line in [*note.split("\n"), SEPARATOR_LINE]:
        if line.strip() != SEPARATOR_LINE:
            lines.append(line)
            continue
        part = "\n".join(lines).strip()
        if part:
            parts.add(part)
        lines = []
    return parts


def _merge_extra(one: dict[str, Any], other: dict[str, Any]) -> dict[str, Any]:
    """Unknown fields of both; where both have one with different values, a fixed pick of the two."""
    merged = dict(one)
    for key, value in other.items():
        merged[key] = max(merged[key], value, key=_canonical_json) if key in merged else value
    return merged


def _canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)
