"""The command line as a person and a script use it: output, --tz, exit codes, no partial files."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from planner.cli import main
from tests.conftest import RAW, ROOT, run

PAGE = RAW / "neurips2018_tue_track2_session2.txt"


def test_list_json_gives_fourteen_presentations_starting_at_the_real_instant(capsys):
    code, out, err = run(capsys, "list", "--program", "neurips-2018", "--json")
    assert code == 0 and err == ""
    rows = json.loads(out)
    assert len(rows) == 14
    assert rows[0]["slots"][0]["start"] == "2018-12-04T20:30:00Z"
    assert rows[0]["slots"][0]["local_start"] == "2018-12-04T15:30:00-05:00"


def test_tz_changes_displayed_times(capsys):
    _, toronto, _ = run(capsys, "list", "--program", "neurips-2018", "--tz", "America/Toronto")
    _, tokyo, _ = run(capsys, "--tz", "Asia/Tokyo", "list", "--program", "neurips-2018")
    assert "15:30–15:35" in toronto and "EST" in toronto
    assert "Tue 4 Dec 2018" in tokyo  # the heading is the conference day...
    assert "Wed 5 Dec 05:30–05:35" in tokyo and "JST" in tokyo  # ...each row says the reader's own date


def test_filters(capsys):
    _, out, _ = run(capsys, "list", "--program", "neurips-2018", "--kind", "oral", "--json")
    assert [row["title"] for row in json.loads(out)] == [
        "Neural Ordinary Differential Equations",
        "How Does Batch Normalization Help Optimization?",
    ]
    _, out, _ = run(capsys, "list", "--program", "neurips-2018", "--search", "GAN", "--json")
    assert {row["id"] for row in json.loads(out)} >= {"robustness-of-conditional-gans-to-noisy-labels"}
    _, out, _ = run(capsys, "list", "--program", "neurips-2018", "--day", "tue", "--session", "Track 2", "--json")
    assert len(json.loads(out)) == 14
    _, out, _ = run(capsys, "list", "--program", "neurips-2018", "--search", "duvenaud ODE", "--json")
    assert [row["id"] for row in json.loads(out)] == ["neural-ordinary-differential-equations"]


def test_show_by_id_prefix_and_json(capsys):
    code, out, _ = run(capsys, "show", "neural-ordinary", "--program", "neurips-2018")
    assert code == 0 and "Neural Ordinary Differential Equations" in out and "Tue 4 Dec 15:50–16:05 EST" in out
    code, out, _ = run(capsys, "show", "neural-ordinary-differential-equations", "--program", "neurips-2018", "--json")
    document = json.loads(out)
    assert document["abstract"].startswith("We introduce a new family")
    assert document["slots"][0]["end"] == "2018-12-04T21:05:00Z"


def test_programs_lists_the_shipped_program(capsys):
    code, out, _ = run(capsys, "programs", "--json")
    entry = next(row for row in json.loads(out) if row["id"] == "neurips-2018")
    assert code == 0 and entry["presentations"] == 14 and entry["first_day"] == "2018-12-04"


@pytest.mark.parametrize(
    "argv",
    [
        ["list", "--program", "no-such-program"],
        ["show", "nothing-like-this", "--program", "neurips-2018"],
        ["list", "--program", "neurips-2018", "--tz", "Mars/Olympus"],
        ["list", "--program", "neurips-2018", "--kind", "banquet"],
        ["list", "--program", "neurips-2018", "--day", "sat"],
    ],
)
def test_names_that_match_nothing_exit_2(capsys, argv):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == "" and err.startswith("planner: ")


def test_unknown_option_exits_2(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["list", "--no-such-option"])
    assert exit_info.value.code == 2


def test_broken_program_file_exits_1_naming_file_and_line(capsys, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"format": "planner-program",\n"version": 1,\n"conference": {', encoding="utf-8")
    code, out, err = run(capsys, "list", "--program", str(path))
    assert code == 1 and out == ""
    assert f"{path}:3:" in err and "Traceback" not in err


def test_import_writes_the_program_and_notes_on_stderr(capsys, tmp_path):
    target = tmp_path / "out.json"
    code, out, err = run(
        capsys, "import", str(PAGE), "--conference", "neurips-2018", "--timezone", "America/Toronto", "-o", str(target)
    )
    assert code == 0 and out == ""
    assert "inferred 2018" in err and f"{PAGE}:11:" in err
    program = json.loads(target.read_text(encoding="utf-8"))
    assert len(program["presentations"]) == 14


def test_import_of_bad_input_exits_1_and_writes_nothing(capsys, tmp_path):
    broken = tmp_path / "page.txt"
    text = PAGE.read_text(encoding="utf-8")
    broken.write_text(text.replace("Tue 4 Dec. 13:05 - 13:10 PST", "Tue 4 Dec. 13:05 - 13:10 IST"), encoding="utf-8")
    target = tmp_path / "out.json"
    code, out, err = run(capsys, "import", str(broken), "--conference", "neurips-2018", "-o", str(target))
    assert code == 1 and out == ""
    assert f"{broken}:" in err and "ambiguous" in err
    assert not target.exists() and list(tmp_path.iterdir()) == [broken]


def test_list_reads_a_raw_source_directly(capsys):
    code, out, err = run(capsys, "list", "--program", str(PAGE), "--json")
    assert code == 0, err
    rows = json.loads(out)
    assert len(rows) == 14 and rows[0]["slots"][0]["start"] == "2018-12-04T20:30:00Z"


def test_console_script_runs_without_traceback(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "planner", "show", "nope", "--program", "neurips-2018"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_control_characters_in_titles_are_taken_out_where_they_enter(capsys, tmp_path):
    text = PAGE.read_text(encoding="utf-8").replace("Evolved Policy Gradients", "Evolved \x1b[31mPolicy[/] Gradients")
    page = tmp_path / "page.txt"
    page.write_text(text, encoding="utf-8")
    target = tmp_path / "p.json"
    assert main(["import", str(page), "--conference", "neurips-2018", "-o", str(target)]) == 0
    code, out, _ = run(capsys, "list", "--program", str(target))
    # Taken out once, by the model: the list, the program file and any export never carry it.
    assert code == 0 and "\x1b" not in out and "Evolved [31mPolicy" in out
    assert "\\u001b" not in target.read_text(encoding="utf-8")


def test_one_of_a_thing_is_said_in_the_singular(capsys, tmp_path):
    calendar = tmp_path / "one.ics"
    calendar.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:only@test\r\n"
        "DTSTAMP:20261130T000000Z\r\nDTSTART:20261201T090000Z\r\nDTEND:20261201T100000Z\r\n"
        "SUMMARY:The only talk\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        encoding="utf-8",
    )
    target = tmp_path / "one.json"
    code, out, err = run(capsys, "import", str(calendar), "--conference", "tiny", "-o", str(target))
    assert code == 0 and f"wrote {target}: 1 presentation in 1 session" in out + err, out + err
