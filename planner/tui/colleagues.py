"""Provides colleagues' bookmark files in the TUI: merging one into yours, and loading them as the team (who is going).

A colleague's file is read in a worker, through the same engine calls as `planner bookmarks merge`
and `planner team`; your own file is changed only on the UI thread, through the app, so no two
saves of it ever race. A bad file is a notification and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from planner.bookmarks.file import BookmarkFile
from planner.bookmarks.matching import MatchedBookmarks
from planner.bookmarks.merge import merge_bookmarks, merge_changes
from planner.bookmarks.store import read_program_bookmarks
from planner.bookmarks.team import Covered, Member, team_coverage
from planner.errors import BookmarkFileError, PlannerError
from planner.files import same_file
from planner.plurals import plural
from planner.program.model import Program
from planner.tui.screens.prompt import PromptScreen
from planner.tui.state import PlannerState, TeamFile
from planner.wording.bookmark_notes import member_names
from planner.wording.text import clip, one_line

LISTED = 5
"""New bookmarks named one by one in the notification; beyond that a count says the rest."""


def typed_path(text: str, folder: Path) -> Path:
    """A path as typed: `~` is the home folder, and a relative path is taken from `folder`."""
    path = Path(text.strip()).expanduser()
    return path if path.is_absolute() else folder / path


def read_colleague_file(path: Path, program: Program, own: Path | None) -> MatchedBookmarks:
    """A colleague's bookmarks read against `program`; raises BookmarkFileError for a file that is
    not there, is your own, or is not a bookmark file of this conference."""
    if not path.is_file():
        raise BookmarkFileError("no such file", file=str(path))
    if own is not None and same_file(path, own):
        raise BookmarkFileError("this is your own bookmark file", file=str(path))
    return read_program_bookmarks(path, program)


def _in_worker(
    app: PlannerState, paths: Sequence[Path], then: Callable[[list[tuple[Path, MatchedBookmarks]]], None], failed: str
) -> None:
    """Read `paths` off the UI thread; `then` gets the ones that read, each failure is notified."""
    program, own = app.opened, app.bookmark_file

    def read() -> None:
        found = []
        for path in paths:
            try:
                found.append((path, read_colleague_file(path, program, own)))
            except PlannerError as err:
                app.call_from_thread(app.report, err, failed)
        if found:
            app.call_from_thread(then, found)

    app.run_worker(read, thread=True, group="colleagues", description="read a colleague's bookmark file")


def _ask_for_a_file(app: PlannerState, question: str, enter: str, then: Callable[[Path], None]) -> None:
    """Ask for the path of a colleague's file; `then` gets it, taken from the working folder."""

    def answered(answer: str | None) -> None:
        if answer and answer.strip():
            then(typed_path(answer, app.setup.working_folder))

    app.push_screen(PromptScreen(question, placeholder="their file, e.g. ~/Downloads/ann.json", enter=enter), answered)


# Merging


def ask_merge(app: PlannerState) -> None:
    _ask_for_a_file(
        app,
        "Merge a colleague's bookmark file into yours — it adds bookmarks, never deletes",
        "merge",
        lambda path: _in_worker(app, [path], partial(_merge, app), "Nothing merged; your bookmarks are as they were"),
    )


def _merge(app: PlannerState, found: list[tuple[Path, MatchedBookmarks]]) -> None:
    [(path, theirs)] = found
    before: BookmarkFile | None = None

    def change(mine: BookmarkFile) -> BookmarkFile:
        nonlocal before
        before = mine
        return merge_bookmarks(mine, [theirs.bookmarks])

    after = app.change_bookmarks(change, None, failed="Nothing merged")
    if after is None or before is None:
        return
    added, updated = merge_changes(before, after)
    owner = f" ({one_line(theirs.bookmarks.owner)})" if theirs.bookmarks.owner else ""
    lines = [f"{len(added)} new, {len(updated)} updated" + ("" if added or updated else ": you had them all already")]
    lines += [f"+ {clip(one_line(bookmark.title or bookmark.id), 60)}" for bookmark in added[:LISTED]]
    if len(added) > LISTED:
        lines.append(f"… and {len(added) - LISTED} more")
    if theirs.unknown:
        lines.append(f"{len(theirs.unknown)} of theirs are not in this program (kept in your file)")
    app.notify("\n".join(lines), title=f"Merged {path.name}{owner}", markup=False, timeout=8)


# The team


def ask_team(app: PlannerState) -> None:
    question = "Add a colleague's bookmark file to the team — the detail then shows who is going"
    _ask_for_a_file(app, question, "add them", lambda path: load_team(app, [path]))


def load_team(app: PlannerState, paths: Sequence[Path]) -> None:
    """Add the files at `paths` to the team (a file already in it is read again)."""
    if paths:
        _in_worker(app, paths, partial(_joined, app), "Not added to the team")


def _joined(app: PlannerState, found: list[tuple[Path, MatchedBookmarks]]) -> None:
    files = [(entry.path, entry.bookmarks) for entry in app.team]
    for path, matched in found:
        files = [(kept, bookmarks) for kept, bookmarks in files if not same_file(kept, path)]
        files.append((path, matched.bookmarks))
    names = member_names([(path, bookmarks.owner) for path, bookmarks in files])
    app.team = tuple(TeamFile(name, path, bookmarks) for name, (path, bookmarks) in zip(names, files, strict=True))
    joined = ", ".join(entry.name for entry in app.team[len(app.team) - len(found) :])
    app.notify(
        f"{joined} joined the team: the detail pane says who is going to what ({plural(len(app.team), 'file')} loaded)",
        markup=False,
        timeout=6,
    )


def coverage(program: Program, team: Sequence[TeamFile]) -> dict[str, Covered]:
    """Who of the team is going to each presentation they bookmarked, by presentation id."""
    if not team:
        return {}
    covered = team_coverage(program, [Member(entry.name, entry.bookmarks) for entry in team])
    return {entry.id: entry for entry in covered.presentations}
