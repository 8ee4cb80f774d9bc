"""The similarity index is built through shortcuts (numbered terms, whole-array steps); here it is held to the model read plainly.

The plain reading: the word pattern over the whole case-folded text, stop words and single letters
as breaks, plurals folded, pairs of side-by-side words, title counts multiplied, each keyword twice;
then log-scaled counts times idf, the norm of the whole vector, the strongest terms kept, the
strongest listed under their terms, and a term's list cut to its champions. The index must count
and weigh exactly that, term for term, in the same order (sums over a vector add up in that
order) and to the last bit, for every paper of ICLR 2020 and for texts made to be awkward.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.program.model import Presentation
from planner.search import similar
from planner.search.similar import _WORD, STOPWORDS, Signals, SimilarityIndex, _singular, _Vocabulary


def plain_terms(text: str, signals: Signals) -> list[str]:
    """The terms of a text in order, "" for a word not counted."""
    terms = []
    for word in _WORD.findall(text.casefold()):
        if len(word) < 2 or (signals.stopwords and word in STOPWORDS):
            terms.append("")
        else:
            terms.append(_singular(word) if signals.plurals else word)
    return terms


def plain_count(presentation: Presentation, signals: Signals) -> list[tuple[str, int]]:
    counted: Counter[str] = Counter()
    for text, times in ((presentation.title, round(signals.title_weight)), (presentation.abstract, 1)):
        terms = plain_terms(text, signals)
        counted.update(term for term in terms if term)
        if signals.bigrams:
            counted.update(f"{one} {other}" for one, other in pairwise(terms) if one and other)
        if times > 1:
            for term in counted:
                counted[term] *= times
    if signals.keywords:
        for keyword in presentation.keywords:
            words = [term for term in plain_terms(keyword, signals) if term]
            if words:
                counted["#" + " ".join(words)] += 2
    return list(counted.items())


def numbered_count(vocabulary: _Vocabulary, presentation: Presentation) -> list[tuple[str, int]]:
    return [(vocabulary.names[term], count) for term, count in vocabulary.count(presentation).items()]


def test_every_iclr_paper_is_counted_as_the_model_reads_it(iclr):
    for signals in (Signals(), Signals(bigrams=False, plurals=False), Signals(stopwords=False, title_weight=1.0)):
        vocabulary = _Vocabulary(signals, {})
        for presentation in iclr.presentations:
            assert numbered_count(vocabulary, presentation) == plain_count(presentation, signals), presentation.id


# Letters, digits, the characters a word may hold inside (- and _), ASCII and other punctuation,
# accents, curly quotes, dashes, non-breaking and other spaces, and stop words whole.
_PIECES = st.sampled_from(
    ["a", "b", "networks", "network", "graph", "neural", "policies", "of", "the", "3", "2019", "3d", "x1",
     "-", "_", "--", " ", "  ", "\n", "\t", "\u00a0", "\u2009", ".", ",", "(", ")", "’", "“", "”", "–", "—",
     "é", "É", "ß", "ﬁ", "İ", "×", "→", "Graph", "NETWORKS", "state-of-the-art", "a_b", "_x_", "-y-"]
)  # fmt: skip
_TEXTS = st.lists(_PIECES, max_size=40).map("".join)


@given(title=_TEXTS, abstract=_TEXTS, keywords=st.lists(_TEXTS, max_size=3))
def test_any_text_is_counted_as_the_model_reads_it(title, abstract, keywords):
    presentation = Presentation(id="p", title=title or "t", kind="poster", abstract=abstract, keywords=keywords)
    vocabulary = _Vocabulary(Signals(), {})
    # Twice: the first reading numbers what is new, the second finds it all numbered.
    assert numbered_count(vocabulary, presentation) == plain_count(presentation, Signals())
    assert numbered_count(vocabulary, presentation) == plain_count(presentation, Signals())


def plain_index(presentations: list[Presentation], signals: Signals, champions: int):
    """Each presentation's vector (term → weight, in order) and each term's posting list [(row, weight)]."""
    counts = [dict(plain_count(presentation, signals)) for presentation in presentations]
    seen = Counter(term for counted in counts for term in counted)
    total = len(presentations)
    idf = {term: math.log(total / times) for term, times in seen.items() if 1 < times <= total * 0.5}
    vectors, postings = [], defaultdict(list)
    for row, counted in enumerate(counts):
        weights = {term: (1.0 + math.log(min(count, 255))) * idf[term] for term, count in counted.items() if term in idf}
        scale = 1.0 / (math.hypot(*weights.values()) or 1.0)
        if signals.top_terms and len(weights) > signals.top_terms:
            least = sorted(weights.values(), reverse=True)[signals.top_terms - 1]
            weights = {term: weight for term, weight in weights.items() if weight >= least}
        vector = {term: weight * scale for term, weight in weights.items()}
        vectors.append(vector)
        listed = vector
        if signals.posted_terms and len(vector) > signals.posted_terms:
            least = sorted(vector.values(), reverse=True)[signals.posted_terms - 1]
            listed = {term: weight for term, weight in vector.items() if weight >= least}
        for term, weight in listed.items():
            postings[term].append((row, weight))
    for term, listed in postings.items():
        if len(listed) > champions:
            least = sorted((weight for _, weight in listed), reverse=True)[champions - 1]
            postings[term] = [(row, weight) for row, weight in listed if weight >= least]
    return vectors, dict(postings)


def built_index(index: SimilarityIndex):
    names = index._term_names
    vectors = [[(names[term], weight) for term, weight in index._vector(row).items()] for row in range(len(index))]
    postings = {}
    for term, name in enumerate(names):
        start, end = index._posting_starts[term], index._posting_starts[term + 1]
        if end > start:
            postings[name] = list(zip(index._posting_rows[start:end], index._posting_weights[start:end], strict=True))
    return vectors, postings


@pytest.mark.parametrize(
    "signals",
    [Signals(), Signals(keywords=False), Signals(top_terms=40, posted_terms=10), Signals(top_terms=0, posted_terms=0)],
    ids=["as shipped", "keywords held out", "short vectors", "no cuts"],
)
def test_the_index_weighs_and_lists_every_iclr_paper_as_the_model_says(iclr, monkeypatch, signals):
    # Small blocks and short champion lists, so that every path of the build is taken on 700 papers.
    monkeypatch.setattr(similar, "_BLOCK", 97)
    monkeypatch.setattr(similar, "CHAMPIONS", 25)
    presentations = list(iclr.presentations)
    vectors, postings = built_index(SimilarityIndex(presentations, signals))
    expected_vectors, expected_postings = plain_index(presentations, signals, champions=25)
    assert vectors == [list(vector.items()) for vector in expected_vectors]
    assert postings == expected_postings
    assert any(len(listed) == 25 for listed in postings.values()) or not signals.posted_terms  # champions were cut


def test_no_presentation_one_and_two_make_an_index_that_answers():
    assert len(SimilarityIndex([])) == 0
    one = Presentation(id="a", title="Graph networks", kind="poster", abstract="Message passing on graph networks.")
    alone = SimilarityIndex([one])
    assert alone.similar("a") == [] and alone.suggest({"a": 1.0}) == []
    other = Presentation(id="b", title="Pruning transformers", kind="poster", abstract="Attention heads pruned.")
    assert SimilarityIndex([one, other]).similar("a") == []  # nothing shared, nothing alike
