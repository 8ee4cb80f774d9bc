"""Discovery in the TUI on ICLR 2020: Related in the detail pane (1–5 bookmark), followed authors marked, suggestions by day and session."""

from __future__ import annotations

import pytest
from textual.widgets import OptionList, Static

from planner.bookmarks.file import BookmarkFile, new_bookmark
from planner.bookmarks.store import read_bookmarks, update_bookmarks
from planner.importing.catalog import open_program
from planner.schedule.clashes import find_clashes
from planner.schedule.slots import overlap, resolve
from planner.tui.screens.browser import BrowserScreen
from planner.tui.screens.suggestions import SuggestionsScreen
from planner.tui.widgets.presentation_detail import PresentationDetail
from tests.tui_app import NOW, SIZE, by_title, given_bookmarks, lines, make_app, settle


@pytest.fixture(scope="module")
def iclr():
    return open_program("iclr-2020")


def detail(app) -> str:
    return app.screen.query_one(PresentationDetail).text


async def test_the_detail_pane_shows_related_papers_and_a_digit_bookmarks_one(iclr, tmp_path):
    app = make_app(iclr, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.similarity_index is not None
        first = app.screen.current_presentation
        related = app.similarity_index.similar(first.id, 5)
        text = detail(app)
        assert "Related  1–5 bookmarks one" in text
        second_title = iclr.presentations_by_id[related[1].id].title
        assert f"  2   {second_title}" in text
        await pilot.press("2")
        await settle(pilot)
        saved = read_bookmarks(tmp_path / "bookmarks" / "iclr-2020.json", "iclr-2020")
        assert saved.ids == {related[1].id}
        assert f"  2 ★ {second_title}" in detail(app)
        await pilot.press("2")  # again: the bookmark goes
        await settle(pilot)
        assert not read_bookmarks(tmp_path / "bookmarks" / "iclr-2020.json", "iclr-2020").ids


async def test_a_followed_authors_presentations_are_marked_in_the_list(iclr, tmp_path):
    path = tmp_path / "bookmarks" / "iclr-2020.json"
    update_bookmarks(path, "iclr-2020", lambda _: BookmarkFile(conference="iclr-2020", following=["A. Shafahi"]))
    app = make_app(iclr, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        drawn = [line for line in lines(app, 34) if "Adversarially robust transfer learning" in line]
        assert drawn and "learning — ♦ Ali" in drawn[0]
        titles = [iclr.presentations_by_id[presentation_id].title[:30] for presentation_id in app.marks.followed]
        assert len(titles) == 2
        assert all(any(title in line for title in titles) for line in lines(app, 34) if "♦" in line)


async def test_suggestions_by_day_and_session_and_only_what_fits(iclr, tmp_path):
    reformer = by_title(iclr, "Reformer: The Efficient Transformer")
    social = by_title(iclr, "The RL Social")
    given_bookmarks(
        tmp_path / "bookmarks" / "iclr-2020.json", "iclr-2020",
        new_bookmark(reformer.id, reformer.title, now=NOW), new_bookmark(social.id, social.title, now=NOW),
    )  # fmt: skip
    app = make_app(iclr, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SuggestionsScreen)
        options = screen.query_one(OptionList)
        texts = [str(options.get_option_at_index(index).prompt) for index in range(options.option_count)]
        assert texts[0].startswith(("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")) and "Session" in texts[0]
        assert any("like your ★ Reformer" in text for text in texts)
        assert reformer.id not in screen.shown and len(screen.shown) == 40
        assert str(screen.query_one("#suggestions-head", Static).content).startswith("40 suggestions from 2 bookmarks —")
        await pilot.press("f")
        await settle(pilot)
        assert screen.fits and screen.shown
        bookmarks = read_bookmarks(tmp_path / "bookmarks" / "iclr-2020.json", "iclr-2020")
        planned = find_clashes(iclr, bookmarks).counted
        for presentation_id in screen.shown:
            options_of = resolve(iclr, [new_bookmark(presentation_id, "", now=NOW)]).bookmarked[0].options
            assert any(not any(overlap(option, slot) for slot in planned) for option in options_of)
        chosen = screen.current_presentation
        await pilot.press("b")  # the app's keys act on the suggestion under the cursor
        await settle(pilot)
        assert chosen.id in read_bookmarks(tmp_path / "bookmarks" / "iclr-2020.json", "iclr-2020").ids
        assert chosen.id not in screen.shown  # bookmarked: no longer a suggestion
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, BrowserScreen)


async def test_suggestions_from_one_bookmark_say_so(iclr, tmp_path):
    reformer = by_title(iclr, "Reformer: The Efficient Transformer")
    given_bookmarks(tmp_path / "bookmarks" / "iclr-2020.json", "iclr-2020", new_bookmark(reformer.id, reformer.title, now=NOW))
    app = make_app(iclr, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        head = str(app.screen.query_one("#suggestions-head", Static).content)
        assert head.startswith("40 suggestions from 1 bookmark —"), head
