"""Provides the discovery commands: `similar` (papers like this one), `suggest` (from your bookmarks) and `author`."""

from __future__ import annotations

import argparse
from typing import Any

from planner.cli.context import add_json_option, command


def register(commands: argparse._SubParsersAction) -> None:
    similar = command(commands, "similar", help="the presentations most like one, each with why")
    similar.add_argument("id", help="a presentation id (or a unique prefix or piece of its title)")
    _add_count_option(similar)
    add_json_option(similar)
    similar.set_defaults(handler=similar_command)

    suggest = command(commands, "suggest", help="what else to see, from your bookmarks and the authors you follow")
    suggest.add_argument("--fits", action="store_true", help="only what overlaps nothing in your plan")
    _add_count_option(suggest)
    add_json_option(suggest)
    suggest.set_defaults(handler=suggest_command)

    author = command(
        commands,
        "author",
        help="everything by a person; `author follow NAME` / `author unfollow NAME`; alone, who you follow",
        description='Everything by a person: accents, case and initials do not count ("K. Cho" finds Kyunghyun Cho). '
        "`planner author follow NAME` marks their presentations and counts them in suggestions; "
        "`planner author unfollow NAME` stops; `planner author` alone lists whom you follow.",
    )
    author.add_argument("name", nargs="*", metavar="NAME", help="a name, or follow NAME, or unfollow NAME")
    add_json_option(author)
    author.set_defaults(handler=author_command)


def _add_count_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-n", type=_count, default=10, metavar="N", help="how many to show (default 10)")


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 1 <= value <= 1000:
        raise argparse.ArgumentTypeError(f"{text!r}: give between 1 and 1000")
    return value


# --- similar ---------------------------------------------------------------------------------


def similar_command(args: argparse.Namespace) -> int:
    from planner.cli.context import display_zone, load
    from planner.cli.output import presentation_json, print_json
    from planner.search.finding import find_presentation
    from planner.search.similar import SimilarityIndex
    from planner.wording.discovery import similar_reason
    from planner.wording.text import one_line

    program = load(args)
    where = display_zone(args, program)
    presentation = find_presentation(program, args.id)
    found = SimilarityIndex.of(program).similar(presentation.id, args.n)
    presentations = program.presentations_by_id
    if args.json:
        print_json(
            {
                "like": presentation.id,
                "similar": [
                    presentation_json(program, presentations[related.id], presentations[related.id].slots, where)
                    | _why(related, similar_reason(related))
                    for related in found
                ],
            }
        )
        return 0
    print(f"Like {one_line(presentation.title)} ({presentation.id}):")
    if not found:
        print("\nNothing in the program is much like it.")
    for number, related in enumerate(found, start=1):
        _print_entry(program, number, presentations[related.id], similar_reason(related), where)
    return 0


def _why(related: Any, reason: str) -> dict[str, Any]:
    document = {
        "score": round(related.score, 4),
        "reason": reason,
        "terms": list(related.terms),
        "keywords": list(related.keywords),
    }
    if related.authors:
        document["authors_shared" if not related.because_of else "followed_authors"] = list(related.authors)
    if related.because_of:
        document["like"] = list(related.because_of)
    return document


def _print_entry(program: Any, number: int, presentation: Any, reason: str, where: Any, *, slot: Any = None) -> None:
    from planner.program.times import format_range
    from planner.wording.text import one_line

    print(f"\n{number:>3}. {one_line(presentation.title)}")
    chosen = slot or next((slot for slot in presentation.slots if program.when(slot)), None)
    if chosen is not None:
        session = program.sessions_by_id[chosen.session]
        when = f"{format_range(program.when(chosen), where)}  {one_line(session.title)}"
    else:
        when = "no time yet"
    print(f"     {presentation.id} · {presentation.kind.value} · {when}")
    print(f"     {reason}")


# --- suggest ---------------------------------------------------------------------------------


def suggest_command(args: argparse.Namespace) -> int:
    from planner.cli.context import display_zone, load
    from planner.cli.my_bookmarks import my_bookmarks
    from planner.cli.output import presentation_json, print_json
    from planner.plurals import plural
    from planner.schedule.suggestions import fitting_slots, suggest
    from planner.wording.discovery import suggestion_reason

    program = load(args)
    where = display_zone(args, program)
    bookmarks = my_bookmarks(args, program).bookmarks
    found = suggest(program, bookmarks, args.n, fits=args.fits)
    presentations = program.presentations_by_id
    slots = {related.id: fitting_slots(program, bookmarks, related.id) if args.fits else None for related in found}
    if args.json:
        print_json(
            {
                "from_bookmarks": len(bookmarks.bookmarks),
                "following": bookmarks.following,
                "fits": args.fits,
                "suggestions": [
                    presentation_json(
                        program, presentations[related.id], slots[related.id] or presentations[related.id].slots, where
                    )
                    | _why(related, suggestion_reason(program, related))
                    for related in found
                ],
            }
        )
        return 0
    if not bookmarks.bookmarks and not bookmarks.following:
        print("Nothing to go on yet: bookmark a few presentations (planner bookmark add ID) or follow an author.")
        return 0
    if not found:
        print("Nothing fits your free time." if args.fits else "Nothing in the program is much like your bookmarks.")
        return 0
    fitting = " that fit your free time" if args.fits else ""
    print(f"Suggested{fitting}, from {plural(len(bookmarks.bookmarks), 'bookmark')}:")
    for number, related in enumerate(found, start=1):
        fit = slots[related.id]
        _print_entry(
            program, number, presentations[related.id], suggestion_reason(program, related), where, slot=fit[0] if fit else None
        )
    return 0


# --- author ----------------------------------------------------------------------------------


def author_command(args: argparse.Namespace) -> int:
    from planner.cli.context import display_zone, load
    from planner.cli.my_bookmarks import change_my_bookmarks, my_bookmarks
    from planner.cli.output import presentation_json, print_json
    from planner.errors import NotFoundError
    from planner.plurals import plural
    from planner.search.authors import author, by_followed
    from planner.wording.text import one_line

    program = load(args)
    words = list(args.name)
    verb = words[0] if words and words[0] in ("follow", "unfollow") and len(words) > 1 else None
    name = " ".join(words[1:] if verb else words).strip()
    if verb == "follow":
        found = author(program, name)
        changed = change_my_bookmarks(args, program, lambda file: file.with_author(name)).bookmarks
        count = len(found.presentations)
        print(f"Following {one_line(name)}: {plural(count, 'presentation')} in {program.conference.id}"
              f" ({len(changed.following)} followed).")  # fmt: skip
        return 0
    if verb == "unfollow":
        before = my_bookmarks(args, program).bookmarks
        if not before.follows(name):
            raise NotFoundError(f"you do not follow {name!r} (planner author lists whom you follow)")
        change_my_bookmarks(args, program, lambda file: file.without_author(name))
        print(f"No longer following {one_line(name)}.")
        return 0
    where = display_zone(args, program)
    if not name:
        following = my_bookmarks(args, program).bookmarks.following
        marked = by_followed(program, following)
        counts = {followed: len(author(program, followed).presentations) for followed in following}
        if args.json:
            print_json({"following": [{"name": followed, "presentations": counts[followed]} for followed in following],
                        "marked": sorted(marked)})  # fmt: skip
            return 0
        if not following:
            print("You follow nobody yet: planner author follow NAME.")
        for followed in following:
            print(f"  {one_line(followed)}  ({counts[followed]} in {program.conference.id})")
        return 0
    found = author(program, name)
    if args.json:
        print_json(
            {
                "name": name,
                "written_as": list(found.names),
                "presentations": [presentation_json(program, item, item.slots, where) for item in found.presentations],
            }
        )
        return 0
    if not found.presentations:
        raise NotFoundError(f"nobody called {name!r} is an author in {program.conference.id}")
    print(f"{one_line(', '.join(found.names))}: {len(found.presentations)} in {program.conference.id}")
    for number, presentation in enumerate(found.presentations, start=1):
        _print_entry(program, number, presentation, one_line(", ".join(presentation.authors)), where)
    return 0
