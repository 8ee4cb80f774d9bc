"""Provides the export action: ask where, write the personal calendar (.ics) in a worker, say what was written.

The exporter is the command line's (planner.exporters.calendar_file): the same file, the same
memory of the last export, so a re-export from either updates events instead of duplicating them.
It is imported inside the worker: it brings icalendar, which the TUI's start does not need.
"""

from __future__ import annotations

from collections import Counter
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from planner.errors import PlannerError
from planner.plurals import plural
from planner.tui.colleagues import typed_path
from planner.tui.screens.confirm import ConfirmScreen
from planner.tui.screens.prompt import PromptScreen
from planner.tui.state import PlannerState
from planner.wording.text import one_line

if TYPE_CHECKING:
    from planner.exporters.ics import CalendarExport


def ask(app: PlannerState) -> None:
    """Ask where to write the calendar: `<conference>.ics` in the working folder unless told otherwise."""
    prompt = PromptScreen(
        f"Export your bookmarks as a calendar (.ics) to which file? (a relative path is taken from {app.setup.working_folder})",
        f"{app.opened.conference.id}.ics",
        placeholder="where to write the .ics",
        enter="export",
    )
    app.push_screen(prompt, partial(_answered, app))


def _answered(app: PlannerState, answer: str | None) -> None:
    if not answer or not answer.strip():
        return
    path = typed_path(answer, app.setup.working_folder)
    if path.exists() and path not in app.exported_to:
        question = f"{path} is already there. Replace it with your calendar?"
        app.push_screen(ConfirmScreen(question), lambda yes: _start(app, path) if yes else None)
        return
    _start(app, path)


def _start(app: PlannerState, path: Path) -> None:
    program, bookmark_file, where, clock = app.opened, app.bookmark_file, app.zones[0], app.setup.clock
    if bookmark_file is None:
        return  # no program opened through the picker yet

    def write() -> None:
        from planner.exporters.calendar_file import write_personal_calendar

        try:
            exported = write_personal_calendar(program, bookmark_file, path, clock=clock, where=where)
        except PlannerError as err:
            app.call_from_thread(app.report, err, "The calendar was not written")
            return
        app.call_from_thread(_written, app, path, exported)

    app.notify(f"Writing {path}…", markup=False, timeout=2)
    app.run_worker(write, thread=True, group="export", exclusive=True, description="write your calendar")


def _written(app: PlannerState, path: Path, exported: CalendarExport) -> None:
    app.exported_to.add(path)
    lines = [exported.summary]
    if exported.left_out:
        count = len(exported.left_out)
        reasons = Counter(item.reason for item in exported.left_out)
        why = "; ".join(f"{reason} ({number})" for reason, number in reasons.most_common())
        lines.append(f"Left out {plural(count, 'bookmark')}: {why}")
    elif exported.events == 0:
        lines.append("Only cancellations: your calendar drops the events of the bookmarks you removed")
    lines += [one_line(note) for note in exported.notes[:3]]
    app.notify("\n".join(lines), title=f"Wrote {path}", markup=False, timeout=10)
