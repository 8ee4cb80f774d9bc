"""The bookmark file: round trip, absent file, and a broken file that is never overwritten."""

import json
from datetime import UTC, datetime

import pytest

from planner.bookmarks.file import BookmarkFile, Priority, new_bookmark
from planner.bookmarks.store import (
    backup_path,
    dump_bookmarks,
    read_bookmarks,
    update_bookmarks,
)
from planner.errors import BookmarkFileError
from planner.paths import default_bookmark_path

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)


def test_absent_file_reads_as_empty_and_default_path_is_in_the_data_dir(user_data_dir):
    path = default_bookmark_path("neurips-2018")
    assert path.is_relative_to(user_data_dir)
    assert read_bookmarks(path, "neurips-2018").bookmarks == []


def test_update_saves_and_round_trips(tmp_path):
    path = tmp_path / "b.json"
    added = new_bookmark(
        "neural-ordinary-differential-equations", "Neural ODEs", now=NOW, priority=Priority.MUST, note="front row"
    )
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
        (
            '{"format": "planner-bookmarks", "version": 1, "conference": "c", "bookmarks": [{"id": "x"}]}',
            r"\$\.bookmarks\[0\]\.added",
        ),
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


# --- Hardening: every kind of bad file, backups, leftovers of killed writers ---------------------

GOOD_HEAD = '{"format": "planner-bookmarks", "version": 1, "conference": "c",\n "bookmarks": [\n'
ENTRY = '  {"id": "x", "added": "2026-01-01T00:00:00Z"}'


def a_valid_file() -> bytes:
    bookmarks = [new_bookmark(f"paper-{n}", f"Paper {n}", now=NOW, note="n" * 40) for n in range(20)]
    return dump_bookmarks(BookmarkFile(conference="c", owner="ann", bookmarks=bookmarks)).encode()


BAD_FILES = {
    "corrupt": (b"\x00\x01garbage{{", r"b\.json:1: not UTF-8|b\.json:1: not valid JSON"),
    "truncated": (a_valid_file()[: len(a_valid_file()) // 2], r"b\.json:\d+: not valid JSON"),
    "empty": (b"", r"b\.json:1: not valid JSON"),
    "unknown version": (
        b'{"format": "planner-bookmarks",\n "version": 2, "conference": "c"}',
        r"b\.json:2: .*version 2; this planner reads version 1",
    ),
    "version true": (b'{"format": "planner-bookmarks", "version": true, "conference": "c"}', "version True"),
    "wrong conference": (
        b'{"format": "planner-bookmarks", "version": 1,\n "conference": "iclr-2020"}',
        r"b\.json:2: these bookmarks are for 'iclr-2020', not 'c'",
    ),
    "not a bookmark file": (
        b'{"format": "planner-program", "version": 1, "conference": {"id": "c"}}',
        "not a planner bookmark file",
    ),
    "a list": (b"[1, 2, 3]", "not a planner bookmark file"),
    "not UTF-8": (
        GOOD_HEAD.encode() + b'  {"id": "x", "title": "caf\xe9", "added": "2026-01-01T00:00:00Z"}]}',
        r"b\.json:3: not UTF-8",
    ),
    "over 5 MB": (GOOD_HEAD.encode() + b" " * (5 * 1024 * 1024) + b"]}", "over the 5,242,880 byte limit"),
    "nested deep in an unknown field": (
        (GOOD_HEAD + '  {"id": "x", "added": "2026-01-01T00:00:00Z",\n   "more": ' + "[" * 40 + "]" * 40 + "}]}").encode(),
        r"b\.json:4: .*nested more than 32 levels",
    ),
    "nested past the decoder": (
        ('{"format": "planner-bookmarks",\n "a": ' + "[" * 100_000 + "]" * 100_000 + "}").encode(),
        r"b\.json:2: nested more than 32 levels",
    ),
    "NaN": (
        (GOOD_HEAD + '  {"id": "x", "added": "2026-01-01T00:00:00Z",\n   "score": NaN}]}').encode(),
        r"b\.json:4: at \$\.bookmarks\[0\]\.score: NaN is not a number",
    ),
    "a number too big to keep": (
        (GOOD_HEAD + '  {"id": "x", "added": "2026-01-01T00:00:00Z", "n": 1e999}]}').encode(),
        r"b\.json:3: at \$\.bookmarks\[0\]\.n",
    ),
    "a number of 5000 digits": (
        (GOOD_HEAD + '  {"id": "x", "added": "2026-01-01T00:00:00Z", "n": ' + "7" * 5000 + "}]}").encode(),
        r"at \$\.bookmarks\[0\]\.n: 7777",
    ),
    "NaN under a key that is not a plain name": (
        (GOOD_HEAD + '  {"id": "x", "added": "2026-01-01T00:00:00Z",\n   "my app.score": NaN}]}').encode(),
        r'b\.json:4: at \$\.bookmarks\[0\]\["my app\.score"\]: NaN',
    ),
    "a bookmark that is not an object": (
        (GOOD_HEAD + "  3]}").encode(),
        r"b\.json:3: at \$\.bookmarks\[0\]: Input should be a valid dictionary$",
    ),
    "a repeated key": (
        (GOOD_HEAD + '  {"id": "x", "added": "2026-01-01T00:00:00Z", "id": "y"}]}').encode(),
        r"b\.json:3: at \$\.bookmarks\[0\]: the key 'id' appears twice",
    ),
    "two bookmarks of one presentation": (
        (GOOD_HEAD + ENTRY + ",\n" + ENTRY + "]}").encode(),
        r"b\.json:4: at \$\.bookmarks\[1\]\.id: a second bookmark for 'x'",
    ),
    "a lone surrogate": (
        (GOOD_HEAD + '  {"id": "x", "added": "2026-01-01T00:00:00Z", "note": "\\udc80"}]}').encode(),
        r"b\.json:3: .*not valid Unicode",
    ),
    "an unknown priority": (
        (GOOD_HEAD + ENTRY + ',\n  {"id": "y", "priority": "urgent", "added": "2026-01-01T00:00:00Z"}]}').encode(),
        r"b\.json:4: at \$\.bookmarks\[1\]\.priority: Input should be 'must', 'want' or 'maybe'",
    ),
    "a time without its zone": (
        (GOOD_HEAD + '  {"id": "x", "added": "2026-01-01T00:00:00"}]}').encode(),
        r"b\.json:3: at \$\.bookmarks\[0\]\.added: Input should have timezone",
    ),
    "an id with an escape sequence": (
        (GOOD_HEAD + '  {"id": "x\\u001b[2J", "added": "2026-01-01T00:00:00Z"}]}').encode(),
        r"b\.json:3: .*one word, without spaces or control characters",
    ),
    "a conference id that is a path": (
        b'{"format": "planner-bookmarks", "version": 1, "conference": "../../etc/passwd"}',
        r"at \$\.conference: a conference id is",
    ),
    "more bookmarks than any conference has": (
        (GOOD_HEAD + ",\n".join(f'{{"id": "p{n}", "added": "2026-01-01T00:00:00Z"}}' for n in range(20_001)) + "]}").encode(),
        r"at \$\.bookmarks: List should have at most 20000 items",
    ),
}


@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_each_kind_of_bad_file_is_explained_with_its_line_and_left_byte_for_byte(tmp_path, kind):
    content, expected = BAD_FILES[kind]
    path = tmp_path / "b.json"
    path.write_bytes(content)
    with pytest.raises(BookmarkFileError, match=expected):
        read_bookmarks(path, "c")
    with pytest.raises(BookmarkFileError, match=expected):
        update_bookmarks(path, "c", lambda file: file.with_bookmark(new_bookmark("y", "Y", now=NOW)))
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.json"]  # no backup, no temporary, no lock file left


def test_every_save_keeps_the_previous_version_as_bak(tmp_path):
    path = tmp_path / "b.json"
    update_bookmarks(path, "c", lambda file: file.with_bookmark(new_bookmark("a", "A", now=NOW)))
    assert not backup_path(path).exists()  # there was no previous version
    first = path.read_bytes()
    update_bookmarks(path, "c", lambda file: file.with_bookmark(new_bookmark("b", "B", now=NOW)))
    assert backup_path(path).read_bytes() == first
    second = path.read_bytes()
    update_bookmarks(path, "c", lambda file: file.without("a"))
    assert backup_path(path).read_bytes() == second and read_bookmarks(path, "c").ids == {"b"}


def test_a_change_that_changes_nothing_writes_nothing(tmp_path):
    path = tmp_path / "b.json"
    update_bookmarks(path, "c", lambda file: file.with_bookmark(new_bookmark("a", "A", now=NOW)))
    stamp = path.stat().st_mtime_ns
    update_bookmarks(path, "c", lambda file: file)
    assert path.stat().st_mtime_ns == stamp and not backup_path(path).exists()


def test_temporary_files_left_by_a_killed_writer_are_removed_at_the_next_save(tmp_path):
    path = tmp_path / "b.json"
    leftovers = [tmp_path / ".b.json.k3j_x9q2.tmp", tmp_path / ".b.json.bak.a1b2c3d4.tmp"]
    others = [tmp_path / ".other.json.k3j_x9q2.tmp", tmp_path / "b.json.tmp", tmp_path / "notes.txt"]
    for file in leftovers + others:
        file.write_text("half a file")
    update_bookmarks(path, "c", lambda file: file.with_bookmark(new_bookmark("a", "A", now=NOW)))
    assert not any(file.exists() for file in leftovers)
    assert all(file.read_text() == "half a file" for file in others)


def test_a_result_that_would_not_read_back_is_not_saved(tmp_path):
    path = tmp_path / "b.json"
    update_bookmarks(path, "c", lambda file: file.with_bookmark(new_bookmark("a", "A", now=NOW)))
    before = path.read_bytes()
    too_long = new_bookmark("a", "A", now=NOW).model_copy(update={"note": "n" * 20_001})
    with pytest.raises(BookmarkFileError, match=r"not saved: .*at \$\.bookmarks\[0\]\.note"):
        update_bookmarks(path, "c", lambda file: file.with_bookmark(too_long))
    unwritable = new_bookmark("a", "A", now=NOW).model_copy(update={"note": "\udcff"})  # undecodable argv bytes
    with pytest.raises(BookmarkFileError, match=r"not saved: .*not valid Unicode"):
        update_bookmarks(path, "c", lambda file: file.with_bookmark(unwritable))
    assert path.read_bytes() == before


def test_what_is_not_a_regular_file_is_refused(tmp_path):
    (tmp_path / "folder.json").mkdir()
    with pytest.raises(BookmarkFileError, match=r"folder\.json: not a regular file"):
        read_bookmarks(tmp_path / "folder.json", "c")


def test_saving_through_a_symlink_updates_the_file_it_points_to(tmp_path):
    target = tmp_path / "synced" / "b.json"
    update_bookmarks(target, "c", lambda file: file.with_bookmark(new_bookmark("a", "A", now=NOW)))
    link = tmp_path / "b.json"
    link.symlink_to(target)
    update_bookmarks(link, "c", lambda file: file.with_bookmark(new_bookmark("b", "B", now=NOW)))
    assert link.is_symlink() and read_bookmarks(target, "c").ids == {"a", "b"}


def test_unknown_fields_are_data_never_paths_to_follow(tmp_path):
    elsewhere = tmp_path / "elsewhere.json"
    update_bookmarks(elsewhere, "c", lambda file: file.with_bookmark(new_bookmark("secret", "S", now=NOW)))
    path = tmp_path / "b.json"
    path.write_text(json.dumps({"format": "planner-bookmarks", "version": 1, "conference": "c", "include": str(elsewhere),
                                "bookmarks": [{"id": "x", "added": "2026-01-01T00:00:00Z", "$ref": str(elsewhere), "exec": "rm -rf ~"}]}))  # fmt: skip
    bookmarks = read_bookmarks(path, "c")
    assert bookmarks.ids == {"x"} and bookmarks.model_extra == {"include": str(elsewhere)}
    assert bookmarks.get("x").model_extra == {"$ref": str(elsewhere), "exec": "rm -rf ~"}


def test_errors_in_big_files_still_name_the_line(tmp_path):
    lines = [f'  {{"id": "p{n}", "added": "2026-01-01T00:00:00Z"}}' for n in range(3000)]
    lines[2500] = '  {"id": "p2500", "added": "2026-01-01T00:00:00Z", "priority": "MUST"}'
    path = tmp_path / "b.json"
    path.write_text(GOOD_HEAD + ",\n".join(lines) + "]}")
    with pytest.raises(BookmarkFileError, match=r"b\.json:2503: at \$\.bookmarks\[2500\]\.priority"):
        read_bookmarks(path, "c")


def test_a_broken_file_with_a_backup_says_where_the_last_good_version_is(tmp_path):
    path = tmp_path / "b.json"
    update_bookmarks(path, "c", lambda file: file.with_bookmark(new_bookmark("a", "A", now=NOW)))
    update_bookmarks(path, "c", lambda file: file.with_bookmark(new_bookmark("b", "B", now=NOW)))
    path.write_bytes(path.read_bytes()[:40])
    with pytest.raises(BookmarkFileError, match=r"not valid JSON .*\(the version before the last save is in b\.json\.bak\)"):
        read_bookmarks(path, "c")
    assert read_bookmarks(backup_path(path), "c").ids == {"a"}


def test_an_oversized_bookmark_file_is_reported_with_its_real_size(tmp_path):
    path = tmp_path / "b.json"
    path.write_bytes(b" " * (6 * 1024 * 1024))
    with pytest.raises(BookmarkFileError, match=r"6,291,456 bytes is over the 5,242,880 byte limit"):
        read_bookmarks(path, "c")
    with pytest.raises(BookmarkFileError, match=r"6,291,456 bytes"):
        update_bookmarks(path, "c", lambda file: file.with_bookmark(new_bookmark("y", "Y", now=NOW)))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.json"]
