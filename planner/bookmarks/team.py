"""Provides a lab's coverage of a program: who is going to what, and the musts only one person covers.

Each member is one bookmark file. A presentation someone marked `must` that no other member has
bookmarked depends on that one person: those are listed apart, so the lab can see at a glance
what it would miss if plans change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from planner.bookmarks.file import Bookmark, BookmarkFile
from planner.bookmarks.limits import Priority
from planner.bookmarks.matching import chosen_slot
from planner.program.ids import fold
from planner.program.model import Presentation, Program, Slot
from planner.search.finding import timed_spans


@dataclass(frozen=True, slots=True)
class Member:
    """One person of the team and their bookmarks, already matched to the program."""

    name: str
    bookmarks: BookmarkFile


@dataclass(frozen=True, slots=True)
class Going:
    """One member going to one presentation."""

    member: str
    priority: Priority
    slot: Slot | None
    """The slot they chose, if they chose one the program has."""
    note: str


@dataclass(frozen=True, slots=True)
class Covered:
    """A bookmarked presentation and everyone going to it, highest priority first."""

    id: str
    title: str
    presentation: Presentation | None
    """None when the program does not know the id (the bookmark is kept all the same)."""
    going: tuple[Going, ...]

    @property
    def has_must(self) -> bool:
        return any(going.priority is Priority.MUST for going in self.going)


@dataclass(frozen=True, slots=True)
class Coverage:
    """The whole team against one program."""

    presentations: tuple[Covered, ...]
    """In program time order; presentations the program does not know come last."""
    only_one_going: tuple[Covered, ...]
    """Marked `must` by someone, and no one else is going."""


def team_coverage(program: Program, members: Sequence[Member]) -> Coverage:
    gathered: dict[str, list[tuple[Member, Bookmark]]] = {}
    for member in members:
        for bookmark in member.bookmarks.bookmarks:
            gathered.setdefault(bookmark.id, []).append((member, bookmark))
    name_order = {member.name: (fold(member.name), member.name) for member in members}
    covered = []
    for presentation_id, entries in gathered.items():
        presentation = program.presentations_by_id.get(presentation_id)
        going = sorted(
            (
                Going(member.name, bookmark.priority, chosen_slot(program, bookmark), bookmark.note)
                for member, bookmark in entries
            ),
            key=lambda going: (-going.priority.weight, name_order[going.member]),
        )
        title = presentation.title if presentation else max((bookmark.title for _, bookmark in entries), key=len)
        covered.append(Covered(presentation_id, title, presentation, tuple(going)))
    covered.sort(key=lambda entry: _order(program, entry))
    # A file holds one bookmark per presentation, so one entry is one person.
    alone = tuple(entry for entry in covered if entry.has_must and len(entry.going) == 1)
    return Coverage(tuple(covered), alone)


def _order(program: Program, entry: Covered) -> tuple[int, float, str, str]:
    if entry.presentation is None:
        return (2, 0.0, fold(entry.title), entry.id)
    spans = timed_spans(program, entry.presentation.slots)
    if not spans:
        return (1, 0.0, fold(entry.title), entry.id)
    return (0, spans[0].start.timestamp(), fold(entry.title), entry.id)
