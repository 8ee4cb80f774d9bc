"""The TUI on the day, with the clock moved by the test: the header's "Next: …", the Now view, and a
reminder that fires once, naming the room."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import OptionList

from planner.program.model import Kind
from planner.tui.screens.browser import BrowserScreen
from planner.tui.screens.now import NowScreen
from tests.programs import at, mark, program, session, talk
from tests.tui_app import SIZE, Notes, given_bookmarks, make_app, settle


class Clock:
    """A clock the test moves."""

    def __init__(self, moment) -> None:
        self.moment = moment

    def __call__(self):
        return self.moment


def day():
    return program(
        [
            session("morning-talks", at(10), at(11), room="Ballroom C"),
            session("other-talks", at(10), at(11), room="Room 2"),
            session("posters", at(11), at(13), kind=Kind.POSTER, room="Hall A"),
        ],
        [talk("my-talk", "morning-talks"), talk("their-talk", "other-talks"), talk("a-poster", "posters", kind=Kind.POSTER)],
    )


def app_at(tmp_path, clock, *bookmarks, **options):
    given_bookmarks(tmp_path / "bookmarks" / "test-2024.json", "test-2024", *bookmarks)
    app = make_app(day(), tmp_path, **options)
    app.setup = type(app.setup)(**{**app.setup.__dict__, "clock": clock})
    return app


def option_texts(screen) -> list[str]:
    listing = screen.query_one(OptionList)
    return [str(listing.get_option_at_index(index).prompt) for index in range(listing.option_count)]


async def test_a_reminder_fires_once_before_a_bookmarked_slot_naming_its_room(tmp_path):
    clock = Clock(at(9, 45))
    notes = Notes()
    app = app_at(tmp_path, clock, mark("my-talk"))
    async with app.run_test(size=SIZE, message_hook=notes.hook) as pilot:
        await settle(pilot)
        assert not [note for note in notes.shown if note[1] == "Coming up"]
        clock.moment = at(9, 51)
        app.on_the_day.tick()
        await pilot.pause()
        clock.moment = at(9, 55)
        app.on_the_day.tick()
        await pilot.pause()
        reminders = [message for _, title, message in notes.shown if title == "Coming up"]
        assert reminders == ["In 9 min, 10:00: My talk — Morning Talks, Ballroom C"]


async def test_no_reminder_when_they_are_turned_off(tmp_path):
    clock = Clock(at(9, 55))
    notes = Notes()
    app = app_at(tmp_path, clock, mark("my-talk"), reminder_minutes=None)
    async with app.run_test(size=SIZE, message_hook=notes.hook) as pilot:
        await settle(pilot)
        app.on_the_day.tick()
        await pilot.pause()
        assert [note for note in notes.shown if note[1] == "Coming up"] == []


async def test_during_the_conference_planner_opens_at_now_with_mine_first_and_the_next_in_the_header(tmp_path):
    clock = Clock(at(10, 20))
    app = app_at(tmp_path, clock, mark("my-talk"), mark("a-poster"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, NowScreen)
        assert app.sub_title == "Test 2024 · Next: 11:00 A poster in Hall A — in 40 min"
        texts = option_texts(app.screen)
        assert texts[:4] == [
            "Mine now",
            "★ 10:00–11:00 UTC  My talk · Morning Talks in Ballroom C — 40 min left",
            "Mine next",
            "★ 11:00–13:00 UTC  A poster · Posters in Hall A — in 40 min",
        ]
        assert "  10:00–11:00 UTC  Other Talks in Room 2 — 40 min left" in texts
        clock.moment = at(11, 5)  # the minute ticks: the view follows
        app.screen.refresh_now()
        assert option_texts(app.screen)[:2] == ["Mine now", "★ 11:00–13:00 UTC  A poster · Posters in Hall A — 1 h 55 min left"]
        await pilot.press("enter")  # the first of mine: shown in the program
        await settle(pilot)
        assert isinstance(app.screen, BrowserScreen)
        assert app.screen.current_presentation.id == "a-poster"


async def test_two_of_mine_at_once_are_shown_as_a_clash(tmp_path):
    app = app_at(tmp_path, Clock(at(10, 5)), mark("my-talk"), mark("their-talk"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        texts = option_texts(app.screen)
        assert sum(1 for text in texts if text.endswith("⚠ clash")) == 2


async def test_long_before_the_conference_planner_opens_at_the_program_and_n_shows_when_it_starts(tmp_path):
    app = app_at(tmp_path, Clock(at(10) - timedelta(days=3)))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, BrowserScreen)
        assert app.sub_title == "Test 2024"
        await pilot.press("N")
        assert isinstance(app.screen, NowScreen)
        assert "The conference starts in 3 days (Tue 7 May 10:00 UTC)" in str(app.screen.query_one("#now-heading").render())
        assert option_texts(app.screen)[0].startswith("Nothing of yours")
        await pilot.press("N")
        assert isinstance(app.screen, BrowserScreen)


async def test_the_program_list_and_the_detail_show_a_posters_board(tmp_path):
    from planner.program.model import Slot
    from tests.tui_app import lines

    boards = day()
    boards = boards.model_copy(
        update={
            "presentations": [
                talk("a-poster", kind=Kind.POSTER).model_copy(update={"slots": [Slot(session="posters", position="#2504")]})
            ]
        }
    )
    app = make_app(boards, tmp_path)
    app.setup = type(app.setup)(**{**app.setup.__dict__, "clock": Clock(at(10) - timedelta(days=3))})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert any("#2504 A poster" in line for line in lines(app))
        assert "Posters, Hall A, board #2504" in app.screen.query_one("PresentationDetail").text


async def test_my_schedule_shows_the_free_time_between_my_bookmarks_and_f_goes_to_what_fits(tmp_path):
    from planner.tui.screens.schedule import ScheduleScreen
    from planner.tui.widgets.free_time_panel import FreeTimePanel

    spread = program(
        [
            session("early", at(9), at(10), room="Room 1"),
            session("posters", at(11), at(12), kind=Kind.POSTER, room="Hall A"),
            session("late", at(14), at(15), room="Room 1"),
        ],
        [
            talk("early-talk", "early"),
            talk("poster-one", "posters", kind=Kind.POSTER),
            talk("poster-two", "posters", kind=Kind.POSTER),
            talk("late-talk", "late"),
        ],
    )
    given_bookmarks(tmp_path / "bookmarks" / "test-2024.json", "test-2024", mark("early-talk"), mark("late-talk"))
    app = make_app(spread, tmp_path)
    app.setup = type(app.setup)(**{**app.setup.__dict__, "clock": Clock(at(9) - timedelta(days=3))})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, ScheduleScreen)
        assert app.screen.query_one(FreeTimePanel).text.splitlines()[0] == "Free 10:00–14:00 (4 h): 2 fit — Posters (2)"
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, BrowserScreen)
        assert app.screen.current_presentation.id == "poster-one"


async def test_opened_during_the_conference_the_program_behind_the_now_view_is_at_now(tmp_path):
    app = app_at(tmp_path, Clock(at(11, 20)), mark("a-poster"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, NowScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, BrowserScreen)
        assert app.screen.current_presentation.id == "a-poster"
