"""Provides what a person is told about bookmark files: how one meets a program (found again, unknown, stale slots), and whose each is.

Both front ends say the same three things when a bookmark file is read against a program:
bookmarks found again under a new id by their title, bookmarks the program does not have (kept in
the file), and chosen slots the program no longer has. The command line says them in full on
stderr (`stderr_notes`), the TUI in a short notice (`notice_lines`). A team's files are called
by their owners' names (`member_names`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from planner.bookmarks.matching import MatchedBookmarks
from planner.plurals import plural_is
from planner.program.model import Program
from planner.wording.text import one_line

LISTED = 10
"""Unknown bookmarks named one by one on the command line; beyond that a count says the rest."""

NOTICED = 3
"""Bookmarks found again named one by one in the TUI's notice."""


def stderr_notes(matched: MatchedBookmarks, path: Path, program: Program, *, moved_note: str = "") -> list[str]:
    """The lines a command prints on stderr about `matched`, read from `path` (none when all is well)."""
    lines = [
        f"note: {path}: {one_line(moved.old_id)} is now {moved.new_id}, found again by its title{moved_note}"
        for moved in matched.moved
    ]
    if matched.unknown:
        count = len(matched.unknown)
        lines.append(
            f"note: {path}: {plural_is(count, 'bookmark')} not in the program of {program.conference.id}; kept in the file:"
        )
        lines += [f"  {one_line(bookmark.id)}  {one_line(bookmark.title)}".rstrip() for bookmark in matched.unknown[:LISTED]]
        if count > LISTED:
            lines.append(f"  … and {count - LISTED} more")
    # Worded for every command: clashes and plan then count the planner's pick, export and
    # `bookmark list` every slot, as for a bookmark that never chose one.
    lines += [
        f"note: {path}: the slot chosen for {bookmark.id} (session {one_line(bookmark.slot or '')}) is not one of its "
        "slots in this program; it counts as not chosen until you choose again"
        for bookmark in matched.stale_slots
    ]
    return lines


def notice_lines(matched: MatchedBookmarks) -> list[str]:
    """The lines of the TUI's notice about `matched` (none when all is well)."""
    lines = [f"“{one_line(moved.title)}” found again by its title, now {moved.new_id}" for moved in matched.moved[:NOTICED]]
    if len(matched.moved) > NOTICED:
        lines.append(f"… and {len(matched.moved) - NOTICED} more found again by title")
    if matched.moved:
        lines.append("saved so at your next change")
    if matched.unknown:
        lines.append(f"{plural_is(len(matched.unknown), 'bookmark')} not in this program; kept in your file")
    if matched.stale_slots:
        lines.append(f"{plural_is(len(matched.stale_slots), 'chosen slot')} no longer in the program; the planner chooses")
    return lines


def member_names(files: Sequence[tuple[Path, str]]) -> list[str]:
    """Each file's owner (its file name if it names none); a name two files share gets the file name added."""
    plain = [one_line(owner) or path.stem for path, owner in files]
    return [name if plain.count(name) == 1 else f"{name} ({path.name})" for name, (path, _) in zip(plain, files, strict=True)]
