"""Provides a command's view of the person's own bookmarks: read against the program, with notes on stderr.

Any command that shows or uses bookmarks (list --bookmarked, clashes, export, team) reads them
here, so each tells the person the same things: bookmarks found again under a new id, bookmarks
the program does not have (kept in the file), and chosen slots the program no longer has.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from planner.bookmark_matching import MatchedBookmarks
from planner.bookmark_store import read_program_bookmarks
from planner.cli.context import bookmarks_path
from planner.cli.output import one_line
from planner.model import Program

_LISTED = 10
"""Unknown bookmarks named one by one; beyond that a count says the rest."""


def my_bookmarks(args: argparse.Namespace, program: Program) -> MatchedBookmarks:
    """The person's bookmarks for `program`. Raises BookmarkFileError if their file is broken."""
    path = bookmarks_path(args, program)
    matched = read_program_bookmarks(path, program)
    tell(matched, path, program, moved_note=" (saved so at your next change)")
    return matched


def tell(matched: MatchedBookmarks, path: Path, program: Program, *, moved_note: str = "") -> None:
    """Say on stderr what a person should know about how a bookmark file meets the program."""
    for moved in matched.moved:
        print(f"note: {path}: {one_line(moved.old_id)} is now {moved.new_id}, found again by its title{moved_note}", file=sys.stderr)
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
        print(
            f"note: {path}: the slot chosen for {bookmark.id} (session {one_line(bookmark.slot or '')}) is not one of its "
            "slots in this program; the planner will choose",
            file=sys.stderr,
        )
