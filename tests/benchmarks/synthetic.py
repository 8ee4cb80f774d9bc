"""Provides seeded synthetic programs at real conference scale, for the benchmarks and their tests.

`synthetic_program(20_000)` is a five-day conference in Berlin over the spring DST change
(Sunday 29 March 2026, day 3): parallel oral and spotlight tracks with 15- and 5-minute talks,
two-hour poster sessions split across halls of a few hundred boards, abstracts of 150–250 words
from a seeded vocabulary, 2–12 authors, keywords, OpenReview-style ids. Most posters are
presented twice (as at ICLR), some orals and spotlights also have a poster, and a handful of
papers have no time yet. Times are stored with fixed offsets, as the importers store them.

Run as a script to write one: `python tests/benchmarks/synthetic.py 20000 -o program.json`.
"""

from __future__ import annotations

import argparse
import math
import random
import re
import sys
import time as clock
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from planner.program.model import Kind, Program
from planner.program.program_file import save_program
from planner.program.times import place, zone

ZONE = "Europe/Berlin"
FIRST_DAY = date(2026, 3, 27)
"""Friday; Europe/Berlin springs forward at 02:00 on Sunday 29 March 2026, the third day."""
DAYS = 5

ORAL_SHARE = 0.05
SPOTLIGHT_SHARE = 0.10
POSTER_TWICE = 0.8
"""Share of posters presented in two poster sessions (ICLR shows every poster twice; some miss one)."""
ORAL_WITH_POSTER = 0.5
SPOTLIGHT_WITH_POSTER = 0.8
BOARDS_PER_HALL = 500
"""A poster session with more posters than this is split across halls running at the same time."""
TALK_MINUTES = {Kind.ORAL: 15, Kind.SPOTLIGHT: 5}

# One conference day, in local wall-clock time: (start, minutes, kind).
TIMETABLE: tuple[tuple[time, int, Kind], ...] = (
    (time(9, 0), 90, Kind.ORAL),
    (time(10, 30), 120, Kind.POSTER),
    (time(13, 30), 60, Kind.SPOTLIGHT),
    (time(14, 30), 120, Kind.POSTER),
    (time(16, 30), 90, Kind.ORAL),
    (time(18, 0), 60, Kind.SPOTLIGHT),
)

ROOMS = (
    "Plenary Hall", "Hall A1", "Hall A2", "Hall B1", "Hall B2", "Room 101", "Room 102", "Room 103",
    "Room 201", "Room 202", "Room 203", "Room 301", "Room 302", "Room 303",
)  # fmt: skip

FIRST_NAMES = (
    "Raphaël", "Zoë", "Jürgen", "Søren", "José", "Ana", "Wei", "Yuhua", "Priyadarshini", "Kaushik",
    "Ngozi", "Olumide", "Hiroshi", "Yuki", "Min-jun", "Ji-woo", "Mehmet", "Ayşe", "Łukasz", "Małgorzata",
    "François", "Chloé", "Matteo", "Giulia", "Sven", "Ingrid", "Dmitri", "Olga", "Fatima", "Omar",
    "Aarav", "Ananya", "Lucas", "Sofía", "Mateo", "Valentina", "Thomas", "Emma", "Liam", "Olivia",
    "Noah", "Ava", "Kwame", "Amara", "Tariq", "Leila", "Hana", "Kenji", "Xin", "Jing", "Hao", "Yan",
    "Lei", "Rohan", "Meera", "Pieter", "Anouk", "Mikko", "Aino", "Bjørn", "Astrid", "Diego", "Camila",
    "Ethan", "Grace", "Samuel", "Ruth", "Ibrahim", "Zainab", "Nikolai", "Irina", "Tomás", "Inés",
    "Daniel", "Sarah", "Michael", "Laura", "David", "Julia", "Andrew", "Rachel", "Yoshua", "Geoffrey",
)  # fmt: skip

LAST_NAMES = (
    "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Ma",
    "Kim", "Park", "Lee", "Choi", "Tanaka", "Suzuki", "Sato", "Watanabe", "Nakamura", "Singh",
    "Kumar", "Sharma", "Patel", "Gupta", "Reddy", "Iyer", "Müller", "Schmidt", "Schneider", "Fischer",
    "Weber", "Becker", "Hoffmann", "Dubois", "Lefèvre", "Moreau", "Rossi", "Russo", "Bianchi", "García",
    "Fernández", "López", "Martínez", "Rodríguez", "Silva", "Santos", "Oliveira", "Kowalski",
    "Nowak", "Wiśniewski", "Ivanov", "Petrov", "Smirnov", "Jensen", "Nielsen", "Hansen", "Johansson",
    "Andersson", "Virtanen", "Korhonen", "de Vries", "van den Berg", "Janssen", "O'Brien", "Murphy",
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Taylor", "Thomas",
    "Moore", "Clark", "Lewis", "Walker", "Hall", "Young", "Okafor", "Adeyemi", "Mensah", "Haddad",
    "Nasser", "Yılmaz", "Demir", "Cohen", "Levi", "Nguyen", "Tran", "Pham", "Santoso", "Abebe",
)  # fmt: skip

# Research areas: (field, tasks studied in it, keywords authors give).
AREAS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("reinforcement learning",
     ("offline reinforcement learning", "multi-agent coordination", "exploration with sparse rewards",
      "model-based planning", "policy optimisation", "reward learning from human feedback"),
     ("reinforcement learning", "exploration", "offline RL", "policy gradient", "model-based RL", "multi-agent")),
    ("computer vision",
     ("image classification", "object detection", "semantic segmentation", "video understanding",
      "3D scene reconstruction", "novel view synthesis"),
     ("computer vision", "vision transformers", "self-supervised learning", "3D vision", "video", "segmentation")),
    ("natural language processing",
     ("machine translation", "question answering", "code generation", "summarisation",
      "instruction following", "long-context language modelling"),
     ("large language models", "NLP", "transformers", "in-context learning", "alignment", "retrieval")),
    ("generative modelling",
     ("image generation", "density estimation", "text-to-image synthesis", "molecule generation",
      "audio synthesis", "controllable generation"),
     ("diffusion models", "generative models", "normalizing flows", "GANs", "score matching", "VAEs")),
    ("graph learning",
     ("node classification", "link prediction", "graph generation", "molecular property prediction",
      "combinatorial optimisation on graphs", "knowledge graph completion"),
     ("graph neural networks", "message passing", "geometric deep learning", "equivariance", "molecules")),
    ("optimisation",
     ("non-convex optimisation", "learning-rate scheduling", "distributed training",
      "second-order optimisation", "hyperparameter tuning", "minimax optimisation"),
     ("optimization", "SGD", "convergence", "adaptive methods", "large-batch training", "federated learning")),
    ("learning theory",
     ("generalisation in overparameterised networks", "sample complexity of imitation",
      "implicit regularisation", "online learning", "PAC-Bayesian analysis", "benign overfitting"),
     ("learning theory", "generalization", "neural tangent kernel", "implicit bias", "bandits")),
    ("trustworthy machine learning",
     ("adversarial robustness", "differential privacy", "fairness in classification",
      "uncertainty quantification", "out-of-distribution detection", "interpretability of neural networks"),
     ("robustness", "privacy", "fairness", "calibration", "interpretability", "distribution shift")),
    ("machine learning for science",
     ("protein structure prediction", "weather forecasting", "PDE solving", "materials discovery",
      "single-cell analysis", "climate emulation"),
     ("AI for science", "neural operators", "physics-informed learning", "proteins", "drug discovery")),
    ("efficient machine learning",
     ("model compression", "quantisation", "sparse training", "neural architecture search",
      "on-device inference", "mixture-of-experts routing"),
     ("efficiency", "pruning", "quantization", "distillation", "sparsity", "hardware-aware")),
    ("time series and sequential data",
     ("time-series forecasting", "anomaly detection", "event sequence modelling", "causal discovery",
      "irregularly sampled series", "state-space modelling"),
     ("time series", "forecasting", "causality", "state space models", "recurrent networks")),
    ("robotics",
     ("robotic manipulation", "legged locomotion", "imitation learning from demonstrations",
      "sim-to-real transfer", "visual navigation", "task and motion planning"),
     ("robotics", "imitation learning", "embodied AI", "sim-to-real", "control")),
)  # fmt: skip

NAME_HEADS = (
    "Graph", "Diff", "Meta", "Flow", "Sparse", "Hyper", "Neuro", "Contra", "Auto", "Trans", "Poly",
    "Omni", "Deep", "Fast", "Tiny", "Robust", "Causal", "Latent", "Proto", "Equi", "Quant", "Spectra",
)  # fmt: skip
NAME_TAILS = (
    "Net", "Former", "GAN", "Mix", "Prompt", "Diff", "Flow", "Match", "RL", "Align", "Zero", "Tune",
    "Lens", "Fusion", "Walk", "Gate", "Map", "Shift", "Code", "Pilot",
)  # fmt: skip
NAME_MARKS = ("", "", "", "", "-XL", "++", "v2", "-Lite")

VOCABULARY: dict[str, tuple[str, ...]] = {
    "adjective": (
        "scalable",
        "principled",
        "simple",
        "efficient",
        "robust",
        "unified",
        "provably convergent",
        "data-efficient",
        "hierarchical",
        "modular",
        "lightweight",
        "general-purpose",
        "adaptive",
        "self-supervised",
        "contrastive",
        "probabilistic",
        "differentiable",
        "structured",
        "sparse",
    ),
    "method_noun": (
        "framework",
        "architecture",
        "training objective",
        "algorithm",
        "estimator",
        "regulariser",
        "inference procedure",
        "representation learning method",
        "pre-training scheme",
        "sampler",
    ),
    "method_family": (
        "transformers",
        "diffusion models",
        "graph neural networks",
        "contrastive learning",
        "meta-learning",
        "variational inference",
        "kernel methods",
        "state-space models",
        "mixture-of-experts models",
        "energy-based models",
        "neural operators",
        "large language models",
    ),
    "application": (
        "healthcare",
        "autonomous driving",
        "drug discovery",
        "recommendation",
        "climate science",
        "education",
        "finance",
        "scientific discovery",
        "robotics",
        "remote sensing",
        "speech interfaces",
    ),
    "limitation": (
        "they remain brittle under distribution shift",
        "their computational cost grows quadratically with the input size",
        "they require large amounts of labelled data",
        "their behaviour is poorly understood in theory",
        "they struggle to generalise beyond the training distribution",
        "they rely on hand-crafted heuristics that are difficult to tune",
    ),
    "weakness": (
        "assume access to clean and abundant supervision",
        "treat each example independently and ignore shared structure",
        "depend on expensive hyperparameter searches",
        "scale poorly to long sequences and large graphs",
        "optimise surrogate objectives that are misaligned with the evaluation metric",
    ),
    "setting": (
        "low-resource settings",
        "real-world deployments",
        "safety-critical domains",
        "streaming data",
        "non-stationary environments",
        "edge devices with limited memory",
        "multilingual corpora",
    ),
    "contribution": (
        "learns compact representations directly from raw observations",
        "combines the strengths of both paradigms in a single end-to-end model",
        "adapts its computation to the difficulty of each input",
        "exploits the symmetries of the problem to reduce the number of parameters",
        "decomposes the task into simpler subproblems that can be solved in parallel",
        "replaces the costly inner loop with a learned amortised solver",
        "uses a small set of learnable prompts to steer a frozen backbone",
    ),
    "idea": (
        "share statistical strength across related tasks",
        "regularise the latent space towards a simple prior",
        "reuse intermediate computations across time steps",
        "align the representations of paired modalities",
        "estimate uncertainty from an ensemble of lightweight heads",
        "cast the problem as a sequence of convex subproblems",
    ),
    "requirement": (
        "additional labelled data",
        "access to the test distribution",
        "second-order information",
        "task-specific architectures",
        "expensive simulation",
        "human annotations",
    ),
    "guarantee": (
        "converges at a linear rate",
        "achieves the minimax optimal sample complexity",
        "is consistent",
        "enjoys a tighter generalisation bound than prior methods",
        "recovers the ground-truth structure with high probability",
    ),
    "assumption": (
        "mild smoothness assumptions",
        "standard realisability conditions",
        "a bounded noise model",
        "the usual overparameterisation regime",
        "a low-rank structure of the data",
    ),
    "dataset": (
        "ImageNet",
        "CIFAR-10",
        "CIFAR-100",
        "COCO",
        "GLUE",
        "SuperGLUE",
        "MMLU",
        "OGB",
        "D4RL",
        "Atari",
        "MuJoCo",
        "WikiText-103",
        "LibriSpeech",
        "ERA5",
        "QM9",
        "Kinetics-400",
        "ScanNet",
    ),
    "improves": ("outperforms", "improves upon", "matches or exceeds", "substantially outperforms"),
    "baseline": (
        "strong baselines",
        "the previous state of the art",
        "well-tuned competitors",
        "specialised architectures",
        "much larger models",
    ),
    "number": tuple(str(n) for n in range(3, 41)),
    "finding": (
        "the gains are largest when training data is scarce",
        "most of the improvement comes from the proposed regulariser",
        "the learned representations transfer well to unseen tasks",
        "performance degrades gracefully as the noise level increases",
        "simple baselines are surprisingly competitive when properly tuned",
        "the method is insensitive to the choice of its hyperparameters",
    ),
    "scale": (
        "billions of parameters",
        "graphs with millions of nodes",
        "sequences of one million tokens",
        "thousands of tasks",
        "high-resolution images",
    ),
    "overhead": ("negligible", "modest", "a constant-factor", "minimal memory"),
}

# Sentences an abstract is built from: it opens with the problem, states the contribution, then
# adds evidence until it reaches its length, and may end with a closing remark.
OPENINGS = (
    "{task} is a fundamental problem in {field} with applications in {application} and {application}.",
    "Recent advances in {method_family} have led to remarkable progress on {task}, yet {limitation}.",
    "Despite growing interest in {task}, existing methods {weakness}.",
)
PROPOSALS = (
    "In this paper, we propose {name}, a {adjective} {method_noun} that {contribution}.",
    "We introduce {name}, a {adjective} {method_noun} for {task} that {contribution}.",
    "To address this, we present {name}, which {contribution}.",
)
EVIDENCE = (
    "Existing approaches {weakness}, which limits their applicability to {setting}.",
    "The key idea is to {idea} while keeping the model {adjective} and easy to train.",
    "Unlike prior work, {name} {contribution} without requiring {requirement}.",
    "We provide a theoretical analysis showing that {name} {guarantee} under {assumption}.",
    "Empirically, we evaluate {name} on {dataset}, {dataset} and {dataset}, where it {improves} {baseline} by {number} percent.",
    "Our experiments further reveal that {finding}.",
    "Extensive ablation studies show that {finding}, and that each component of {name} contributes to its performance.",
    "Moreover, {name} scales to {scale} with {overhead} overhead compared with standard {method_family}.",
    "A key ingredient is a {adjective} {method_noun} that allows us to {idea}.",
    "We also show how {name} can be combined with {method_family} to further improve results on {task}.",
    "On {task} benchmarks in {setting}, {name} {improves} {baseline} while using {number} times fewer parameters.",
)
CLOSINGS = (
    "Code is available online.",
    "Finally, we discuss the limitations of our approach and directions for future work on {task}.",
    "We hope that {name} will serve as a strong baseline for future research on {task}.",
    "Our results suggest that {method_family} are a promising direction for {field}.",
)
TITLES = (
    "{name}: {adjective} {method_family} for {task}",
    "Towards {adjective} {task}",
    "{adjective} {task} via {method_family}",
    "On the Generalisation of {method_family} in {task}",
    "{name}: Learning to {idea}",
    "Rethinking {task} with {adjective} {method_family}",
    "When Do {method_family} Help {task}?",
    "{name}: {task} in {setting}",
    "{adjective} and {adjective} {method_family}",
)

ABSTRACT_WORDS = (150, 250)
_SMALL_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "by",
        "for",
        "from",
        "in",
        "into",
        "of",
        "on",
        "or",
        "the",
        "to",
        "via",
        "with",
        "without",
        "while",
    ]
)
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_ARTICLE = re.compile(r"\b([Aa]) ([aeio])")
_ID_FIRST = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_ID_REST = _ID_FIRST + "0123456789" + "0123456789_-"


def _compile(template: str) -> tuple[str, ...]:
    """A template as alternating literal text and placeholder names (odd positions)."""
    return tuple(_PLACEHOLDER.split(template))


_OPENINGS = tuple(map(_compile, OPENINGS))
_PROPOSALS = tuple(map(_compile, PROPOSALS))
_EVIDENCE = tuple(map(_compile, EVIDENCE))
_CLOSINGS = tuple(map(_compile, CLOSINGS))
_TITLES = tuple(map(_compile, TITLES))
_LONGEST_EVIDENCE = 40
"""Words of the longest evidence sentence or closing, filled in; bounds how far an abstract may overshoot."""


@dataclass(frozen=True, slots=True)
class _Block:
    """One block of the timetable on one day: when it runs, in fixed-offset instants."""

    day: int
    number: int
    """The block's number among the day's blocks of its kind (Orals 1, Orals 2)."""
    kind: Kind
    start: datetime
    end: datetime


def synthetic_program(n_presentations: int = 20_000, *, seed: int = 0) -> Program:
    """A realistic, deterministic program of `n_presentations` papers; the same seed gives the same program."""
    if n_presentations < 0:
        raise ValueError("the number of presentations cannot be negative")
    rng = random.Random(seed)
    kinds = _kinds(n_presentations)
    rng.shuffle(kinds)
    papers = [_paper(rng, kind) for kind in kinds]
    _ensure_unique_ids(rng, papers)

    blocks = _blocks()
    sessions: list[tuple[datetime, int, dict]] = []
    slots: list[list[tuple[datetime, dict]]] = [[] for _ in papers]
    posters = [index for index, kind in enumerate(kinds) if kind is Kind.POSTER]
    unscheduled = set(rng.sample(posters, min(len(posters), _unscheduled_count(n_presentations))))

    for talk_kind in (Kind.ORAL, Kind.SPOTLIGHT):
        members = [index for index, kind in enumerate(kinds) if kind is talk_kind]
        _schedule_talks(talk_kind, members, [b for b in blocks if b.kind is talk_kind], sessions, slots)

    poster_blocks = [b for b in blocks if b.kind is Kind.POSTER]
    in_period: list[list[int]] = [[] for _ in poster_blocks]
    for index, kind in enumerate(kinds):
        if index not in unscheduled:
            for period in _poster_periods(rng, kind, len(poster_blocks)):
                in_period[period].append(index)
    for block, members in zip(poster_blocks, in_period, strict=True):
        _schedule_posters(block, members, sessions, slots)

    for paper, paper_slots in zip(papers, slots, strict=True):
        paper_slots.sort(key=lambda pair: pair[0])
        paper["slots"] = [slot for _, slot in paper_slots]
    sessions.sort(key=lambda entry: (entry[0], entry[1]))
    return Program.model_validate(
        {
            "conference": _conference(n_presentations, seed),
            "sessions": [session for _, _, session in sessions],
            "presentations": papers,
        }
    )


def _kinds(n: int) -> list[Kind]:
    orals = round(n * ORAL_SHARE)
    spotlights = round(n * SPOTLIGHT_SHARE)
    return [Kind.ORAL] * orals + [Kind.SPOTLIGHT] * spotlights + [Kind.POSTER] * (n - orals - spotlights)


def _unscheduled_count(n: int) -> int:
    """A handful: one per two thousand papers, at least one in any program with posters."""
    return max(1, n // 2000) if n else 0


def _conference(n: int, seed: int) -> dict:
    return {
        "id": "synthetic-2026",
        "name": "Synthetic Conference on Learning 2026",
        "timezone": ZONE,
        "start": FIRST_DAY,
        "end": FIRST_DAY + timedelta(days=DAYS - 1),
        "venue": "Berlin",
        "notes": [f"A synthetic program for benchmarks ({n} presentations, seed {seed}); not a real conference."],
    }


def _blocks() -> list[_Block]:
    where = zone(ZONE)
    blocks = []
    for day in range(DAYS):
        on = FIRST_DAY + timedelta(days=day)
        numbers: dict[Kind, int] = {}
        for start, minutes, kind in TIMETABLE:
            numbers[kind] = numbers.get(kind, 0) + 1
            wall = datetime.combine(on, start)
            begin, _ = place(wall, where)
            end, _ = place(wall + timedelta(minutes=minutes), where)
            blocks.append(_Block(day, numbers[kind], kind, begin, end))
    return blocks


def _schedule_talks(
    kind: Kind,
    members: list[int],
    blocks: list[_Block],
    sessions: list[tuple[datetime, int, dict]],
    slots: list[list[tuple[datetime, dict]]],
) -> None:
    """Spread the talks evenly over every block of their kind, in as many parallel tracks as they need."""
    if not members:
        return
    talk = timedelta(minutes=TALK_MINUTES[kind])
    capacity = (blocks[0].end - blocks[0].start) // talk
    tracks = math.ceil(len(members) / (len(blocks) * capacity))
    count = len(blocks) * tracks
    for number in range(count):
        block, track = blocks[number // tracks], number % tracks
        chosen = members[number * len(members) // count : (number + 1) * len(members) // count]
        if not chosen:
            continue
        day_name = f"{block.start:%A}"
        session_id = f"{day_name[:3].lower()}-{kind.value}s-{block.number}-track-{track + 1}"
        room = ROOMS[track] if track < len(ROOMS) else f"Room {track + 1}"
        sessions.append(
            (
                block.start,
                track,
                {
                    "id": session_id,
                    "title": f"{day_name} {kind.value.capitalize()}s {block.number}, Track {track + 1}",
                    "kind": kind,
                    "start": block.start,
                    "end": block.end,
                    "room": room,
                    "track": f"Track {track + 1}",
                },
            )
        )
        for order, index in enumerate(chosen):
            start = block.start + order * talk
            slot = {"session": session_id, "start": start, "end": start + talk, "position": str(order + 1)}
            slots[index].append((start, slot))


def _poster_periods(rng: random.Random, kind: Kind, periods: int) -> list[int]:
    """The poster sessions a paper is shown in: two on different days for most posters."""
    if kind is Kind.POSTER:
        first = rng.randrange(periods)
        if rng.random() < POSTER_TWICE:
            # Two or more periods apart: with two poster sessions a day, never the same day.
            return [first, (first + rng.randint(2, periods - 2)) % periods]
        return [first]
    share = ORAL_WITH_POSTER if kind is Kind.ORAL else SPOTLIGHT_WITH_POSTER
    return [rng.randrange(periods)] if rng.random() < share else []


def _schedule_posters(
    block: _Block,
    members: list[int],
    sessions: list[tuple[datetime, int, dict]],
    slots: list[list[tuple[datetime, dict]]],
) -> None:
    """One poster period, split evenly across as many halls as its boards need."""
    if not members:
        return
    period = block.day * 2 + block.number
    halls = math.ceil(len(members) / BOARDS_PER_HALL)
    for hall in range(halls):
        chosen = members[hall * len(members) // halls : (hall + 1) * len(members) // halls]
        letter = _hall_letter(hall) if halls > 1 else ""
        session_id = f"poster-session-{period}{letter.lower()}"
        sessions.append(
            (
                block.start,
                hall,
                {
                    "id": session_id,
                    "title": f"Poster Session {period}{letter}",
                    "kind": Kind.POSTER,
                    "start": block.start,
                    "end": block.end,
                    "room": f"Hall {letter}" if letter else "Poster Hall",
                },
            )
        )
        for board, index in enumerate(chosen, start=1):
            slots[index].append((block.start, {"session": session_id, "position": str(board)}))


def _hall_letter(hall: int) -> str:
    return chr(ord("A") + hall) if hall < 26 else f"-{hall + 1}"


def _paper(rng: random.Random, kind: Kind) -> dict:
    field, tasks, area_keywords = rng.choice(AREAS)
    name = rng.choice(NAME_HEADS) + rng.choice(NAME_TAILS) + rng.choice(NAME_MARKS)
    fixed = {"field": field, "task": rng.choice(tasks), "name": name}
    forum = _forum_id(rng)
    links = {"openreview": f"https://openreview.net/forum?id={forum}", "paper": f"https://openreview.net/pdf?id={forum}"}
    authors = _authors(rng)
    if rng.random() < 0.3:
        owner = authors[0].rsplit(" ", 1)[-1].lower().replace("'", "")
        links["code"] = f"https://github.com/{owner}/{name.lower().replace('+', 'p')}"
    keywords = rng.sample(area_keywords, rng.randint(1, min(3, len(area_keywords))))
    keywords = list(dict.fromkeys(keywords + rng.sample(VOCABULARY["method_family"], rng.randint(1, 2))))
    return {
        "id": forum,
        "title": _title(_fill(rng, rng.choice(_TITLES), fixed)),
        "kind": kind,
        "authors": authors,
        "abstract": _abstract(rng, fixed),
        "keywords": keywords,
        "links": links,
    }


def _forum_id(rng: random.Random) -> str:
    """An id shaped like OpenReview's ("B1xSperKvH"): ten characters, starting with a letter."""
    return rng.choice(_ID_FIRST) + "".join(rng.choices(_ID_REST, k=8)) + rng.choice(_ID_FIRST)


def _ensure_unique_ids(rng: random.Random, papers: list[dict]) -> None:
    seen: set[str] = set()
    for paper in papers:
        while paper["id"] in seen:
            paper["id"] = _forum_id(rng)
            paper["links"] = {
                **paper["links"],
                "openreview": f"https://openreview.net/forum?id={paper['id']}",
                "paper": f"https://openreview.net/pdf?id={paper['id']}",
            }
        seen.add(paper["id"])


_AUTHOR_COUNTS = tuple(range(2, 13))
_AUTHOR_WEIGHTS = (10, 18, 20, 17, 12, 8, 6, 4, 2, 2, 1)


def _authors(rng: random.Random) -> list[str]:
    count = rng.choices(_AUTHOR_COUNTS, _AUTHOR_WEIGHTS)[0]
    authors: list[str] = []
    while len(authors) < count:
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        middle = f" {rng.choice(_ID_FIRST[:26])}." if rng.random() < 0.15 else ""
        author = f"{first}{middle} {last}"
        if author not in authors:
            authors.append(author)
    return authors


def _fill(rng: random.Random, template: tuple[str, ...], fixed: dict[str, str]) -> str:
    parts = list(template)
    for position in range(1, len(parts), 2):
        key = parts[position]
        parts[position] = fixed.get(key) or rng.choice(VOCABULARY[key])
    text = _ARTICLE.sub(r"\1n \2", "".join(parts))
    return text[0].upper() + text[1:]


def _abstract(rng: random.Random, fixed: dict[str, str]) -> str:
    """150–250 words: opening, proposal, evidence up to a drawn length, sometimes a closing remark."""
    low, high = ABSTRACT_WORDS
    target = rng.randint(low, high - _LONGEST_EVIDENCE)
    sentences = [_fill(rng, rng.choice(_OPENINGS), fixed), _fill(rng, rng.choice(_PROPOSALS), fixed)]
    words = sum(sentence.count(" ") + 1 for sentence in sentences)
    while words < target:
        sentence = _fill(rng, rng.choice(_EVIDENCE if words < target - 15 else _CLOSINGS), fixed)
        sentences.append(sentence)
        words += sentence.count(" ") + 1
    return " ".join(sentences)


def _title(text: str) -> str:
    words = text.split(" ")
    return " ".join(
        word if (index and word in _SMALL_WORDS) or word[:1].isupper() else word[:1].upper() + word[1:]
        for index, word in enumerate(words)
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a synthetic conference program for the benchmarks.")
    parser.add_argument("n", type=int, metavar="N", help="number of presentations (e.g. 20000)")
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="FILE", help="program file to write")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0); the same seed gives the same file")
    arguments = parser.parse_args(argv)
    if arguments.n < 0:
        parser.error("N cannot be negative")
    began = clock.perf_counter()
    program = synthetic_program(arguments.n, seed=arguments.seed)
    generated = clock.perf_counter() - began
    save_program(program, arguments.output)
    slots = sum(len(presentation.slots) for presentation in program.presentations)
    print(
        f"{arguments.output}: {len(program.presentations)} presentations, {len(program.sessions)} sessions, "
        f"{slots} slots (generated in {generated:.2f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
