"""The Markdown paper-list importer on the real ICLR 2021 list (seed 001) and broken copies."""

import pytest

from planner.errors import SourceError
from planner.importers.base import ImportOptions, RawSource
from planner.importers.paper_list import IMPORTER
from planner.importers.registry import detect
from planner.program.model import Kind
from tests.conftest import RAW

LIST = RAW / "iclr2021_paper_list_page1.md"
TEXT = LIST.read_text(encoding="utf-8")


def read(text: str):
    return IMPORTER.read(RawSource.from_bytes(text.encode(), name="list.md"), ImportOptions())


def test_the_real_list_gives_two_hundred_papers_named_by_their_openreview_ids():
    imported = IMPORTER.read(RawSource.read(LIST), ImportOptions())
    program = imported.program
    assert len(program.presentations) == 200 and program.conference.id == "iclr-2021"
    first, last = program.presentations[0], program.presentations[-1]
    assert first.id == "nIAxjsniDzg"
    assert first.title == "What Matters for On-Policy Deep Actor-Critic Methods? A Large-Scale Study"
    assert first.links.openreview == "https://openreview.net/forum?id=nIAxjsniDzg"
    assert first.authors[0] == "Marcin Andrychowicz" and "Raphaël Marinier" in first.authors
    assert last.id == "01olnfLIbD" and last.title.startswith("Witches' Brew")
    assert last.abstract.endswith("even for large-scale deep learning systems.")
    assert all(presentation.kind is Kind.OTHER and not presentation.slots for presentation in program.presentations)
    assert len({presentation.id for presentation in program.presentations}) == 200


def test_the_page_links_after_the_last_entry_are_skipped_with_a_note():
    imported = IMPORTER.read(RawSource.read(LIST), ImportOptions())
    note = next(note for note in imported.notes if "outside the entries" in note.message)
    assert note.line == 2873 and "2 lines" in note.message


def test_a_list_that_names_a_kind_in_its_conference_field():
    text = TEXT.replace("**Conference**: *iclr 2021*", "**Conference**: *iclr 2021 oral*", 1)
    assert read(text).program.presentations[0].kind is Kind.ORAL


def test_a_gap_in_the_numbering_is_reported():
    text = TEXT.replace("## [1] Theoretical", "## [5] Theoretical", 1)
    assert any(note.line == 15 and "[5] follows [0]" in note.message for note in read(text).notes)


def test_the_list_is_detected_by_its_content():
    assert detect(RawSource.read(LIST)) is IMPORTER


def test_a_list_cut_in_the_middle_of_an_entry_names_it():
    cut = TEXT[: TEXT.index("## [3]") + 200]
    with pytest.raises(SourceError, match=r"^list\.md:43: entry \[3\] is not closed by a '----' line: the file looks cut short"):
        read(cut)


def test_an_entry_running_into_the_next_heading_names_the_line():
    text = TEXT.replace("----\n\n## [2]", "## [2]", 1)
    with pytest.raises(SourceError, match=r"^list\.md:\d+: entry \[1\] is not closed"):
        read(text)
