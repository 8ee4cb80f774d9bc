"""The virtual-site session page importer on the real NeurIPS 2018 page (seed 003) and broken copies."""

from datetime import UTC, date, datetime

import pytest

from planner.errors import SourceError
from planner.importers.base import ImportOptions, RawSource
from planner.importers.registry import detect
from planner.importing.sources import import_sources
from planner.program.model import Kind
from tests.conftest import RAW

PAGE = RAW / "neurips2018_tue_track2_session2.txt"
OPTIONS = ImportOptions(conference="neurips-2018", timezone="America/Toronto", today=date(2026, 11, 25))


def read(text: str, options: ImportOptions = OPTIONS):
    source = RawSource.from_bytes(text.encode(), name="page.txt")
    return detect(source).read(source, options)


def test_the_real_page_gives_fourteen_presentations_in_one_session():
    imported = import_sources([PAGE], OPTIONS)
    program = imported.program
    assert len(program.presentations) == 14
    assert [session.title for session in program.sessions] == ["Tue Track 2 -- Session 2"]
    first, last = program.presentations[0], program.presentations[-1]
    assert first.title == "Evolved Policy Gradients"
    assert first.kind is Kind.SPOTLIGHT
    assert first.authors[0] == "Rein Houthooft" and len(first.authors) == 7
    assert program.when(first.slots[0]).start == datetime(2018, 12, 4, 20, 30, tzinfo=UTC)
    assert last.title == "Hierarchical Graph Representation Learning with Differentiable Pooling"
    assert program.when(last.slots[0]).end == datetime(2018, 12, 4, 22, 0, tzinfo=UTC)
    assert program.conference.timezone == "America/Toronto"
    assert program.conference.day_of(program.when(first.slots[0]).start) == date(2018, 12, 4)


def test_orals_and_multi_paragraph_abstracts():
    program = import_sources([PAGE], OPTIONS).program
    orals = [p.title for p in program.presentations if p.kind is Kind.ORAL]
    assert orals == ["Neural Ordinary Differential Equations", "How Does Batch Normalization Help Optimization?"]
    ntk = next(p for p in program.presentations if p.title.startswith("Neural Tangent Kernel"))
    assert ntk.abstract.count("\n\n") == 2
    assert ntk.abstract.endswith("compare it to the infinite-width limit.")
    assert program.sessions[0].kind is Kind.MIXED


def test_year_is_inferred_once_with_a_note_naming_the_line():
    imported = import_sources([PAGE], OPTIONS)
    notes = [str(note) for note in imported.notes]
    assert sum("inferred 2018" in note for note in notes) == 1
    assert any(note.startswith(f"{PAGE}:11:") for note in notes)


def test_the_conference_must_be_named():
    with pytest.raises(SourceError, match="--conference"):
        import_sources([PAGE], ImportOptions(today=date(2026, 11, 25)))


def test_without_timezone_the_page_zone_is_used_and_said():
    imported = import_sources([PAGE], ImportOptions(conference="neurips-2018", today=date(2026, 11, 25)))
    assert imported.program.conference.timezone == "America/Los_Angeles"
    assert any("no --timezone" in note.message for note in imported.notes)


def test_ids_are_stable_across_imports():
    once = import_sources([PAGE], OPTIONS).program
    twice = import_sources([PAGE], OPTIONS).program
    assert [p.id for p in once.presentations] == [p.id for p in twice.presentations]
    assert once == twice


def test_truncated_page_names_the_line():
    text = PAGE.read_text(encoding="utf-8")
    cut = text[: text.index("Spotlight\nEvolved") + len("Spotlight\n")]
    with pytest.raises(SourceError, match=r"page\.txt:\d+: a presentation with no title"):
        read(cut)


def test_unknown_kind_names_the_line():
    text = PAGE.read_text(encoding="utf-8").replace("Spotlight\nEvolved", "Lightning\nEvolved", 1)
    with pytest.raises(SourceError, match=r"page\.txt:13: expected a kind"):
        read(text)


def test_bad_time_line_names_the_line():
    text = PAGE.read_text(encoding="utf-8").replace("Tue 4 Dec. 12:35 - 12:40 PST", "Tue 4 Dec. 12:35 - 12:40 XYZ", 1)
    with pytest.raises(SourceError, match=r"page\.txt:20: unknown time zone abbreviation"):
        read(text)


@pytest.mark.parametrize("data", [b"", b"\x00\x01\x02binary", b"\xff\xfe not utf8", b"just some words\n"])
def test_empty_binary_and_foreign_files_are_refused(tmp_path, data):
    path = tmp_path / "input.txt"
    path.write_bytes(data)
    with pytest.raises(SourceError, match=r"input\.txt"):
        import_sources([path], OPTIONS)


# The untimed page: ICLR 2022 "Poster Session 8" (seed 002).

POSTERS = RAW / "iclr2022_poster_session_8.txt"
POSTER_TEXT = POSTERS.read_text(encoding="utf-8")
POSTER_OPTIONS = ImportOptions(conference="iclr-2022", today=date(2026, 11, 25))


def test_the_untimed_page_gives_116_posters_in_one_session_with_no_time():
    imported = import_sources([POSTERS], POSTER_OPTIONS)
    program = imported.program
    assert len(program.presentations) == 116
    (session,) = program.sessions
    assert (session.id, session.title, session.kind, session.span) == ("poster-session-8", "Poster Session 8", Kind.POSTER, None)
    first, last = program.presentations[0], program.presentations[-1]
    assert first.title == "ARTEMIS: Attention-based Retrieval with Text-Explicit Matching and Implicit Similarity"
    assert first.authors == ["Ginger Delmas", "Rafael S Rezende", "Gabriela Csurka", "Diane Larlus"]
    assert first.abstract.startswith("An intuitive way to search for images")
    assert last.title == "The Efficiency Misnomer" and last.authors[-1] == "Ashish Vaswani"
    assert all(
        p.kind is Kind.POSTER and [slot.session for slot in p.slots] == ["poster-session-8"] for p in program.presentations
    )
    assert not any(program.is_scheduled(p) for p in program.presentations)
    assert program.conference.notes == ["No source gives a time for Poster Session 8: its 116 presentations are unscheduled."]


def test_award_labels_above_a_title_become_its_subtitle():
    program = import_sources([POSTERS], POSTER_OPTIONS).program
    award = next(p for p in program.presentations if p.title.startswith("Comparing Distributions"))
    assert award.title == "Comparing Distributions by Measuring Differences that Affect Decision Making"
    assert award.subtitle == "Outstanding Paper"
    assert (
        next(p for p in program.presentations if p.title.startswith("Understanding over-squashing")).subtitle
        == "Honorable Mention"
    )


def test_a_single_author_and_a_multi_paragraph_abstract():
    one_author = POSTER_TEXT.replace("Tracy Ke · Longlin Wang", "Tracy Ke", 1)
    two_paragraphs = one_author.replace("In this paper, we compare Lasso", "In this paper,\n\nwe compare Lasso", 1)
    program = read(two_paragraphs, POSTER_OPTIONS).program
    hamming = next(p for p in program.presentations if p.title.startswith("A Comparison of Hamming Errors"))
    assert hamming.authors == ["Tracy Ke"]
    assert hamming.abstract.count("\n\n") == 1 and hamming.abstract.split("\n\n")[1].startswith("we compare Lasso")
    assert len(program.presentations) == 116


def test_entries_separated_by_one_blank_line_are_still_told_apart_by_their_author_lines():
    squeezed = POSTER_TEXT.replace("\n\n\n", "\n\n")
    program = read(squeezed, POSTER_OPTIONS).program
    assert len(program.presentations) == 116
    assert program.presentations[1].title.startswith("Heteroscedastic Temporal Variational Autoencoder")


def test_an_untimed_page_cut_after_a_title_names_the_line():
    cut = POSTER_TEXT[: POSTER_TEXT.index("The Efficiency Misnomer") + len("The Efficiency Misnomer\n")]
    with pytest.raises(SourceError, match=r"page\.txt:819: 'The Efficiency Misnomer' has no author line"):
        read(cut, POSTER_OPTIONS)


def test_a_paragraph_where_the_author_line_should_be_names_the_line():
    text = POSTER_TEXT.replace("Tracy Ke · Longlin Wang\n", "Tracy Ke · Longlin Wang\nand a second line\n", 1)
    with pytest.raises(SourceError, match=r"page\.txt:\d+: expected the author line of 'A Comparison of Hamming Errors"):
        read(text, POSTER_OPTIONS)
