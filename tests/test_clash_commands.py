"""`planner clashes` and `planner plan` as a person and a script use them, on real files in tmp_path."""

from __future__ import annotations

import json

import pytest

from planner.bookmarks.file import Priority
from planner.bookmarks.store import dump_bookmarks, read_bookmarks
from planner.cli import main
from planner.paths import default_bookmark_path
from tests.conftest import FIXTURES, run
from tests.programs import mark, marks

WEDNESDAY = str(FIXTURES / "iclr2020_wednesday_excerpt.json")
PAPER = "rJxbJeHFPS"


@pytest.fixture
def social_and_paper(tmp_path):
    """The RL Social and the paper pinned to its Wed Session 4 slot, plus entries that cannot clash."""
    path = tmp_path / "mine.json"
    bookmarks = marks(
        mark("the-rl-social", priority=Priority.MAYBE), mark(PAPER, slot="wed-session-4", priority=Priority.MUST),
        mark("a-poster-with-no-time-yet"), mark("not-in-this-program"), conference="iclr-2020",
    )  # fmt: skip
    path.write_text(dump_bookmarks(bookmarks), encoding="utf-8")
    return path


def test_clashes_json_gives_the_overlap_and_its_remedies(capsys, social_and_paper):
    code, out, err = run(capsys, "clashes", "--program", WEDNESDAY, "--bookmarks", str(social_and_paper), "--json")
    # stdout is JSON only; the bookmark the program lacks is told on stderr, as every command tells it.
    assert code == 0 and err.startswith(
        f"note: {social_and_paper}: 1 bookmark is not in the program of iclr-2020; kept in the file:"
    )
    report = json.loads(out)
    (clash,) = report["overlaps"]
    assert clash["kind"] == "overlap" and clash["bookmarks"] == [PAPER, "the-rl-social"]
    assert [(slot["start"], slot["end"]) for slot in clash["slots"]] == [
        ("2020-04-29T17:00:00Z", "2020-04-29T19:00:00Z"), ("2020-04-29T18:00:00Z", "2020-04-29T20:00:00Z"),
    ]  # fmt: skip
    assert clash["together_minutes"] == 60
    move, keep = clash["remedies"]
    assert move["action"] == "move" and move["bookmark"] == PAPER and move["tight"] is False
    assert (move["slot"]["session"], move["slot"]["start"], move["slot"]["end"]) == (
        "wed-session-1",
        "2020-04-29T05:00:00Z",
        "2020-04-29T07:00:00Z",
    )
    assert keep == {"action": "keep", "bookmark": PAPER, "over": "the-rl-social"}
    assert report["tight"] == [] and report["crowded"] == []
    assert [entry["id"] for entry in report["unscheduled"]] == ["a-poster-with-no-time-yet"]
    assert [entry["id"] for entry in report["unknown"]] == ["not-in-this-program"]


def test_clashes_text_names_both_and_the_way_out(capsys, social_and_paper):
    code, out, _ = run(capsys, "clashes", "--program", WEDNESDAY, "--bookmarks", str(social_and_paper), "--tz", "Europe/Berlin")
    assert code == 0
    assert "1 overlap and 0 tight changes among 4 bookmarks" in out
    assert "Wed 29 Apr 19:00–21:00 CEST  “What Can Neural Networks Reason About?”" in out
    assert (
        "→ move “What Can Neural Networks Reason About?” to Wed 29 Apr 07:00–09:00 CEST (Poster Day 3 Session 1 (P3S1)): free"
        in out
    )
    assert "→ keep “What Can Neural Networks Reason About?”, miss “The RL Social” (must over maybe)" in out
    assert "No time yet" in out and "a-poster-with-no-time-yet" in out
    assert "Not in this program" in out and "not-in-this-program" in out


def test_crowded_poster_session_and_threshold_option(capsys, tmp_path):
    path = tmp_path / "posters.json"
    posters = [mark(name, slot="wed-session-4") for name in (PAPER, "B1esx6EYvr", "B1l4SgHKDH")]
    path.write_text(dump_bookmarks(marks(*posters, conference="iclr-2020")), encoding="utf-8")
    _, out, _ = run(capsys, "clashes", "--program", WEDNESDAY, "--bookmarks", str(path), "--json", "--crowded", "45")
    report = json.loads(out)
    assert report["overlaps"] == [] and report["crowded_minutes"] == 45
    (crowded,) = report["crowded"]
    assert crowded["minutes_each"] == 40 and crowded["rushed"] is True and len(crowded["posters"]) == 3
    _, out, _ = run(capsys, "clashes", "--program", WEDNESDAY, "--bookmarks", str(path))
    assert "No clashes among 3 bookmarks." in out and "3 posters, 40 min each" in out and "rushed" not in out


def test_plan_picks_slots_with_no_overlap_and_apply_saves_them(capsys, social_and_paper):
    before = social_and_paper.read_text(encoding="utf-8")
    code, out, _ = run(capsys, "plan", "--program", WEDNESDAY, "--bookmarks", str(social_and_paper), "--json")
    assert code == 0
    result = json.loads(out)
    assert result["method"] == "exact" and result["overlaps"] == 0 and result["missed"] == [] and result["applied"] is False
    chosen = {choice["bookmark"]: choice["session"] for choice in result["choices"]}
    assert chosen == {PAPER: "wed-session-1", "the-rl-social": "the-rl-social"}
    assert social_and_paper.read_text(encoding="utf-8") == before  # no --apply, no write

    code, out, _ = run(capsys, "plan", "--program", WEDNESDAY, "--bookmarks", str(social_and_paper))
    assert "Plan for 2 bookmarks (exact search): nothing missed." in out
    assert "(moved from your pin: Poster Day 3 Session 4 (P3S4))" in out and "--apply" in out

    code, out, _ = run(capsys, "plan", "--program", WEDNESDAY, "--bookmarks", str(social_and_paper), "--apply")
    assert code == 0 and "Saved: 2 bookmarks pinned to a new slot" in out
    saved = read_bookmarks(social_and_paper, "iclr-2020")
    assert [(b.id, b.slot) for b in saved.bookmarks] == [
        ("the-rl-social", "the-rl-social"), (PAPER, "wed-session-1"), ("a-poster-with-no-time-yet", None), ("not-in-this-program", None),
    ]  # fmt: skip
    _, out, _ = run(capsys, "clashes", "--program", WEDNESDAY, "--bookmarks", str(social_and_paper), "--json")
    assert json.loads(out)["overlaps"] == []


def test_plan_keep_pins_misses_the_lower_priority(capsys, social_and_paper):
    _, out, _ = run(capsys, "plan", "--program", WEDNESDAY, "--bookmarks", str(social_and_paper), "--keep-pins", "--json")
    result = json.loads(out)
    assert result["missed"] == ["the-rl-social"] and result["missed_weight"] == 1 and result["keep_pins"] is True
    assert result["overlaps"] == 1  # the missed social still overlaps the paper


def test_neurips_2018_everything_bookmarked_has_no_clash(capsys):
    path = default_bookmark_path("neurips-2018")
    code, out, _ = run(capsys, "list", "--program", "neurips-2018", "--json")
    ids = [row["id"] for row in json.loads(out)]
    path.parent.mkdir(parents=True)
    path.write_text(dump_bookmarks(marks(*(mark(i) for i in ids), conference="neurips-2018")), encoding="utf-8")
    code, out, _ = run(capsys, "clashes", "--program", "neurips-2018")
    assert code == 0 and out.startswith("No clashes among 14 bookmarks.")
    code, out, _ = run(capsys, "plan", "--program", "neurips-2018", "--json")
    assert json.loads(out)["missed"] == [] and json.loads(out)["tight"] == 0


@pytest.mark.parametrize("command", [["clashes"], ["plan"], ["plan", "--apply"]])
def test_a_broken_bookmark_file_exits_1_and_is_left_as_it_was(capsys, tmp_path, command):
    path = tmp_path / "broken.json"
    path.write_text('{"format": "planner-bookmarks", "version": 1,\n "conference": "iclr-2020", "bookmarks": [', encoding="utf-8")
    before = path.read_bytes()
    code, out, err = run(capsys, *command, "--program", WEDNESDAY, "--bookmarks", str(path))
    assert code == 1 and out == "" and f"{path}:2:" in err and "Traceback" not in err
    # Not even a lock file is left beside it.
    assert path.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["broken.json"]


def test_bookmarks_of_another_conference_are_refused(capsys, tmp_path):
    path = tmp_path / "other.json"
    path.write_text(dump_bookmarks(marks(mark(PAPER), conference="neurips-2018")), encoding="utf-8")
    code, _, err = run(capsys, "clashes", "--program", WEDNESDAY, "--bookmarks", str(path))
    assert code == 1 and "not 'iclr-2020'" in err


@pytest.mark.parametrize("option", [["--walk", "-1"], ["--walk", "soon"], ["--crowded", "99999"]])
def test_bad_minutes_are_a_misuse(capsys, option):
    with pytest.raises(SystemExit) as exit_info:
        main(["clashes", "--program", WEDNESDAY, *option])
    assert exit_info.value.code == 2
