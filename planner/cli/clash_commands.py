"""Provides the clash commands: `clashes` (what clashes, and what resolves it) and `plan` (pick every slot)."""

from __future__ import annotations

import argparse
from datetime import timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planner.cli.context import (
    add_json_option,
    bookmarks_path,
    command,
    display_zone,
    load,
)
from planner.plurals import plural
from planner.schedule.defaults import DEFAULT_CROWDED_UNDER, DEFAULT_WALKING
from planner.wording.text import minutes, one_line

if TYPE_CHECKING:
    from planner.bookmarks.file import Bookmark, BookmarkFile
    from planner.program.model import Program
    from planner.schedule.clashes import Clash, ClashReport, Remedy
    from planner.schedule.plan import Plan
    from planner.schedule.slots import BookedSlot


def register(commands: argparse._SubParsersAction) -> None:
    clashes = command(commands, "clashes", help="clashes among your bookmarks, with what resolves each")
    _add_walk_option(clashes)
    clashes.add_argument(
        "--crowded", metavar="MIN", type=_minutes, default=DEFAULT_CROWDED_UNDER,
        help=f"flag a poster session giving each bookmarked poster fewer minutes than this (default {minutes(DEFAULT_CROWDED_UNDER)})",
    )  # fmt: skip
    add_json_option(clashes)
    clashes.set_defaults(handler=clashes_command)

    planning = command(commands, "plan", help="pick one slot per bookmark, missing as little as possible by priority")
    _add_walk_option(planning)
    planning.add_argument("--keep-pins", action="store_true", help="never move a slot you pinned, even to save another bookmark")
    planning.add_argument("--apply", action="store_true", help="save the chosen slots into your bookmark file")
    add_json_option(planning)
    planning.set_defaults(handler=plan_command)


def _add_walk_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--walk", metavar="MIN", type=_minutes, default=DEFAULT_WALKING,
        help=f"minutes you need between two places; a shorter change is tight (default {minutes(DEFAULT_WALKING)})",
    )  # fmt: skip


def _minutes(text: str) -> timedelta:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of minutes") from None
    if not 0 <= value <= 24 * 60:
        raise argparse.ArgumentTypeError(f"{text!r}: give between 0 and 1440 minutes")
    return timedelta(minutes=value)


# --- clashes ---------------------------------------------------------------------------------


def clashes_command(args: argparse.Namespace) -> int:
    from planner.cli.my_bookmarks import my_bookmarks
    from planner.cli.output import print_json
    from planner.schedule.clashes import find_clashes

    program = load(args)
    where = display_zone(args, program)
    bookmarks = my_bookmarks(args, program).bookmarks
    report = find_clashes(program, bookmarks, walking=args.walk, crowded_under=args.crowded)
    if args.json:
        print_json(_report_json(program, report, where, bookmarks_path(args, program)))
    else:
        _print_report(report, where, len(bookmarks.bookmarks))
    return 0


def _slot_json(slot: BookedSlot, where: tzinfo) -> dict[str, Any]:
    from planner.cli.output import span_json

    return {
        "bookmark": slot.bookmark,
        "title": slot.title,
        "priority": slot.priority.value,
        "session": slot.session,
        "session_title": slot.session_title,
        "room": slot.room,
        **span_json(slot.span, where),
        "pinned": slot.pinned,
    }


def _remedy_json(remedy: Remedy, where: tzinfo) -> dict[str, Any]:
    document: dict[str, Any] = {"action": remedy.action, "bookmark": remedy.bookmark}
    if remedy.slot is not None:
        document["slot"] = _slot_json(remedy.slot, where)
    if remedy.over is not None:
        document["over"] = remedy.over
    if remedy.action == "move":
        document["tight"] = remedy.tight
    return document


def _clash_json(clash: Clash, where: tzinfo) -> dict[str, Any]:
    document: dict[str, Any] = {
        "kind": clash.kind.value,
        "bookmarks": list(clash.bookmarks),
        "slots": [_slot_json(clash.first, where), _slot_json(clash.second, where)],
        "remedies": [_remedy_json(remedy, where) for remedy in clash.remedies],
    }
    if clash.shared is not None:
        document["together_minutes"] = clash.shared.duration.total_seconds() / 60
    if clash.gap is not None:
        document["gap_minutes"] = clash.gap.total_seconds() / 60
    return document


def _entries(bookmarks: tuple[Bookmark, ...]) -> list[dict[str, Any]]:
    return [{"id": bookmark.id, "title": bookmark.title, "slot": bookmark.slot} for bookmark in bookmarks]


def _report_json(program: Program, report: ClashReport, where: tzinfo, path: Path) -> dict[str, Any]:
    from planner.program.times import utc_iso

    return {
        "conference": program.conference.id,
        "bookmarks_file": str(path),
        "walk_minutes": report.walking.total_seconds() / 60,
        "crowded_minutes": report.crowded_under.total_seconds() / 60,
        "overlaps": [_clash_json(clash, where) for clash in report.overlaps],
        "tight": [_clash_json(clash, where) for clash in report.tight],
        "crowded": [
            {
                "sessions": list(entry.sessions),
                "title": entry.title,
                "start": utc_iso(entry.span.start),
                "end": utc_iso(entry.span.end),
                "posters": [slot.bookmark for slot in entry.posters],
                "minutes_each": entry.per_poster.total_seconds() / 60,
                "rushed": entry.rushed,
            }
            for entry in report.crowded
        ],
        "counted": [_slot_json(slot, where) | {"planned": slot.bookmark in report.planned} for slot in report.counted],
        "unscheduled": _entries(report.unscheduled),
        "unknown": _entries(report.unknown),
        "lost_pins": _entries(report.lost_pins),
    }


def _print_report(report: ClashReport, where: tzinfo, count: int) -> None:
    from planner.wording.clashes import (
        clash_heading,
        report_crowded_line,
        report_remedy_line,
        report_slot_line,
        report_summary,
    )

    print(report_summary(report, count))
    for clash in report.clashes:
        print(f"\n{clash_heading(clash)}")
        for slot in (clash.first, clash.second):
            print(report_slot_line(slot, where, planned=slot.bookmark in report.planned))
        for remedy in clash.remedies:
            print(report_remedy_line(remedy, clash, where))
    if report.crowded:
        print(f"\nPoster sessions with several of your posters (not clashes; flagged under {minutes(report.crowded_under)} each)")
        for entry in report.crowded:
            print(report_crowded_line(entry, where))
    _print_apart(report.unscheduled, report.unknown, report.lost_pins)
    if report.planned and report.clashes:
        print(
            "\nBookmarks without a pinned slot are counted where the planner would put them; `planner plan` shows the whole plan."
        )


def _print_apart(unscheduled: tuple[Bookmark, ...], unknown: tuple[Bookmark, ...], lost_pins: tuple[Bookmark, ...]) -> None:
    if unscheduled:
        print("\nNo time yet (never counted as clashing)")
        for bookmark in unscheduled:
            print(f"  {bookmark.id}  {one_line(bookmark.title)}".rstrip())
    if unknown:
        print("\nNot in this program (kept in your file)")
        for bookmark in unknown:
            print(f"  {bookmark.id}  {one_line(bookmark.title)}".rstrip())
    if lost_pins:
        print("\nPinned to a session the program no longer has them in (slot chosen afresh)")
        for bookmark in lost_pins:
            print(f"  {bookmark.id}  was {bookmark.slot}")


# --- plan ------------------------------------------------------------------------------------


def plan_command(args: argparse.Namespace) -> int:
    from planner.cli.my_bookmarks import change_my_bookmarks, my_bookmarks
    from planner.cli.output import print_json
    from planner.schedule.clashes import find_clashes
    from planner.schedule.plan import apply_plan, plan

    program = load(args)
    where = display_zone(args, program)
    path = bookmarks_path(args, program)
    options = {"walking": args.walk, "keep_pins": args.keep_pins}
    if args.apply:
        planned: list[Plan] = []

        def change(current: BookmarkFile) -> BookmarkFile:
            # Planned on the file as it is under the lock, so a change made meanwhile is not undone.
            planned.append(plan(program, current, **options))
            return apply_plan(current, planned[-1])

        change_my_bookmarks(args, program, change)
        result = planned[-1]
    else:
        result = plan(program, my_bookmarks(args, program).bookmarks, **options)
    remaining = find_clashes(program, [choice.bookmark for choice in result.choices], walking=args.walk, chosen=result.chosen)
    if args.json:
        print_json(_plan_json(program, result, remaining, where, path, applied=args.apply))
    else:
        _print_plan(program, result, remaining, where, path, applied=args.apply)
    return 0


def _plan_json(
    program: Program, result: Plan, remaining: ClashReport, where: tzinfo, path: Path, *, applied: bool
) -> dict[str, Any]:
    return {
        "conference": program.conference.id,
        "bookmarks_file": str(path),
        "method": result.method.value,
        "groups": result.groups,
        "exact_groups": result.exact_groups,
        "keep_pins": result.keep_pins,
        "missed_weight": result.missed_weight,
        "missed": [choice.bookmark.id for choice in result.missed],
        "overlaps": len(remaining.overlaps),
        "tight": len(remaining.tight),
        "choices": [
            _slot_json(choice.slot, where)
            | {
                "attended": choice.attended,
                "pinned_before": choice.bookmark.slot,
                "changed": choice.changed,
                "moved_pin": choice.moved_pin,
            }
            for choice in result.choices
        ],
        "unscheduled": _entries(result.unscheduled),
        "unknown": _entries(result.unknown),
        "lost_pins": _entries(result.lost_pins),
        "applied": applied,
    }


def _print_plan(program: Program, result: Plan, remaining: ClashReport, where: tzinfo, path: Path, *, applied: bool) -> None:
    from planner.program.times import format_range
    from planner.wording.clashes import method_text, quoted, verdict

    missed = result.missed
    if result.choices:
        print(f"Plan for {plural(len(result.choices), 'bookmark')} ({method_text(result)}): {verdict(result, 'bookmark')}.")
    else:
        print("No bookmarks with a time to plan.")
    for choice in result.choices:
        if not choice.attended:
            continue
        before = program.sessions_by_id.get(choice.bookmark.slot or "")
        note = (
            f"  (moved from your pin: {one_line(before.title) if before else choice.bookmark.slot})" if choice.moved_pin else ""
        )
        print(
            f"  {format_range(choice.slot.span, where)}  {choice.slot.priority.value:<6}{quoted(choice.slot)}  [{one_line(choice.slot.session_title)}]{note}"
        )
    if missed:
        print("\nMissed: every slot of these clashes with something more important")
        for choice in missed:
            print(f"  {format_range(choice.slot.span, where)}  {choice.slot.priority.value:<6}{quoted(choice.slot)}")
    if remaining.tight:
        print(f"\nTight changes (under {minutes(remaining.walking)} to get from one to the next)")
        for clash in remaining.tight:
            print(f"  {minutes(clash.gap or timedelta())} from {quoted(clash.first)} to {quoted(clash.second)}")
    _print_apart(result.unscheduled, result.unknown, result.lost_pins)
    changed = sum(1 for choice in result.choices if choice.changed)
    if applied:
        print(f"\nSaved: {plural(changed, 'bookmark')} pinned to a new slot in {path}.")
    elif changed:
        print(f"\n`planner plan --apply` pins {plural(changed, 'bookmark')} to these slots in {path}.")
