"""Provides carrying a person's plan to a new version of the program: pins kept or moved, cancellations kept, new clashes found.

A bookmarked presentation that moved stays bookmarked (bookmarks name presentations, not times).
A pin (the session a person chose for a paper shown more than once) that the new version no
longer has is moved to the same paper's remaining slot nearest in time to the one chosen, or
dropped when the paper has no timed slot left, and either is said. A bookmark of a cancelled
presentation stays in the file, listed as cancelled: nothing a person chose is deleted behind
their back. Clashes are found again and only those that were not there before are reported.
The bookmark file is changed through its store (under its lock, atomically), and only when a pin moved.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from planner.bookmarks.file import Bookmark, BookmarkFile
from planner.bookmarks.matching import pinned_slot
from planner.bookmarks.store import read_bookmarks, update_program_bookmarks
from planner.errors import BookmarkFileError
from planner.following.changes import Change, ChangeKind, ProgramChanges
from planner.program.model import Program, Slot
from planner.program.times import TimeRange, format_range
from planner.schedule.clashes import Clash, find_clashes


@dataclass(frozen=True, slots=True)
class Repin:
    """A pin that no longer held: moved to another slot of the same paper, or dropped."""

    id: str
    title: str
    old_session: str
    new_session: str | None
    """None: the paper has no timed slot left, so nothing is pinned."""
    when: str = ""
    """When the new slot is, as a person reads it."""


@dataclass(frozen=True, slots=True)
class PlanChanges:
    """What a new version of the program did to one person's plan."""

    yours: tuple[Change, ...] = ()
    """Changes to bookmarked presentations."""
    others: tuple[Change, ...] = ()
    repinned: tuple[Repin, ...] = ()
    new_clashes: tuple[Clash, ...] = ()
    problem: str | None = None
    """Why the bookmarks could not be carried (a broken bookmark file); the program is updated regardless."""
    bookmarked: int = 0
    kinds: dict[ChangeKind, int] = field(default_factory=dict)
    """Counts of `yours` by kind, counting each presentation once per kind."""


def carry_plan(path: Path | None, old: Program, new: Program, changes: ProgramChanges) -> PlanChanges:
    """Carry the bookmarks in `path` (the conference's file) from `old` to `new`; report what it meant."""
    if path is None:
        return PlanChanges(others=changes.changes)
    try:
        before = read_bookmarks(path, new.conference.id)
    except BookmarkFileError as err:
        return PlanChanges(others=changes.changes, problem=str(err))
    if not before.bookmarks:
        return PlanChanges(others=changes.changes)
    repins: list[Repin] = []

    def repin(current: BookmarkFile) -> BookmarkFile:
        repins.clear()
        kept = []
        for bookmark in current.bookmarks:
            moved = _repinned(bookmark, old, new)
            if moved is None:
                kept.append(bookmark)
                continue
            repins.append(moved)
            kept.append(bookmark.model_copy(update={"slot": moved.new_session}))
        return current.model_copy(update={"bookmarks": kept}) if repins else current

    try:
        after = update_program_bookmarks(path, new, repin).bookmarks
    except BookmarkFileError as err:
        return PlanChanges(others=changes.changes, problem=str(err))
    ids = before.ids | after.ids
    yours, others = changes.about(ids), changes.others(ids)
    kinds: dict[ChangeKind, int] = {}
    for kind in ChangeKind:
        count = len({change.id for change in yours if change.kind is kind})
        if count:
            kinds[kind] = count
    return PlanChanges(yours, others, tuple(repins), new_clashes(old, before, new, after), None, len(after.bookmarks), kinds)


def _repinned(bookmark: Bookmark, old: Program, new: Program) -> Repin | None:
    """The new pin of a bookmark whose chosen session the paper is no longer in; None when the pin holds (or there is none)."""
    if bookmark.slot is None:
        return None
    presentation = new.presentations_by_id.get(bookmark.id)
    if presentation is None or pinned_slot(presentation, bookmark) is not None:
        return None  # cancelled (kept as it is), or the pin holds
    previous = old.presentations_by_id.get(bookmark.id)
    was = pinned_slot(previous, bookmark) if previous is not None else None
    span = old.when(was) if was is not None else None
    timed = [(slot, when) for slot in presentation.slots if (when := new.when(slot)) is not None]
    if not timed:
        return Repin(bookmark.id, presentation.title, bookmark.slot, None)

    def distance(candidate: tuple[Slot, TimeRange]) -> timedelta:
        if span is None:
            return timedelta(0)
        return abs(candidate[1].start - span.start)

    slot, when = min(timed, key=distance)
    session = new.sessions_by_id[slot.session]
    place = f", {session.room}" if session.room else ""
    return Repin(
        bookmark.id, presentation.title, bookmark.slot, slot.session, f"{format_range(when, new.conference.zone)}{place}"
    )


def new_clashes(old: Program, before: BookmarkFile, new: Program, after: BookmarkFile) -> tuple[Clash, ...]:
    """Clashes among the bookmarks in `new` that were not among them in `old`."""
    known = {_clash_key(clash) for clash in find_clashes(old, before).clashes}
    return tuple(clash for clash in find_clashes(new, after).clashes if _clash_key(clash) not in known)


def _clash_key(clash: Clash) -> tuple[str, frozenset[str]]:
    return clash.kind.value, frozenset(clash.bookmarks)
