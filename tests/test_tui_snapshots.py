"""Pictures of the main screens on the shipped program, at a fixed size, clock and zone, with the cursor not blinking.

Update after an intended change of looks: `python -m pytest tests/test_tui_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

from planner.importing.catalog import open_program
from tests.tui_app import SIZE, make_app, no_blink, settle


def before(*keys: str):
    async def run(pilot) -> None:
        await settle(pilot)
        if keys:
            await pilot.press(*keys)
            await settle(pilot)
        no_blink(pilot.app)
        pilot.app.clear_notifications()  # toasts come and go with the clock; the screen is the subject
        await pilot.pause()

    return run


def test_browser(snap_compare, neurips, tmp_path):
    assert snap_compare(make_app(neurips, tmp_path), terminal_size=SIZE, run_before=before("down", "down", "down", "down"))


def test_browser_with_both_zones_side_by_side(snap_compare, neurips, tmp_path):
    assert snap_compare(make_app(neurips, tmp_path), terminal_size=SIZE, run_before=before("t", "t"))


def test_search_results(snap_compare, neurips, tmp_path):
    assert snap_compare(make_app(neurips, tmp_path), terminal_size=SIZE, run_before=before("slash", *"learning"))


def test_help(snap_compare, neurips, tmp_path):
    assert snap_compare(make_app(neurips, tmp_path), terminal_size=SIZE, run_before=before("question_mark"))


def test_picker(snap_compare, tmp_path):
    assert snap_compare(make_app(None, tmp_path, choices=["neurips-2018"]), terminal_size=SIZE, run_before=before())


def test_my_schedule(snap_compare, neurips, tmp_path):
    keys = ("b", "down", "down", "b", "p", "p", "down", "down", "down", "b", "p", "m")
    assert snap_compare(make_app(neurips, tmp_path), terminal_size=SIZE, run_before=before(*keys))


def test_my_schedule_with_a_clash(snap_compare, tmp_path):
    """The social and a paper pinned to the poster session it overlaps: both marked, side by side on the day, the remedies below."""
    from planner.bookmarks.file import new_bookmark
    from tests.tui_app import NOW, by_title, given_bookmarks

    iclr = open_program("iclr-2020")
    social, paper = by_title(iclr, "The RL Social"), by_title(iclr, "What Can Neural Networks Reason About?")
    given_bookmarks(
        tmp_path / "bookmarks" / "iclr-2020.json", "iclr-2020",
        new_bookmark(social.id, social.title, now=NOW), new_bookmark(paper.id, paper.title, now=NOW, slot="wed-session-4"),
    )  # fmt: skip
    assert snap_compare(make_app(iclr, tmp_path), terminal_size=SIZE, run_before=before("m"))
