"""`planner team`: three hand-made bookmark files give the lab's coverage we worked out by hand."""

from __future__ import annotations

import json
import shutil

from planner.cli import main
from tests.conftest import FIXTURES

HERE = FIXTURES / "bookmarks"
PROGRAM = str(HERE / "program_with_twice_presented_poster.json")


def team(capsys, tmp_path, *options: str) -> tuple[int, str, str]:
    # Cy's file is "yours": it counts as one of the team without being named again.
    mine = tmp_path / "cy.json"
    shutil.copy(HERE / "team_cy_with_an_old_id.json", mine)
    code = main(["team", str(HERE / "team_ann.json"), str(HERE / "team_bo.json"), str(mine),
                 "--program", PROGRAM, "--bookmarks", str(mine), *options])  # fmt: skip
    out, err = capsys.readouterr()
    return code, out, err


def test_team_json_says_who_goes_to_what_and_which_musts_hang_on_one_person(capsys, tmp_path):
    code, out, err = team(capsys, tmp_path, "--json")
    assert code == 0
    coverage = json.loads(out)
    assert [(m["name"], m["you"], m["bookmarks"]) for m in coverage["members"]] == [
        ("Cy", True, 3),
        ("Ann", False, 4),
        ("Bo", False, 3),
    ]
    going = {p["id"]: [(g["name"], g["priority"], g["slot_number"]) for g in p["going"]] for p in coverage["presentations"]}
    assert going == {
        "paper-a": [("Ann", "must", 2), ("Bo", "want", None)],
        "paper-c": [("Ann", "must", None)],
        "paper-b": [("Cy", "must", None), ("Ann", "want", None), ("Bo", "maybe", None)],
        # Cy bookmarked it under an id the program no longer has; matched again by title.
        "paper-d": [("Bo", "must", None), ("Cy", "want", None)],
        "paper-e": [("Cy", "must", None)],
        "withdrawn-paper": [("Ann", "maybe", None)],
    }
    # Time order: Monday's poster session (by title), Monday's oral, Tuesday, no time yet, not in the program.
    assert list(going) == ["paper-a", "paper-c", "paper-b", "paper-d", "paper-e", "withdrawn-paper"]
    assert [p["in_program"] for p in coverage["presentations"]][-1] is False
    assert [(p["id"], p["name"]) for p in coverage["only_one_going"]] == [("paper-c", "Ann"), ("paper-e", "Cy")]
    assert "withdrawn-paper" in err and "diffusion-for-tables-v1 is now paper-d" in err


def test_team_text_lists_people_per_presentation_and_the_lonely_musts(capsys, tmp_path):
    code, out, _ = team(capsys, tmp_path)
    assert code == 0
    assert out.startswith("Team: Cy (you, 3), Ann (team_ann.json, 4), Bo (team_bo.json, 3)")
    assert "Mon 29 Apr 2024" in out and "Not scheduled yet" in out and "Not in this program (kept in the files)" in out
    assert "Ann (must, slot 2), Bo (want)" in out
    lonely = out.split("Musts only one person is going to\n", 1)[1].splitlines()
    assert [line.split(" — ")[1] for line in lonely] == ["Ann", "Cy"]
    assert "Certified Robustness at Scale" in lonely[0] and "Equivariant Everything" in lonely[1]


def test_two_files_with_one_owner_name_are_told_apart(capsys, tmp_path):
    twin = tmp_path / "ann-laptop.json"
    shutil.copy(HERE / "team_ann.json", twin)
    code = main(
        [
            "team",
            str(HERE / "team_ann.json"),
            str(twin),
            "--program",
            PROGRAM,
            "--bookmarks",
            str(tmp_path / "none.json"),
            "--json",
        ]
    )
    names = [m["name"] for m in json.loads(capsys.readouterr().out)["members"]]
    assert code == 0 and names[1:] == ["Ann (team_ann.json)", "Ann (ann-laptop.json)"]
