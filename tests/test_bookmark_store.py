"""The bookmark file: round trip, absent file, and a broken file that is never overwritten."""

from datetime import UTC, datetime

import pytest

from planner.bookmark_store import default_bookmark_path, read_bookmarks, update_bookmarks
from planner.bookmarks import BookmarkFile, Priority, new_bookmark
from planner.errors import BookmarkFileError

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)


def test_absent_file_reads_as_empty_and_default_path_is_in_the_data_dir(user_data_dir):
    path = default_bookmark_path("neurips-2018")
    assert path.is_relative_to(user_data_dir)
    assert read_bookmarks(path, "neurips-2018").bookmarks == []


def test_update_saves_and_round_trips(tmp_path):
    path = tmp_path / "b.json"
    added = new_bookmark("neural-ordinary-differential-equations", "Neural ODEs", now=NOW, priority=Priority.MUST, note="front row")
    update_bookmarks(path, "neurips-2018", lambda file: file.with_bookmark(added))
    again = read_bookmarks(path, "neurips-2018")
    assert again.bookmarks == [added]
    assert again.get(added.id).priority is Priority.MUST


def test_unknown_fields_are_kept_through_a_save(tmp_path):
    path = tmp_path / "b.json"
    path.write_text('{"format": "planner-bookmarks", "version": 1, "conference": "c", "owner": "ann", "colour": "teal",'
                    ' "bookmarks": [{"id": "x", "added": "2026-01-01T00:00:00Z", "stars": 5}]}', encoding="utf-8")  # fmt: skip
    update_bookmarks(path, "c", lambda file: file.with_bookmark(new_bookmark("y", "Y", now=NOW)))
    text = path.read_text(encoding="utf-8")
    assert '"colour": "teal"' in text and '"stars": 5' in text


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"format": "planner-bookmarks", "version": 1,\n "conference": ', r"b\.json:2: not valid JSON"),
        ('{"format": "planner-bookmarks", "version": 9, "conference": "c"}', "version 9"),
        ('{"hello": "world"}', "not a planner bookmark file"),
        ('{"format": "planner-bookmarks", "version": 1, "conference": "c", "bookmarks": [{"id": "x"}]}', r"\$\.bookmarks\[0\]\.added"),
        ('{"format": "planner-bookmarks", "version": 1, "conference": "other"}', "for 'other', not 'c'"),
    ],
)
def test_a_broken_file_is_explained_and_left_byte_for_byte(tmp_path, content, expected):
    path = tmp_path / "b.json"
    path.write_text(content, encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(BookmarkFileError, match=expected):
        update_bookmarks(path, "c", lambda file: file.with_bookmark(new_bookmark("y", "Y", now=NOW)))
    assert path.read_bytes() == before


def test_with_bookmark_replaces_in_place_and_without_removes():
    first, second = new_bookmark("a", "A", now=NOW), new_bookmark("b", "B", now=NOW)
    file = BookmarkFile(conference="c").with_bookmark(first).with_bookmark(second)
    file = file.with_bookmark(first.model_copy(update={"priority": Priority.MAYBE}))
    assert [b.id for b in file.bookmarks] == ["a", "b"] and file.get("a").priority is Priority.MAYBE
    assert file.without("a").ids == {"b"}
    assert Priority.MUST.next() is Priority.WANT and Priority.MAYBE.next() is Priority.MUST
