"""Provides the discovery benchmark: how good "papers like this one" is, and how fast similar and suggest are.

Quality, on the shipped ICLR 2020 program with its OpenReview keywords held out as labels: the
index is built without keywords, and for every paper that has keywords, precision@10 is the
share of its ten most similar papers that have at least one keyword in common with it. Two
floors are measured in the same run: random pairs (the exact expectation: for each paper, the
share of all other papers sharing a keyword), and a plain TF-IDF cosine over title and abstract
(lowercase words, log-scaled tf, idf, no stop words, no stemming, no cut). Each signal of the
model is measured on its own too, by turning it off.

Speed, on the synthetic program (tests/benchmarks/synthetic.py): building the index, `similar`
per query (p50, p95), and `suggest` from 50 bookmarks.

    python tests/benchmarks/similar.py [--n N]
"""

from __future__ import annotations

import argparse
import math
import random
import re
import statistics
import subprocess
import sys
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

if not __package__:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run as a script from a checkout

from planner.program.model import Presentation, Program
from planner.program.program_file import load_program
from planner.search.similar import Signals, SimilarityIndex

ROOT = Path(__file__).resolve().parents[2]
ICLR_2020 = ROOT / "sessions" / "iclr-2020.json"
AT = 10
HELD_OUT = Signals(keywords=False)
"""The model as shipped, without the keywords it is judged by."""
ABLATIONS = {
    "no title weighting": replace(HELD_OUT, title_weight=1.0),
    "no word pairs": replace(HELD_OUT, bigrams=False),
    "no shared-author bonus": replace(HELD_OUT, author_bonus=0.0),
    "no stop words": replace(HELD_OUT, stopwords=False),
    "no plural folding": replace(HELD_OUT, plurals=False),
    "every term, no candidate cuts": replace(HELD_OUT, top_terms=0, query_terms=0, posted_terms=0),
}
SUGGEST_FROM = 50


def _labels(presentations: list[Presentation]) -> list[frozenset[str]]:
    return [frozenset(keyword.casefold() for keyword in presentation.keywords) for presentation in presentations]


def precision(index: SimilarityIndex, presentations: list[Presentation]) -> float:
    """Mean precision@10 over the papers with keywords: top-10 similar sharing at least one keyword."""
    labels = _labels(presentations)
    row = {presentation.id: at for at, presentation in enumerate(presentations)}
    hits, asked = 0, 0
    for at, presentation in enumerate(presentations):
        if not labels[at]:
            continue
        found = index.similar(presentation.id, AT)
        hits += sum(1 for related in found if labels[at] & labels[row[related.id]])
        asked += AT
    return hits / asked


def random_floor(presentations: list[Presentation]) -> float:
    """The precision@10 of ten papers drawn at random: for each paper, the share of the others sharing a keyword."""
    labels = _labels(presentations)
    shares = []
    for at, mine in enumerate(labels):
        if mine:
            others = [other for other_at, other in enumerate(labels) if other_at != at]
            shares.append(sum(1 for other in others if mine & other) / len(others))
    return statistics.fmean(shares)


_PLAIN_WORD = re.compile(r"\w+")


def tfidf_floor(presentations: list[Presentation]) -> float:
    """Precision@10 of a plain TF-IDF cosine over title and abstract (log tf, idf, no stemming)."""
    plain = _PlainTfidf(presentations)
    labels = _labels(presentations)
    hits, asked = 0, 0
    for at, presentation in enumerate(presentations):
        if labels[at]:
            hits += sum(1 for other in plain.similar(presentation.id) if labels[at] & labels[other])
            asked += AT
    return hits / asked


def quality(program: Program | None = None) -> dict[str, float]:
    """precision@10 of the model, of each ablation, and of the two floors."""
    program = program or load_program(ICLR_2020)
    presentations = list(program.presentations)
    found = {"model": precision(SimilarityIndex(presentations, HELD_OUT), presentations)}
    for name, signals in ABLATIONS.items():
        found[name] = precision(SimilarityIndex(presentations, signals), presentations)
    found["random pairs"] = random_floor(presentations)
    found["plain tf-idf"] = tfidf_floor(presentations)
    return found


def speed(program: Program, repeats: int = 3, queries: int = 100, seed: int = 16) -> dict[str, float]:
    """CPU milliseconds: index build (median), similar per query (p50, p95), suggest from 50 bookmarks (p50, p95),
    each with its floor: counting the words of every title and abstract; a plain TF-IDF cosine
    query over every term (median of a few); 50 `similar` queries, one per bookmark."""
    builds, counting = [], []
    index = None
    for _ in range(repeats):
        began = time.process_time()
        _counted(program.presentations)
        counting.append(time.process_time() - began)
        began = time.process_time()
        index = SimilarityIndex(program.presentations)
        builds.append(time.process_time() - began)
    assert index is not None
    rng = random.Random(seed)
    ids = [presentation.id for presentation in program.presentations]
    similar_ms = []
    for presentation_id in rng.sample(ids, min(queries, len(ids))):
        began = time.process_time()
        index.similar(presentation_id, AT)
        similar_ms.append((time.process_time() - began) * 1000)
    plain = _PlainTfidf(program.presentations)
    plain_ms = []
    for presentation_id in rng.sample(ids, min(5, len(ids))):
        began = time.process_time()
        plain.similar(presentation_id)
        plain_ms.append((time.process_time() - began) * 1000)
    suggest_ms, one_by_one_ms = [], []
    for _ in range(max(repeats * 3, 5)):
        chosen = rng.sample(ids, min(SUGGEST_FROM, len(ids)))
        liked = {presentation_id: float(rng.choice((1, 2, 3))) for presentation_id in chosen}
        began = time.process_time()
        index.suggest(liked, AT)
        suggest_ms.append((time.process_time() - began) * 1000)
        began = time.process_time()
        for presentation_id in chosen:
            index.similar(presentation_id, AT)
        one_by_one_ms.append((time.process_time() - began) * 1000)
    return {
        "build_ms": statistics.median(builds) * 1000,
        "counting_ms": statistics.median(counting) * 1000,
        "similar_p50_ms": _percentile(similar_ms, 50),
        "similar_p95_ms": _percentile(similar_ms, 95),
        "plain_query_ms": statistics.median(plain_ms),
        "suggest_p50_ms": _percentile(suggest_ms, 50),
        "suggest_p95_ms": _percentile(suggest_ms, 95),
        "one_by_one_ms": statistics.median(one_by_one_ms),
    }


_FIRST_BUILD = """
import sys, time
sys.path.insert(0, {root!r})
from tests.benchmarks.synthetic import synthetic_program
from planner.search.similar import SimilarityIndex
program = synthetic_program({n})
began = time.process_time()
SimilarityIndex(program.presentations)
print((time.process_time() - began) * 1000)
"""


def first_build_ms(n: int) -> float:
    """CPU milliseconds of the first build in a fresh interpreter, as the TUI's is: numpy loaded and first used in it."""
    probe = _FIRST_BUILD.format(root=str(ROOT), n=n)
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT)
    return float(result.stdout.strip().splitlines()[-1])


def _counted(presentations: list[Presentation]) -> list[Counter[str]]:
    return [Counter(_PLAIN_WORD.findall(f"{p.title} {p.abstract}".lower())) for p in presentations]


class _PlainTfidf:
    """The plain TF-IDF cosine of the quality floor, as an index to query."""

    def __init__(self, presentations: list[Presentation]) -> None:
        counts = _counted(presentations)
        frequency: Counter[str] = Counter()
        for counted in counts:
            frequency.update(counted.keys())
        total = len(presentations)
        self.vectors = []
        for counted in counts:
            vector = {term: (1 + math.log(count)) * math.log(total / frequency[term]) for term, count in counted.items()}
            norm = math.sqrt(sum(value * value for value in vector.values())) or 1.0
            self.vectors.append({term: value / norm for term, value in vector.items()})
        self.postings: dict[str, list[tuple[int, float]]] = {}
        for at, vector in enumerate(self.vectors):
            for term, value in vector.items():
                self.postings.setdefault(term, []).append((at, value))
        self.row = {presentation.id: at for at, presentation in enumerate(presentations)}

    def similar(self, presentation_id: str) -> list[int]:
        at = self.row[presentation_id]
        scores: dict[int, float] = {}
        for term, value in self.vectors[at].items():
            for other, other_value in self.postings[term]:
                scores[other] = scores.get(other, 0.0) + value * other_value
        scores.pop(at, None)
        return [other for other, _ in sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:AT]]


def _percentile(values: list[float], percent: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(len(ordered) * percent / 100) - 1)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20_000, help="presentations in the synthetic program (default 20000)")
    parser.add_argument("--quality-only", action="store_true")
    arguments = parser.parse_args(argv)
    for name, value in quality().items():
        print(f"precision@10 {name:32} {value:.3f}")
    if not arguments.quality_only:
        from tests.benchmarks.synthetic import synthetic_program

        for name, value in speed(synthetic_program(arguments.n)).items():
            print(f"{name:16} {value:10.1f}")
        print(f"{'first_build_ms':16} {first_build_ms(arguments.n):10.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
