"""`planner now`, `planner route` and `planner remind` as a person runs them."""

from __future__ import annotations

import json

from tests.conftest import run
from tests.test_route import NEURIPS_2025

ICLR = ("--program", "iclr-2020")


def test_now_before_during_and_after_the_conference(capsys):
    code, out, _ = run(capsys, "now", *ICLR, "--at", "2020-04-20 10:00")
    assert code == 0 and "The conference starts in 6 days 19 h (Mon 27 Apr 05:00 UTC)" in out
    code, out, _ = run(capsys, "now", *ICLR, "--at", "2020-04-29 10:55")
    assert code == 0
    assert "Next: 11:00 Live Q&A: Mihaela van der Schaar — in 5 min" in out
    assert "No bookmarks running or still to come" in out
    code, out, _ = run(capsys, "now", *ICLR, "--at", "2020-06-01 10:00")
    assert code == 0 and "The conference is over" in out and "It ended Fri 1 May 01:00 UTC." in out


def test_now_puts_my_bookmarks_first_and_names_a_clash(capsys):
    assert run(capsys, "bookmark", "add", "ryenvpEKDr", "rkgU1gHtvr", "--slot", "1", *ICLR)[0] == 0
    code, out, _ = run(capsys, "now", *ICLR, "--at", "2020-04-29T05:30:00+00:00")
    assert code == 0
    mine = out.split("Mine now\n", 1)[1].split("\n\n", 1)[0]
    assert "★ 05:00–07:00 UTC  A Constructive Prediction" in mine and "1 h 30 min left" in mine
    assert "⚠" not in out  # two posters of one poster session are visited in turn


def test_now_json_is_only_json_and_counts_minutes(capsys):
    run(capsys, "bookmark", "add", "Hygab1rKDS", "--slot", "1", *ICLR)
    code, out, _ = run(capsys, "now", *ICLR, "--at", "2020-04-29 07:48", "--json")
    assert code == 0
    answer = json.loads(out)
    assert answer["phase"] == "during"
    assert [(item["id"], item["minutes_until"], item["minutes_left"]) for item in answer["mine"]["next"]] == [
        ("Hygab1rKDS", 12, 120)
    ]
    assert answer["next"][0]["mine"] is True


def test_the_clock_can_be_set_for_a_whole_session_with_planner_now(capsys, monkeypatch):
    monkeypatch.setenv("PLANNER_NOW", "2020-04-29 10:55")
    code, out, _ = run(capsys, "now", *ICLR)
    assert code == 0 and "Wed 29 Apr 10:5" in out
    monkeypatch.setenv("PLANNER_NOW", "tomorrow")
    code, _, err = run(capsys, "now", *ICLR)
    assert code == 2 and err.startswith("planner: PLANNER_NOW: not an ISO 8601") and "Traceback" not in err


def test_a_bad_at_is_misuse(capsys):
    code, out, err = run(capsys, "now", *ICLR, "--at", "2020-04-29 25:00")
    assert code == 2 and out == "" and "--at" in err


def program_with_boards(tmp_path, capsys) -> tuple[str, ...]:
    target = tmp_path / "neurips-2025.json"
    assert run(capsys, "import", str(NEURIPS_2025), "--timezone", "America/Los_Angeles", "-o", str(target))[0] == 0
    return ("--program", str(target))


def test_route_prints_my_posters_in_board_order_as_text_markdown_and_json(tmp_path, capsys):
    program = program_with_boards(tmp_path, capsys)
    assert run(capsys, "bookmark", "add", "Brd2504aaa", "Brd0118aaa", "BrdNoneaaa", *program)[0] == 0
    code, out, _ = run(capsys, "route", "poster session 6", *program, "--walk-seconds", "120")
    assert code == 0
    assert out.splitlines() == [
        "My route: San Diego Poster Session 6, Fri 5 Dec 16:30–19:30 PST, Exhibit Hall C,D,E",
        "3 posters, 58 min each, 120 s between boards",
        "1. 16:30–17:28  board #118  Gadgets Near the Door",
        "2. 17:30–18:28  board #2504  Widgets at the Far Board",
        "3. 18:30–19:28  no board given  A Poster Whose Board Is Not Given",
    ]
    code, out, _ = run(capsys, "route", "san-diego-poster-session-6", *program, "--markdown")
    assert code == 0 and out.startswith("# My route: San Diego Poster Session 6")
    assert "| 1 | 16:30–17:29 | #118 | Gadgets Near the Door |" in out
    code, out, _ = run(capsys, "route", "poster session 6", *program, "--json")
    stops = json.loads(out)["stops"]
    assert [stop["board"] for stop in stops] == ["#118", "#2504", None]


def test_route_uses_the_walk_setting_and_says_when_nothing_is_bookmarked(tmp_path, capsys):
    program = program_with_boards(tmp_path, capsys)
    code, out, err = run(capsys, "route", "poster session 6", *program)
    assert code == 0 and "No bookmarked posters in this session." in out and "bookmark posters" in err
    code, _, err = run(capsys, "route", "banquet", *program)
    assert code == 2 and "no session 'banquet'" in err


def test_remind_shows_and_sets_the_lead(capsys):
    assert run(capsys, "remind")[1] == "The TUI reminds you 10 min before each bookmarked slot.\n"
    assert run(capsys, "remind", "off")[1] == "Reminders are off.\n"
    assert run(capsys, "remind", "5")[1] == "The TUI reminds you 5 min before each bookmarked slot.\n"
    assert run(capsys, "remind", "soon")[0] == 2


def test_a_posters_calendar_event_is_located_at_its_hall_and_board(tmp_path, capsys):
    from icalendar import Calendar

    program = program_with_boards(tmp_path, capsys)
    run(capsys, "bookmark", "add", "Brd2504aaa", "BrdNoneaaa", *program)
    target = tmp_path / "mine.ics"
    assert run(capsys, "export", *program, "-o", str(target))[0] == 0
    events = Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    assert sorted(str(event["LOCATION"]) for event in events) == ["Exhibit Hall C,D,E", "Exhibit Hall C,D,E, board #2504"]
