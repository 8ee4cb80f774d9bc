"""Provides clashes and plans in the TUI: the marks a clash report puts on rows, taking a remedy, and "plan my days".

Every change goes through the app to the bookmark file (the engine re-reads it under its lock),
and the app then looks for clashes again, so the marks follow what the file says.
"""

from __future__ import annotations

from functools import partial

from planner.bookmarks.file import BookmarkFile
from planner.plurals import plural
from planner.program.times import format_range
from planner.schedule.clashes import ClashReport, find_clashes
from planner.schedule.plan import Plan, apply_plan, plan
from planner.tui.screens.confirm import ConfirmScreen
from planner.tui.state import PlannerState
from planner.wording.clashes import Offered, place, plan_text, quoted
from planner.wording.text import one_line


def warnings(report: ClashReport) -> dict[tuple[str, str], str]:
    """The mark each counted slot gets, by (presentation id, session id): an overlap outranks a
    tight change, which outranks a rushed poster session (one with too little time per poster)."""
    marked: dict[tuple[str, str], str] = {}
    for entry in report.crowded:
        if entry.rushed:
            marked.update(((slot.bookmark, slot.session), "crowded") for slot in entry.posters)
    for kind, clashes in (("tight", report.tight), ("overlap", report.overlaps)):
        for clash in clashes:
            marked.update(((slot.bookmark, slot.session), kind) for slot in (clash.first, clash.second))
    return marked


def clashing(report: ClashReport) -> set[str]:
    """Bookmarks in a clash or a rushed poster session: what "only the clashes" shows."""
    return {presentation_id for presentation_id, _ in warnings(report)}


# Remedies


def take(app: PlannerState, offered: Offered) -> None:
    """Take a remedy: pin the bookmark to the free slot, or keep one bookmark by removing the other's."""
    remedy = offered.remedy
    if remedy.action == "move" and remedy.slot is not None:
        slot = remedy.slot

        def pin(file: BookmarkFile) -> BookmarkFile:
            current = file.get(slot.bookmark)
            return file if current is None else file.with_bookmark(current.model_copy(update={"slot": slot.session}))

        app.change_bookmarks(pin, f"Moved {quoted(slot)} to {format_range(slot.span, app.zones[0])}, {place(slot)}")
        return
    given_up = remedy.over or ""
    bookmark = app.bookmarks.get(given_up) if app.bookmarks else None
    sides = {offered.clash.first.bookmark: offered.clash.first, offered.clash.second.bookmark: offered.clash.second}
    kept, dropped = quoted(sides[remedy.bookmark]), quoted(sides[given_up])

    def remove() -> None:
        app.change_bookmarks(
            lambda file: file.without(given_up),
            f"Kept {kept}; removed the bookmark on {dropped} (b in the program bookmarks it again)",
        )

    if bookmark is not None and bookmark.note:
        question = f"Remove the bookmark on {dropped}, and its note with it?"
        app.push_screen(ConfirmScreen(question, f"Its note:\n{one_line(bookmark.note)}"), lambda yes: remove() if yes else None)
        return
    remove()


# Plan my days


def plan_days(app: PlannerState) -> None:
    """Work out a plan in a worker, show what it would change, and pin those slots if the reader says yes."""
    if app.bookmarks is None:
        app.notify("Your bookmark file could not be read, so there is nothing to plan.", severity="warning", markup=False)
        return
    program, bookmarks, where = app.opened, app.bookmarks, app.zones[0]

    def work() -> None:
        chosen = plan(program, bookmarks)
        remaining = find_clashes(program, [choice.bookmark for choice in chosen.choices], chosen=chosen.chosen)
        app.call_from_thread(_planned, app, chosen, plan_text(program, chosen, remaining, where))

    app.run_worker(work, thread=True, group="plan", exclusive=True, description="plan your days")


def _planned(app: PlannerState, chosen: Plan, text: str) -> None:
    if not chosen.choices:
        app.notify("No bookmarks with a time to plan yet.", markup=False, timeout=4)
        return
    changes = sum(1 for choice in chosen.choices if choice.changed)
    if not changes:
        app.notify(
            text + "\n\nYour pinned slots are already this plan: nothing to change.",
            title="Plan my days",
            markup=False,
            timeout=8,
        )
        return
    app.push_screen(
        ConfirmScreen(f"Pin {plural(changes, 'bookmark')} to these slots in your file?", text),
        partial(_confirmed, app, chosen, changes),
    )


def _confirmed(app: PlannerState, chosen: Plan, changes: int, yes: bool | None) -> None:
    if yes:
        # The plan shown is the plan saved: bookmarks added since keep their slots, removed ones stay removed.
        app.change_bookmarks(
            lambda file: apply_plan(file, chosen),
            f"Planned: {plural(changes, 'bookmark')} pinned to their slots",
        )
