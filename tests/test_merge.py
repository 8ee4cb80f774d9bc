"""Merging sources of one conference: the real overlaps, each matching rule, richer fields, conflicts."""

from datetime import UTC, datetime

import pytest
from rapidfuzz import fuzz, process

from planner.errors import SourceError
from planner.importers.base import ImportOptions, RawSource
from planner.importers.blog_post import IMPORTER as BLOG
from planner.importers.paper_list import IMPORTER as PAPER_LIST
from planner.importing.merge import SIMILAR_TITLE_SCORE, merge_programs
from planner.importing.sources import import_sources
from planner.program.ids import normalise_title
from planner.program.model import (
    Conference,
    Kind,
    Links,
    Presentation,
    Program,
    Session,
    Slot,
)
from tests.conftest import RAW

LIST = RAW / "iclr2021_paper_list_page1.md"
POST = RAW / "iclr2021_vector_blog_post.txt"
MINICONF = RAW / "iclr2020_miniconf"
ORALS = RAW / "iclr2020_orals_blog_zh.txt"


def program(*presentations: Presentation, sessions: tuple[Session, ...] = (), conference: str = "x-2020") -> Program:
    return Program(
        conference=Conference(id=conference, name="X", timezone="UTC"), sessions=list(sessions), presentations=list(presentations)
    )


def paper(title: str, *, id: str | None = None, forum: str | None = None, **fields) -> Presentation:
    links = Links(openreview=f"https://openreview.net/forum?id={forum}") if forum else Links()
    return Presentation(
        id=id or forum or normalise_title(title).replace(" ", "-"),
        title=title,
        kind=fields.pop("kind", Kind.OTHER),
        links=links,
        **fields,
    )


def test_the_paper_list_and_the_blog_post_share_three_papers():
    imported = import_sources([LIST, POST], ImportOptions())
    presentations = imported.program.presentations
    assert len(presentations) == 200 + 16 - 3
    reports = [note.message for note in imported.notes if note.message.startswith("matched")]
    assert len(reports) == 3 and all("by same title" in report for report in reports)
    teaching = imported.program.presentations_by_id["4RbdgBh9gE"]
    assert teaching.title == "Teaching with Commentaries"  # the list came first and keeps its title
    assert teaching.provenance["title"] == "iclr2021_paper_list_page1.md"
    assert any("'Teaching With Commentaries' = 'Teaching with Commentaries'" in report for report in reports)
    assert any(note.message.startswith("merged 2 sources: 3 presentations matched (3 by same title)") for note in imported.notes)


def test_the_48_orals_are_found_in_miniconf_by_openreview_id_and_enrich_it():
    imported = import_sources([MINICONF, ORALS], ImportOptions(conference="iclr-2020", timezone="UTC"))
    program = imported.program
    assert len([p for p in program.presentations if p.kind in (Kind.ORAL, Kind.POSTER)]) == 687
    orals = [p for p in program.presentations if p.kind is Kind.ORAL]
    assert len(orals) == 48 and all(len(p.slots) == 2 for p in orals)
    assert sum(len(p.slots) for p in program.presentations if p.kind in (Kind.ORAL, Kind.POSTER)) == 1374
    assert sum(note.message.endswith(p.id) and "by OpenReview id" in note.message for note in imported.notes for p in orals) == 48
    reformer = program.presentations_by_id["rkgNKkHtvB"]
    assert reformer.links.code == "https://github.com/google/trax/tree/master/trax/models/reformer"
    assert reformer.keywords[:2] == ["attention", "locality sensitive hashing"] and "reversible layers" in reformer.keywords
    assert reformer.provenance == {
        "abstract": "iclr2020_miniconf",
        "authors": "iclr2020_miniconf",
        "keywords": "iclr2020_miniconf, iclr2020_orals_blog_zh.txt",
        "kind": "iclr2020_orals_blog_zh.txt",
        "links.code": "iclr2020_orals_blog_zh.txt",
        "links.openreview": "iclr2020_miniconf",
        "links.paper": "iclr2020_orals_blog_zh.txt",
        "slots": "iclr2020_miniconf",
        "title": "iclr2020_miniconf",
    }
    assert [program.when(slot).start for slot in reformer.slots] == [
        datetime(2020, 4, 29, 5, tzinfo=UTC),
        datetime(2020, 4, 29, 12, tzinfo=UTC),
    ]


def test_a_slightly_different_title_is_matched_by_similarity_with_its_score():
    text = POST.read_text(encoding="utf-8").replace(
        "Wandering Within A World: Online Contextualized Few-shot Learning",
        "Wandering Within a World: Online Contextualised Few-Shot Learning",
    )
    post = BLOG.read(RawSource.from_bytes(text.encode(), name="post.txt"), ImportOptions()).program
    listing = PAPER_LIST.read(RawSource.read(LIST), ImportOptions()).program
    merged = merge_programs([("list.md", listing), ("post.txt", post)])
    (similar,) = [pairing for pairing in merged.pairings if pairing.rule == "similar title"]
    assert similar.presentation == "oZIvHV04XgC" and SIMILAR_TITLE_SCORE <= similar.score < 100
    assert "by similar title (9" in str(similar)


def test_the_threshold_lies_above_every_pair_of_different_real_papers():
    # The closest two different papers in the shipped sources ("Mutual Information Gradient Estimation
    # for Representation Learning" and "On Mutual Information Maximization for Representation
    # Learning", ICLR 2020) score about 86: the threshold must keep clear of them.
    iclr2020 = import_sources([MINICONF], ImportOptions(conference="iclr-2020")).program
    titles = [normalise_title(p.title) for p in iclr2020.presentations if p.kind is Kind.POSTER]
    closest = max(process.extract(title, titles, scorer=fuzz.ratio, limit=2)[1][1] for title in titles)
    assert 80 < closest < SIMILAR_TITLE_SCORE


def test_different_openreview_ids_are_never_merged_even_with_equal_titles():
    merged = merge_programs(
        [("a", program(paper("Same Title", forum="AAAAAAAAAA"))), ("b", program(paper("Same Title", forum="BBBBBBBBBB")))]
    )
    assert [p.id for p in merged.program.presentations] == ["AAAAAAAAAA", "BBBBBBBBBB"] and merged.pairings == ()


def test_the_openreview_id_wins_over_a_title_slug_and_richer_fields_win():
    earlier = program(paper("A Paper About Things", abstract="", kind=Kind.POSTER, authors=["A. Author"]))
    later = program(
        paper(
            "A paper about things",
            forum="XYZXYZXYZ1",
            abstract="What it does.",
            kind=Kind.ORAL,
            authors=["A. Author", "B. Author"],
        )
    )
    merged = merge_programs([("a.txt", earlier), ("b.txt", later)])
    (only,) = merged.program.presentations
    assert only.id == "XYZXYZXYZ1" and only.title == "A Paper About Things"
    assert (only.kind, only.abstract, only.authors) == (Kind.ORAL, "What it does.", ["A. Author", "B. Author"])
    assert only.provenance == {
        "abstract": "b.txt",
        "authors": "b.txt",
        "kind": "b.txt",
        "links.openreview": "b.txt",
        "title": "a.txt",
    }


def test_a_real_time_fills_a_session_with_none_and_slots_are_pooled():
    untimed = Session(id="poster-session-8", title="Poster Session 8", kind=Kind.POSTER)
    timed = untimed.model_copy(
        update={"start": datetime(2022, 4, 27, 10, tzinfo=UTC), "end": datetime(2022, 4, 27, 12, tzinfo=UTC)}
    )
    a = program(paper("One", slots=[Slot(session="poster-session-8")]), sessions=(untimed,))
    b = program(paper("One", slots=[Slot(session="poster-session-8")]), sessions=(timed,))
    merged = merge_programs([("a", a), ("b", b)]).program
    assert merged.sessions[0].start == datetime(2022, 4, 27, 10, tzinfo=UTC)
    assert len(merged.presentations[0].slots) == 1


def test_two_real_times_that_disagree_are_an_error_naming_the_source():
    one = Session(
        id="s", title="S", kind=Kind.ORAL, start=datetime(2022, 1, 1, 10, tzinfo=UTC), end=datetime(2022, 1, 1, 11, tzinfo=UTC)
    )
    other = one.model_copy(update={"start": datetime(2022, 1, 1, 9, tzinfo=UTC)})
    with pytest.raises(SourceError, match=r"^b\.txt: it puts session 'S' at 2022-01-01 09:00"):
        merge_programs([("a.txt", program(sessions=(one,))), ("b.txt", program(sessions=(other,)))])


def test_sources_of_different_conferences_do_not_merge():
    with pytest.raises(SourceError, match=r"^b\.txt: it is a program of y-2021, the sources before it of x-2020"):
        merge_programs([("a.txt", program()), ("b.txt", program(conference="y-2021"))])


def test_an_ambiguous_title_is_reported_and_not_merged():
    earlier = program(paper("Twins", id="twins-1"), paper("Twins", id="twins-2"))
    merged = merge_programs([("a", earlier), ("b", program(paper("Twins", id="twins")))])
    assert len(merged.program.presentations) == 3 and merged.pairings == ()
    assert any("same title as 2 earlier presentations" in message for _, message in merged.notes)


def test_one_paper_is_matched_at_most_once_per_source():
    merged = merge_programs(
        [("a", program(paper("Deep Nets"))), ("b", program(paper("Deep Nets", id="one"), paper("Deep Nets!", id="two")))]
    )
    assert len(merged.pairings) == 1 and len(merged.program.presentations) == 2


def test_the_cli_prints_the_match_report_on_stderr(capsys, tmp_path):
    from planner.cli import main

    target = tmp_path / "iclr-2021.json"
    assert main(["import", str(LIST), str(POST), "-o", str(target)]) == 0
    err = capsys.readouterr().err
    assert err.count(": matched ") == 3 and f"{POST}: matched 'Teaching With Commentaries'" in err
    assert target.exists()
