"""Provides the bookmark commands: `bookmark add|remove|list`, `bookmarks merge` and `team`."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planner.bookmarks.limits import MAX_NOTE, MAX_OWNER, Priority
from planner.cli.context import (
    add_json_option,
    bookmarks_path,
    command,
    display_zone,
    load,
)
from planner.errors import NotFoundError
from planner.plurals import plural
from planner.wording.text import clip, one_line

if TYPE_CHECKING:
    from planner.bookmarks.file import Bookmark, BookmarkFile
    from planner.bookmarks.matching import MatchedBookmarks
    from planner.bookmarks.team import Coverage, Covered, Going
    from planner.program.model import Presentation, Program, Slot

ANY_SLOT = "any"


def register(commands: argparse._SubParsersAction) -> None:
    bookmark = command(commands, "bookmark", help="add, remove or list your bookmarks")
    actions = bookmark.add_subparsers(dest="bookmark_action", metavar="ACTION", required=True)

    add = command(actions, "add", help="bookmark presentations, or change a bookmark's priority, note or slot")
    add.add_argument("ids", nargs="+", metavar="ID", help="a presentation id (or a unique prefix or piece of its title)")
    add.add_argument("--priority", choices=[priority.value for priority in Priority], help="default for a new bookmark: want")
    add.add_argument("--note", type=_limited("the note", MAX_NOTE), help="replaces the bookmark's note")
    add.add_argument(
        "--slot",
        type=_slot_choice,
        metavar="N",
        help="the slot to attend, numbered as `planner show` lists them; 'any' lets the planner choose",
    )
    _add_owner_option(add)
    add.set_defaults(handler=add_command)

    remove = command(actions, "remove", help="remove bookmarks")
    remove.add_argument("ids", nargs="+", metavar="ID", help="a bookmarked id (or a unique prefix or piece of its title)")
    _add_owner_option(remove)
    remove.set_defaults(handler=remove_command)

    listing = command(actions, "list", help="your bookmarks, in time order")
    add_json_option(listing)
    listing.set_defaults(handler=list_command)

    bookmarks = command(commands, "bookmarks", help="merge colleagues' bookmark files into yours")
    bookmarks_actions = bookmarks.add_subparsers(dest="bookmarks_action", metavar="ACTION", required=True)
    merge = command(bookmarks_actions, "merge", help="add every bookmark of the files to yours; nothing is deleted")
    merge.add_argument("files", nargs="+", metavar="FILE", help="a bookmark file someone sent you")
    _add_owner_option(merge)
    merge.set_defaults(handler=merge_command)

    team = command(commands, "team", help="who of your team is going to what, and the musts only one person covers")
    team.add_argument("files", nargs="+", metavar="FILE", help="a colleague's bookmark file (yours counts too)")
    add_json_option(team)
    team.set_defaults(handler=team_command)


def _add_owner_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--owner", type=_limited("the owner name", MAX_OWNER), metavar="NAME",
        help="your name as colleagues see it in `planner team` (saved in your file; default: $PLANNER_OWNER or your login)",
    )  # fmt: skip


def _limited(what: str, limit: int):
    def check(text: str) -> str:
        if len(text) > limit:
            raise argparse.ArgumentTypeError(f"{what} is longer than {limit} characters")
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            # Bytes the terminal's encoding could not decode arrive as lone surrogates.
            raise argparse.ArgumentTypeError(f"{what} is not valid text in this terminal's encoding") from None
        return text

    return check


def _slot_choice(text: str) -> int | str:
    if text.strip().lower() == ANY_SLOT:
        return ANY_SLOT
    if text.strip().isdigit() and int(text) >= 1:
        return int(text)
    raise argparse.ArgumentTypeError(f"{text!r} is not a slot number (1, 2, …) or 'any'")


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def _chosen_session(presentation: Presentation, choice: int | str) -> str | None:
    """The session id of slot number `choice` as `planner show` numbers them; None for 'any'."""
    if choice == ANY_SLOT:
        return None
    count = len(presentation.slots)
    if not 1 <= int(choice) <= count:
        slots = plural(count, "slot") if count else "no slot yet"
        raise NotFoundError(f"{presentation.id} has {slots}; --slot {choice} names none (see `planner show {presentation.id}`)")
    return presentation.slots[int(choice) - 1].session


def _with_owner(file: BookmarkFile, owner: str | None) -> BookmarkFile:
    return file if owner is None else file.model_copy(update={"owner": owner})


def add_command(args: argparse.Namespace) -> int:
    from planner.bookmarks.file import new_bookmark
    from planner.cli.my_bookmarks import change_my_bookmarks
    from planner.search.finding import find_presentation

    program = load(args)
    path = bookmarks_path(args, program)
    presentations = list({p.id: p for p in (find_presentation(program, text) for text in args.ids)}.values())
    sessions = {p.id: _chosen_session(p, args.slot) for p in presentations} if args.slot is not None else {}
    now = _now()

    def change(file: BookmarkFile) -> BookmarkFile:
        for presentation in presentations:
            existing = file.get(presentation.id)
            if existing is None:
                bookmark = new_bookmark(presentation.id, presentation.title, now=now, priority=Priority(args.priority or Priority.WANT),
                                        note=args.note or "", slot=sessions.get(presentation.id))  # fmt: skip
            else:
                update: dict[str, Any] = {}
                if args.priority:
                    update["priority"] = Priority(args.priority)
                if args.note is not None:
                    update["note"] = args.note
                if args.slot is not None:
                    update["slot"] = sessions[presentation.id]
                bookmark = existing.model_copy(update=update)
            file = file.with_bookmark(bookmark)
        return _with_owner(file, args.owner)

    matched = change_my_bookmarks(args, program, change)
    where = display_zone(args, program)
    for presentation in presentations:
        bookmark = matched.bookmarks.get(presentation.id)
        assert bookmark is not None  # just saved
        print(f"bookmarked {presentation.id} ({_describe(program, bookmark, where)}): {one_line(presentation.title)}")
    _print_saved(matched, path)
    return 0


def remove_command(args: argparse.Namespace) -> int:
    from planner.bookmarks.store import read_program_bookmarks
    from planner.cli.my_bookmarks import change_my_bookmarks

    program = load(args)
    path = bookmarks_path(args, program)
    current = read_program_bookmarks(path, program).bookmarks
    doomed = [_bookmarked_id(program, current, text) for text in args.ids]

    def change(file: BookmarkFile) -> BookmarkFile:
        for presentation_id in doomed:
            file = file.without(presentation_id)
        return _with_owner(file, args.owner)

    matched = change_my_bookmarks(args, program, change)
    for presentation_id in dict.fromkeys(doomed):
        removed = current.get(presentation_id)
        print(f"removed {presentation_id}" + (f": {one_line(removed.title)}" if removed and removed.title else ""))
    _print_saved(matched, path)
    return 0


def _bookmarked_id(program: Program, bookmarks: BookmarkFile, text: str) -> str:
    """The id of the bookmark `text` names: an id in the file (known to the program or not), or a presentation."""
    from planner.search.finding import find_presentation

    if bookmarks.get(text) is not None:
        return text
    presentation_id = find_presentation(program, text).id
    if bookmarks.get(presentation_id) is None:
        raise NotFoundError(f"{presentation_id} is not bookmarked")
    return presentation_id


def _print_saved(matched: MatchedBookmarks, path: Path) -> None:
    count = len(matched.bookmarks.bookmarks)
    print(f"{plural(count, 'bookmark')} in {path}")


def _describe(program: Program, bookmark: Bookmark, where: tzinfo) -> str:
    """'must, slot 2: Wed 5 Dec 10:45–12:45 PST' — priority and, if chosen, the slot."""
    from planner.bookmarks.matching import chosen_slot
    from planner.program.times import format_range

    slot = chosen_slot(program, bookmark)
    if slot is None:
        return bookmark.priority.value
    presentation = program.presentations_by_id[bookmark.id]
    span = program.when(slot)
    return f"{bookmark.priority.value}, slot {presentation.slots.index(slot) + 1}: {format_range(span, where) if span else 'no time yet'}"


def _slots_to_show(program: Program, bookmark: Bookmark) -> list[Slot]:
    """The slots export writes for the bookmark: the chosen one, else every one."""
    from planner.bookmarks.matching import slots_to_attend

    presentation = program.presentations_by_id.get(bookmark.id)
    return slots_to_attend(presentation, bookmark) if presentation else []


def list_command(args: argparse.Namespace) -> int:
    from planner.cli.my_bookmarks import my_bookmarks
    from planner.cli.output import print_json, terminal_width
    from planner.search.finding import timed_spans

    program = load(args)
    where = display_zone(args, program)
    bookmarks = my_bookmarks(args, program).bookmarks

    def order(bookmark: Bookmark) -> tuple[int, float, str]:
        spans = timed_spans(program, _slots_to_show(program, bookmark))
        rank = 0 if spans else 1 if bookmark.id in program.presentations_by_id else 2
        return (rank, spans[0].start.timestamp() if spans else 0.0, bookmark.id)

    ordered = sorted(bookmarks.bookmarks, key=order)
    from planner.following.followed import cancelled_in

    # A followed program remembers what its updates cancelled: those bookmarks are kept, and said to be cancelled.
    cancelled = cancelled_in(program.conference.id)
    if args.json:
        print_json([_bookmark_json(program, bookmark, where) | {"cancelled": bookmark.id in cancelled} for bookmark in ordered])
        return 0
    if not ordered:
        print(f"No bookmarks yet in {bookmarks_path(args, program)}; add one with `planner bookmark add ID`.")
        return 0
    whens = {bookmark.id: "cancelled" if bookmark.id in cancelled else _when(program, bookmark, where) for bookmark in ordered}
    when_width = max(len(when) for when in whens.values()) + 2
    title_width = max(20, terminal_width() - 7 - when_width - 2 - min(48, max(len(b.id) for b in ordered)))
    for bookmark in ordered:
        title = clip(one_line(bookmark.title or _title(program, bookmark)), title_width)
        print(f"{bookmark.priority.value:<7}{whens[bookmark.id]:<{when_width}}{title:<{title_width}}  {one_line(bookmark.id)}")
        if bookmark.note:
            print(f"{'':<7}{'':<{when_width}}“{clip(one_line(bookmark.note), title_width)}”")
    owner = f"; owner {one_line(bookmarks.owner)}" if bookmarks.owner else ""
    print(f"\n{plural(len(ordered), 'bookmark')} in {bookmarks_path(args, program)}{owner}")
    return 0


def _title(program: Program, bookmark: Bookmark) -> str:
    presentation = program.presentations_by_id.get(bookmark.id)
    return presentation.title if presentation else ""


def _when(program: Program, bookmark: Bookmark, where: tzinfo) -> str:
    from planner.program.times import format_range
    from planner.search.finding import timed_spans

    if bookmark.id not in program.presentations_by_id:
        return "not in this program"
    timed = timed_spans(program, _slots_to_show(program, bookmark))
    if not timed:
        return "no time yet"
    more = f" (+{len(timed) - 1} more)" if len(timed) > 1 else ""
    return format_range(timed[0], where) + more


def _bookmark_json(program: Program, bookmark: Bookmark, where: tzinfo) -> dict[str, Any]:
    from planner.bookmarks.matching import chosen_slot
    from planner.cli.output import slot_json
    from planner.program.times import utc_iso

    presentation = program.presentations_by_id.get(bookmark.id)
    slot = chosen_slot(program, bookmark)
    return {
        "id": bookmark.id,
        "title": bookmark.title,
        "priority": bookmark.priority.value,
        "note": bookmark.note,
        "added": utc_iso(bookmark.added),
        "slot": bookmark.slot,
        "slot_number": presentation.slots.index(slot) + 1 if presentation and slot else None,
        "in_program": presentation is not None,
        "slots": [slot_json(program, shown, where) for shown in _slots_to_show(program, bookmark)],
    }


def _existing(text: str) -> Path:
    path = Path(text)
    if not path.is_file():
        raise NotFoundError(f"no bookmark file {text!r}")
    return path


def merge_command(args: argparse.Namespace) -> int:
    from planner.bookmarks.merge import merge_bookmarks, merge_changes
    from planner.bookmarks.store import read_program_bookmarks
    from planner.cli.my_bookmarks import change_my_bookmarks

    program = load(args)
    path = bookmarks_path(args, program)
    # Every file is read and checked before yours is touched: one bad file merges nothing.
    others = [read_program_bookmarks(_existing(text), program) for text in args.files]
    before: BookmarkFile | None = None

    def change(file: BookmarkFile) -> BookmarkFile:
        nonlocal before
        before = file
        return _with_owner(merge_bookmarks(file, [other.bookmarks for other in others]), args.owner)

    matched = change_my_bookmarks(args, program, change)
    assert before is not None
    added, changed = merge_changes(before, matched.bookmarks)
    files = len(args.files)
    print(f"merged {plural(files, 'file')}: {len(added)} new, {len(changed)} updated")
    for sign, group in (("+", added), ("~", changed)):
        for bookmark in group:
            print(f"  {sign} {one_line(bookmark.id)}  {bookmark.priority.value:<7}{clip(one_line(bookmark.title), 70)}")
    _print_saved(matched, path)
    return 0


def team_command(args: argparse.Namespace) -> int:
    from planner.bookmarks.store import read_program_bookmarks
    from planner.bookmarks.team import Member, team_coverage
    from planner.cli.my_bookmarks import my_bookmarks, tell
    from planner.cli.output import print_json
    from planner.wording.bookmark_notes import member_names

    program = load(args)
    where = display_zone(args, program)
    own = bookmarks_path(args, program)
    paths = _distinct([own, *(_existing(text) for text in args.files)])
    readings = [(path, my_bookmarks(args, program) if path is own else read_program_bookmarks(path, program)) for path in paths]
    for path, matched in readings[1:]:
        tell(matched, path, program)
    names = member_names([(path, matched.bookmarks.owner) for path, matched in readings])
    members = [Member(name, matched.bookmarks) for name, (_, matched) in zip(names, readings, strict=True)]
    coverage = team_coverage(program, members)
    if args.json:
        print_json(_team_json(program, coverage, readings, names, where))
        return 0
    _print_team(program, coverage, readings, names, where)
    return 0


def _distinct(paths: list[Path]) -> list[Path]:
    """The paths without repeats (the same file named twice, or your own file among the others)."""
    from planner.files import same_file

    kept: list[Path] = []
    for path in paths:
        if not any(same_file(path, other) for other in kept):
            kept.append(path)
    return kept


def _going_text(covered: Covered) -> str:
    slots = covered.presentation.slots if covered.presentation is not None else []
    parts = []
    for going in covered.going:
        slot = f", slot {slots.index(going.slot) + 1}" if len(slots) > 1 and going.slot else ""
        parts.append(f"{going.member} ({going.priority.value}{slot})")
    return ", ".join(parts)


def _print_team(program: Program, coverage: Coverage, readings: list, names: list[str], where: tzinfo) -> None:
    from planner.cli.output import terminal_width
    from planner.program.times import format_range
    from planner.search.finding import timed_spans

    listed = ", ".join(
        f"{name} ({'you' if index == 0 else path.name}, {len(matched.bookmarks.bookmarks)})"
        for index, (name, (path, matched)) in enumerate(zip(names, readings, strict=True))
    )
    print(f"Team: {listed}")
    if not coverage.presentations:
        print("\nNo one has bookmarked anything yet.")
        return
    width = terminal_width()
    heading = None
    for covered in coverage.presentations:
        timed = timed_spans(program, covered.presentation.slots) if covered.presentation else []
        if covered.presentation is None:
            title = "Not in this program (kept in the files)"
        elif timed:
            day = program.conference.day_of(timed[0].start)
            title = f"{day:%a} {day.day} {day:%b %Y}"
        else:
            title = "Not scheduled yet"
        if title != heading:
            print(f"\n{title}")
            heading = title
        when = format_range(timed[0], where, with_date=False) if timed else ""
        print(f"  {when:<20}{clip(one_line(covered.title), width - 24)}")
        print(f"  {'':<20}{clip(_going_text(covered), width - 24)}")
    print("\nMusts only one person is going to")
    if not coverage.only_one_going:
        print("  none: every must has someone else going too")
    for covered in coverage.only_one_going:
        print(f"  {clip(one_line(covered.title), width - 30)} — {covered.going[0].member}")


def _team_json(program: Program, coverage: Coverage, readings: list, names: list[str], where: tzinfo) -> dict[str, Any]:
    from planner.cli.output import slot_json

    def going_json(going: Going, covered: Covered) -> dict[str, Any]:
        number = covered.presentation.slots.index(going.slot) + 1 if going.slot and covered.presentation else None
        return {"name": going.member, "priority": going.priority.value, "slot": going.slot.session if going.slot else None,
                "slot_number": number, "note": going.note}  # fmt: skip

    def covered_json(covered: Covered) -> dict[str, Any]:
        slots = covered.presentation.slots if covered.presentation else []
        return {
            "id": covered.id,
            "title": covered.title,
            "in_program": covered.presentation is not None,
            "slots": [slot_json(program, slot, where) for slot in slots],
            "going": [going_json(going, covered) for going in covered.going],
        }

    return {
        "conference": program.conference.id,
        "members": [
            {"name": name, "file": str(path), "you": index == 0, "bookmarks": len(matched.bookmarks.bookmarks)}
            for index, (name, (path, matched)) in enumerate(zip(names, readings, strict=True))
        ],
        "presentations": [covered_json(covered) for covered in coverage.presentations],
        "only_one_going": [{"id": c.id, "title": c.title, "name": c.going[0].member} for c in coverage.only_one_going],
    }
