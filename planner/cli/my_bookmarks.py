"""Provides a command's view of the person's own bookmarks: read and changed against the program, with notes on stderr.

Every command that shows, uses or changes bookmarks (bookmark, list --bookmarked, team, clashes,
plan, export) reads and saves them here, so each sees the same bookmarks (ids found again by
title) and tells the person the same things: bookmarks found again under a new id, bookmarks the
program does not have (kept in the file), and chosen slots the program no longer has.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from planner.bookmarks.file import BookmarkFile
from planner.bookmarks.matching import MatchedBookmarks
from planner.bookmarks.store import read_program_bookmarks, update_program_bookmarks
from planner.cli.context import bookmarks_path
from planner.program.model import Program
from planner.wording.text import one_line

_LISTED = 10
"""Unknown bookmarks named one by one; beyond that a count says the rest."""


def my_bookmarks(args: argparse.Namespace, program: Program) -> MatchedBookmarks:
    """The person's bookmarks for `program`. Raises BookmarkFileError if their file is broken."""
    path = bookmarks_path(args, program)
    matched = read_program_bookmarks(path, program)
    tell(matched, path, program, moved_note=" (saved so at your next change)")
    return matched


def change_my_bookmarks(
    args: argparse.Namespace, program: Program, change: Callable[[BookmarkFile], BookmarkFile]
) -> MatchedBookmarks:
    """Apply `change` to the person's file under its lock (ids found again by title are saved under
    their new ids), and say what the saved file holds that the program does not."""
    path = bookmarks_path(args, program)
    matched = update_program_bookmarks(path, program, change)
    tell(matched, path, program)
    return matched


def tell(matched: MatchedBookmarks, path: Path, program: Program, *, moved_note: str = "") -> None:
    """Say on stderr what a person should know about how a bookmark file meets the program."""
    for moved in matched.moved:
        print(
            f"note: {path}: {one_line(moved.old_id)} is now {moved.new_id}, found again by its title{moved_note}", file=sys.stderr
        )
    if matched.unknown:
        count = len(matched.unknown)
        print(
            f"note: {path}: {count} bookmark{'s are' if count != 1 else ' is'} not in the program of "
            f"{program.conference.id}; kept in the file:",
            file=sys.stderr,
        )
        for bookmark in matched.unknown[:_LISTED]:
            print(f"  {one_line(bookmark.id)}  {one_line(bookmark.title)}".rstrip(), file=sys.stderr)
        if count > _LISTED:
            print(f"  … and {count - _LISTED} more", file=sys.stderr)
    for bookmark in matched.stale_slots:
        # Worded for every command: clashes and plan then count the planner's pick, export and
        # `bookmark list` every slot, as for a bookmark that never chose one.
        print(
            f"note: {path}: the slot chosen for {bookmark.id} (session {one_line(bookmark.slot or '')}) is not one of its "
            "slots in this program; it counts as not chosen until you choose again",
            file=sys.stderr,
        )
