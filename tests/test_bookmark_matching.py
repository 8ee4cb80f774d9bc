"""Bookmarks against a program: found again by title after a re-import, unknown ones kept, stale slots reported."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from planner.bookmarks.file import BookmarkFile, Priority, new_bookmark
from planner.bookmarks.matching import chosen_slot, match_to_program
from planner.bookmarks.store import (
    read_bookmarks,
    read_program_bookmarks,
    update_program_bookmarks,
)
from planner.program.model import Program
from planner.program.program_file import load_program
from tests.conftest import FIXTURES

PROGRAM = load_program(FIXTURES / "bookmarks" / "program_with_twice_presented_poster.json")
NOW = datetime(2024, 4, 20, 9, tzinfo=UTC)


def file_of(*bookmarks) -> BookmarkFile:
    return BookmarkFile(conference="lab-conf-2024", owner="ann", bookmarks=list(bookmarks))


def test_a_bookmark_under_an_old_id_is_found_again_by_its_title_and_keeps_everything_else():
    old = new_bookmark(
        "diffusion-tables-2c1f", "Diffusion  for TABLES", now=NOW, priority=Priority.MUST, note="bring the notebook"
    )
    matched = match_to_program(file_of(old), PROGRAM)
    [moved] = matched.bookmarks.bookmarks
    assert moved.id == "paper-d" and moved.note == "bring the notebook" and moved.priority is Priority.MUST
    assert [(m.old_id, m.new_id) for m in matched.moved] == [("diffusion-tables-2c1f", "paper-d")]
    assert matched.unknown == ()


def test_old_and_new_id_both_bookmarked_become_one_with_what_each_said():
    old = new_bookmark("paper-d-v1", "Diffusion for Tables", now=NOW, priority=Priority.MUST, note="front row")
    new = new_bookmark("paper-d", "Diffusion for Tables", now=NOW, priority=Priority.MAYBE, note="with Bo")
    matched = match_to_program(file_of(new, old), PROGRAM)
    [merged] = matched.bookmarks.bookmarks
    assert merged.priority is Priority.MUST and "front row" in merged.note and "with Bo" in merged.note


def test_unknown_bookmarks_are_kept_in_place_and_reported():
    gone = new_bookmark("withdrawn", "A Paper That Was Withdrawn", now=NOW)
    untitled = new_bookmark("no-title", "", now=NOW)
    known = new_bookmark("paper-b", "Bandits in the Wild", now=NOW)
    matched = match_to_program(file_of(gone, known, untitled), PROGRAM)
    assert [b.id for b in matched.bookmarks.bookmarks] == ["withdrawn", "paper-b", "no-title"]
    assert [b.id for b in matched.unknown] == ["withdrawn", "no-title"]
    assert matched.moved == ()


def test_a_title_two_presentations_share_is_not_guessed():
    document = PROGRAM.model_dump()
    document["presentations"].append({**document["presentations"][1], "id": "paper-b-again"})
    twin = Program.model_validate(document)
    matched = match_to_program(file_of(new_bookmark("paper-b-old", "Bandits in the Wild", now=NOW)), twin)
    assert [b.id for b in matched.unknown] == ["paper-b-old"]


def test_a_slot_naming_a_session_that_does_not_exist_is_reported_and_not_used():
    ghost = new_bookmark("paper-a", "Attention", now=NOW, slot="poster-99")
    fine = new_bookmark("paper-c", "Certified", now=NOW, slot="poster-1")
    elsewhere = new_bookmark("paper-b", "Bandits", now=NOW, slot="poster-1")  # a session, but not this paper's
    matched = match_to_program(file_of(ghost, fine, elsewhere), PROGRAM)
    assert [b.id for b in matched.stale_slots] == ["paper-a", "paper-b"]
    assert chosen_slot(PROGRAM, ghost) is None and chosen_slot(PROGRAM, elsewhere) is None
    assert chosen_slot(PROGRAM, fine).session == "poster-1"
    assert matched.bookmarks.get("paper-a").slot == "poster-99"  # kept in the file all the same


def test_loading_rekeys_in_memory_and_the_next_save_keeps_the_new_ids(tmp_path):
    path = tmp_path / "mine.json"
    path.write_text(json.dumps({"format": "planner-bookmarks", "version": 1, "conference": "lab-conf-2024",
                                "bookmarks": [{"id": "old-id", "title": "Bandits in the wild", "added": "2024-04-01T00:00:00Z"}]}))  # fmt: skip
    before = path.read_bytes()
    assert read_program_bookmarks(path, PROGRAM).bookmarks.ids == {"paper-b"}
    assert path.read_bytes() == before  # reading writes nothing
    saved = update_program_bookmarks(
        path, PROGRAM, lambda file: file.with_bookmark(new_bookmark("paper-c", "Certified", now=NOW))
    )
    assert [(m.old_id, m.new_id) for m in saved.moved] == [("old-id", "paper-b")]
    assert read_bookmarks(path, "lab-conf-2024").ids == {"paper-b", "paper-c"}
