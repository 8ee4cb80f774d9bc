"""My route through a poster session, free time between bookmarks, and the day's settings."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from planner.errors import NotFoundError
from planner.importers.base import ImportOptions
from planner.importing.sources import import_sources
from planner.paths import state_path
from planner.program.model import Kind, Slot
from planner.schedule.free_time import free_time
from planner.schedule.route import find_session, poster_route
from planner.settings import board_walk_seconds, reminder_minutes, set_reminder_minutes
from tests.conftest import FIXTURES
from tests.programs import at, mark, marks, program, session, talk

NEURIPS_2025 = FIXTURES / "neurips2025_poster_boards" / "neurips-2025-orals-posters.json"


def poster_hall():
    base = program([session("posters", at(10), at(11), kind=Kind.POSTER, room="Hall C")], [])
    boards = {"far": "#2504", "near": "#118", "middle": "#1203", "none": None}
    presentations = [
        talk(name, kind=Kind.POSTER).model_copy(update={"slots": [Slot(session="posters", position=board)]})
        for name, board in boards.items()
    ]
    return base.model_copy(update={"presentations": presentations})


def test_the_route_walks_the_boards_in_number_order_sharing_the_session_less_the_walking():
    hall = poster_hall()
    route = poster_route(
        hall, marks(mark("far"), mark("near"), mark("middle"), mark("none")), hall.sessions[0], walk=timedelta(minutes=1)
    )
    assert [(stop.presentation.id, stop.board) for stop in route.stops] == [
        ("near", "#118"),
        ("middle", "#1203"),
        ("far", "#2504"),
        ("none", None),
    ]
    assert route.each == timedelta(minutes=14)  # an hour, less three walks, by four: 14¼, in whole minutes
    assert route.stops[1].span.start == at(10) + route.each + timedelta(minutes=1)
    assert route.stops[-1].span.end <= at(11)
    assert not route.rushed


def test_a_route_with_more_walking_than_time_says_it_is_rushed():
    hall = poster_hall()
    route = poster_route(hall, marks(mark("far"), mark("near")), hall.sessions[0], walk=timedelta(hours=2))
    assert route.rushed


def test_a_route_only_takes_my_posters():
    hall = poster_hall()
    assert [stop.presentation.id for stop in poster_route(hall, marks(mark("far")), hall.sessions[0]).stops] == ["far"]
    assert poster_route(hall, marks(), hall.sessions[0]).stops == ()


def test_a_session_is_found_by_id_or_part_of_its_title():
    hall = day_of_sessions()
    assert find_session(hall, "posters-1").id == "posters-1"
    assert find_session(hall, "posters 2").id == "posters-2"
    with pytest.raises(NotFoundError, match="2 sessions match"):
        find_session(hall, "posters")
    with pytest.raises(NotFoundError, match="no session"):
        find_session(hall, "banquet")


def day_of_sessions():
    return program(
        [
            session("talks-1", at(9), at(10)),
            session("posters-1", at(10), at(12), kind=Kind.POSTER),
            session("talks-2", at(11), at(11, 30)),
            session("posters-2", at(14), at(16), kind=Kind.POSTER),
            session("talks-3", at(16), at(17)),
            session("short", at(16, 30), at(16, 40)),
        ],
        [
            talk("morning", "talks-1"),
            talk("a-poster", "posters-1", kind=Kind.POSTER),
            talk("a-talk", "talks-2"),
            talk("afternoon-poster", "posters-2", kind=Kind.POSTER),
            talk("evening", "talks-3"),
            talk("quick", "short"),
        ],
    )


def test_free_time_is_the_gaps_between_my_bookmarks_with_what_fits_in_them():
    day = day_of_sessions()
    gaps = free_time(day, marks(mark("morning"), mark("evening")), at(9).date())
    assert [(gap.span.start, gap.span.end) for gap in gaps] == [(at(10), at(16))]
    assert [presentation.id for presentation, _, _ in gaps[0].fits] == ["a-poster", "a-talk", "afternoon-poster"]


def test_touching_or_short_gaps_are_no_free_time_and_my_own_bookmarks_are_not_offered():
    day = day_of_sessions()
    assert free_time(day, marks(mark("morning"), mark("a-poster")), at(9).date()) == []  # back to back
    gaps = free_time(day, marks(mark("a-talk"), mark("afternoon-poster"), mark("a-poster")), at(9).date())
    assert [(gap.span.start, gap.span.end) for gap in gaps] == [(at(12), at(14))]
    assert gaps[0].fits == ()
    assert free_time(day, marks(mark("morning")), at(9).date()) == []  # one bookmark: nothing between


def test_the_neurips_2025_feed_gives_its_posters_boards_and_the_route_follows_them():
    imported = import_sources([NEURIPS_2025], ImportOptions(timezone="America/Los_Angeles")).program
    session = find_session(imported, "Poster Session 6")
    route = poster_route(imported, marks(*(mark(p.id) for p in imported.presentations), conference="neurips-2025"), session)
    assert [stop.board for stop in route.stops] == ["#118", "#1203", "#2504", None]
    assert route.each == timedelta(minutes=44)


def test_settings_default_change_and_survive_a_hand_edited_file():
    assert reminder_minutes() == 10 and board_walk_seconds() == 60
    set_reminder_minutes(None)
    assert reminder_minutes() is None
    set_reminder_minutes(5)
    assert reminder_minutes() == 5
    state_path().write_text(json.dumps({"reminder_minutes": "soon", "board_walk_seconds": -3}), encoding="utf-8")
    assert reminder_minutes() == 10 and board_walk_seconds() == 60
