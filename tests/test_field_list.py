"""The field-list importer on the real list of ICLR 2020 orals (seed 004) and broken copies."""

import pytest

from planner.errors import SourceError
from planner.importers.base import ImportOptions, RawSource
from planner.importers.field_list import IMPORTER
from planner.importers.registry import detect
from planner.program.model import Kind
from tests.conftest import RAW

ORALS = RAW / "iclr2020_orals_blog_zh.txt"
TEXT = ORALS.read_text(encoding="utf-8")


def read(text: str, options: ImportOptions = ImportOptions()):
    return IMPORTER.read(RawSource.from_bytes(text.encode(), name="orals.txt"), options)


def test_the_real_list_gives_the_forty_eight_orals_of_iclr_2020():
    imported = IMPORTER.read(RawSource.read(ORALS), ImportOptions())
    program = imported.program
    assert len(program.presentations) == 48 and program.conference.id == "iclr-2020"
    assert {presentation.kind for presentation in program.presentations} == {Kind.ORAL}
    first, last = program.presentations[0], program.presentations[-1]
    assert first.id == "HJgzt2VKPB"
    assert first.title == "CATER: A diagnostic dataset for Compositional Actions & TEmporal Reasoning"
    assert first.authors == ["Rohit Girdhar", "Deva Ramanan"]
    assert first.links.code is None and first.keywords == ["Video Understanding", "Temporal Reasoning"]
    assert last.id == "BkluqlSFDS" and last.title == "Federated Learning with Matched Averaging"
    assert last.links.code == "https://github.com/IBM/FedMA" and last.keywords == ["federated learning"]


def test_odd_entries_multi_line_abstracts_none_values_bold_title_starred_authors():
    program = read(TEXT).program
    by_title = {presentation.title: presentation for presentation in program.presentations}
    reformer = by_title["Reformer: The Efficient Transformer"]
    assert reformer.abstract.startswith("Large Transformer models routinely achieve")
    assert reformer.abstract.endswith("much faster on long sequences.") and reformer.abstract.count("\n") == 10
    assert reformer.links.paper == "https://openreview.net/pdf?id=rkgNKkHtvB"
    mirror = by_title["Mirror-Generative Neural Machine Translation"]
    assert mirror.abstract.startswith("Training neural machine translation models")  # "Abstract:" alone on its line
    assert by_title["BackPACK: Packing more into Backprop"].keywords == []  # "Keyword: None"
    assert "Neural Network Branching for Neural Network Verification" in by_title  # was "**…**"
    assert by_title["GenDICE: Generalized Offline Estimation of Stationary Values"].authors[:2] == ["Ruiyi Zhang", "Bo Dai"]


def test_header_and_page_furniture_are_skipped_with_notes_naming_lines():
    imported = IMPORTER.read(RawSource.read(ORALS), ImportOptions())
    messages = {(note.line, note.message) for note in imported.notes}
    assert (1, "skipped the header before the first entry (lines 1–15)") in messages
    messages = dict(messages)
    assert "skipped 34 lines of page text after the last entry" in messages[370]
    assert any("the header says the list is of orals" in note.message for note in imported.notes)


def test_without_a_header_naming_the_kind_the_entries_are_other():
    start = TEXT.index("CATER:")
    program = read(TEXT[start:], ImportOptions(conference="iclr-2020")).program
    assert {presentation.kind for presentation in program.presentations} == {Kind.OTHER}


def test_the_list_is_detected_by_its_content():
    assert detect(RawSource.read(ORALS)) is IMPORTER


def test_a_list_cut_inside_its_last_entry_names_the_entry():
    cut = TEXT[: TEXT.index("Keyword: federated learning")]
    with pytest.raises(
        SourceError,
        match=r"^orals\.txt:363: 'Federated Learning with Matched Averaging' has no Keyword: line \(the file ends inside it",
    ):
        read(cut)


def test_an_entry_missing_a_field_names_its_line():
    text = TEXT.replace("link: https://openreview.net/pdf?id=BJlrF24twB\n", "", 1)
    with pytest.raises(SourceError, match=r"^orals\.txt:23: 'BackPACK: Packing more into Backprop' has no Link: line"):
        read(text)
