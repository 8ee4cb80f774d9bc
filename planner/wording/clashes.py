"""Provides what both front ends say about clashes and plans: each clash, its remedies, crowded poster sessions, a plan's verdict.

Everything here is worded from the engine's report (planner.schedule.clashes, planner.schedule.plan);
program text goes through `one_line`, so a title is shown as it is written. The command line lists a
whole report (`report_…` lines); the TUI tells one bookmark's clashes with its remedies numbered
(`advice`, `detail_lines`) and asks before applying a plan (`plan_text`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta, tzinfo

from planner.plurals import plural
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
from planner.wording.text import minutes, one_line

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


def quoted(slot: BookedSlot) -> str:
    """The title of a booked slot in quotes (its id when it has no title)."""
    return f"“{one_line(slot.title) or slot.bookmark}”"


def place(slot: BookedSlot) -> str:
    """Where a slot is: its session and room."""
    return ", ".join(one_line(part) for part in (slot.session_title, slot.room) if part)


def method_text(chosen: Plan) -> str:
    """How a plan was found: by exact search, or how much of it by heuristic."""
    if chosen.method is Method.EXACT:
        return "exact search"
    return f"heuristic; {chosen.exact_groups} of {plural(chosen.groups, 'group')} searched exactly"


def verdict(chosen: Plan, word: str = "") -> str:
    """What a plan misses, the missed counted as `word` ("2 bookmarks missed"; "2 missed" without one)."""
    missed = len(chosen.missed)
    if not missed:
        return "nothing missed"
    counted = plural(missed, word) if word else str(missed)
    return f"{counted} missed (priority weight {chosen.missed_weight})"


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

    if remedy.action == "move" and remedy.slot is not None:
        after = " (then a tight change)" if remedy.tight else ""
        return f"move {name(remedy.slot)} to {format_range(remedy.slot.span, where)}, {place(remedy.slot)}{after}"
    kept, given_up = _kept_and_given_up(remedy, clash)
    return f"keep {name(kept)}, drop {name(given_up)} ({keep_reason(kept, given_up)})"


def _kept_and_given_up(remedy: Remedy, clash: Clash) -> tuple[BookedSlot, BookedSlot]:
    """The slot a keep-remedy keeps, and the one it gives up for it."""
    sides = {clash.first.bookmark: clash.first, clash.second.bookmark: clash.second}
    return sides[remedy.bookmark], sides[remedy.over or ""]


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
    count = len(chosen.choices)
    lines = [
        f"A slot for {'each of your ' + plural(count, 'bookmark') if count != 1 else 'your bookmark'} ({method_text(chosen)}): {verdict(chosen)}."
    ]
    if changes:
        lines.append("")
        lines.append(f"Pin {plural(len(changes), 'bookmark')}:")
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
        lines.append(f"{plural(len(remaining.tight), 'tight change')} left (under {minutes(remaining.walking)} between)")
    return "\n".join(lines)


# --- the command line's listing of a whole report ----------------------------------------------


def report_summary(report: ClashReport, count: int) -> str:
    """The first line of `planner clashes`: how many overlaps and tight changes among `count` bookmarks."""
    if not report.clashes:
        return f"No clashes among {plural(count, 'bookmark')}."
    return (
        f"{plural(len(report.overlaps), 'overlap')} and {plural(len(report.tight), 'tight change')} "
        f"among {plural(count, 'bookmark')} (walk {minutes(report.walking)})."
    )


def clash_heading(clash: Clash) -> str:
    """What kind of clash a pair is, and by how much."""
    if clash.kind is ClashKind.OVERLAP:
        shared = clash.shared
        return f"Overlap for {minutes(shared.duration)}" if shared is not None else "Overlap"
    return f"Tight change: {minutes(clash.gap or timedelta())} between them"


def report_slot_line(slot: BookedSlot, where: tzinfo, *, planned: bool) -> str:
    """One side of a clash: priority, time, title, where, and whether it is pinned or the planner's pick."""
    how = "pinned" if slot.pinned else "planner's pick" if planned else ""
    return (
        f"  {slot.priority.value:<6}{format_range(slot.span, where)}  {quoted(slot)}  [{place(slot)}{'; ' + how if how else ''}]"
    )


def report_remedy_line(remedy: Remedy, clash: Clash, where: tzinfo) -> str:
    """A remedy under a clash, after an arrow: move one to a free slot, or keep one and miss the other."""
    if remedy.action == "move" and remedy.slot is not None:
        how = "free, but a tight change" if remedy.tight else "free"
        return f"    → move {quoted(remedy.slot)} to {format_range(remedy.slot.span, where)} ({one_line(remedy.slot.session_title)}): {how}"
    kept, given_up = _kept_and_given_up(remedy, clash)
    verb = "miss" if clash.kind is ClashKind.OVERLAP else "arrive late or leave early at"
    return f"    → keep {quoted(kept)}, {verb} {quoted(given_up)} ({keep_reason(kept, given_up)})"


def report_crowded_line(entry: CrowdedSession, where: tzinfo) -> str:
    """A poster session holding several bookmarked posters: when, how many, minutes for each."""
    flag = "  ← rushed" if entry.rushed else ""
    return (
        f"  {format_range(entry.span, where)}  {one_line(entry.title)}: "
        f"{plural(len(entry.posters), 'poster')}, {minutes(entry.per_poster)} each{flag}"
    )
