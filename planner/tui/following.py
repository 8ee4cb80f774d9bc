"""Provides the TUI's side of a followed program: on open, what the last update changed for you; `u` to update now, in a worker; `C` for the changes.

The keys are bound only when the open program is a followed one, so nothing changes for a
program opened from a file.
"""

from __future__ import annotations

from textual.worker import get_current_worker

from planner.errors import PlannerError
from planner.following.changes import ChangeKind, ProgramChanges
from planner.following.followed import Followed, age, changes_since, find_followed, update
from planner.following.plan import PlanChanges
from planner.program.model import Program
from planner.tui.messages import ProgramChosen, RevealAsked
from planner.tui.screens.changes import ChangesScreen
from planner.tui.state import PlannerState
from planner.wording.following import update_summary


def followed_of(program: Program | None) -> Followed | None:
    if program is None:
        return None
    try:
        return find_followed(program.conference.id)
    except PlannerError:
        return None


def on_open(app: PlannerState, program: Program) -> None:
    """Bind `u` and `C` for a followed program, and say what its last update changed for the reader."""
    followed = followed_of(program)
    if followed is None:
        return
    app.bind("u", "update_program", description="Update the program from its URL", show=False)
    app.bind("C", "program_changes", description="Changes in the last update", show=False)
    if len(followed.versions) < 2:
        return
    app.run_worker(lambda: _announce(app, followed), thread=True, exclusive=True, group="changes", description="compare versions")


def _yours(app: PlannerState, changes: ProgramChanges) -> PlanChanges:
    ids = app.bookmarks.ids if app.bookmarks is not None else frozenset()
    yours, others = changes.about(ids), changes.others(ids)
    kinds = {kind: len({c.id for c in yours if c.kind is kind}) for kind in ChangeKind}
    return PlanChanges(yours, others, bookmarked=len(ids), kinds={kind: count for kind, count in kinds.items() if count})


def _announce(app: PlannerState, followed: Followed) -> None:
    _, changes = changes_since(followed)
    plan = _yours(app, changes)
    when = age(followed.fetched, app.setup.clock())
    message = f"Program updated {when}: {update_summary(plan)}. Press C to see the changes."
    app.call_from_thread(app.notify, message, title=followed.id, markup=False, timeout=10)


def show_changes(app: PlannerState) -> None:
    followed = followed_of(app.program)
    if followed is None:
        return
    baseline, changes = changes_since(followed)
    plan = _yours(app, changes)
    now = app.setup.clock()
    heading = (
        f"{followed.id}: changes from the version fetched {age(baseline.fetched, now)} to the one fetched "
        f"{age(followed.fetched, now)} — Enter goes to one, Escape closes"
    )

    def go(presentation_id: str | None) -> None:
        if presentation_id and app.program is not None and presentation_id in app.program.presentations_by_id:
            app.post_message(RevealAsked(presentation_id=presentation_id))

    app.push_screen(ChangesScreen(heading, plan.yours, plan.others), go)


def update_now(app: PlannerState) -> None:
    """Fetch the open followed program again in a worker; the reader is told what changed, and the program reopens."""
    followed = followed_of(app.program)
    if followed is None:
        return
    app.notify(f"Updating {followed.id} from {followed.url} …", markup=False, timeout=3)

    def job() -> None:
        try:
            updated = update(followed, bookmarks=app.bookmark_file)
        except PlannerError as err:
            app.call_from_thread(app.report, err, "The program was not updated")
            return
        if get_current_worker().is_cancelled:
            return
        app.call_from_thread(_updated, app, updated)

    app.run_worker(job, thread=True, exclusive=True, group="update", description=f"update {followed.id}")


def _updated(app: PlannerState, updated) -> None:
    followed = updated.followed
    if not updated.new_version:
        app.notify(f"{followed.id}: no change since the version fetched {age(followed.fetched, app.setup.clock())}", markup=False)
        return
    app.notify(f"{followed.id} updated: {update_summary(updated.plan)}. Press C to see the changes.", markup=False, timeout=10)
    program = followed.program()
    while len(app.screen_stack) > 1:  # the browser on the old version, and anything above it
        app.pop_screen()
    app.post_message(ProgramChosen(program, followed.id))
