"""The blog-post importer on the real Vector Institute ICLR 2021 post (seed 000) and broken copies."""

import pytest

from planner.errors import SourceError
from planner.importers.base import ImportOptions, RawSource
from planner.importers.blog_post import IMPORTER, split_authors
from planner.importers.registry import detect
from planner.program.model import Kind
from tests.conftest import RAW

POST = RAW / "iclr2021_vector_blog_post.txt"
TEXT = POST.read_text(encoding="utf-8")


def read(text: str, options: ImportOptions = ImportOptions()):
    return IMPORTER.read(RawSource.from_bytes(text.encode(), name="post.txt"), options)


def test_the_real_post_gives_sixteen_papers_of_iclr_2021():
    imported = IMPORTER.read(RawSource.read(POST), ImportOptions())
    program = imported.program
    assert len(program.presentations) == 16
    assert program.conference.id == "iclr-2021" and program.sessions == []
    first, last = program.presentations[0], program.presentations[-1]
    assert first.title == "An Inequality Benchmark for Evaluating Generalization in Theorem Proving"
    assert first.authors == ["Yuhuai Wu", "Albert Jiang", "Jimmy Ba", "Roger Grosse"]
    assert first.abstract.startswith("Interactive theorem provers give a powerful way")
    assert last.title == "When does preconditioning help or hurt generalization?"
    assert last.authors[0] == "Shun-ichi Amari" and len(last.authors) == 8
    assert all(presentation.kind is Kind.OTHER and not presentation.slots for presentation in program.presentations)


def test_the_untitled_entry_takes_the_title_the_introduction_gives():
    imported = IMPORTER.read(RawSource.read(POST), ImportOptions())
    teaching = next(p for p in imported.program.presentations if "Aniruddh Raghu" in p.authors)
    assert teaching.title == "Teaching With Commentaries"
    assert teaching.abstract.startswith("How do teachers learn to teach?")
    note = next(note for note in imported.notes if "no title line" in note.message)
    assert note.line == 91 and "line 15" in note.message


def test_without_the_introduction_naming_it_the_untitled_entry_is_reported_not_invented():
    text = TEXT.replace("“Teaching With Commentaries,” co-authored", "a paper co-authored")
    imported = read(text)
    assert len(imported.program.presentations) == 15
    assert not any("Aniruddh Raghu" in p.authors for p in imported.program.presentations)
    skipped = next(note for note in imported.notes if "skipped an entry with no title line" in note.message)
    assert skipped.file == "post.txt" and skipped.line == 91
    # Its summary is not glued onto the entry before it.
    planning = next(p for p in imported.program.presentations if p.title.startswith("Planning from Pixels"))
    assert "How do teachers learn" not in planning.abstract


def test_the_author_line_broken_by_stray_bold_markers():
    program = read(TEXT).program
    c_learning = next(p for p in program.presentations if p.title.startswith("C-Learning"))
    assert c_learning.authors == [
        "Panteha Naderian",
        "Gabriel Loaiza-Ganem",
        "Harry J. Braviner",
        "Anthony L. Caterini",
        "Jesse C. Cresswell",
        "Tong Li",
        "Animesh Garg",
    ]


def test_a_title_with_a_space_before_its_closing_markers_is_trimmed():
    program = read(TEXT).program
    assert "Dataset Inference: Ownership Resolution in Machine Learning" in [p.title for p in program.presentations]


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("*Yuhuai Wu, Albert Jiang, Jimmy Ba, and Roger Grosse.*", ["Yuhuai Wu", "Albert Jiang", "Jimmy Ba", "Roger Grosse"]),
        ("*Jake Snell and Richard Zemel*", ["Jake Snell", "Richard Zemel"]),
        ("*Ada Lovelace*", ["Ada Lovelace"]),
    ],
)
def test_split_authors(line, names):
    assert split_authors(line) == names


def test_the_post_is_detected_by_its_content():
    assert detect(RawSource.read(POST)) is IMPORTER


def test_a_post_cut_after_a_title_names_the_line():
    cut = TEXT[
        : TEXT.index("**Wandering Within A World")
        + len("**Wandering Within A World: Online Contextualized Few-shot Learning**\n")
    ]
    with pytest.raises(SourceError, match=r"^post\.txt:\d+: 'Wandering Within A World.*has no \*Authors\* line"):
        read(cut)


def test_an_entry_whose_summary_comes_before_its_authors_names_the_line():
    text = TEXT.replace(
        "**Planning from Pixels using Inverse Dynamics Models**\n\n*Keiran Paster, Sheila A. McIlraith, Jimmy Ba*\n\n",
        "**Planning from Pixels using Inverse Dynamics Models**\n\n",
    )
    with pytest.raises(SourceError, match=r"^post\.txt:\d+: 'Planning from Pixels.*no \*Authors\* line before its text"):
        read(text)
