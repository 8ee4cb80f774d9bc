"""The search index: every word must begin a word of the paper, results ranked, nothing typed is read as syntax."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.cli import main
from planner.program.ids import fold
from planner.program.model import Conference, Kind, Presentation, Program
from planner.search.index import RANKED_UP_TO, SearchIndex, match_expression
from tests.benchmarks.synthetic import synthetic_program


def paper(id: str, title: str, *, authors=(), abstract="", keywords=()) -> Presentation:
    return Presentation(id=id, title=title, kind=Kind.POSTER, authors=list(authors), abstract=abstract, keywords=list(keywords))


def program_of(*papers: Presentation) -> Program:
    return Program(conference=Conference(id="test", name="Test", timezone="UTC"), presentations=list(papers))


def words_begin(text: str, query: str) -> bool:
    """The oracle: every word of the query begins some word of the text (case and accents folded)."""
    words = re.findall(r"\w+", fold(text))
    return all(any(word.startswith(part) for word in words) for part in re.findall(r"\w+", fold(query)))


def test_a_prefix_of_the_last_word_finds_the_paper_as_it_is_typed(neurips):
    index = SearchIndex.of(neurips)
    for typed in ("ne", "neural", "neural ord", "neural ordinary differential eq"):
        assert "neural-ordinary-differential-equations" in [p[:38] for p in index.search(typed)], typed


def test_a_title_match_ranks_above_a_match_in_the_abstract_only():
    index = SearchIndex.of(program_of(
        paper("in-abstract", "Something else", abstract="we study transformers at length, transformers everywhere"),
        paper("in-title", "Transformers are graphs"),
        paper("unrelated", "Bandits"),
    ))  # fmt: skip
    assert index.search("transformers") == ["in-title", "in-abstract"]


def test_authors_and_keywords_are_searched_and_accents_and_case_do_not_count():
    index = SearchIndex.of(program_of(
        paper("a", "One", authors=["Raphaël Müller"]),
        paper("b", "Two", keywords=["Optimal Transport"]),
    ))  # fmt: skip
    assert index.search("raphael MULLER") == ["a"]
    assert index.search("optimal transp") == ["b"]


@pytest.mark.parametrize("typed", ['"', "AND", "a OR b", "NEAR(x y)", "title:x", "*", "-x", "(", "x'y", "^x", "{title}"])
def test_nothing_typed_is_read_as_query_syntax(typed):
    index = SearchIndex.of(program_of(paper("p", "AND OR NEAR title x y")))
    index.search(typed)  # no sqlite3.OperationalError


def test_a_query_without_words_finds_nothing():
    assert match_expression("  ,. ") is None
    assert SearchIndex.of(program_of(paper("p", "x"))).search(" ") == []


def test_matches_in_title_authors_or_keywords_come_before_matches_that_need_the_abstract():
    index = SearchIndex.of(program_of(
        paper("abstract-only", "Alpha", abstract="graph methods"),
        paper("keyword", "Beta", keywords=["graph learning"]),
        paper("split", "Graph", abstract="nothing but methods"),
    ))  # fmt: skip
    assert index.search("graph") == ["split", "keyword", "abstract-only"]  # a title counts more than a keyword
    assert index.search("graph methods") == ["abstract-only", "split"]


def test_the_first_screenful_is_exactly_the_beginning_of_the_whole_answer():
    index = SearchIndex.of(synthetic_program(600, seed=5))
    for query in ("g", "graph", "learning for", "diffusion m"):
        whole = index.search(query)
        assert index.search(query, limit=25) == whole[:25], query


def test_a_broad_query_lists_title_matches_first_and_finds_every_match():
    papers = [paper(f"abstract-{n}", "Other", abstract="common word") for n in range(RANKED_UP_TO)]
    papers += [paper("title", "Common ground")]
    found = SearchIndex.of(program_of(*papers)).search("common")
    assert found[0] == "title" and len(found) == RANKED_UP_TO + 1


def test_results_agree_with_a_plain_word_prefix_scan_on_a_synthetic_program():
    program = synthetic_program(400, seed=3)
    index = SearchIndex.of(program)
    for query in ("gra", "graph neural", "diffusion mod", "müll", "learning", "zzz"):
        expected = {
            p.id for p in program.presentations
            if words_begin(" ".join((p.title, " ".join(p.authors), p.abstract, " ".join(p.keywords))), query)
        }  # fmt: skip
        assert set(index.search(query)) == expected, query


@given(st.text(max_size=30))
def test_any_text_is_a_safe_query(typed):
    index = SearchIndex.of(program_of(paper("p", "Neural networks"), paper("q", "Graphs")))
    assert set(index.search(typed)) <= {"p", "q"}


@pytest.mark.parametrize("query", ["graph neural", "reinforcement", "adversarial robust", "transformer", "lev", "Müller"])
def test_list_search_gives_the_ids_of_the_tui_search_in_its_order(capsys, iclr, query):
    # One rule for both front ends: `planner list --search` answers what `/` in the TUI answers, best first.
    index = SearchIndex.of(iclr)
    expected = index.search(query)
    index.close()
    assert main(["list", "--program", "iclr-2020", "--search", query, "--json"]) == 0
    listed = [row["id"] for row in json.loads(capsys.readouterr().out)]
    assert listed == expected
    assert expected


def test_list_search_narrowed_by_kind_keeps_the_ranking(capsys, iclr):
    index = SearchIndex.of(iclr)
    orals = {p.id for p in iclr.presentations if p.kind is Kind.ORAL}
    expected = [found for found in index.search("learning") if found in orals]
    index.close()
    assert main(["list", "--program", "iclr-2020", "--search", "learning", "--kind", "oral", "--json"]) == 0
    assert [row["id"] for row in json.loads(capsys.readouterr().out)] == expected
    assert len(expected) > 1


def test_list_search_matches_word_beginnings_not_any_substring(capsys):
    # "eural" is inside "neural" but begins no word: the TUI finds nothing, and so does the command line.
    assert main(["list", "--program", "neurips-2018", "--search", "eural", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["list", "--program", "neurips-2018", "--search", "neur", "--json"]) == 0
    assert "neural-ordinary-differential-equations" in [row["id"] for row in json.loads(capsys.readouterr().out)]


def test_an_index_for_one_search_answers_as_the_lasting_one():
    # The command line builds its index without the short-prefix index and the final merge; both
    # only speed up repeated searches, so every answer, order included, must be the same.
    program = synthetic_program(1500, seed=3)
    lasting, once = SearchIndex.of(program), SearchIndex.of(program, one_search=True)
    for query in ("n", "ne", "neural", "graph neural net", "learning", "raphaël müller", "diffusion models", "zzzz"):
        assert once.search(query) == lasting.search(query), query
    assert len(lasting.search("learning")) > RANKED_UP_TO / 10
    lasting.close()
    once.close()
