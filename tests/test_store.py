"""Program files: a round trip keeps every instant; a bad file gets one clear error."""

import json

import pytest

from planner.errors import ProgramFileError
from planner.program.model import Program
from planner.program.program_file import dump_program, load_program, save_program
from tests.conftest import ROOT

SHIPPED = ROOT / "sessions" / "neurips-2018.json"


def test_round_trip_is_identical(tmp_path):
    program = load_program(SHIPPED)
    target = tmp_path / "copy.json"
    save_program(program, target)
    again = load_program(target)
    assert again == program
    assert target.read_text(encoding="utf-8") == SHIPPED.read_text(encoding="utf-8")


def test_dump_is_deterministic_and_names_its_format():
    program = load_program(SHIPPED)
    text = dump_program(program)
    assert text == dump_program(Program.model_validate_json(text))
    head = json.loads(text)
    assert head["format"] == "planner-program" and head["version"] == 1


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"format": "planner-program", "version": 1,\n "conference": {', r"broken\.json:2: not valid JSON"),
        ('{"format": "planner-program", "version": 7}', "version 7; this planner reads version 1"),
        ('{"format": "something-else", "version": 1}', "not a planner program file"),
        ("[1, 2, 3]", "not a planner program file"),
        ("", r"broken\.json:1: not valid JSON"),
    ],
)
def test_broken_files_are_explained(tmp_path, content, expected):
    path = tmp_path / "broken.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ProgramFileError, match=expected):
        load_program(path)


def test_invalid_field_names_its_json_path(tmp_path):
    document = json.loads(SHIPPED.read_text(encoding="utf-8"))
    document["presentations"][3]["slots"][0]["start"] = "2018-12-04T12:45:00"  # naive
    path = tmp_path / "naive.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(ProgramFileError, match=r"\$\.presentations\[3\]\.slots\[0\]\.start"):
        load_program(path)


def test_missing_file(tmp_path):
    with pytest.raises(ProgramFileError, match="cannot read"):
        load_program(tmp_path / "absent.json")


def test_loading_leaves_the_garbage_collector_as_it_was():
    import gc

    assert gc.isenabled()
    load_program(SHIPPED)
    assert gc.isenabled()
    gc.disable()
    try:
        load_program(SHIPPED)
        assert not gc.isenabled()
    finally:
        gc.enable()
