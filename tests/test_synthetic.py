"""The synthetic benchmark programs: seeded, realistic in mix and shape, DST inside, and a valid program file."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from datetime import timedelta, timezone
from itertools import pairwise

import pytest

from planner.program.model import Kind, Program
from planner.program.program_file import dump_program, load_program, save_program
from planner.program.times import zone
from tests.benchmarks.synthetic import BOARDS_PER_HALL, main, synthetic_program
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def program() -> Program:
    return synthetic_program(2000, seed=0)


@pytest.fixture(scope="module")
def full_size() -> Program:
    return synthetic_program()


def _kind_counts(program: Program) -> Counter:
    return Counter(presentation.kind for presentation in program.presentations)


def test_the_same_seed_gives_the_same_program_and_another_seed_another():
    first, again, other = synthetic_program(300, seed=7), synthetic_program(300, seed=7), synthetic_program(300, seed=8)
    assert first == again
    assert dump_program(first) == dump_program(again)
    assert first != other
    assert {p.id for p in first.presentations}.isdisjoint({p.id for p in other.presentations})


def test_the_default_is_twenty_thousand_papers_in_the_planned_mix(full_size):
    assert len(full_size.presentations) == 20_000
    assert _kind_counts(full_size) == {Kind.POSTER: 17_000, Kind.SPOTLIGHT: 2_000, Kind.ORAL: 1_000}


def test_mix_of_kinds_and_a_handful_unscheduled(program):
    assert _kind_counts(program) == {Kind.POSTER: 1700, Kind.SPOTLIGHT: 200, Kind.ORAL: 100}
    unscheduled = [p for p in program.presentations if not p.slots]
    assert len(unscheduled) == 1
    assert unscheduled[0].kind is Kind.POSTER
    assert all(1 <= len(p.slots) <= 2 for p in program.presentations if p.slots)


def test_most_posters_are_shown_twice_on_different_days_and_some_talks_also_have_a_poster(program):
    sessions = program.sessions_by_id

    def poster_slots(presentation):
        return [slot for slot in presentation.slots if sessions[slot.session].kind is Kind.POSTER]

    posters = [p for p in program.presentations if p.kind is Kind.POSTER and p.slots]
    twice = [p for p in posters if len(poster_slots(p)) == 2]
    assert 0.7 < len(twice) / len(posters) < 0.9
    for paper in twice:
        first, second = (program.day_of(slot) for slot in paper.slots)
        assert first != second
    orals = [p for p in program.presentations if p.kind is Kind.ORAL]
    assert 0.3 < sum(1 for p in orals if poster_slots(p)) / len(orals) < 0.7
    spotlights = [p for p in program.presentations if p.kind is Kind.SPOTLIGHT]
    assert 0.6 < sum(1 for p in spotlights if poster_slots(p)) / len(spotlights) < 0.95


def test_talks_have_their_own_times_in_parallel_tracks_with_rooms(program):
    sessions = program.sessions_by_id
    for presentation in program.presentations:
        if presentation.kind is Kind.POSTER:
            continue
        talks = [slot for slot in presentation.slots if sessions[slot.session].kind is presentation.kind]
        assert len(talks) == 1
        (talk,) = talks
        minutes = 15 if presentation.kind is Kind.ORAL else 5
        assert talk.end - talk.start == timedelta(minutes=minutes)
        session = sessions[talk.session]
        assert session.start <= talk.start and talk.end <= session.end
    talk_sessions = [s for s in program.sessions if s.kind in (Kind.ORAL, Kind.SPOTLIGHT)]
    assert all(s.room and s.track for s in talk_sessions)
    parallel = Counter((s.start, s.kind) for s in talk_sessions)
    assert min(parallel.values()) >= 2


def test_poster_sessions_last_two_hours_with_hundreds_of_posters_per_hall(program, full_size):
    for each in (program, full_size):
        boards = Counter(slot.session for p in each.presentations for slot in p.slots)
        posters = [s for s in each.sessions if s.kind is Kind.POSTER]
        assert len(posters) >= 10
        for session in posters:
            assert session.end - session.start == timedelta(hours=2)
            assert session.room
            assert 100 <= boards[session.id] <= BOARDS_PER_HALL
    assert len([s for s in full_size.sessions if s.kind is Kind.POSTER]) > 10  # split into halls


def test_papers_read_like_papers(program):
    ids = [p.id for p in program.presentations]
    assert len(set(ids)) == len(ids)
    for paper in program.presentations:
        assert 150 <= len(paper.abstract.split()) <= 250
        assert 2 <= len(paper.authors) <= 12 and len(set(paper.authors)) == len(paper.authors)
        assert paper.keywords and len(set(paper.keywords)) == len(paper.keywords)
        assert paper.title and paper.links.openreview.endswith(paper.id)
    assert len({p.title for p in program.presentations}) > 0.95 * len(ids)


def test_a_dst_change_falls_inside_the_conference(program):
    conference = program.conference
    where = zone(conference.timezone)
    offsets = {s.start.utcoffset() for s in program.sessions}
    assert len(offsets) == 2
    by_day = {}
    for session in program.sessions:
        by_day.setdefault(conference.day_of(session.start), set()).add(session.start.utcoffset())
    days = sorted(by_day)
    assert len(days) == 5
    assert all(len(found) == 1 for found in by_day.values())
    changes = [day for before, day in pairwise(days) if by_day[before] != by_day[day]]
    assert len(changes) == 1 and changes[0] not in (days[0], days[-1])
    # The zone itself says so: the stored offsets are the zone's own on each side of the change.
    for session in program.sessions:
        assert session.start.utcoffset() == session.start.astimezone(where).utcoffset()


def test_every_time_is_a_fixed_offset_within_the_conference_days(program):
    conference = program.conference
    where = zone(conference.timezone)
    for session in program.sessions:
        for moment in (session.start, session.end):
            assert type(moment.tzinfo) is timezone
            assert conference.start <= moment.astimezone(where).date() <= conference.end
    for presentation in program.presentations:
        for slot in presentation.slots:
            span = program.when(slot)
            assert span is not None
            assert conference.start <= span.start.astimezone(where).date() <= conference.end
            assert conference.start <= span.end.astimezone(where).date() <= conference.end
            assert program.sessions_by_id[slot.session].span.start <= span.start


def test_it_loads_back_from_a_program_file_unchanged(program, tmp_path):
    path = tmp_path / "synthetic.json"
    save_program(program, path)
    assert load_program(path) == program


@pytest.mark.parametrize("size", [0, 1, 7, 40])
def test_small_programs_are_valid_too(size):
    program = synthetic_program(size, seed=size)
    assert len(program.presentations) == size


def test_a_negative_size_is_refused():
    with pytest.raises(ValueError, match="negative"):
        synthetic_program(-1)


def test_the_command_line_writes_the_seeded_program(tmp_path, capsys):
    path = tmp_path / "out.json"
    assert main(["60", "-o", str(path), "--seed", "3"]) == 0
    assert load_program(path) == synthetic_program(60, seed=3)
    assert "60 presentations" in capsys.readouterr().out


def test_the_script_runs_from_a_shell(tmp_path):
    path = tmp_path / "out.json"
    script = ROOT / "tests" / "benchmarks" / "synthetic.py"
    result = subprocess.run([sys.executable, str(script), "25", "-o", str(path)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert load_program(path) == synthetic_program(25)
