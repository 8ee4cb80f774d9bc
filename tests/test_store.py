"""Program files: a round trip keeps every instant; a bad file gets one clear error."""

import json

import pytest

from planner.errors import ProgramFileError
from planner.program import model
from planner.program.model import Program, may_hold_control_characters
from planner.program.program_file import dump_program, load_program, parse_program, save_program
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


def test_loading_leaves_nothing_frozen_and_thaws_nothing_frozen_before():
    import gc

    # The count can only fall by itself: a frozen object still goes when its last reference does
    # (an entry pushed out of a full cache, as loading looks up a time zone). Loading must not add
    # to it (freeze what it built) nor empty it (thaw what the TUI froze).
    before = gc.get_freeze_count()  # 0 unless a test before opened the TUI in this process
    program = load_program(SHIPPED)
    assert gc.get_freeze_count() <= before and gc.is_tracked(program.presentations[0])
    gc.freeze()  # as the TUI settles once its program is loaded
    try:
        frozen = gc.get_freeze_count()
        load_program(SHIPPED)
        assert frozen - 100 < gc.get_freeze_count() <= frozen
    finally:
        gc.unfreeze()


def _titled(title: str) -> str:
    program = load_program(SHIPPED)
    first = program.presentations[0]
    return dump_program(program.model_copy(update={"presentations": [first.model_copy(update={"title": title})]}))


@pytest.mark.parametrize("control", ["\x1b", "\r", "\x0c", "\x08", "\x7f", "\x85", "\u202e", "\u2066"])
def test_a_file_with_a_control_character_loads_without_it(control):
    # As json.dumps writes them: \u001b, the short escapes \r \f \b, or the raw UTF-8 bytes.
    text = _titled(f"Evolved{control}Policy")
    assert may_hold_control_characters(text)
    assert parse_program(text, name="edited.json").presentations[0].title in ("EvolvedPolicy", "Evolved Policy")


@pytest.mark.parametrize("many", [200_000, 0])
def test_a_clean_file_is_told_from_one_with_a_control_character(monkeypatch, many):
    # LaTeX in abstracts writes `\\url` and `\\frac`: an escaped backslash, then a letter, no escape.
    monkeypatch.setattr(model, "_MANY", many)  # 0: the pattern reads the rest past the first found
    clean = _titled(r"A \url{x}, \frac{1}{2}, \beta, \\right — • 25 °C “said” \n")
    assert not may_hold_control_characters(clean)
    assert may_hold_control_characters(clean.replace("°C", "\u0085C"))
    assert may_hold_control_characters(clean.replace("°C", "\u202eC"))
    assert may_hold_control_characters(clean.replace("“said”", "\\\\\\rsaid"))
