"""Provides what the TUI says about clashes: each clash of a bookmark, its remedies numbered, and plans, as plain text.

Everything here is worded from the engine's report (planner.clashes, planner.plan); program text
goes through `one_line`, so a title is shown as it is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta, tzinfo

from planner.program.model import Program
from planner.program.times import format_range
from planner.schedule.clashes import (
    Clash,
    ClashKind,
    ClashReport,
    CrowdedSession,
    Remedy,
    keep_reason,
)
from planner.schedule.plan import Method, Plan
from planner.schedule.slots import BookedSlot
from planner.wording.text import one_line

MOST_REMEDIES = 9
"""Remedies are taken with the keys 1 to 9."""


@dataclass(frozen=True)
class Offered:
    """A remedy as offered under a clash: its number is the key that takes it."""

    number: int
    clash: Clash
    remedy: Remedy
    text: str


Advice = list[str | Offered]
"""What to say about one bookmark: lines of text, and remedies among them."""


def minutes(length: timedelta) -> str:
    return f"{length.total_seconds() / 60:g} min"


def quoted(slot: BookedSlot) -> str:
    return f"“{one_line(slot.title) or slot.bookmark}”"


def place(slot: BookedSlot) -> str:
    return ", ".join(one_line(part) for part in (slot.session_title, slot.room) if part)


def clash_line(clash: Clash, about: str | None, where: tzinfo) -> str:
    """One line for a clash, told from the side of bookmark `about` (None: told as a pair)."""
    mine, other = (clash.second, clash.first) if clash.second.bookmark == about else (clash.first, clash.second)
    if clash.kind is ClashKind.OVERLAP:
        shared = clash.shared.duration if clash.shared else timedelta()
        if about is None:
            return f"Overlap for {minutes(shared)}: {quoted(mine)} and {quoted(other)}"
        return (
            f"Overlaps {quoted(other)} for {minutes(shared)} ({format_range(other.span, where, with_date=False)}, {place(other)})"
        )
    between = minutes(clash.gap or timedelta())
    if about is None:
        return f"Tight change, {between} to get from {quoted(clash.first)} to {quoted(clash.second)}"
    if other is clash.second:
        return f"Tight change: {between} to get to {quoted(other)} ({place(other)}) after it"
    return f"Tight change: {between} to get here from {quoted(other)} ({place(other)})"


def remedy_line(remedy: Remedy, clash: Clash, where: tzinfo, about: str | None = None) -> str:
    """What a remedy does, calling bookmark `about` "this" (the one the reader is looking at)."""

    def name(slot: BookedSlot) -> str:
        return "this" if slot.bookmark == about else quoted(slot)

    sides = {clash.first.bookmark: clash.first, clash.second.bookmark: clash.second}
    if remedy.action == "move" and remedy.slot is not None:
        after = " (then a tight change)" if remedy.tight else ""
        return f"move {name(remedy.slot)} to {format_range(remedy.slot.span, where)}, {place(remedy.slot)}{after}"
    kept, given_up = sides[remedy.bookmark], sides[remedy.over or ""]
    why = keep_reason(kept, given_up)
    return f"keep {name(kept)}, drop {name(given_up)} ({why})"


def crowded_line(entry: CrowdedSession) -> str:
    flag = ", rushed" if entry.rushed else ""
    return f"{one_line(entry.title)}: {len(entry.posters)} of your posters, {minutes(entry.per_poster)} each{flag}"


def advice(report: ClashReport, presentation_id: str, where: tzinfo, *, slots: int = 1) -> Advice:
    """What the schedule says under the bookmark of `presentation_id` (a presentation of `slots`
    slots): its clashes with their remedies numbered 1 to 9, where it counts when the planner chose
    among its slots, and a crowded poster session."""
    lines: Advice = []
    counted = next((slot for slot in report.counted if slot.bookmark == presentation_id), None)
    if counted is None:
        return lines
    if presentation_id in report.planned and slots > 1:
        lines.append(f"Not pinned: counted at {format_range(counted.span, where)}, {place(counted)}, the planner's pick")
    number = 0
    for clash in report.clashes:
        if presentation_id not in clash.bookmarks:
            continue
        lines.append(clash_line(clash, presentation_id, where))
        for remedy in clash.remedies:
            if number == MOST_REMEDIES:
                break
            number += 1
            lines.append(Offered(number, clash, remedy, remedy_line(remedy, clash, where, presentation_id)))
    for entry in report.crowded:
        if any(slot.bookmark == presentation_id for slot in entry.posters):
            lines.append(crowded_line(entry))
    return lines


def detail_lines(report: ClashReport, presentation_id: str, where: tzinfo) -> list[str]:
    """The clashes of one bookmark, a line each, for the detail pane."""
    lines = [clash_line(clash, presentation_id, where) for clash in report.clashes if presentation_id in clash.bookmarks]
    lines += [
        crowded_line(entry)
        for entry in report.crowded
        if entry.rushed and any(slot.bookmark == presentation_id for slot in entry.posters)
    ]
    return lines


def plan_text(program: Program, chosen: Plan, remaining: ClashReport, where: tzinfo) -> str:
    """What applying a plan would change, for the reader to confirm."""
    changes = [choice for choice in chosen.choices if choice.changed]
    missed = chosen.missed
    verdict = "nothing missed" if not missed else f"{len(missed)} missed (priority weight {chosen.missed_weight})"
    method = (
        "exact search"
        if chosen.method is Method.EXACT
        else f"heuristic; {chosen.exact_groups} of {chosen.groups} groups searched exactly"
    )
    count = len(chosen.choices)
    lines = [
        f"A slot for {'each of your ' + str(count) + ' bookmarks' if count != 1 else 'your bookmark'} ({method}): {verdict}."
    ]
    if changes:
        lines.append("")
        lines.append(f"Pin {len(changes)} bookmark{'s' if len(changes) != 1 else ''}:")
        for choice in changes[:12]:
            before = program.sessions_by_id.get(choice.bookmark.slot or "")
            moved = f" (moved from {one_line(before.title) if before else choice.bookmark.slot})" if choice.moved_pin else ""
            lines.append(f"  {format_range(choice.slot.span, where)}  {quoted(choice.slot)}, {place(choice.slot)}{moved}")
        if len(changes) > 12:
            lines.append(f"  … and {len(changes) - 12} more")
    if missed:
        lines.append("")
        lines.append("Missed: every slot of these clashes with something more important")
        lines += [f"  {choice.bookmark.priority.value:<6}{quoted(choice.slot)}" for choice in missed[:8]]
        if len(missed) > 8:
            lines.append(f"  … and {len(missed) - 8} more")
    if remaining.tight:
        lines.append("")
        lines.append(
            f"{len(remaining.tight)} tight change{'s' if len(remaining.tight) != 1 else ''} left (under {minutes(remaining.walking)} between)"
        )
    return "\n".join(lines)
