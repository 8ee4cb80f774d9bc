"""Provides what both front ends say on the day: "in 12 min", the "Next: …" line, a reminder, a route's lines."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta, tzinfo

from planner.plurals import plural
from planner.program.times import format_range, zone_label
from planner.schedule.now import Happening, NowAndNext, Phase
from planner.schedule.route import Route
from planner.wording.text import one_line

_SAME_MORNING = timedelta(hours=12)
"""Closer to the start than this, the first morning reads like any other: "Next: …"."""


def minutes_text(minutes: int) -> str:
    """ "12 min", "1 h 5 min", "2 days 3 h" """
    if minutes < 60:
        return f"{minutes} min"
    hours, rest = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h {rest} min" if rest else f"{hours} h"
    days, hours = divmod(hours, 24)
    return f"{days} days {hours} h" if hours else f"{days} days"


def clock_text(moment: datetime, where: tzinfo, *, today: datetime | None = None) -> str:
    """ "14:30"; "Thu 14:30" when `today` is given and the moment falls on another date."""
    local = moment.astimezone(where)
    if today is not None and local.date() != today.astimezone(where).date():
        return f"{local:%a %H:%M}"
    return f"{local:%H:%M}"


def moment_text(moment: datetime, where: tzinfo) -> str:
    """ "Wed 29 Apr 10:55 UTC" """
    local = moment.astimezone(where)
    return f"{local:%a} {local.day} {local:%b} {local:%H:%M} {zone_label(moment, where)}"


def where_text(happening: Happening) -> str:
    """ " in Ballroom C, board #12" or nothing when the program names no place."""
    return f" in {one_line(happening.place)}" if happening.place else ""


def next_line(answer: NowAndNext, where: tzinfo) -> str:
    """The one line a header shows: my next slot, else the program's next session; before and after, the conference."""
    if answer.phase is Phase.BEFORE and answer.first_start is not None and answer.first_start - answer.at > _SAME_MORNING:
        return f"The conference starts in {minutes_text(_minutes(answer.first_start - answer.at))} ({moment_text(answer.first_start, where)})"
    if answer.phase is Phase.AFTER:
        return "The conference is over"
    following = answer.my_next or answer.next
    if not following:
        return "Nothing more after this"
    first = following[0]
    more = f" (+{len(following) - 1} at the same time)" if len(following) > 1 else ""
    return (
        f"Next: {clock_text(first.span.start, where, today=answer.at)} {one_line(first.title)}{where_text(first)}"
        f" — in {minutes_text(first.minutes_until(answer.at))}{more}"
    )


def reminder_text(happenings: Sequence[Happening], at: datetime, where: tzinfo) -> str:
    """ "In 10 min, 14:30: Title — Poster Session 3, room, board #12"; several of mine in one session
    starting together (posters) make one reminder: "… Poster Session 3, Hall C: 3 of yours: #12 A; #40 B; C" """
    first = happenings[0]
    head = f"In {minutes_text(first.minutes_until(at))}, {clock_text(first.span.start, where)}: "
    if len(happenings) == 1:
        named = one_line(first.session.title) if _session_named(first) else ""
        place = ", ".join(part for part in (named, one_line(first.place or "")) if part)
        return head + one_line(first.title) + (f" — {place}" if place else "")
    where_to = ", ".join(one_line(part) for part in (first.session.title, first.room) if part)
    listed = "; ".join(
        f"{happening.board} {one_line(happening.title)}" if happening.board else one_line(happening.title)
        for happening in happenings
    )
    return f"{head}{where_to}: {len(happenings)} of yours: {listed}"


def _session_named(happening: Happening) -> bool:
    """A presentation's line names its session, unless the session is the presentation (a social, a keynote)."""
    return happening.presentation is not None and one_line(happening.session.title) != one_line(happening.title)


def happening_line(happening: Happening, at: datetime, where: tzinfo, *, running: bool) -> str:
    """One line of now-and-next: the times, the title, the place, and how long until or how long left."""
    another_day = happening.span.start.astimezone(where).date() != at.astimezone(where).date()
    when = format_range(happening.span, where, with_date=another_day)
    if running:
        timing = f"{minutes_text(happening.minutes_left(at))} left"
    else:
        timing = f"in {minutes_text(happening.minutes_until(at))}"
    session = f" · {one_line(happening.session.title)}" if _session_named(happening) else ""
    return f"{when}  {one_line(happening.title)}{session}{where_text(happening)} — {timing}"


def route_lines(route: Route, where: tzinfo) -> list[str]:
    """The route as plain lines: a heading, then a stop a line."""
    head = [
        f"My route: {one_line(route.session.title)}, {format_range(route.span, where)}"
        + (f", {one_line(route.session.room)}" if route.session.room else ""),
    ]
    if not route.stops:
        return [*head, "No bookmarked posters in this session."]
    each = _minutes(route.each, down=True)
    head.append(f"{plural(len(route.stops), 'poster')}, {each} min each, {int(route.walk.total_seconds())} s between boards")
    if route.rushed:
        head.append("Too many for the session: the walking alone takes all its time.")
    lines = []
    for number, stop in enumerate(route.stops, 1):
        board = f"board {one_line(stop.board)}" if stop.board else "no board given"
        lines.append(
            f"{number}. {clock_text(stop.span.start, where)}–{clock_text(stop.span.end, where)}  {board}  {one_line(stop.presentation.title)}"
        )
    return [*head, *lines]


def _minutes(length: timedelta, *, down: bool = False) -> int:
    seconds = length.total_seconds()
    return int(seconds // 60) if down else int(-(-seconds // 60))
