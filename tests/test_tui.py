"""The TUI driven as a person would, through Pilot: each flow checks the app's state and the files on disk."""

from __future__ import annotations

import pytest
from textual.color import Color

from planner.bookmarks.file import Priority
from planner.bookmarks.store import read_bookmarks
from planner.importing.catalog import open_program
from planner.program.model import Conference, Kind, Presentation, Program, Session, Slot
from planner.program.program_file import save_program
from planner.tui.screens.browser import BrowserScreen
from planner.tui.screens.help import HelpScreen
from planner.tui.screens.picker import PickerScreen
from planner.tui.screens.prompt import PromptScreen
from planner.tui.widgets.presentation_detail import PresentationDetail
from planner.tui.widgets.program_list import ProgramList
from planner.tui.zones import ZoneMode
from tests.tui_app import SIZE, Notes, lines, listed, make_app, settle

NODE = "neural-ordinary-differential-equations"


def bookmark_file(tmp_path):
    return tmp_path / "bookmarks" / "neurips-2018.json"


def saved(tmp_path):
    return read_bookmarks(bookmark_file(tmp_path), "neurips-2018")


async def test_the_browser_shows_the_whole_program_by_day_with_the_first_talk_in_detail(neurips, tmp_path):
    app = make_app(neurips, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, BrowserScreen)
        assert len(listed(app)) == 14
        drawn = lines(app)
        assert drawn[0].strip() == "Tuesday 4 December 2018"
        assert "Tue Track 2 -- Session 2" in drawn[1]
        assert "15:30–15:35 EST" in drawn[2] and "SPOT" in drawn[2] and "Evolved Policy Gradients" in drawn[2]
        assert app.screen.query_one(PresentationDetail).text.startswith("Evolved Policy Gradients")


async def test_search_as_you_type_ranks_the_title_match_first_and_escape_restores_the_program(neurips, tmp_path):
    app = make_app(neurips, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"neural ord")
        await settle(pilot)
        assert listed(app)[0].startswith(NODE)
        assert listed(app) == [listed(app)[0]]
        await pilot.press("enter")  # to the results, to act on them
        assert isinstance(app.focused, ProgramList)
        await pilot.press("escape")
        await settle(pilot)
        assert len(listed(app)) == 14 and app.screen.filters.query is None


async def test_leaving_a_search_keeps_the_found_paper_under_the_cursor_and_in_view(tmp_path):
    app = make_app(open_program("iclr-2020"), tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"What Can Neural Networks Reason", "enter")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        listing = app.screen.program_list
        assert listing.rows[listing.cursor].presentation.title == "What Can Neural Networks Reason About?"
        assert any("What Can Neural Networks Reason About?" in line for line in lines(app))


async def test_search_results_ranked_across_days_each_say_their_day(tmp_path):
    iclr = open_program("iclr-2020")  # every paper shown on two days
    app = make_app(iclr, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"neural networks reason")
        await settle(pilot)
        drawn = [line for line in lines(app) if "What Can Neural Networks Reason About?" in line]
        # Results have no day headings above them: the row itself says the day.
        assert drawn and all(line.split()[0] in {"Mon", "Tue", "Wed", "Thu"} for line in drawn), drawn
        assert "Wed 05:00–07:00 UTC" in drawn[0]


async def test_b_bookmarks_at_once_through_the_file_and_again_removes(neurips, tmp_path):
    app = make_app(neurips, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "b")
        second = listed(app)[1]
        assert saved(tmp_path).get(second).priority is Priority.WANT
        assert saved(tmp_path).get(second).added == app.setup.clock()
        assert app.marks.bookmarks[second].priority is Priority.WANT
        assert "★" in lines(app)[3]
        assert "Bookmarked, priority want" in app.screen.query_one(PresentationDetail).text
        await pilot.press("b")
        assert saved(tmp_path).bookmarks == [] and "★" not in lines(app)[3]


async def test_the_detail_marks_a_bookmark_in_the_colours_of_the_theme(neurips, tmp_path):
    def star_is(app, colour: str) -> bool:
        styled = app.screen.query_one(PresentationDetail).styled
        (star,) = [span for span in styled.spans if styled.plain[span.start : span.end] == "★ "]
        # The stylesheet's colours go through floating point on their way: equal within a step of rounding.
        drawn, theme = star.style.color.triplet, Color.parse(colour).rgb
        return all(abs(a - b) <= 1 for a, b in zip(drawn, theme, strict=True))

    app = make_app(neurips, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("b")
        assert star_is(app, app.current_theme.warning)
        await pilot.press("p")  # want → maybe
        assert star_is(app, app.current_theme.primary)
        await pilot.press("p")  # maybe → must
        assert star_is(app, app.current_theme.error)
        app.theme = "nord"
        await pilot.press("down", "up")
        assert star_is(app, app.current_theme.error) and not star_is(app, app.get_theme("textual-dark").error)


async def test_p_cycles_the_priority_and_each_step_is_saved(neurips, tmp_path):
    app = make_app(neurips, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        first = listed(app)[0]
        seen = []
        for _ in range(4):
            await pilot.press("p")
            seen.append(saved(tmp_path).get(first).priority)
        assert seen == [Priority.WANT, Priority.MAYBE, Priority.MUST, Priority.WANT]


async def test_n_types_a_note_that_is_saved_with_the_bookmark(neurips, tmp_path):
    app = make_app(neurips, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        assert isinstance(app.screen, PromptScreen)
        await pilot.press(*"ask about [bold] DST", "enter")
        await pilot.pause()
        assert saved(tmp_path).get(listed(app)[0]).note == "ask about [bold] DST"
        assert "Note: ask about [bold] DST" in app.screen.query_one(PresentationDetail).text
        await pilot.press("n", "escape")  # cancelling keeps the note
        assert saved(tmp_path).get(listed(app)[0]).note == "ask about [bold] DST"


async def test_t_cycles_conference_local_and_both_zones_always_labelled(neurips, tmp_path):
    app = make_app(neurips, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.zone_mode is ZoneMode.CONFERENCE and "15:30–15:35 EST" in lines(app)[2]
        await pilot.press("t")
        assert app.zone_mode is ZoneMode.LOCAL
        # Read in Tokyo the talk is on Wednesday morning, still under the conference's Tuesday.
        assert lines(app)[0].strip() == "Tuesday 4 December 2018"
        assert "Wed 05:30–05:35 JST" in lines(app)[2] and "EST" not in lines(app)[2]
        await pilot.press("t")
        assert app.zone_mode is ZoneMode.BOTH
        assert "15:30–15:35 EST" in lines(app)[2] and "Wed 05:30–05:35 JST" in lines(app)[2]
        assert "America/Toronto (conference)" in app.zone_description and "Asia/Tokyo (yours)" in app.zone_description
        await pilot.press("t")
        assert app.zone_mode is ZoneMode.CONFERENCE


async def test_a_corrupt_bookmark_file_is_notified_left_untouched_and_the_app_runs_on(neurips, tmp_path):
    path = bookmark_file(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_bytes(b'{"format": "planner-bookmarks", "version": 1, "conference": "neurips-2018", "bookmarks": [')
    before = path.read_bytes()
    notes = Notes()
    app = make_app(neurips, tmp_path)
    async with app.run_test(size=SIZE, message_hook=notes.hook) as pilot:
        await settle(pilot)
        assert any(str(path) in error and "not valid JSON" in error for error in notes.errors())
        assert app.bookmarks is None and len(listed(app)) == 14
        await pilot.press("b")  # the engine refuses to overwrite a broken file; the app says so
        await pilot.pause()
        assert any(error.startswith("Not saved") for error in notes.errors())
        await pilot.press("down", "slash", *"batch")
        await settle(pilot)
        assert listed(app)[0].startswith("how-does-batch")
    assert path.read_bytes() == before


async def test_day_and_kind_filters_narrow_the_list(neurips, tmp_path):
    app = make_app(neurips, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("k")
        kinds = {neurips.presentations_by_id[i].kind for i in listed(app)}
        assert app.screen.filters.kind is Kind.ORAL and kinds == {Kind.ORAL} and len(listed(app)) == 2
        await pilot.press("k", "k")
        assert app.screen.filters.kind is None and len(listed(app)) == 14
        await pilot.press("d")
        assert str(app.screen.filters.day) == "2018-12-04" and len(listed(app)) == 14


def tricky_program() -> Program:
    conference = Conference(id="tricky", name="Tricky [red]Conf[/]", timezone="UTC")
    session = Session(id="s", title="[b]Session[/b]", kind=Kind.ORAL, start="2024-05-01T10:00:00Z", end="2024-05-01T11:00:00Z")
    presentation = Presentation(
        id="markup", title="[bold]Not bold[/] \x1b[31mred", kind=Kind.ORAL, authors=["A [link=x]B[/link]"],
        abstract="$x and [@click=app.quit]quit[/]", slots=[Slot(session="s")],
    )  # fmt: skip
    return Program(conference=conference, sessions=[session], presentations=[presentation])


async def test_text_from_a_program_is_shown_literally_never_as_markup_or_escapes(tmp_path):
    app = make_app(tricky_program(), tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        drawn = "\n".join(lines(app, 4))
        assert "[bold]Not bold[/] \\x1b[31mred" in drawn and "\x1b" not in drawn
        assert "[b]Session[/b]" in drawn
        detail = app.screen.query_one(PresentationDetail).text
        assert "[bold]Not bold[/] \\x1b[31mred" in detail and "A [link=x]B[/link]" in detail
        assert "$x and [@click=app.quit]quit[/]" in detail
        await pilot.press("b")
        assert app.is_running  # the title went into a notification without being read as markup


async def test_the_palette_finds_a_presentation_by_words_and_shows_it(neurips, tmp_path):
    app = make_app(neurips, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("k")  # narrowed to orals: the palette must widen the list to show a spotlight
        await pilot.press("ctrl+p", *"features replay")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        current = app.screen.query_one(ProgramList).current
        assert current.presentation.title == "Training Neural Networks Using Features Replay"
        assert app.screen.filters.kind is None


async def test_the_palette_offers_every_key_action(neurips, tmp_path):
    app = make_app(neurips, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"Time zone")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.zone_mode is ZoneMode.LOCAL


@pytest.mark.parametrize(
    ("opening", "wanted"),
    [
        ((), ("/", "b", "p", "n", "s", "m", "c", "P", "t", "e", "M", "w", "?", "d", "k")),
        (("b", "m"), ("b", "p", "n", "s", "c", "P", "t", "e", "M", "w", "?", "1–9")),
    ],
)
async def test_every_key_the_help_lists_is_bound_to_an_action_that_exists(neurips, tmp_path, opening, wanted):
    app = make_app(neurips, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*opening)
        below = app.screen
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        keys = {key: (binding, node) for key, binding, node in app.screen.keys}
        for key in wanted:
            assert any(key in listed_keys.split(", ") for listed_keys in keys), key
        for key, (binding, node) in keys.items():
            action = binding.action.split("(")[0]
            namespace, _, name = action.rpartition(".")
            target = {"app": app, "screen": below}.get(namespace, node)
            assert callable(getattr(target, f"action_{name}", None)), (key, binding.action)
        await pilot.press("escape")
        assert app.screen is below


async def test_the_mouse_selects_a_line(neurips, tmp_path):
    app = make_app(neurips, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        listing = app.screen.query_one(ProgramList)
        await pilot.click(ProgramList, offset=(10, 6))
        await pilot.pause()
        assert listing.cursor == 6 and listing.current.presentation.id == listed(app)[4]


async def test_the_picker_opens_the_chosen_program_and_remembers_it(neurips, tmp_path):
    other = tricky_program()
    path = tmp_path / "tricky.json"
    save_program(other, path)
    remembered = []
    app = make_app(None, tmp_path, choices=["neurips-2018", str(path)], last=str(path), remember=remembered.append)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, PickerScreen)
        await pilot.press("enter")  # the cursor starts on the program opened last
        await settle(pilot)
        assert isinstance(app.screen, BrowserScreen)
        assert app.program.conference.id == "tricky" and remembered == [str(path)]
        assert listed(app) == ["markup"]


async def test_a_program_of_20000_presentations_shows_and_answers_a_search(tmp_path, big_program):
    app = make_app(big_program, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert len(listed(app)) > 20_000  # posters shown twice are listed twice
        assert lines(app)[0].strip().startswith("Friday 27 March 2026")
        await pilot.press("slash", *"graph neural")
        await settle(pilot)
        found = listed(app)
        assert found and len(found) == len(set(found))
        assert "graph" in big_program.presentations_by_id[found[0]].title.lower()
        await pilot.press("enter", "end")
        assert app.screen.query_one(ProgramList).current.presentation.id == found[-1]


@pytest.fixture(scope="module")
def big_program() -> Program:
    from tests.benchmarks.synthetic import synthetic_program

    return synthetic_program(20_000)


def two_tracks() -> Program:
    """Two talks at once in two rooms, and a poster session later."""
    sessions = [
        Session(
            id="track-1",
            title="Track 1",
            kind=Kind.ORAL,
            start="2026-03-29T09:00:00+02:00",
            end="2026-03-29T10:00:00+02:00",
            room="Hall A",
        ),
        Session(
            id="track-2",
            title="Track 2",
            kind=Kind.ORAL,
            start="2026-03-29T09:00:00+02:00",
            end="2026-03-29T10:00:00+02:00",
            room="Hall B",
        ),
        Session(
            id="posters", title="Posters", kind=Kind.POSTER, start="2026-03-30T14:00:00+02:00", end="2026-03-30T16:00:00+02:00"
        ),
    ]
    presentations = [
        Presentation(id="left", title="Left talk", kind=Kind.ORAL, slots=[Slot(session="track-1", start="2026-03-29T09:00:00+02:00", end="2026-03-29T09:20:00+02:00")]),
        Presentation(id="right", title="Right talk", kind=Kind.ORAL, slots=[Slot(session="track-2", start="2026-03-29T09:10:00+02:00", end="2026-03-29T09:30:00+02:00")]),
        Presentation(id="poster", title="A poster", kind=Kind.POSTER, slots=[Slot(session="posters")]),
    ]  # fmt: skip
    return Program(
        conference=Conference(id="two-tracks", name="Two Tracks", timezone="Europe/Berlin"),
        sessions=sessions,
        presentations=presentations,
    )


async def test_my_schedule_lists_the_bookmarks_by_day_and_draws_overlapping_talks_side_by_side(tmp_path):
    from planner.tui.screens.schedule import ScheduleScreen
    from planner.tui.widgets.day_timeline import DayTimeline

    app = make_app(two_tracks(), tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("b", "down", "b", "down", "b", "m")
        await pilot.pause()
        assert isinstance(app.screen, ScheduleScreen)
        schedule = app.screen.query_one("#schedule-list", ProgramList)
        assert [row.presentation.id for row in schedule.rows if hasattr(row, "presentation")] == ["left", "right", "poster"]
        timeline = app.screen.query_one(DayTimeline)
        assert str(timeline.day) == "2026-03-29"
        assert {(p.item.title, p.lane, p.lanes) for p in timeline.placed} == {("Left talk", 0, 2), ("Right talk", 1, 2)}
        drawn = [timeline.render_line(y).text for y in range(6)]
        assert drawn[0].startswith("09:00 ┼") and "Left talk" in drawn[0] and "Right talk" in drawn[2]
        assert drawn[2].index("Right talk") > len(drawn[2]) // 2  # the right half of the drawing
        await pilot.press("down", "down")  # to the poster: the timeline turns to its day
        assert str(timeline.day) == "2026-03-30" and [p.item.title for p in timeline.placed] == ["A poster"]
        await pilot.press("b")  # unbookmarked here, gone from the schedule at once
        assert [row.presentation.id for row in schedule.rows if hasattr(row, "presentation")] == ["left", "right"]
        await pilot.press("m")
        assert isinstance(app.screen, BrowserScreen)


async def test_on_a_narrow_terminal_the_detail_takes_the_lists_place_and_escape_brings_it_back(neurips, tmp_path):
    app = make_app(neurips, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        listing, detail = app.screen.query_one(ProgramList), app.screen.query_one(PresentationDetail)
        assert listing.display and not detail.display
        await pilot.press("down", "enter")
        await pilot.pause()
        assert detail.display and not listing.display and app.focused is detail
        assert detail.text.startswith("Adapted Deep Embeddings")
        await pilot.press("escape")
        await pilot.pause()
        assert listing.display and not detail.display and app.focused is listing
