"""Provides the commands for programs at a URL: `follow`, `update` and `changes`."""

from __future__ import annotations

import argparse
import sys

from planner.cli.context import add_json_option, command
from planner.plurals import plural


def register(commands: argparse._SubParsersAction) -> None:
    following = command(commands, "follow", help="fetch a program from a URL and keep it current with planner update")
    following.add_argument("url", metavar="URL", help="an http, https or webcal URL of a feed or program page")
    # --conference ID (the id to keep it under; default: the one the feed gives), --format and
    # --timezone are the raw-source options every command takes.
    add_json_option(following)
    following.set_defaults(handler=follow_command)

    updating = command(commands, "update", help="fetch followed programs again and say what changed for you")
    updating.add_argument("program_id", nargs="?", metavar="P", help="a followed program's id (default: the only one)")
    updating.add_argument("--all", action="store_true", help="every followed program")
    updating.add_argument("--yes", action="store_true", help="take a feed that shrank by 90%% or more without asking")
    add_json_option(updating)
    updating.set_defaults(handler=update_command)

    changing = command(commands, "changes", help="what changed in a followed program, your bookmarks first")
    changing.add_argument("program_id", nargs="?", metavar="P", help="a followed program's id (default: the only one)")
    changing.add_argument("--since", metavar="WHEN", help="since a date, a time or an age (2h, 3d); default: the last update")
    add_json_option(changing)
    changing.set_defaults(handler=changes_command)


def follow_command(args: argparse.Namespace) -> int:
    from planner.cli.context import raw_options
    from planner.following.followed import follow

    options, format_name = raw_options(args)  # checks --format and --timezone before anything is fetched
    followed, imported = follow(args.url, conference=options.conference, format_name=format_name, timezone=options.timezone)
    for note in imported.notes:
        print(f"{note}", file=sys.stderr)
    program = imported.program
    if args.json:
        from planner.cli.output import print_json

        print_json(_followed_json(followed))
        return 0
    print(
        f"Following {followed.id}: {program.conference.name}, {plural(len(program.presentations), 'presentation')} "
        f"in {plural(len(program.sessions), 'session')} ({followed.format_name})."
    )
    print(f"Open it with --program {followed.id}; fetch it again with planner update {followed.id}.")
    return 0


def update_command(args: argparse.Namespace) -> int:
    from planner.errors import PlannerError
    from planner.following.followed import followed_programs

    if args.all:
        chosen = followed_programs()
        if not chosen:
            print("No programs are followed yet; follow one with planner follow URL.")
            return 0
    else:
        chosen = [_chosen(args)]
    reports, failed = [], False
    for followed in chosen:
        try:
            reports.append(_update_one(args, followed))
        except PlannerError as err:
            if not args.all:
                raise
            print(f"planner: {err}", file=sys.stderr)
            failed = True
    if args.json:
        from planner.cli.output import print_json

        print_json(reports if args.all else reports[0])
    return 1 if failed else 0


def _update_one(args: argparse.Namespace, followed) -> dict:
    from datetime import UTC, datetime

    from planner.cli.context import conference_bookmarks_path
    from planner.following.followed import age, update

    now = datetime.now(UTC)
    updated = update(followed, bookmarks=conference_bookmarks_path(args, followed.id), confirm=_confirm(args), now=now)
    for note in updated.notes:
        print(f"{note}", file=sys.stderr)
    record = _followed_json(updated.followed)
    if not updated.new_version:
        record["changed"] = False
        if not args.json:
            print(f"{followed.id}: no change since the version fetched {age(updated.followed.fetched, now)}.")
        return record
    from planner.wording.following import change_line, update_summary

    plan, changes = updated.plan, updated.changes
    assert plan is not None
    assert changes is not None
    record |= {
        "changed": True,
        "summary": update_summary(plan),
        "yours": [change.as_json() for change in plan.yours],
        "repinned": [{"id": r.id, "title": r.title, "from": r.old_session, "to": r.new_session} for r in plan.repinned],
        "new_clashes": [list(clash.bookmarks) for clash in plan.new_clashes],
        "other_changes": len(plan.others),
    }
    if args.json:
        return record
    print(f"{followed.id}: updated ({changes.before_count} → {plural(changes.after_count, 'presentation')}).")
    print(update_summary(plan))
    if plan.problem:
        print(f"Your bookmarks were not checked: {plan.problem}")
    for change in plan.yours:
        print(f"  {change_line(change)}")
    for repin in plan.repinned:
        if repin.new_session:
            print(f"  PIN       {repin.title}: its chosen slot is gone; now pinned to {repin.when}")
        else:
            print(f"  PIN       {repin.title}: its chosen slot is gone and it has no other; left unpinned")
    for clash in plan.new_clashes:
        print(f"  CLASH     {clash.first.title} / {clash.second.title} ({clash.kind.value})")
    if plan.others:
        print(f"See every change with planner changes {followed.id}.")
    return record


def changes_command(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from planner.bookmarks.store import read_bookmarks
    from planner.cli.context import conference_bookmarks_path
    from planner.errors import BookmarkFileError
    from planner.following.followed import age, changes_since, mark_seen, parse_since, seen_version
    from planner.wording.following import change_line

    followed = _chosen(args)
    now = datetime.now(UTC)
    since = parse_since(args.since, now) if args.since else None
    baseline, changes = changes_since(followed, since)
    if not args.json and baseline.fetched <= seen_version(followed).fetched:
        # Read by a person, and reaching back to what they last saw: none of it is news any more,
        # in the TUI's marks either. A script's --json, or a shorter look back, leaves that alone.
        mark_seen(followed)
    try:
        ids = read_bookmarks(conference_bookmarks_path(args, followed.id), followed.id).ids
    except BookmarkFileError as err:
        print(f"planner: {err}; listing without your bookmarks", file=sys.stderr)
        ids = frozenset()
    yours, others = changes.about(ids), changes.others(ids)
    if args.json:
        from planner.cli.output import print_json

        print_json(
            {
                "program": followed.id,
                "from": baseline.fetched.isoformat(),
                "to": followed.fetched.isoformat(),
                "yours": [change.as_json() for change in yours],
                "others": [change.as_json() for change in others],
            }
        )
        return 0
    if baseline == followed.current:
        print(f"{followed.id}: only one version so far (fetched {age(followed.fetched, now)}); nothing to compare.")
        return 0
    print(
        f"{followed.id}: changes from the version fetched {age(baseline.fetched, now)} "
        f"to the one fetched {age(followed.fetched, now)}."
    )
    if not changes:
        print("No changes.")
        return 0
    if yours:
        print("\nYour bookmarks")
        for change in yours:
            print(f"  {change_line(change)}")
    if others:
        print("\nOther changes" if yours else "")
        for change in others:
            print(f"  {change_line(change)}")
    return 0


def _chosen(args: argparse.Namespace):
    from planner.errors import NotFoundError
    from planner.following.followed import find_followed, followed_programs

    wanted = args.program_id or getattr(args, "program", None)
    if wanted:
        return find_followed(wanted)
    every = followed_programs()
    if len(every) == 1:
        return every[0]
    if not every:
        raise NotFoundError("no programs are followed yet; follow one with planner follow URL")
    raise NotFoundError(f"several programs are followed ({', '.join(f.id for f in every)}): name one, or give --all")


def _confirm(args: argparse.Namespace):
    if args.yes:
        return lambda question: True
    if not sys.stdin.isatty() or args.json:
        return None

    def ask(question: str) -> bool:
        answer = input(f"{question[0].upper()}{question[1:]}. Replace the version kept? [y/N] ")
        return answer.strip().lower() in ("y", "yes")

    return ask


def _followed_json(followed) -> dict:
    return {
        "id": followed.id,
        "url": followed.url,
        "format": followed.format_name,
        "fetched": followed.fetched.isoformat(),
        "checked": followed.checked.isoformat() if followed.checked else None,
        "presentations": followed.current.presentations,
        "versions": len(followed.versions),
        "failed": followed.failed,
    }
