"""The shipped programs are exactly what the recipe makes from examples/raw/, and they load."""

import json
import re
import subprocess
import sys
from datetime import UTC, date, datetime

from planner.cli import main
from planner.importing.catalog import open_program, shipped_ids
from planner.program.model import Kind
from tests.conftest import ROOT


def test_rebuilding_the_shipped_programs_gives_the_same_bytes():
    result = subprocess.run(
        [sys.executable, "examples/rebuild_sessions.py", "--check"], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert result.returncode == 0, result.stderr


def test_every_shipped_program_loads_with_aware_times():
    assert "neurips-2018" in shipped_ids()
    for identifier in shipped_ids():
        program = open_program(identifier)
        for session in program.sessions:
            if session.start:
                assert session.start.utcoffset() is not None


def test_shipped_programs_record_no_local_paths():
    for path in (ROOT / "sessions").glob("*.json"):
        text = path.read_text(encoding="utf-8")
        assert "/home/" not in text and "/tmp/" not in text and "examples/raw" not in text


def test_the_shipped_programs_are_the_four_conferences():
    assert {"neurips-2018", "iclr-2020", "iclr-2021", "iclr-2022"} <= set(shipped_ids())


def test_iclr_2020_has_687_papers_48_of_them_orals_in_1374_poster_slots():
    program = open_program("iclr-2020")
    papers = [p for p in program.presentations if p.kind in (Kind.POSTER, Kind.ORAL)]
    assert len(papers) == 687 and sum(p.kind is Kind.ORAL for p in papers) == 48
    assert sum(len(p.slots) for p in papers) == 1374
    assert all(program.is_scheduled(p) for p in program.presentations)
    assert (program.conference.name, program.conference.timezone) == ("ICLR 2020", "UTC")


def test_facts_other_parts_rely_on_in_iclr_2020():
    program = open_program("iclr-2020")
    social = next(p for p in program.presentations if p.title == "The RL Social")
    (slot,) = social.slots
    span = program.when(slot)
    assert (span.start, span.end) == (datetime(2020, 4, 29, 18, tzinfo=UTC), datetime(2020, 4, 29, 20, tzinfo=UTC))
    paper = next(p for p in program.presentations if p.title == "What Can Neural Networks Reason About?")
    sessions = [(program.sessions_by_id[slot.session].title, program.when(slot)) for slot in paper.slots]
    assert [(title, span.start.hour, span.end.hour) for title, span in sessions] == [
        ("Wed Session 1", 5, 7),
        ("Wed Session 4", 17, 19),
    ]
    assert all(span.start.date() == date(2020, 4, 29) for _, span in sessions)


def test_reformer_is_an_oral_with_two_slots_at_the_real_utc_times(capsys):
    assert main(["list", "--program", "iclr-2020", "--search", "Reformer", "--json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert (row["title"], row["kind"]) == ("Reformer: The Efficient Transformer", "oral")
    assert [(slot["session_title"], slot["start"], slot["end"]) for slot in row["slots"]] == [
        ("Wed Session 1", "2020-04-29T05:00:00Z", "2020-04-29T07:00:00Z"),
        ("Wed Session 3", "2020-04-29T12:00:00Z", "2020-04-29T14:00:00Z"),
    ]


def test_iclr_2021_and_2022_ship_unscheduled_and_say_so():
    iclr2021 = open_program("iclr-2021")
    assert len(iclr2021.presentations) == 213 and not any(map(iclr2021.is_scheduled, iclr2021.presentations))
    assert iclr2021.conference.notes == ["No source gives times or sessions: all 213 presentations are unscheduled."]
    iclr2022 = open_program("iclr-2022")
    assert len(iclr2022.presentations) == 116 and [s.title for s in iclr2022.sessions] == ["Poster Session 8"]
    assert iclr2022.sessions[0].span is None and iclr2022.sessions[0].kind is Kind.POSTER
    assert "No source gives a time for Poster Session 8" in iclr2022.conference.notes[0]


def test_neurips_2018_carries_the_conference_facts_of_its_timing_table():
    conference = open_program("neurips-2018").conference
    assert (conference.start, conference.end, conference.timezone) == (date(2018, 12, 3), date(2018, 12, 8), "America/Toronto")
    assert [source.format for source in conference.sources] == ["virtual-site-page", "timing"]


def test_a_miniconf_folder_can_be_listed_directly(capsys):
    assert (
        main(["list", "--program", str(ROOT / "examples" / "raw" / "iclr2020_miniconf"), "--search", "RL Social", "--json"]) == 0
    )
    assert "the-rl-social" in [row["id"] for row in json.loads(capsys.readouterr().out)]


def test_no_shipped_id_holds_a_time():
    # A session renamed by its time changes id when it moves, and every calendar UID made from it.
    clock = re.compile(r"(^|-)(mon|tue|wed|thu|fri|sat|sun)[a-z]*-\d{4}($|-)|\d{8}t\d{4}|(^|-)\d{1,2}[0-5]\d(am|pm|h)?$", re.I)
    for identifier in shipped_ids():
        program = open_program(identifier)
        for session in program.sessions:
            assert not clock.search(session.id), session.id
        for presentation in program.presentations:
            for slot in presentation.slots:
                assert not clock.search(slot.session), slot.session
