"""Provides the planner: one slot per bookmark, so that as little as possible is missed, by priority.

A plan attends a set of bookmarks, each at one of its slots, no two of them overlapping (posters of
one poster session never do); every other bookmark is *missed*. It minimises, in this order: the
missed priority weight (must 3, want 2, maybe 1), the pins moved, the tight changes, and then
prefers earlier slots. A pin is honoured unless moving it is the only way to miss less; with
`keep_pins` it is never moved.

Bookmarks fall into groups that cannot make one another miss anything (no slot of one group
overlaps a slot of another). A group of up to `exact_limit` bookmarks is searched exactly
(branch and bound, within a node budget); a larger one, or one that runs out of budget, gets a
greedy plan by priority improved by local repairs. The plan says which was used. Tight changes
between groups are then eased by moving bookmarks to other free slots.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from planner.bookmarks.file import Bookmark, BookmarkFile
from planner.program.model import Program
from planner.program.times import ranges_overlap
from planner.schedule.agenda import Agenda
from planner.schedule.defaults import DEFAULT_WALKING
from planner.schedule.slots import (
    BookedSlot,
    Bookmarked,
    microseconds,
    overlap,
    resolve,
    sweep,
    tight,
)

EXACT_LIMIT = 16
"""Largest group of bookmarks searched exactly."""
SEARCH_BUDGET = 200_000
"""Search nodes one group may use before the planner settles for the heuristic."""


class Method(StrEnum):
    EXACT = "exact"
    HEURISTIC = "heuristic"


@dataclass(frozen=True, slots=True)
class Solution:
    """The planner's answer for a list of bookmarks: a slot for each, and which are attended."""

    picks: dict[str, BookedSlot]
    """For an attended bookmark, its slot; for a missed one, its pin or its least contested slot."""
    attended: frozenset[str]
    groups: int
    exact_groups: int

    @property
    def method(self) -> Method:
        return Method.EXACT if self.exact_groups == self.groups else Method.HEURISTIC


@dataclass(frozen=True, slots=True)
class Choice:
    """The slot a plan gives one bookmark."""

    bookmark: Bookmark
    slot: BookedSlot
    attended: bool
    """False when the bookmark is missed: every slot of it clashes with more important ones."""

    @property
    def changed(self) -> bool:
        """Saving the plan would change this bookmark's slot."""
        return self.attended and self.bookmark.slot != self.slot.session

    @property
    def moved_pin(self) -> bool:
        """The person had pinned another slot (one the program still has or not)."""
        return self.bookmark.slot is not None and self.bookmark.slot != self.slot.session


@dataclass(frozen=True, slots=True)
class Plan:
    """A slot for every scheduled bookmark, what is missed, and how it was found."""

    choices: tuple[Choice, ...]
    """In time order."""
    method: Method
    groups: int
    exact_groups: int
    keep_pins: bool
    unscheduled: tuple[Bookmark, ...]
    unknown: tuple[Bookmark, ...]
    lost_pins: tuple[Bookmark, ...]

    @property
    def missed(self) -> tuple[Choice, ...]:
        return tuple(choice for choice in self.choices if not choice.attended)

    @property
    def missed_weight(self) -> int:
        return sum(choice.bookmark.priority.weight for choice in self.missed)

    @property
    def chosen(self) -> dict[str, str]:
        """Bookmark id -> session id of its slot, as `find_clashes(chosen=...)` takes it."""
        return {choice.bookmark.id: choice.slot.session for choice in self.choices}


def plan(
    program: Program,
    bookmarks: BookmarkFile | Iterable[Bookmark],
    *,
    walking: timedelta = DEFAULT_WALKING,
    keep_pins: bool = False,
    exact_limit: int = EXACT_LIMIT,
    budget: int = SEARCH_BUDGET,
) -> Plan:
    """Choose a slot for every scheduled bookmark, missing as little as possible by priority."""
    resolution = resolve(program, bookmarks)
    solution = solve(resolution.bookmarked, walking=walking, keep_pins=keep_pins, exact_limit=exact_limit, budget=budget)
    choices = [Choice(item.bookmark, solution.picks[item.id], item.id in solution.attended) for item in resolution.bookmarked]
    choices.sort(key=lambda choice: (choice.slot.start, choice.slot.end, choice.bookmark.id))
    return Plan(
        tuple(choices), solution.method, solution.groups, solution.exact_groups, keep_pins,
        resolution.unscheduled, resolution.unknown, resolution.lost_pins,
    )  # fmt: skip


def apply_plan(bookmarks: BookmarkFile, chosen: Plan) -> BookmarkFile:
    """`bookmarks` with every attended bookmark pinned to its planned slot; nothing added or removed."""
    slots = {choice.bookmark.id: choice.slot.session for choice in chosen.choices if choice.attended}
    if not any(slots.get(bookmark.id, bookmark.slot) != bookmark.slot for bookmark in bookmarks.bookmarks):
        return bookmarks
    updated = [
        bookmark.model_copy(update={"slot": slots[bookmark.id]})
        if bookmark.id in slots and slots[bookmark.id] != bookmark.slot
        else bookmark
        for bookmark in bookmarks.bookmarks
    ]
    return bookmarks.model_copy(update={"bookmarks": updated})


def solve(
    items: Sequence[Bookmarked],
    *,
    walking: timedelta = DEFAULT_WALKING,
    keep_pins: bool = False,
    exact_limit: int = EXACT_LIMIT,
    budget: int = SEARCH_BUDGET,
) -> Solution:
    """Plan `items` (one entry per bookmark id): search or repair each group, then ease tight changes."""
    walk = microseconds(walking)
    candidates = {item.id: _candidates(item, keep_pins) for item in items}
    chosen: dict[str, BookedSlot | None] = {}
    groups = _groups(items, candidates)
    exact_groups = 0
    for group in groups:
        assignment = _greedy(group, candidates, walk)
        if len(group) <= exact_limit:
            searched = _exact(group, candidates, walk, budget, assignment)
            if searched is not None:
                assignment = searched
                exact_groups += 1
        chosen.update(assignment)
    agenda = Agenda(walk)
    for slot in chosen.values():
        if slot is not None:
            agenda.add(slot)
    _ease_tight_changes(items, candidates, chosen, agenda)
    picks = {item.id: chosen[item.id] or _least_contested(item, candidates[item.id], agenda) for item in items}
    attended = frozenset(name for name, slot in chosen.items() if slot is not None)
    return Solution(picks, attended, len(groups), exact_groups)


def _ease_tight_changes(
    items: Sequence[Bookmarked],
    candidates: dict[str, tuple[BookedSlot, ...]],
    chosen: dict[str, BookedSlot | None],
    agenda: Agenda,
) -> None:
    """Move attended bookmarks to another free slot where that makes fewer tight changes.

    Groups are planned apart, so a tight change between two groups is only seen here. A move
    never misses anything and never moves a pin that is still where the person put it.
    """
    for _ in range(3):
        eased = False
        for item in items:
            current = chosen[item.id]
            if current is None or len(candidates[item.id]) == 1 or (item.pinned is not None and current is item.pinned):
                continue
            agenda.remove(current)
            best, fewest = current, agenda.tight_count(current)
            for option in candidates[item.id]:
                if fewest == 0:
                    break
                if option is not current and agenda.fits(option):
                    count = agenda.tight_count(option)
                    if count < fewest:
                        best, fewest = option, count
            agenda.add(best)
            if best is not current:
                chosen[item.id] = best
                eased = True
        if not eased:
            return


def _candidates(item: Bookmarked, keep_pins: bool) -> tuple[BookedSlot, ...]:
    if keep_pins and item.pinned is not None:
        return (item.pinned,)
    return item.options


def _groups(items: Sequence[Bookmarked], candidates: dict[str, tuple[BookedSlot, ...]]) -> list[list[Bookmarked]]:
    """Bookmarks that may be in each other's way: joined by slots that overlap, and by their own slots.

    What one group chooses cannot make another miss anything; only a tight change between two
    groups goes unweighed. Posters of one poster session do not join one another.
    """
    parent = {item.id: item.id for item in items}

    def root(name: str) -> str:
        while parent[name] != name:
            parent[name] = parent[parent[name]]
            name = parent[name]
        return name

    every_slot = [slot for item in items for slot in candidates[item.id]]
    for first, second in sweep(every_slot, walking=timedelta(0)).overlaps:
        parent[root(first.bookmark)] = root(second.bookmark)
    grouped: dict[str, list[Bookmarked]] = {}
    for item in items:
        grouped.setdefault(root(item.id), []).append(item)
    return list(grouped.values())


def _cost_of(item: Bookmarked, option: BookedSlot, rank: int, agenda: Agenda) -> tuple[int, int, int]:
    moved = 1 if item.pinned is not None and option is not item.pinned else 0
    return (moved, agenda.tight_count(option), rank)


def _greedy(group: list[Bookmarked], candidates: dict[str, tuple[BookedSlot, ...]], walk: int) -> dict[str, BookedSlot | None]:
    """Most important first, each at its best free slot; then repairs that bring a missed one back."""
    agenda = Agenda(walk)
    assignment: dict[str, BookedSlot | None] = {}
    by_id = {item.id: item for item in group}
    order = sorted(group, key=lambda item: (-item.weight, item.pinned is None, min(s.end for s in candidates[item.id]), item.id))
    for item in order:
        fitting = [
            (_cost_of(item, option, rank, agenda), rank) for rank, option in enumerate(candidates[item.id]) if agenda.fits(option)
        ]
        if fitting:
            _, rank = min(fitting)
            assignment[item.id] = candidates[item.id][rank]
            agenda.add(candidates[item.id][rank])
        else:
            assignment[item.id] = None
    improved = True
    while improved:
        improved = False
        missed = [item for item in order if assignment[item.id] is None]
        for item in missed:
            if assignment[item.id] is None and _repair(
                item, candidates, agenda, assignment=assignment, by_id=by_id, missed=missed
            ):
                improved = True
    return assignment


def _repair(
    item: Bookmarked,
    candidates: dict[str, tuple[BookedSlot, ...]],
    agenda: Agenda,
    *,
    assignment: dict[str, BookedSlot | None],
    by_id: dict[str, Bookmarked],
    missed: list[Bookmarked],
) -> bool:
    """Fit a missed bookmark in by moving what is in its way elsewhere, or by giving up less weight
    than comes in (it, and other missed ones that fit in the room the lost ones leave)."""
    for option in candidates[item.id]:
        blockers = agenda.overlapping(option)
        for slot in blockers:
            agenda.remove(slot)
        agenda.add(option)
        placed: dict[str, BookedSlot] = {item.id: option}
        lost: list[BookedSlot] = []
        for slot in blockers:
            elsewhere = next((other for other in candidates[slot.bookmark] if other is not slot and agenda.fits(other)), None)
            if elsewhere is None:
                lost.append(slot)
            else:
                agenda.add(elsewhere)
                placed[slot.bookmark] = elsewhere
        for other in missed if lost else ():
            if assignment[other.id] is None and other.id not in placed:
                near = (
                    slot
                    for slot in candidates[other.id]
                    if any(ranges_overlap(slot.start, slot.end, gone.start, gone.end) for gone in lost)
                )
                fitting = next((slot for slot in near if agenda.fits(slot)), None)
                if fitting is not None:
                    agenda.add(fitting)
                    placed[other.id] = fitting
        gained = sum(by_id[bookmark].weight for bookmark in placed if assignment[bookmark] is None)
        if sum(slot.weight for slot in lost) < gained:
            assignment.update(placed)
            assignment.update(dict.fromkeys(slot.bookmark for slot in lost))
            return True
        for slot in placed.values():
            agenda.remove(slot)
        for slot in blockers:
            agenda.add(slot)
    return False


class _OutOfBudget(Exception):
    pass


def _exact(
    group: list[Bookmarked],
    candidates: dict[str, tuple[BookedSlot, ...]],
    walk: int,
    budget: int,
    incumbent: dict[str, BookedSlot | None],
) -> dict[str, BookedSlot | None] | None:
    """The best assignment for a small group by branch and bound, or None if the budget runs out."""
    order = sorted(group, key=lambda item: (-item.weight, len(candidates[item.id]), candidates[item.id][0].start, item.id))
    best_cost = _total_cost(order, candidates, walk, incumbent)
    best = dict(incumbent)
    chosen: list[BookedSlot] = []
    assignment: dict[str, BookedSlot | None] = {}
    nodes = 0

    def fits(option: BookedSlot) -> bool:
        return not any(overlap(option, other) for other in chosen)

    def visit(k: int, missed: int, moved: int, tights: int, ranks: int) -> None:
        nonlocal nodes, best_cost, best
        nodes += 1
        if nodes > budget:
            raise _OutOfBudget
        forced = sum(item.weight for item in order[k:] if not any(map(fits, candidates[item.id])))
        if (missed + forced, moved, tights, ranks) >= best_cost:
            return
        if k == len(order):
            best_cost, best = (missed, moved, tights, ranks), dict(assignment)
            return
        item = order[k]
        for rank, option in enumerate(candidates[item.id]):
            if not fits(option):
                continue
            extra_tight = sum(1 for other in chosen if tight(option, other, walk))
            pin_moved = 1 if item.pinned is not None and option is not item.pinned else 0
            chosen.append(option)
            assignment[item.id] = option
            visit(k + 1, missed, moved + pin_moved, tights + extra_tight, ranks + rank)
            chosen.pop()
        assignment[item.id] = None
        visit(k + 1, missed + item.weight, moved, tights, ranks)
        del assignment[item.id]

    try:
        visit(0, 0, 0, 0, 0)
    except _OutOfBudget:
        return None
    return best


def _total_cost(
    order: list[Bookmarked], candidates: dict[str, tuple[BookedSlot, ...]], walk: int, assignment: dict[str, BookedSlot | None]
) -> tuple[int, int, int, int]:
    missed = moved = tights = ranks = 0
    taken: list[BookedSlot] = []
    for item in order:
        option = assignment[item.id]
        if option is None:
            missed += item.weight
            continue
        moved += 1 if item.pinned is not None and option is not item.pinned else 0
        tights += sum(1 for other in taken if tight(option, other, walk))
        ranks += candidates[item.id].index(option)
        taken.append(option)
    return (missed, moved, tights, ranks)


def _least_contested(item: Bookmarked, candidates: tuple[BookedSlot, ...], agenda: Agenda) -> BookedSlot:
    """Where a missed bookmark is best placed: its pin, else the slot that clashes with the least weight."""
    if item.pinned is not None:
        return item.pinned
    return min(candidates, key=lambda option: sum(slot.weight for slot in agenda.overlapping(option)))
