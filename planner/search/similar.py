"""Provides "papers like this one": a lexical model of a program's presentations, with a reason for every match.

Each presentation is a sparse TF-IDF vector over the words of its title, abstract and keywords:
log-scaled term counts, inverse document frequency, title words counted more, English and German
function words and academic filler dropped, plurals folded ("networks" → "network"), adjacent word pairs as
terms of their own ("graph neural", "neural network"), each keyword as one term. Vectors are
cut to their strongest terms and normalised; two presentations are as similar as their
vectors' dot product, plus a little for each author they share. The cut keeps what a
presentation is about and makes a query walk short lists (see docs/discovery.md for what each
signal is worth, as the benchmark measures it on ICLR 2020 with its keywords held out).

The text is read with the standard library, each distinct word once; the weighing (millions of
term counts at a big conference) is whole-array arithmetic in numpy, loaded by a build only. A
build takes a fifth of a second for ICLR's 700 papers and about 2 s for 20,000; once built
the index is a few flat arrays, read-only, and may be queried from any thread.
"""

from __future__ import annotations

import gc
import heapq
import math
import re
import weakref
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, ItemsView, Iterable, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass
from itertools import chain, pairwise, repeat
from operator import itemgetter
from typing import TYPE_CHECKING

from planner.program.model import Presentation, Program
from planner.search.authors import Following, name_words

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

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
    ways work works able additionally allow allows despite effectively empirically enable enables
    finally hence moreover namely respectively significant specifically therefore thereby whereas
"""
# German ones too, as the programs of German-speaking conferences (the CCC's, for one) are half
# German; left out are those that are also English words with a meaning (die, war, bin, hat, man)
# or an acronym of the field (ES, evolution strategies).
_GERMAN_STOPWORD_LIST = """
    aber alle allem allen aller alles als andere anderen auch auf aus bei beim bis bist damit dann
    das dass dein deine dem den der des dessen dich dies diese diesem diesen dieser dieses dir doch
    dort durch ein eine einem einen einer eines etwas euch euer für gegen geht gibt hatte haben hier
    hinter ich ihm ihn ihnen ihr ihre im ins ist jede jedem jeden jeder jedes jetzt kann kein keine
    können mehr mein meine mich mir mit muss nach nicht nichts noch nun nur ob oder ohne sehr sein
    seine sich sie sind solche sollte sondern soll über und uns unser unter viel vom von vor waren
    warum was weil welche welcher wenn wer werden wie wieder wir wird wo zu zum zur zwischen immer
    wurde wurden worden sowie schon ganz einfach bereits dabei daher dazu darum darüber davon zwei
    drei ersten neue neuen
"""
STOPWORDS = frozenset(_STOPWORD_LIST.split()) | frozenset(_GERMAN_STOPWORD_LIST.split())


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
    """Terms of the asking presentation walked to find candidates, strongest first; 0 walks every one."""
    posted_terms: int = 30
    """Terms under which each presentation is listed for finding candidates, strongest first; 0 lists every term.
    Candidates are then scored on every term of both vectors."""


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


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "ics")):
        return word[:-1]
    return word


# ASCII characters that are never part of a word, made spaces: `str.translate` does this in a few
# nanoseconds a character, and `str.split` then cuts a text where the word pattern would.
_NOT_IN_A_WORD = str.maketrans({char: " " for char in map(chr, range(128)) if not (char.isalnum() or char in "_-")})
_BLOCK = 2048
"""Presentations weighed at once: enough for whole-array steps to pay, few enough to add little memory."""


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
        # The title counted `title_weight` times over, and first: a vector keeps its terms in the order
        # the texts give them, which is the order its sums add up in.
        counted = Counter(filter(None, title * max(round(self.signals.title_weight), 1) + abstract))
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
        # A piece is almost always one word; one with none (a number) or several is rare.
        try:
            return list(chain.from_iterable(map(known.__getitem__, pieces)))
        except KeyError:  # cheaper than looking for the new pieces in every text, most having none
            for piece in set(pieces).difference(known):
                known[piece] = tuple(map(self._word_number, _WORD.findall(piece)))
            return list(chain.from_iterable(map(known.__getitem__, pieces)))

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
        # numpy is loaded by a build only: importing this module (as the TUI does as it starts) stays cheap.
        import numpy as np

        self.signals = signals
        self._ids = [presentation.id for presentation in presentations]
        self._row = {presentation_id: row for row, presentation_id in enumerate(self._ids)}
        self._surface: dict[str, str] = {}
        vocabulary = _Vocabulary(signals, self._surface)
        # Every presentation's terms and their counts one after another; `lengths` says how many are whose.
        counted_terms, counted_times, lengths = array("i"), array("i"), array("i")
        for presentation in presentations:
            counted = vocabulary.count(presentation)
            counted_terms.fromlist(list(counted))
            counted_times.fromlist(list(counted.values()))
            lengths.append(len(counted))
        total = len(presentations) or 1
        all_terms = np.frombuffer(counted_terms, dtype=np.intc)
        # A presentation names each of its terms once, so counting the names counts presentations.
        seen = np.bincount(all_terms, minlength=len(vocabulary.names))
        # A term in one presentation only says nothing about likeness; one in most says little.
        kept_terms = np.flatnonzero((seen > 1) & (seen <= total * 0.5))
        self._term_names = list(map(vocabulary.names.__getitem__, kept_terms.tolist()))
        # By the counting's numbers: each term's idf (0 for a term left out, as no term kept has an
        # idf of 0), and its number among the terms kept, which vectors and posting lists speak of.
        idf = np.zeros(len(vocabulary.names))
        idf[kept_terms] = [math.log(total / times) for times in seen[kept_terms].tolist()]
        renumbered = np.full(len(vocabulary.names), -1, dtype=np.intc)
        renumbered[kept_terms] = np.arange(len(kept_terms), dtype=np.intc)
        del vocabulary, kept_terms, seen
        tf = np.array([0.0] + [1.0 + math.log(min(count, 255)) for count in range(1, max(counted_times, default=0) + 1)])
        all_times = np.frombuffer(counted_times, dtype=np.intc)
        all_lengths = np.frombuffer(lengths, dtype=np.intc)
        ends = np.cumsum(all_lengths, dtype=np.int64)
        # Every presentation's vector one after another (terms, weights), filled a block at a time.
        self._vector_terms, self._vector_weights = array("i"), array("d")
        vector_sizes: list[NDArray[np.intp]] = []
        posted: list[tuple[NDArray[np.intc], NDArray[np.intc], NDArray[np.float64]]] = []
        # A block at a time: weights by whole-array steps, each presentation's norm and cuts in `_cuts`.
        for first in range(0, len(presentations), _BLOCK):
            last = min(first + _BLOCK, len(presentations))
            low, high = (int(ends[first - 1]) if first else 0), int(ends[last - 1])
            terms = all_terms[low:high]
            weights = tf[all_times[low:high]] * idf[terms]
            kept = weights > 0
            weights, terms = weights[kept], renumbered[terms[kept]]
            rows = np.repeat(np.arange(first, last, dtype=np.intc), all_lengths[first:last])[kept]
            sizes = np.bincount(rows - first, minlength=last - first)
            cut, scales, least = self._cuts(weights.tolist(), sizes.tolist(), signals)
            if cut is not None:
                weights, terms, rows = weights[cut], terms[cut], rows[cut]
                sizes = np.bincount(rows - first, minlength=last - first)
            weights = weights * np.repeat(np.array(scales), sizes)
            self._vector_terms.frombytes(terms.astype(np.intc, copy=False).tobytes())
            self._vector_weights.frombytes(weights.tobytes())
            vector_sizes.append(sizes)
            listed = weights >= np.repeat(np.array(least), sizes)
            posted.append((terms[listed], rows[listed], weights[listed]))
        sizes_all = np.concatenate(vector_sizes) if vector_sizes else np.zeros(0, dtype=np.int64)
        self._vector_starts = array("q", np.concatenate(([0], np.cumsum(sizes_all))).astype(np.int64).tobytes())
        self._list_postings(posted)
        # Keywords and authors are read from the presentations when a reason is given: kept folded
        # for 20,000 papers they would cost more memory than the vectors. Who wrote what is kept.
        self._presentations = presentations
        by_author: defaultdict[tuple[str, ...], list[int]] = defaultdict(list)
        for row in range(len(presentations)):
            any(map(list.append, map(by_author.__getitem__, self._authors(row)), repeat(row)))  # `any` drives the appends
        self._by_author = dict(by_author)

    def _keywords(self, row: int) -> dict[str, str]:
        """A presentation's keywords, folded → as written."""
        keywords = self._presentations[row].keywords
        return dict(zip(map(str.casefold, keywords), keywords, strict=True))

    def _authors(self, row: int) -> dict[tuple[str, ...], str]:
        """A presentation's authors, folded (`name_words`) → as written; a name written twice counts once."""
        authors = self._presentations[row].authors
        named = list(map(name_words, authors))
        if all(named) and len(set(named)) == len(named):
            return dict(zip(named, authors, strict=True))
        found: dict[tuple[str, ...], str] = {}  # a name twice, or one with no letters: the first of each, in order
        for words, written in zip(named, authors, strict=True):
            if words and words not in found:
                found[words] = written
        return found

    @staticmethod
    def _cuts(
        weights: list[float], sizes: list[int], signals: Signals
    ) -> tuple[NDArray[np.bool_] | None, list[float], list[float]]:
        """For each presentation of a block (its weights one after another, `sizes` long): what its vector
        keeps (None: all), the scale that normalises it, and the least weight it is listed under a term with.

        In Python, per presentation, as the sums must add up in the order they always did.
        """
        import numpy as np

        keep, most_posted = signals.top_terms, signals.posted_terms
        cut = None
        scales, least = [], []
        at = 0
        for size in sizes:
            these = weights[at : at + size]
            # The norm of the whole vector, so a long abstract's terms weigh less, cut or not.
            scale = 1.0 / (math.hypot(*these) or 1.0)
            if keep and size > keep:  # rare: only the strongest stay (more on a tie at the last)
                lowest = sorted(these, reverse=True)[keep - 1]
                if cut is None:
                    cut = np.ones(len(weights), dtype=bool)
                cut[at : at + size] = [weight >= lowest for weight in these]
                these = [weight for weight in these if weight >= lowest]
            scales.append(scale)
            # Scaling keeps the order (a product rounds monotonically), so the least listed weight is
            # the scaled least, computed as the vector's weights are: weight * scale.
            least.append(
                sorted(these, reverse=True)[most_posted - 1] * scale if most_posted and len(these) > most_posted else -math.inf
            )
            at += size
        return cut, scales, least

    def _list_postings(self, posted: list[tuple[NDArray[np.intc], NDArray[np.intc], NDArray[np.float64]]]) -> None:
        """Each kept term's posting list (the presentations listed under it, in program order), packed one after another."""
        import numpy as np

        terms = np.concatenate([part[0] for part in posted]) if posted else np.zeros(0, dtype=np.intc)
        rows = np.concatenate([part[1] for part in posted]) if posted else np.zeros(0, dtype=np.intc)
        weights = np.concatenate([part[2] for part in posted]) if posted else np.zeros(0)
        order = np.argsort(terms, kind="stable")  # stable: program order under each term
        terms, rows, weights = terms[order], rows[order], weights[order]
        counts = np.bincount(terms, minlength=len(self._term_names))
        # Champion lists: a term in thousands of presentations is walked only where it weighs most,
        # which bounds a query's cost at a large conference (at ICLR's 700 no list is this long).
        long_lists = np.flatnonzero(counts > CHAMPIONS).tolist()
        if long_lists:
            starts = np.concatenate(([0], np.cumsum(counts)))
            kept = np.ones(len(terms), dtype=bool)
            for term in long_lists:
                start, end = int(starts[term]), int(starts[term + 1])
                least = sorted(weights[start:end].tolist(), reverse=True)[CHAMPIONS - 1]
                kept[start:end] = weights[start:end] >= least
            terms, rows, weights = terms[kept], rows[kept], weights[kept]
            counts = np.bincount(terms, minlength=len(self._term_names))
        self._posting_rows = array("i", rows.astype(np.intc).tobytes())
        self._posting_weights = array("d", weights.astype(np.float64).tobytes())
        self._posting_starts = array("q", np.concatenate(([0], np.cumsum(counts))).astype(np.int64).tobytes())

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
        vector = self._vector(row)
        query: list[tuple[int, float]] | ItemsView[int, float] = vector.items()
        if self.signals.query_terms and len(vector) > self.signals.query_terms:
            query = sorted(query, key=lambda item: -item[1])[: self.signals.query_terms]
        found = self._accumulate(query)
        if len(query) < len(vector) or self.signals.posted_terms:
            found = self._rescored(vector, found, most)
        bonus = self.signals.author_bonus
        if bonus:
            for words in self._authors(row):
                for other in self._by_author.get(words, ()):
                    found[other] = found.get(other, 0.0) + bonus
        found.pop(row, None)
        return found

    def _rescored(self, vector: Mapping[int, float], found: dict[int, float], most: int = RESCORED) -> dict[int, float]:
        """The best `most` of `found` (scored on the strongest terms) scored again on every term."""
        best = heapq.nlargest(most, found.items(), key=itemgetter(1))
        rescored = {}
        for row, _ in best:
            other = self._vector(row)
            if len(other) < len(vector):
                rescored[row] = sum(weight * vector[term] for term, weight in other.items() if term in vector)
            else:
                rescored[row] = sum(weight * other[term] for term, weight in vector.items() if term in other)
        return rescored

    def _accumulate(self, query: Iterable[tuple[int, float]]) -> dict[int, float]:
        found: dict[int, float] = {}
        get = found.get
        starts, rows, weights = self._posting_starts, self._posting_rows, self._posting_weights
        for term, weight in query:
            start, end = starts[term], starts[term + 1]
            for other_weight, other in zip(weights[start:end], rows[start:end], strict=True):
                found[other] = get(other, 0.0) + weight * other_weight
        return found

    def _vector(self, row: int) -> dict[int, float]:
        """A presentation's vector, term → weight, made when asked: 20,000 dictionaries kept would be most
        of the index's memory. Its terms come in the order the texts gave them, the order sums add up in."""
        start, end = self._vector_starts[row], self._vector_starts[row + 1]
        return dict(zip(self._vector_terms[start:end], self._vector_weights[start:end], strict=True))

    def similar(self, presentation_id: str, n: int = 10, *, keep: Callable[[str], bool] | None = None) -> list[Related]:
        """The `n` presentations most like this one, best first, each with why; `keep` filters them."""
        found = self.scores(presentation_id, max(RESCORED, 4 * n) if keep is None else 4 * RESCORED)
        ranked = self._best(found, n, keep)
        mine = self._row[presentation_id]
        my_vector, my_authors, my_keywords = self._vector(mine), self._authors(mine), self._keywords(mine)
        return [self._why(my_vector, my_authors, my_keywords, row, score) for row, score in ranked]

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

    def _why(
        self,
        my_vector: dict[int, float],
        my_authors: dict[tuple[str, ...], str],
        my_keywords: dict[str, str],
        row: int,
        score: float,
    ) -> Related:
        their_authors, their_keywords = self._authors(row), self._keywords(row)
        shared_authors = tuple(their_authors[words] for words in their_authors if words in my_authors)
        keywords = tuple(their_keywords[key] for key in their_keywords if key in my_keywords)
        return Related(self._ids[row], score, self._shared_terms(my_vector, self._vector(row)), keywords, shared_authors)

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
            for term, term_weight in self._vector(row).items():
                query[term] = query.get(term, 0.0) + share * term_weight
        strongest = sorted(query.items(), key=lambda item: -item[1])[:QUERY_TERMS]
        # More candidates than a list shows: with `keep`, many may not fit.
        found = self._rescored(query, self._accumulate(strongest), max(RESCORED, 4 * n) if keep is None else 4 * RESCORED)
        bonus = self.signals.author_bonus
        if bonus:
            for row, weight in rows.items():
                for words in self._authors(row):
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
        their_vector = self._vector(row)
        alike = []
        for other, weight in liked.items():
            vector = self._vector(other)
            dot = sum(value * vector[term] for term, value in their_vector.items() if term in vector)
            if dot > 0:
                alike.append((dot * weight, other))
        alike.sort(key=lambda item: (-item[0], item[1]))
        top = [other for _, other in alike[:2]]
        # The terms the candidate shares with the liked ones it is most like, summed over them.
        shared: dict[int, float] = {}
        for other in top:
            vector = self._vector(other)
            for term, value in their_vector.items():
                if term in vector:
                    shared[term] = shared.get(term, 0.0) + value * vector[term]
        their_keywords, liked_keywords = self._keywords(row), [self._keywords(other) for other in top]
        keywords = tuple(their_keywords[key] for key in their_keywords if any(key in theirs for theirs in liked_keywords))
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
