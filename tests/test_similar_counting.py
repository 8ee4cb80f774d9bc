"""The similarity index counts terms by number, through shortcuts; here it is held to the model read plainly.

The plain reading: the word pattern over the whole case-folded text, stop words and single letters
as breaks, plurals folded, pairs of side-by-side words, title counts multiplied, each keyword twice.
The index must count exactly that, term for term and in the same order (sums over a vector add up
in that order), for every paper of ICLR 2020 and for texts made to be awkward.
"""

from __future__ import annotations

from collections import Counter
from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from planner.program.model import Presentation
from planner.search.similar import _WORD, STOPWORDS, Signals, _singular, _Vocabulary


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
