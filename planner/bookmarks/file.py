"""Provides bookmarks: what a person wants to see, with a priority, a note and an optional chosen slot.

This is the content of the shareable bookmark file, as pure data. Reading and writing the file
(atomically, under a lock) is `planner.bookmark_store`'s job.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Final, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    field_validator,
)

# The limits and priorities live where the command line can read them without pydantic.
from planner.bookmarks.limits import MAX_NOTE, MAX_OWNER, Priority
from planner.program.ids import CONFERENCE_ID
from planner.search.authors import folded as folded_name

BOOKMARKS_FORMAT: Final = "planner-bookmarks"
BOOKMARKS_VERSION: Final = 1
MAX_BOOKMARKS = 20_000
"""More than any conference has presentations; a file claiming more is not a person's bookmarks."""
MAX_TITLE = 2_000
MAX_FOLLOWING = 1_000
"""More authors than anyone follows; a file claiming more is not a person's list."""
MAX_NAME = 200

_NOT_IN_A_TOKEN = re.compile(r"[\s\x00-\x1f\x7f-\x9f]")


def _token(text: str) -> str:
    if _NOT_IN_A_TOKEN.search(text):
        raise ValueError("must be one word, without spaces or control characters")
    return text


def _conference_id(text: str) -> str:
    if not CONFERENCE_ID.match(text):
        raise ValueError("a conference id is lowercase letters, digits and . - _ (e.g. neurips-2018)")
    return text


Token = Annotated[str, Field(min_length=1, max_length=200), AfterValidator(_token)]
"""A presentation or session id: one word a person can type, as the program's ids are."""


def _author_name(text: str) -> str:
    if _NOT_IN_A_NAME.search(text) or not text.strip():
        raise ValueError("an author's name is one line of text, not empty")
    return text


_NOT_IN_A_NAME = re.compile(r"[\x00-\x1f\x7f-\x9f]")
AuthorName = Annotated[str, Field(min_length=1, max_length=MAX_NAME), AfterValidator(_author_name)]
"""A person's name as they type it ("Kyunghyun Cho", "K. Cho")."""
_AUTHOR_NAME: TypeAdapter[str] = TypeAdapter(AuthorName)


class RepeatedBookmarkError(ValueError):
    """Two bookmarks in one file name the same presentation; `index` is the second one's place."""

    def __init__(self, presentation_id: str, first: int, index: int) -> None:
        super().__init__(f"a second bookmark for {presentation_id!r} (the first is bookmarks[{first}])")
        self.index = index


class Bookmark(BaseModel):
    """One bookmarked presentation. Unknown fields a colleague's planner wrote are kept."""

    model_config = ConfigDict(frozen=True, extra="allow")

    id: Token
    """The presentation id in the program."""
    title: Annotated[str, Field(max_length=MAX_TITLE)] = ""
    """The title when bookmarked, so the entry still means something if ids drift."""
    slot: Token | None = None
    """The session id of the chosen slot; None lets the planner choose."""
    priority: Priority = Priority.WANT
    note: Annotated[str, Field(max_length=MAX_NOTE)] = ""
    added: AwareDatetime


class BookmarkFile(BaseModel):
    """A person's bookmarks for one conference: the file they share with colleagues."""

    model_config = ConfigDict(frozen=True, extra="allow")

    format: Literal["planner-bookmarks"] = BOOKMARKS_FORMAT
    version: Literal[1] = BOOKMARKS_VERSION
    conference: Annotated[str, Field(max_length=80), AfterValidator(_conference_id)]
    owner: Annotated[str, Field(max_length=MAX_OWNER)] = ""
    """The display name colleagues see in `planner team`."""
    bookmarks: Annotated[list[Bookmark], Field(max_length=MAX_BOOKMARKS)] = []
    following: Annotated[list[AuthorName], Field(max_length=MAX_FOLLOWING)] = []
    """Authors whose presentations are marked and suggested, as the person typed their names."""

    @field_validator("following")
    @classmethod
    def _each_author_once(cls, following: list[str]) -> list[str]:
        seen: dict[str, int] = {}
        for index, name in enumerate(following):
            key = folded_name(name)
            if key in seen:
                raise ValueError(f"{name!r} is followed twice (also following[{seen[key]}])")
            seen[key] = index
        return following

    @field_validator("bookmarks")
    @classmethod
    def _one_bookmark_per_presentation(cls, bookmarks: list[Bookmark]) -> list[Bookmark]:
        seen: dict[str, int] = {}
        for index, bookmark in enumerate(bookmarks):
            if bookmark.id in seen:
                raise RepeatedBookmarkError(bookmark.id, seen[bookmark.id], index)
            seen[bookmark.id] = index
        return bookmarks

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

    def follows(self, name: str) -> bool:
        return folded_name(name) in {folded_name(followed) for followed in self.following}

    def with_author(self, name: str) -> BookmarkFile:
        """This file following `name` too (unchanged if it follows that name already, however written)."""
        if self.follows(name):
            return self
        return self.model_copy(update={"following": [*self.following, _AUTHOR_NAME.validate_python(" ".join(name.split()))]})

    def without_author(self, name: str) -> BookmarkFile:
        key = folded_name(name)
        return self.model_copy(update={"following": [followed for followed in self.following if folded_name(followed) != key]})

    def without(self, presentation_id: str) -> BookmarkFile:
        return self.model_copy(update={"bookmarks": [b for b in self.bookmarks if b.id != presentation_id]})


def new_bookmark(presentation_id: str, title: str, *, now: datetime, priority: Priority = Priority.WANT,
                 note: str = "", slot: str | None = None) -> Bookmark:  # fmt: skip
    """A bookmark made now; a title longer than a bookmark file holds is cut, being only a reminder."""
    return Bookmark(id=presentation_id, title=title[:MAX_TITLE], slot=slot, priority=priority, note=note, added=now)
