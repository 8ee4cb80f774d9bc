"""The bookmark commands as a person uses them: add, remove, list, merge, --slot, --owner, broken files."""

from __future__ import annotations

import json
import shutil

import pytest

from planner.bookmarks.store import parse_bookmarks
from planner.paths import default_bookmark_path
from tests.conftest import FIXTURES, ROOT, run

HERE = FIXTURES / "bookmarks"
PROGRAM = str(HERE / "program_with_twice_presented_poster.json")
ODE = "neural-ordinary-differential-equations"


def listed(capsys, *options: str) -> list[dict]:
    code, out, _ = run(capsys, "bookmark", "list", "--json", *options)
    assert code == 0
    return json.loads(out)


def test_add_list_remove_in_the_default_file(capsys, monkeypatch):
    monkeypatch.setenv("PLANNER_OWNER", "Ann")
    code, out, _ = run(
        capsys,
        "bookmark",
        "add",
        "neural-ordinary",
        "step-size",
        "--priority",
        "must",
        "--note",
        "front row",
        "--program",
        "neurips-2018",
    )
    assert code == 0 and f"bookmarked {ODE} (must): Neural Ordinary Differential Equations" in out
    saved = json.loads(default_bookmark_path("neurips-2018").read_text(encoding="utf-8"))
    assert saved["owner"] == "Ann" and [b["id"] for b in saved["bookmarks"]] == [ODE, "step-size-matters-in-deep-learning"]
    rows = listed(capsys, "--program", "neurips-2018")
    assert [(r["id"], r["priority"], r["note"], r["slot"]) for r in rows] == [
        (ODE, "must", "front row", None),
        ("step-size-matters-in-deep-learning", "must", "front row", None),
    ]
    assert rows[0]["slots"][0]["start"] == "2018-12-04T20:50:00Z"
    code, out, _ = run(capsys, "bookmark", "remove", "step-size", "--program", "neurips-2018")
    assert code == 0 and out.startswith("removed step-size-matters-in-deep-learning: Step Size Matters")
    assert [r["id"] for r in listed(capsys, "--program", "neurips-2018")] == [ODE]


def test_adding_again_changes_only_what_is_given(capsys, tmp_path):
    mine = str(tmp_path / "mine.json")
    run(
        capsys,
        "bookmark",
        "add",
        "paper-a",
        "--priority",
        "must",
        "--note",
        "ask about the ablation",
        "--slot",
        "2",
        "--program",
        PROGRAM,
        "--bookmarks",
        mine,
    )
    first = json.loads((tmp_path / "mine.json").read_text(encoding="utf-8"))["bookmarks"][0]
    code, out, _ = run(capsys, "bookmark", "add", "paper-a", "--priority", "maybe", "--program", PROGRAM, "--bookmarks", mine)
    assert code == 0 and "(maybe, slot 2: Tue 30 Apr 10:00–12:00 EAT)" in out
    [row] = listed(capsys, "--program", PROGRAM, "--bookmarks", mine)
    assert (row["priority"], row["note"], row["slot"], row["slot_number"], row["added"]) == (
        "maybe",
        "ask about the ablation",
        "poster-2",
        2,
        first["added"],
    )
    run(capsys, "bookmark", "add", "paper-a", "--slot", "any", "--program", PROGRAM, "--bookmarks", mine)
    [row] = listed(capsys, "--program", PROGRAM, "--bookmarks", mine)
    assert row["slot"] is None and len(row["slots"]) == 2


def test_slot_numbers_are_the_ones_show_prints(capsys, tmp_path):
    _, out, _ = run(capsys, "show", "paper-a", "--program", PROGRAM)
    assert "  1. Mon 29 Apr 10:00–12:00 EAT  Poster Session 1, Hall A" in out
    assert "  2. Tue 30 Apr 10:00–12:00 EAT  Poster Session 2, Hall A" in out
    mine = tmp_path / "mine.json"
    run(capsys, "bookmark", "add", "paper-a", "--slot", "1", "--program", PROGRAM, "--bookmarks", str(mine))
    before = mine.read_bytes()
    code, _, err = run(
        capsys, "bookmark", "add", "paper-a", "paper-b", "--slot", "2", "--program", PROGRAM, "--bookmarks", str(mine)
    )
    assert code == 2 and "paper-b has 1 slot; --slot 2 names none" in err
    assert mine.read_bytes() == before  # one bad id: nothing saved for the others either


def test_list_bookmarked_shows_only_yours(capsys):
    run(capsys, "bookmark", "add", "paper-c", "paper-e", "--program", PROGRAM)
    code, out, _ = run(capsys, "list", "--bookmarked", "--json", "--program", PROGRAM)
    assert code == 0 and [row["id"] for row in json.loads(out)] == ["paper-c", "paper-e"]
    code, out, _ = run(capsys, "list", "--bookmarked", "--program", PROGRAM)
    assert "Certified Robustness at Scale" in out and "Bandits" not in out


def test_owner_option_names_you_in_the_file(capsys, tmp_path):
    mine = tmp_path / "mine.json"
    run(capsys, "bookmark", "add", "paper-b", "--owner", "Dr. Cy", "--program", PROGRAM, "--bookmarks", str(mine))
    run(capsys, "bookmark", "add", "paper-c", "--program", PROGRAM, "--bookmarks", str(mine))
    assert json.loads(mine.read_text(encoding="utf-8"))["owner"] == "Dr. Cy"
    code, _, err = run(capsys, "bookmark", "add", "paper-c", "--owner", "x" * 201, "--program", PROGRAM, "--bookmarks", str(mine))
    assert code == 2 and "longer than 200" in err


def test_merge_adds_a_colleagues_bookmarks_and_a_second_merge_changes_nothing(capsys, tmp_path):
    mine = tmp_path / "mine.json"
    run(
        capsys,
        "bookmark",
        "add",
        "paper-a",
        "--priority",
        "want",
        "--note",
        "with Bo",
        "--program",
        PROGRAM,
        "--bookmarks",
        str(mine),
    )
    code, out, err = run(
        capsys, "bookmarks", "merge", str(HERE / "team_ann.json"), "--program", PROGRAM, "--bookmarks", str(mine)
    )
    assert code == 0 and out.startswith("merged 1 file: 3 new, 1 updated")
    assert "withdrawn-paper" in err  # kept, and said so
    by_id = {row["id"]: row for row in listed(capsys, "--program", PROGRAM, "--bookmarks", str(mine))}
    assert set(by_id) == {"paper-a", "paper-b", "paper-c", "withdrawn-paper"}
    assert by_id["paper-a"]["priority"] == "must" and by_id["paper-a"]["slot"] == "poster-2"
    assert by_id["paper-a"]["note"] == "ask about the ablation\n⁂\nwith Bo"
    assert json.loads(mine.read_text(encoding="utf-8"))["owner"] != "Ann"  # the file stays yours
    before = mine.read_bytes()
    code, out, _ = run(capsys, "bookmarks", "merge", str(HERE / "team_ann.json"), "--program", PROGRAM, "--bookmarks", str(mine))
    assert code == 0 and "0 new, 0 updated" in out and mine.read_bytes() == before


def test_a_bad_colleague_file_merges_nothing(capsys, tmp_path):
    mine = tmp_path / "mine.json"
    run(capsys, "bookmark", "add", "paper-a", "--program", PROGRAM, "--bookmarks", str(mine))
    before = mine.read_bytes()
    broken = tmp_path / "theirs.json"
    broken.write_text(
        '{"format": "planner-bookmarks", "version": 1, "conference": "lab-conf-2024",\n "bookmarks": [\n  {"id": "paper-b"}]}'
    )
    code, _, err = run(
        capsys, "bookmarks", "merge", str(HERE / "team_ann.json"), str(broken), "--program", PROGRAM, "--bookmarks", str(mine)
    )
    assert code == 1 and f"{broken}:3: at $.bookmarks[0].added: Field required" in err and "Traceback" not in err
    assert mine.read_bytes() == before
    code, _, err = run(
        capsys, "bookmarks", "merge", str(tmp_path / "nobody.json"), "--program", PROGRAM, "--bookmarks", str(mine)
    )
    assert code == 2 and "no bookmark file" in err and mine.read_bytes() == before
    code, _, err = run(
        capsys, "bookmarks", "merge", str(HERE / "team_ann.json"), "--program", "neurips-2018", "--bookmarks", str(mine)
    )
    assert code == 1 and "for 'lab-conf-2024', not 'neurips-2018'" in err and mine.read_bytes() == before


@pytest.mark.parametrize(
    "argv",
    [
        ["bookmark", "add", "paper-b"],
        ["bookmark", "remove", "paper-a"],
        ["bookmark", "list"],
        ["list", "--bookmarked"],
        ["bookmarks", "merge", str(HERE / "team_ann.json")],
        ["team", str(HERE / "team_bo.json")],
    ],
)
def test_every_command_refuses_a_broken_own_file_and_leaves_it_byte_for_byte(capsys, tmp_path, argv):
    mine = tmp_path / "mine.json"
    mine.write_bytes(
        b'{"format": "planner-bookmarks", "version": 1, "conference": "lab-conf-2024",\n "bookmarks": [\n  {"id": "paper-a", "added": "2024-04-01T00:00:00Z"},\n  {"id": "paper-b", "add'
    )
    before = mine.read_bytes()
    code, _, err = run(capsys, *argv, "--program", PROGRAM, "--bookmarks", str(mine))
    assert code == 1 and err.startswith(f"planner: {mine}:4: not valid JSON") and "Traceback" not in err
    assert mine.read_bytes() == before and not (tmp_path / "mine.json.bak").exists()


def test_text_from_a_strangers_file_is_shown_literally(capsys, tmp_path):
    theirs = tmp_path / "theirs.json"
    theirs.write_text(json.dumps({"format": "planner-bookmarks", "version": 1, "conference": "lab-conf-2024", "owner": "Eve\x1b]0;pwned\x07",
                                  "bookmarks": [{"id": "paper-b", "title": "Bandits\x1b[2J", "note": "\x1b[31mred\u202egnp.exe", "added": "2024-04-01T00:00:00Z"}]}))  # fmt: skip
    mine = tmp_path / "mine.json"
    assert run(capsys, "bookmarks", "merge", str(theirs), "--program", PROGRAM, "--bookmarks", str(mine))[0] == 0
    for argv in (["bookmark", "list"], ["team", str(theirs)]):
        code, out, _ = run(capsys, *argv, "--program", PROGRAM, "--bookmarks", str(mine))
        assert code == 0 and "\x1b" not in out and "\u202e" not in out and "\x07" not in out
    assert "\\x1b[31mred\\u202egnp.exe" in run(capsys, "bookmark", "list", "--program", PROGRAM, "--bookmarks", str(mine))[1]


def test_remove_takes_an_id_the_program_no_longer_has_and_refuses_one_not_bookmarked(capsys, tmp_path):
    mine = tmp_path / "mine.json"
    shutil.copy(HERE / "team_ann.json", mine)
    code, _, err = run(capsys, "bookmark", "remove", "paper-d", "--program", PROGRAM, "--bookmarks", str(mine))
    assert code == 2 and "paper-d is not bookmarked" in err
    code, out, _ = run(capsys, "bookmark", "remove", "withdrawn-paper", "--program", PROGRAM, "--bookmarks", str(mine))
    assert code == 0 and "removed withdrawn-paper: A Paper That Was Withdrawn" in out
    assert "withdrawn-paper" not in mine.read_text(encoding="utf-8")
    assert "withdrawn-paper" in (tmp_path / "mine.json.bak").read_text(encoding="utf-8")


def test_the_documented_example_bookmark_file_is_one_planner_reads():
    readme = (ROOT / "docs" / "bookmarks.md").read_text(encoding="utf-8")
    example = readme.split("## The bookmark file", 1)[1].split("```json\n", 1)[1].split("```", 1)[0]
    bookmarks = parse_bookmarks(example.encode(), name="docs/bookmarks.md")
    assert bookmarks.owner == "Ann" and bookmarks.get(ODE).priority.value == "must"
