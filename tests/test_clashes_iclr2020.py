"""Clashes and plans on the shipped ICLR 2020 program, found by title as a person would find them.

The program ships with the repository (sessions/iclr-2020.json); the `iclr` fixture is conftest's.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from planner.bookmarks.file import Priority
from planner.bookmarks.store import dump_bookmarks
from planner.cli import main
from planner.program.model import Presentation, Program
from planner.program.times import TimeRange
from planner.schedule.clashes import ClashKind, find_clashes
from planner.schedule.plan import Method, plan
from planner.search.finding import find_presentation
from tests.programs import mark, marks

REASONING = "What Can Neural Networks Reason About?"


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def session_at(program: Program, presentation: Presentation, start: datetime) -> str:
    """The session of the presentation's slot that starts at `start`."""
    (session,) = [slot.session for slot in presentation.slots if program.when(slot).start == start]
    return session


@pytest.fixture(scope="module")
def social_and_pinned_paper(iclr):
    social = find_presentation(iclr, "The RL Social")
    paper = find_presentation(iclr, REASONING)
    evening = session_at(iclr, paper, utc(2020, 4, 29, 17))
    return social, paper, marks(mark(social.id), mark(paper.id, slot=evening), conference="iclr-2020")


def test_the_social_and_the_pinned_paper_overlap_once_and_the_remedy_is_the_morning_slot(iclr, social_and_pinned_paper):
    social, paper, bookmarks = social_and_pinned_paper
    assert iclr.when(social.slots[0]) == TimeRange(utc(2020, 4, 29, 18), utc(2020, 4, 29, 20))
    report = find_clashes(iclr, bookmarks)
    (clash,) = report.overlaps
    assert report.tight == () and report.crowded == ()
    assert clash.kind is ClashKind.OVERLAP and clash.bookmarks == (paper.id, social.id)
    assert clash.first.span == TimeRange(utc(2020, 4, 29, 17), utc(2020, 4, 29, 19))
    (move,) = [remedy for remedy in clash.remedies if remedy.action == "move"]
    assert move.bookmark == paper.id and move.slot.session == session_at(iclr, paper, utc(2020, 4, 29, 5))
    assert move.slot.span == TimeRange(utc(2020, 4, 29, 5), utc(2020, 4, 29, 7)) and not move.tight


def test_the_plan_leaves_no_overlap(iclr, social_and_pinned_paper):
    social, paper, bookmarks = social_and_pinned_paper
    result = plan(iclr, bookmarks)
    assert result.method is Method.EXACT and result.missed == ()
    assert result.chosen == {social.id: social.slots[0].session, paper.id: session_at(iclr, paper, utc(2020, 4, 29, 5))}
    assert find_clashes(iclr, bookmarks, chosen=result.chosen).overlaps == ()


def test_two_posters_of_one_poster_session_are_crowded_not_an_overlap(iclr):
    paper = find_presentation(iclr, REASONING)
    other = find_presentation(iclr, "Residual Energy-Based Models for Text Generation")
    evening = session_at(iclr, paper, utc(2020, 4, 29, 17))
    assert evening == session_at(iclr, other, utc(2020, 4, 29, 17))
    report = find_clashes(iclr, marks(mark(paper.id, slot=evening), mark(other.id, slot=evening), conference="iclr-2020"))
    assert report.clashes == ()
    (crowded,) = report.crowded
    assert crowded.sessions == (evening,) and len(crowded.posters) == 2 and crowded.per_poster.total_seconds() == 3600


def test_the_command_line_on_the_shipped_program(capsys, tmp_path, social_and_pinned_paper):
    social, _, bookmarks = social_and_pinned_paper
    path = tmp_path / "iclr.json"
    path.write_text(dump_bookmarks(bookmarks.with_bookmark(mark(social.id, priority=Priority.MUST))), encoding="utf-8")
    assert main(["clashes", "--program", "iclr-2020", "--bookmarks", str(path), "--json"]) == 0
    (clash,) = json.loads(capsys.readouterr().out)["overlaps"]
    assert clash["remedies"][0]["slot"]["start"] == "2020-04-29T05:00:00Z"
    assert main(["plan", "--program", "iclr-2020", "--bookmarks", str(path), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["overlaps"] == 0 and result["missed"] == []
