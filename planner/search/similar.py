"""Provides "papers like this one": a lexical model of a program's presentations, with a reason for every match.

Each presentation is a sparse TF-IDF vector over the words of its title, abstract and keywords:
log-scaled term counts, inverse document frequency, title words counted more, English and
academic filler words dropped, plurals folded ("networks" → "network"), adjacent word pairs as
terms of their own ("graph neural", "neural network"), each keyword as one term. Vectors are
cut to their strongest terms and normalised; two presentations are as similar as their
vectors' dot product, plus a little for each author they share. The cut keeps what a
presentation is about and makes a query walk short lists (see docs/discovery.md for what each
signal is worth, as the benchmark measures it on ICLR 2020 with its keywords held out).

Pure standard library, built in well under a second for a thousand papers and a few seconds for
twenty thousand; once built it is read-only and may be queried from any thread.
"""

from __future__ import annotations

import gc
import heapq
import math
import re
import weakref
from array import array
from collections import Counter
from collections.abc import Callable, ItemsView, Iterable, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from itertools import chain, compress, pairwise, repeat
from operator import itemgetter, mul

from planner.program.model import Presentation, Program
from planner.search.authors import Following, name_words

_WORD = re.compile(r"[^\W\d_][\w\-]*[^\W_]|[^\W\d_]")

# Common English words, and the words every abstract uses to say it is an abstract.
_STOPWORD_LIST = """
    a about above after again against all also although am among an and any are aren as at be
    because been before being below between both but by can cannot could did do does doing down
    during each either et etc few for from further had has have having he her here hers herself him
    himself his how however i if in into is it its itself just let me more most much must my myself
    no nor not now of off often on once one only or other our ours ourselves out over own per same
    several she should since so some such than that the their theirs them themselves then there
    these they this those through thus to too two under until up upon us use used uses using very
    via was we well were what when where whether which while who whom why will with within without
    would yet you your yours yourself yourselves abstract achieve achieves achieving address
    approach approaches based better called demonstrate demonstrates demonstrated different
    effective existing experiment experiments experimental extensive furthermore given good however
    introduce introduces large many method methods new novel outperform outperforms paper present
    presents previous problem problems propose proposed proposes provide provides recent recently
    result results show shown shows significantly simple state study task tasks three various way
    ways work works
"""
STOPWORDS = frozenset(_STOPWORD_LIST.split())


CHAMPIONS = 300
"""The most presentations a query walks per term (see `SimilarityIndex.__init__`)."""
RESCORED = 100
"""Candidates found on a query's strongest terms that are scored again on all of them."""
QUERY_TERMS = 200
"""The strongest terms of a suggestion's query (all bookmarks at once) that are walked."""


@dataclass(frozen=True)
class Signals:
    """What the model counts; the defaults are the best the benchmark found (docs/discovery.md)."""

    title_weight: float = 3.0
    """How many times a title word counts against an abstract word."""
    bigrams: bool = True
    keywords: bool = True
    """Keywords as terms (the benchmark holds them out, being its labels)."""
    stopwords: bool = True
    plurals: bool = True
    author_bonus: float = 0.02
    """Added to the similarity for each author two presentations share."""
    top_terms: int = 150
    """Terms kept in each vector, strongest first; 0 keeps every term."""
    query_terms: int = 30
    posted_terms: int = 30
    """Terms under which each presentation is listed for finding candidates, strongest first; 0 lists every term.
    Candidates are then scored on every term of both vectors."""
    """Terms of the asking presentation walked to find candidates, strongest first; 0 walks every one."""


@dataclass(frozen=True)
class Related:
    """One presentation like another (or like a person's bookmarks), with why."""

    id: str
    score: float
    terms: tuple[str, ...] = ()
    """The distinctive words both share, strongest first."""
    keywords: tuple[str, ...] = ()
    """Keywords both have, as the related one writes them."""
    authors: tuple[str, ...] = ()
    """Authors both have (or, for a suggestion, followed authors of this one)."""
    because_of: tuple[str, ...] = ()
    """For a suggestion: the bookmarked presentations it is most like, most first."""


@dataclass(slots=True)
class _Document:
    terms: array[int]
    """Term ids, in the order the text first gave them (so sums add up as they always did)."""
    weights: array[float]
    """The weight of each of `terms`."""
    keywords: dict[str, str] = field(default_factory=dict)
    """Folded keyword → as written."""
    authors: dict[tuple[str, ...], str] = field(default_factory=dict)
    """Folded name → as written."""

    @property
    def vector(self) -> dict[int, float]:
        """Term id → weight, made when asked: 20,000 dictionaries kept would be most of the index's memory."""
        return dict(zip(self.terms, self.weights, strict=True))


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "ics")):
        return word[:-1]
    return word


def _strongest(terms: list[int], weights: list[float], most: int) -> tuple[list[int], list[float]]:
    """The `most` strongest terms and their weights, in their order (more on a tie at the last)."""
    least = sorted(weights, reverse=True)[most - 1]
    kept = list(map(least.__le__, weights))
    return list(compress(terms, kept)), list(compress(weights, kept))


# ASCII characters that are never part of a word, made spaces: `str.translate` does this in a few
# nanoseconds a character, and `str.split` then cuts a text where the word pattern would.
_NOT_IN_A_WORD = str.maketrans({char: " " for char in map(chr, range(128)) if not (char.isalnum() or char in "_-")})
_NO_COUNTS: tuple[array[int], array[int]] = (array("i"), array("i"))
_NO_POSTINGS: tuple[array[float], array[int]] = (array("d"), array("i"))


class _Vocabulary:
    """The terms of a program by number, as a build meets them: a word, a pair of words, a keyword.

    Number 0 is a word not counted (a stop word, a single letter); it also stands between two words
    that are no pair, and is left out of every count. Texts are cut into pieces by `str.split`, and
    each distinct piece is read with the word pattern once: almost every piece is one word, seen
    many times.
    """

    def __init__(self, signals: Signals, surface: dict[str, str]) -> None:
        self.signals = signals
        self.surface = surface
        self.names: list[str] = [""]
        """Term number → term."""
        self._number: dict[str, int] = {"": 0}
        self._word: dict[str, int] = {}
        self._piece: dict[str, tuple[int, ...]] = {}
        self._pair: dict[tuple[int, int], int] = {}
        self._keyword: dict[str, int] = {}

    def count(self, presentation: Presentation) -> Counter[int]:
        """How often each term is in a presentation: title terms counted more, each keyword twice."""
        title, abstract = self.numbers(presentation.title), self.numbers(presentation.abstract)
        if self.signals.bigrams:
            # One reading of both texts, a word not counted between them so that no pair spans them.
            pairs = self._pairs([*title, 0, *abstract])
            words = len(title)
            title += pairs[: max(words - 1, 0)]
            abstract += pairs[words + 1 :]
        counted = Counter(filter(None, title))
        times = round(self.signals.title_weight)
        if times > 1:
            # The title's terms come first, so its counts are all of their counts so far.
            for term in counted:
                counted[term] *= times
        counted.update(filter(None, abstract))
        if self.signals.keywords:
            for keyword in presentation.keywords:
                number = self._keyword.get(keyword)
                if number is None:
                    number = self._keyword[keyword] = self._keyword_number(keyword)
                if number:
                    counted[number] += 2
        return counted

    def numbers(self, text: str) -> list[int]:
        """The words of a text in order, by number, 0 for a word not counted."""
        pieces = text.casefold().translate(_NOT_IN_A_WORD).split()
        known = self._piece
        try:
            found = list(map(known.__getitem__, pieces))
        except KeyError:  # cheaper than looking for the new pieces in every text, most having none
            for piece in set(pieces).difference(known):
                known[piece] = tuple(map(self._word_number, _WORD.findall(piece)))
            found = list(map(known.__getitem__, pieces))
        # A piece is almost always one word; one with none (a number) or several is rare.
        return list(chain.from_iterable(found))

    def _pairs(self, numbers: list[int]) -> list[int]:
        """The pairs of words that stand side by side in a text, 0 for one with a word not counted."""
        pairs = self._pair
        try:
            return list(map(pairs.__getitem__, pairwise(numbers)))
        except KeyError:  # a new pair: most texts have one, but few have many
            found = list(map(pairs.get, pairwise(numbers), repeat(-1)))
        at = -1
        with suppress(ValueError):  # until no new pair is left
            while True:
                at = found.index(-1, at + 1)
                pair = numbers[at], numbers[at + 1]
                number = pairs.get(pair)  # None, or numbered earlier in this text
                if number is None:
                    number = pairs[pair] = self._term_number(" ".join(map(self.names.__getitem__, pair))) if all(pair) else 0
                found[at] = number
        return found

    def _word_number(self, word: str) -> int:
        number = self._word.get(word)
        if number is None:
            if len(word) < 2 or (self.signals.stopwords and word in STOPWORDS):
                number = 0
            else:
                term = _singular(word) if self.signals.plurals else word
                number = self._term_number(term)
                if term == word or term not in self.surface:
                    self.surface[term] = word  # a word is shown as written singular once seen so
            self._word[word] = number
        return number

    def _term_number(self, term: str) -> int:
        number = self._number.get(term)
        if number is None:
            number = self._number[term] = len(self.names)
            self.names.append(term)
        return number

    def _keyword_number(self, keyword: str) -> int:
        words = [number for number in self.numbers(keyword) if number]
        if not words:
            return 0
        term = "#" + " ".join(map(self.names.__getitem__, words))
        self.surface.setdefault(term, keyword.casefold())
        return self._term_number(term)


class SimilarityIndex:
    """The presentations of one program as term vectors, to ask which are alike."""

    def __init__(self, presentations: Sequence[Presentation], signals: Signals = Signals()) -> None:
        # The build allocates millions of counters, strings and arrays that form no reference
        # cycles; left on, the cyclic collector scans them (and the program) again and again,
        # a tenth of the build at 20,000 papers. Reference counting still frees them as usual.
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            self._build(presentations, signals)
        finally:
            if was_enabled:
                gc.enable()

    def _build(self, presentations: Sequence[Presentation], signals: Signals) -> None:
        # The per-term steps are maps, zips and compresses over whole lists rather than loops:
        # at 20,000 papers a vector step costs what it costs per term a few million times over.
        self.signals = signals
        self._ids = [presentation.id for presentation in presentations]
        self._row = {presentation_id: row for row, presentation_id in enumerate(self._ids)}
        self._surface: dict[str, str] = {}
        vocabulary = _Vocabulary(signals, self._surface)
        frequency: Counter[int] = Counter()
        counts: list[tuple[array[int], array[int]]] = []
        for presentation in presentations:
            counted = vocabulary.count(presentation)
            frequency.update(counted.keys())
            counts.append((array("i", counted.keys()), array("i", counted.values())))
        total = len(presentations) or 1
        # A term in one presentation only says nothing about likeness; one in most says little.
        kept_terms = [term for term, seen in frequency.items() if 1 < seen <= total * 0.5]
        # The terms kept, numbered again from 0: vectors and posting lists speak of these numbers,
        # and a term left out is -1, whose idf (the last) is 0.0; no term kept has an idf of 0.
        renumbered = [-1] * len(vocabulary.names)
        for new_number, term in enumerate(kept_terms):
            renumbered[term] = new_number
        idf_of = [*(math.log(total / frequency[term]) for term in kept_terms), 0.0]
        self._term_names = list(map(vocabulary.names.__getitem__, kept_terms))
        del frequency, vocabulary, kept_terms
        most = max((max(term_counts) for _, term_counts in counts if term_counts), default=0)
        tf = [0.0] + [1.0 + math.log(min(count, 255)) for count in range(1, most + 1)]
        self._documents: list[_Document] = []
        # Lists while filling (appending to a list is cheaper), arrays once filled.
        rows_of: list[list[int]] = [[] for _ in self._term_names]
        weights_of: list[list[float]] = [[] for _ in self._term_names]
        self._by_author: dict[tuple[str, ...], list[int]] = {}
        keep, posted_terms = signals.top_terms, signals.posted_terms
        for row, presentation in enumerate(presentations):
            terms_counted, term_counts = counts[row]
            counts[row] = _NO_COUNTS  # let each text's counts go as soon as its vector is made
            numbers = list(map(renumbered.__getitem__, terms_counted))
            weights = list(map(mul, map(tf.__getitem__, term_counts), map(idf_of.__getitem__, numbers)))
            terms = list(compress(numbers, weights))
            weights = list(compress(weights, weights))
            # The norm of the whole vector, so a long abstract's terms weigh less, cut or not.
            scale = 1.0 / (math.hypot(*weights) or 1.0)
            if keep and len(weights) > keep:
                terms, weights = _strongest(terms, weights, keep)
            weights = list(map(scale.__mul__, weights))
            posted = (
                _strongest(terms, weights, posted_terms) if posted_terms and len(weights) > posted_terms else (terms, weights)
            )
            # Appended by `map` (`any` only drives it: append gives None): no loop step per term.
            any(map(list.append, map(rows_of.__getitem__, posted[0]), repeat(row)))
            any(map(list.append, map(weights_of.__getitem__, posted[0]), posted[1]))
            document = _Document(array("i", terms), array("d", weights))
            document.keywords = {keyword.casefold(): keyword for keyword in presentation.keywords}
            for written in presentation.authors:
                words = name_words(written)
                if words and words not in document.authors:
                    document.authors[words] = written
                    self._by_author.setdefault(words, []).append(row)
            self._documents.append(document)
        # Champion lists: a term in thousands of presentations is walked only where it weighs most,
        # which bounds a query's cost at a large conference (at ICLR's 700 no list is this long).
        self._postings: list[tuple[array[float], array[int]]] = []
        for listed in zip(rows_of, weights_of, strict=True):
            rows, weights = _strongest(*listed, CHAMPIONS) if len(listed[0]) > CHAMPIONS else listed
            self._postings.append((array("d", weights), array("i", rows)) if rows else _NO_POSTINGS)

    @classmethod
    def of(cls, program: Program) -> SimilarityIndex:
        """The index of `program`, built once per program object and kept while the program lives."""
        built = _BUILT.get(id(program))
        if built is not None and built[0]() is program:
            return built[1]
        index = cls(program.presentations)
        key = id(program)
        _BUILT[key] = (weakref.ref(program, lambda _: _BUILT.pop(key, None)), index)
        return index

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, presentation_id: object) -> bool:
        return presentation_id in self._row

    # --- asking -------------------------------------------------------------------------------

    def scores(self, presentation_id: str, most: int = RESCORED) -> dict[int, float]:
        """Every presentation sharing a term or an author with this one, by row, with its similarity."""
        row = self._row[presentation_id]
        document = self._documents[row]
        vector = document.vector
        query: list[tuple[int, float]] | ItemsView[int, float] = vector.items()
        if self.signals.query_terms and len(vector) > self.signals.query_terms:
            query = sorted(query, key=lambda item: -item[1])[: self.signals.query_terms]
        found = self._accumulate(query)
        if len(query) < len(vector) or self.signals.posted_terms:
            found = self._rescored(vector, found, most)
        bonus = self.signals.author_bonus
        if bonus:
            for words in document.authors:
                for other in self._by_author.get(words, ()):
                    found[other] = found.get(other, 0.0) + bonus
        found.pop(row, None)
        return found

    def _rescored(self, vector: Mapping[int, float], found: dict[int, float], most: int = RESCORED) -> dict[int, float]:
        """The best `most` of `found` (scored on the strongest terms) scored again on every term."""
        best = heapq.nlargest(most, found.items(), key=itemgetter(1))
        documents = self._documents
        rescored = {}
        for row, _ in best:
            other = documents[row].vector
            if len(other) < len(vector):
                rescored[row] = sum(weight * vector[term] for term, weight in other.items() if term in vector)
            else:
                rescored[row] = sum(weight * other[term] for term, weight in vector.items() if term in other)
        return rescored

    def _accumulate(self, query: Iterable[tuple[int, float]]) -> dict[int, float]:
        found: dict[int, float] = {}
        get = found.get
        postings = self._postings
        for term, weight in query:
            for other_weight, other in zip(*postings[term], strict=True):
                found[other] = get(other, 0.0) + weight * other_weight
        return found

    def similar(self, presentation_id: str, n: int = 10, *, keep: Callable[[str], bool] | None = None) -> list[Related]:
        """The `n` presentations most like this one, best first, each with why; `keep` filters them."""
        found = self.scores(presentation_id, max(RESCORED, 4 * n) if keep is None else 4 * RESCORED)
        ranked = self._best(found, n, keep)
        mine = self._documents[self._row[presentation_id]]
        return [self._why(mine, row, score) for row, score in ranked]

    def _best(self, found: dict[int, float], n: int, keep: Callable[[str], bool] | None) -> list[tuple[int, float]]:
        # Ties go to program order, so the answer does not depend on how a dict happened to fill.
        if keep is None:
            return heapq.nsmallest(n, ((row, score) for row, score in found.items()), key=lambda item: (-item[1], item[0]))
        ranked = sorted(found.items(), key=lambda item: (-item[1], item[0]))
        chosen = []
        for row, score in ranked:
            if keep(self._ids[row]):
                chosen.append((row, score))
                if len(chosen) >= n:
                    break
        return chosen

    def _why(self, mine: _Document, row: int, score: float) -> Related:
        theirs = self._documents[row]
        shared_authors = tuple(theirs.authors[words] for words in theirs.authors if words in mine.authors)
        keywords = tuple(theirs.keywords[key] for key in theirs.keywords if key in mine.keywords)
        return Related(self._ids[row], score, self._shared_terms(mine.vector, theirs.vector), keywords, shared_authors)

    def _shared_terms(self, one: Mapping[int, float], other: Mapping[int, float], most: int = 3) -> tuple[str, ...]:
        names = self._term_names
        shared = [(weight * other[term], names[term]) for term, weight in one.items() if term in other]
        shared.sort(reverse=True)
        terms: list[str] = []
        for _, term in shared:
            shown = self.surface(term)
            # "graph neural" says more than "graph" and "neural" apart; do not say a word twice.
            if any(shown in said or said in shown for said in terms):
                continue
            terms.append(shown)
            if len(terms) >= most:
                break
        return tuple(terms)

    def surface(self, term: str) -> str:
        """A term as the text writes it ("network" → "networks" if that is how it first appeared)."""
        if term in self._surface:
            return self._surface[term]
        if " " in term:
            return " ".join(self._surface.get(word, word) for word in term.split(" "))
        return term

    def suggest(
        self,
        liked: Mapping[str, float],
        n: int = 10,
        *,
        following: Following | None = None,
        follow_bonus: float = 0.15,
        keep: Callable[[str], bool] | None = None,
        authors_of: Callable[[str], Sequence[str]] | None = None,
    ) -> list[Related]:
        """The `n` presentations most like those in `liked` (id → weight), none of them, each with why.

        A presentation scores the weighted mean of its similarity to each liked one, plus
        `follow_bonus` if someone in `following` wrote it (`authors_of` gives its authors).
        """
        rows = {self._row[presentation_id]: weight for presentation_id, weight in liked.items() if presentation_id in self._row}
        total = sum(rows.values())
        query: dict[int, float] = {}
        for row, weight in rows.items():
            share = weight / total
            for term, term_weight in self._documents[row].vector.items():
                query[term] = query.get(term, 0.0) + share * term_weight
        strongest = sorted(query.items(), key=lambda item: -item[1])[:QUERY_TERMS]
        # More candidates than a list shows: with `keep`, many may not fit.
        found = self._rescored(query, self._accumulate(strongest), max(RESCORED, 4 * n) if keep is None else 4 * RESCORED)
        bonus = self.signals.author_bonus
        if bonus:
            for row, weight in rows.items():
                for words in self._documents[row].authors:
                    for other in self._by_author.get(words, ()):
                        found[other] = found.get(other, 0.0) + bonus * weight / total
        followed: dict[int, list[str]] = {}
        if following and authors_of is not None:
            for row, presentation_id in enumerate(self._ids):
                names = following.followed_in(authors_of(presentation_id))
                if names:
                    followed[row] = names
                    found[row] = found.get(row, 0.0) + follow_bonus
        for row in rows:
            found.pop(row, None)
        ranked = self._best(found, n, keep)
        return [self._suggestion(row, score, rows, followed.get(row, [])) for row, score in ranked]

    def _suggestion(self, row: int, score: float, liked: Mapping[int, float], followed: list[str]) -> Related:
        theirs = self._documents[row]
        their_vector = theirs.vector
        alike = []
        for other, weight in liked.items():
            vector = self._documents[other].vector
            dot = sum(value * vector[term] for term, value in their_vector.items() if term in vector)
            if dot > 0:
                alike.append((dot * weight, other))
        alike.sort(key=lambda item: (-item[0], item[1]))
        top = [other for _, other in alike[:2]]
        # The terms the candidate shares with the liked ones it is most like, summed over them.
        shared: dict[int, float] = {}
        for other in top:
            vector = self._documents[other].vector
            for term, value in their_vector.items():
                if term in vector:
                    shared[term] = shared.get(term, 0.0) + value * vector[term]
        keywords = tuple(
            theirs.keywords[key] for key in theirs.keywords if any(key in self._documents[other].keywords for other in top)
        )
        return Related(
            self._ids[row],
            score,
            self._shared_terms(shared, dict.fromkeys(shared, 1.0)),
            keywords,
            tuple(followed),
            tuple(self._ids[other] for other in top),
        )


# By the program's id, with a weak reference that clears the entry when the program goes (a
# program is not hashable, so it cannot be a weak dictionary's key).
_BUILT: dict[int, tuple[weakref.ref[Program], SimilarityIndex]] = {}
