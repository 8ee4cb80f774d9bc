"""Provides what both front ends say about a followed program's update: the one-line summary and each change."""

from __future__ import annotations

from planner.following.changes import Change, ChangeKind
from planner.following.plan import PlanChanges

_YOURS = (
    (ChangeKind.MOVED, "moved"),
    (ChangeKind.ROOM, "changed room"),
    (ChangeKind.CANCELLED, "cancelled"),
    (ChangeKind.RETITLED, "retitled"),
    (ChangeKind.SPEAKERS, "changed speakers"),
    (ChangeKind.KIND, "changed kind"),
)
CHANGE_LABELS = {
    ChangeKind.NEW: "NEW",
    ChangeKind.CANCELLED: "CANCELLED",
    ChangeKind.MOVED: "MOVED",
    ChangeKind.ROOM: "ROOM",
    ChangeKind.RETITLED: "RETITLED",
    ChangeKind.SPEAKERS: "SPEAKERS",
    ChangeKind.KIND: "KIND",
}


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else many or word + 's'}"


def update_summary(plan: PlanChanges) -> str:
    """ "3 of your bookmarks moved, 1 cancelled, 2 new clashes; 41 other changes"."""
    parts: list[str] = []
    for kind, verb in _YOURS:
        count = plan.kinds.get(kind, 0)
        if count:
            parts.append(f"{count} {verb}" if parts else f"{count} of your bookmarks {verb}")
    if plan.repinned:
        parts.append(plural(len(plan.repinned), "pin moved", "pins moved"))
    if plan.new_clashes:
        parts.append(plural(len(plan.new_clashes), "new clash", "new clashes"))
    others = len(plan.others)
    head = ", ".join(parts) if parts else ("none of your bookmarks changed" if plan.bookmarked else "")
    tail = plural(others, "other change") if head else plural(others, "change")
    if not head:
        return tail if others else "no changes"
    return f"{head}; {tail}"


def change_line(change: Change) -> str:
    """One change as a line: "MOVED  Title: Sat 27 Dec 11:00 → Sat 27 Dec 14:00"."""
    label = CHANGE_LABELS[change.kind]
    if change.kind is ChangeKind.NEW:
        detail = change.after
    elif change.kind is ChangeKind.CANCELLED and change.after == "not in the program":
        detail = f"no longer in the program (was {change.before})"
    else:
        detail = f"{change.before or '—'} → {change.after or '—'}"
    flag = " (matched by title: the id changed)" if change.by_title else ""
    return f"{label:<10}{change.title}: {detail}{flag}"
