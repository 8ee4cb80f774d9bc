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
from planner.wording.bookmark_notes import stderr_notes


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
    for line in stderr_notes(matched, path, program, moved_note=moved_note):
        print(line, file=sys.stderr)
