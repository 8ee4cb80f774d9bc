"""Provides bookmarks: what a person wants to see, with a priority, a note and an optional chosen slot.

This is the content of the shareable bookmark file, as pure data. Reading and writing the file
(atomically, under a lock) is `planner.bookmark_store`'s job.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

BOOKMARKS_FORMAT = "planner-bookmarks"
BOOKMARKS_VERSION = 1


class Priority(StrEnum):
    """How much a person wants to be there; clash remedies and the planner weigh by it."""

    MUST = "must"
    WANT = "want"
    MAYBE = "maybe"

    @property
    def weight(self) -> int:
        return {"must": 3, "want": 2, "maybe": 1}[self.value]

    def next(self) -> Priority:
        """The priority after this one, cycling must → want → maybe → must."""
        order = list(Priority)
        return order[(order.index(self) + 1) % len(order)]


class Bookmark(BaseModel):
    """One bookmarked presentation. Unknown fields a colleague's planner wrote are kept."""

    model_config = ConfigDict(frozen=True, extra="allow")

    id: Annotated[str, Field(min_length=1, max_length=200)]
    """The presentation id in the program."""
    title: Annotated[str, Field(max_length=2000)] = ""
    """The title when bookmarked, so the entry still means something if ids drift."""
    slot: Annotated[str, Field(max_length=200)] | None = None
    """The session id of the chosen slot; None lets the planner choose."""
    priority: Priority = Priority.WANT
    note: Annotated[str, Field(max_length=20_000)] = ""
    added: AwareDatetime


class BookmarkFile(BaseModel):
    """A person's bookmarks for one conference: the file they share with colleagues."""

    model_config = ConfigDict(frozen=True, extra="allow")

    format: Literal["planner-bookmarks"] = BOOKMARKS_FORMAT
    version: Literal[1] = BOOKMARKS_VERSION
    conference: Annotated[str, Field(min_length=1, max_length=80)]
    owner: Annotated[str, Field(max_length=200)] = ""
    bookmarks: list[Bookmark] = []

    def get(self, presentation_id: str) -> Bookmark | None:
        for bookmark in self.bookmarks:
            if bookmark.id == presentation_id:
                return bookmark
        return None

    @property
    def ids(self) -> frozenset[str]:
        return frozenset(bookmark.id for bookmark in self.bookmarks)

    def with_bookmark(self, bookmark: Bookmark) -> BookmarkFile:
        """This file with `bookmark` added, or replacing the one with the same id in place."""
        kept = [bookmark if existing.id == bookmark.id else existing for existing in self.bookmarks]
        if self.get(bookmark.id) is None:
            kept.append(bookmark)
        return self.model_copy(update={"bookmarks": kept})

    def without(self, presentation_id: str) -> BookmarkFile:
        return self.model_copy(update={"bookmarks": [b for b in self.bookmarks if b.id != presentation_id]})


def new_bookmark(presentation_id: str, title: str, *, now: datetime, priority: Priority = Priority.WANT,
                 note: str = "", slot: str | None = None) -> Bookmark:  # fmt: skip
    return Bookmark(id=presentation_id, title=title, slot=slot, priority=priority, note=note, added=now)
