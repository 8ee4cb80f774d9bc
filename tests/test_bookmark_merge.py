"""Merging bookmark files: adds and never deletes; idempotent and order-independent (property-tested)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.bookmarks.file import Bookmark, BookmarkFile, Priority, folded_name
from planner.bookmarks.merge import (
    NOTE_SEPARATOR,
    merge_bookmark,
    merge_bookmarks,
    merge_notes,
)
from planner.bookmarks.store import dump_bookmarks, parse_bookmarks
from planner.errors import BookmarkFileError

NOON = datetime(2026, 11, 25, 12, tzinfo=UTC)
# The same instant written with another offset, and two other instants.
MOMENTS = [NOON, NOON.astimezone(timezone(timedelta(hours=-5))), NOON + timedelta(minutes=1), NOON - timedelta(days=3)]

# Small alphabets, so that equal ids, prefixes, separators and stray whitespace all turn up often.
notes = st.lists(st.sampled_from(["a", "b", " ", "\n", "⁂", "\x1c", "front row", NOTE_SEPARATOR]), max_size=8).map("".join)
extras = st.dictionaries(
    st.sampled_from(["colour", "stars", "_fields_set"]),
    st.one_of(st.integers(0, 2), st.booleans(), st.text("xy", max_size=2)),
    max_size=2,
)


@st.composite
def bookmarks(draw: st.DrawFn, presentation_id: str | None = None) -> Bookmark:
    fields = {
        "id": presentation_id or draw(st.sampled_from(["p1", "p2", "p3", "p4"])),
        "title": draw(st.sampled_from(["", "Neural ODEs", "Neural ODEs!", "Zebra"])),
        "slot": draw(st.sampled_from([None, "poster-1", "poster-2"])),
        "priority": draw(st.sampled_from(Priority)),
        "note": draw(notes),
        "added": draw(st.sampled_from(MOMENTS)),
    }
    return Bookmark.model_validate({**draw(extras), **fields})


@st.composite
def files(draw: st.DrawFn) -> BookmarkFile:
    drawn = draw(st.lists(bookmarks(), max_size=4, unique_by=lambda bookmark: bookmark.id))
    following = draw(st.lists(st.sampled_from(AUTHORS), max_size=4, unique_by=folded_name))
    return BookmarkFile(conference="c", owner=draw(st.sampled_from(["ann", "bo"])), bookmarks=drawn, following=following)


# One person written several ways, and two others.
AUTHORS = ["Kyunghyun Cho", "kyunghyun cho", "Kyunghyun  Cho.", "Jürgen Schmidhuber", "Jurgen Schmidhuber", "Ana Ruiz"]


def followed(file: BookmarkFile) -> set[str]:
    return {folded_name(name) for name in file.following}


same_presentation = bookmarks(presentation_id="p1")


def by_id(file: BookmarkFile) -> dict[str, Bookmark]:
    return {bookmark.id: bookmark for bookmark in file.bookmarks}


@given(same_presentation, same_presentation)
def test_merging_two_bookmarks_is_commutative(one, other):
    assert merge_bookmark(one, other) == merge_bookmark(other, one)


@given(same_presentation, same_presentation, same_presentation)
def test_merging_bookmarks_is_associative(one, two, three):
    assert merge_bookmark(merge_bookmark(one, two), three) == merge_bookmark(one, merge_bookmark(two, three))


@given(same_presentation, same_presentation)
def test_merging_bookmarks_is_idempotent(one, other):
    merged = merge_bookmark(one, other)
    assert merge_bookmark(one, one) == one
    assert merge_bookmark(merged, other) == merged and merge_bookmark(merged, merged) == merged


@given(same_presentation, same_presentation)
def test_a_merged_bookmark_keeps_the_higher_priority_and_every_word_of_both_notes(one, other):
    merged = merge_bookmark(one, other)
    assert merged.priority.weight == max(one.priority.weight, other.priority.weight)
    assert merged.added == min(one.added, other.added)
    assert merged.slot == (min(s for s in (one.slot, other.slot) if s) if one.slot or other.slot else None)
    for note in (one.note, other.note):
        for part in said(note):
            # Nothing said is lost: each part is still there, or a longer part that starts with it.
            assert any(kept.startswith(part) for kept in said(merged.note))
    assert set(merged.model_extra) == set(one.model_extra) | set(other.model_extra)


@given(files(), files(), files())
def test_merging_files_is_order_independent(mine, theirs, others):
    assert merge_bookmarks(mine, [theirs, others]) == merge_bookmarks(mine, [others, theirs])
    one_way = merge_bookmarks(merge_bookmarks(mine, [theirs]), [others])
    other_way = merge_bookmarks(merge_bookmarks(mine, [others]), [theirs])
    assert by_id(one_way) == by_id(other_way)
    assert followed(one_way) == followed(other_way) == followed(mine) | followed(theirs) | followed(others)
    # Whose file it is decides the owner, not what the bookmarks become.
    assert by_id(merge_bookmarks(mine, [theirs])) == by_id(merge_bookmarks(theirs, [mine]))


@given(files(), files())
def test_merging_files_is_idempotent(mine, theirs):
    once = merge_bookmarks(mine, [theirs])
    assert merge_bookmarks(mine, [mine]) == mine
    assert merge_bookmarks(once, [theirs]) == once
    assert merge_bookmarks(once, [mine, theirs, once]) == once


@given(files(), files())
def test_merging_adds_and_never_deletes(mine, theirs):
    merged = merge_bookmarks(mine, [theirs])
    assert merged.ids == mine.ids | theirs.ids
    assert merged.following[: len(mine.following)] == mine.following
    assert followed(merged) == followed(mine) | followed(theirs)
    assert [b.id for b in merged.bookmarks[: len(mine.bookmarks)]] == [b.id for b in mine.bookmarks]
    assert merged.owner == mine.owner
    # What merging makes can be saved and read back unchanged.
    assert parse_bookmarks(dump_bookmarks(merged).encode(), name="merged.json") == merged


def test_notes_the_longer_extending_one_wins_different_ones_are_both_kept_longer_first():
    assert merge_notes("front row", "front row, ask about the code") == "front row, ask about the code"
    assert merge_notes("", "ask about the code") == "ask about the code"
    assert merge_notes("meet Ana", "ask about the code") == f"ask about the code{NOTE_SEPARATOR}meet Ana"
    assert merge_notes("same  ", "same  ") == "same  "


def test_a_file_for_another_conference_is_not_merged():
    with pytest.raises(BookmarkFileError, match="for 'other', not 'c'"):
        merge_bookmarks(BookmarkFile(conference="c"), [BookmarkFile(conference="other")])


def said(note: str) -> set[str]:
    """What a note says: its parts between lines that are only the separator glyph, stripped."""
    parts, lines = set(), []
    for line in [*note.split("\n"), "⁂"]:
        if line.strip() == "⁂":
            parts.add("\n".join(lines).strip())
            lines = []
        else:
            lines.append(line)
    return parts - {""}


def test_following_is_validated_kept_and_read_back():
    file = BookmarkFile(conference="c").with_author("Kyunghyun Cho").with_author("K. Cho").with_author("kyunghyun  CHO")
    assert file.following == ["Kyunghyun Cho", "K. Cho"]  # an initial may be another person: both kept
    assert file.follows("Kyunghyun Cho") and not file.follows("Kevin Cho")
    assert file.without_author("KYUNGHYUN CHO").following == ["K. Cho"]
    assert parse_bookmarks(dump_bookmarks(file).encode(), name="f.json") == file
    assert '"following"' not in dump_bookmarks(BookmarkFile(conference="c"))
    with pytest.raises(ValueError, match="followed twice"):
        BookmarkFile(conference="c", following=["Jürgen Schmidhuber", "jurgen schmidhuber"])
    for bad in ["", "   ", "a\nb", "x" * 201]:
        with pytest.raises(ValueError):
            BookmarkFile(conference="c", following=[bad])
    with pytest.raises(BookmarkFileError, match="following"):
        parse_bookmarks(b'{"format": "planner-bookmarks", "version": 1, "conference": "c", "following": [3]}', name="f.json")
