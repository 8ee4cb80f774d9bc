"""Provides the TUI's side of a followed program: on open, what the last update changed for you; `u` to update now, in a worker; `C` for the changes.

The keys are bound only when the open program is a followed one, so nothing changes for a
program opened from a file. The list marks what changed since the reader last looked (NEW,
MOVED, CANCELLED, ROOM) until they open the changes.
"""

from __future__ import annotations

from dataclasses import replace

from textual.worker import get_current_worker

from planner.errors import PlannerError
from planner.following.changes import ChangeKind, ProgramChanges
from planner.following.followed import (
    Followed,
    UpdateCancelled,
    age,
    changes_since,
    find_followed,
    mark_seen,
    seen_version,
    unseen_changes,
    update,
    version_at,
)
from planner.following.plan import PlanChanges, new_clashes
from planner.program.model import Program
from planner.tui.messages import ProgramChosen, RevealAsked
from planner.tui.screens.changes import ChangesScreen
from planner.tui.state import PlannerState
from planner.wording.following import CHANGE_LABELS, update_summary

MARKED = (ChangeKind.CANCELLED, ChangeKind.NEW, ChangeKind.MOVED, ChangeKind.ROOM)
"""The changes the list marks, the first that applies winning: a talk moved and cancelled is cancelled."""


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
    # Before the browser's own Escape, but only while an update runs (check_action says when).
    app._bindings.bind("escape", "cancel_update", "Cancel the update", show=False, priority=True)
    if len(followed.versions) < 2:
        return
    app.run_worker(
        lambda: _announce(app, program, followed), thread=True, exclusive=True, group="changes", description="compare versions"
    )


def change_marks(changes: ProgramChanges) -> dict[str, str]:
    """The list's mark for each presentation a change is marked on, by id."""
    kinds: dict[str, ChangeKind] = {}
    for change in changes.changes:
        if change.kind in MARKED and (change.id not in kinds or MARKED.index(change.kind) < MARKED.index(kinds[change.id])):
            kinds[change.id] = change.kind
    return {key: CHANGE_LABELS[kind] for key, kind in kinds.items()}


def _yours(app: PlannerState, changes: ProgramChanges) -> PlanChanges:
    ids = app.bookmarks.ids if app.bookmarks is not None else frozenset()
    yours, others = changes.about(ids), changes.others(ids)
    kinds = {kind: len({c.id for c in yours if c.kind is kind}) for kind in ChangeKind}
    return PlanChanges(yours, others, bookmarked=len(ids), kinds={kind: count for kind, count in kinds.items() if count})


def _announce(app: PlannerState, program: Program, followed: Followed) -> None:
    baseline, changes = changes_since(followed)
    plan = _yours(app, changes)
    bookmarks = app.bookmarks
    if bookmarks is not None and bookmarks.bookmarks and changes:
        # As `planner update` says them: the clashes among your bookmarks the last update made.
        plan = replace(plan, new_clashes=new_clashes(followed.program(baseline), bookmarks, program, bookmarks))
    when = age(followed.fetched, app.setup.clock())
    message = f"Program updated {when}: {update_summary(plan)}. Press C to see the changes."
    app.call_from_thread(app.notify, message, title=followed.id, markup=False, timeout=10)
    _, unseen = unseen_changes(followed)
    app.call_from_thread(_set_marks, app, program, change_marks(unseen))


def _set_marks(app: PlannerState, program: Program, marks: dict[str, str]) -> None:
    if app.program is not program:  # another program was opened meanwhile
        return
    app.unseen_changes = marks
    app.marks = replace(app.marks, changes=marks)


def show_changes(app: PlannerState) -> None:
    followed = followed_of(app.program)
    if followed is None:
        return
    # From the version the reader last looked at, when that is older than the last update's.
    since = min(seen_version(followed).fetched, version_at(followed, None).fetched)
    baseline, changes = changes_since(followed, since)
    plan = _yours(app, changes)
    try:
        mark_seen(followed)
    except OSError as err:
        app.notify(f"Could not remember that you saw these changes: {err}", severity="warning", markup=False)
    if app.unseen_changes and app.program is not None:
        _set_marks(app, app.program, {})
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
    if updating(app):
        cancel_update(app)
        return
    followed = followed_of(app.program)
    if followed is None:
        return
    app.notify(f"Updating {followed.id} from {followed.url} … (Escape or u cancels)", markup=False, timeout=3)

    def job() -> None:
        worker = get_current_worker()
        try:
            updated = update(followed, bookmarks=app.bookmark_file, cancelled=lambda: worker.is_cancelled)
        except UpdateCancelled:
            return  # the reader was told when they cancelled
        except PlannerError as err:
            app.call_from_thread(app.report, err, "The program was not updated")
            return
        if worker.is_cancelled:
            return
        app.call_from_thread(_updated, app, updated)

    app.run_worker(job, thread=True, exclusive=True, group="update", description=f"update {followed.id}")


def _update_workers(app: PlannerState):
    return [worker for worker in app.workers if worker.group == "update" and not worker.is_finished and not worker.is_cancelled]


def updating(app: PlannerState) -> bool:
    """Whether an update runs that the reader has not cancelled."""
    return bool(_update_workers(app))


def cancel_update(app: PlannerState) -> None:
    """Stop the running update: whatever it fetched is dropped, and the program kept stays as it was."""
    workers = _update_workers(app)
    for worker in workers:
        worker.cancel()
    if workers:
        followed = followed_of(app.program)
        name = followed.id if followed is not None else "the program"
        app.notify(f"Update of {name} cancelled: the program stays as it was.", markup=False)


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
