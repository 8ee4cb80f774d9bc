"""Provides merging programs read from several sources of one conference, with a match report.

The same paper is found in two sources by three rules, tried in order:

1. **OpenReview id** — both link the same OpenReview forum (an id is the surest name a paper has);
2. **same title** — their titles are equal once case, accents, punctuation and spacing are
   ignored (`planner.ids.normalise_title`);
3. **similar title** — the normalised titles score at least `SIMILAR_TITLE_SCORE` on rapidfuzz's
   `ratio` (an edit-distance similarity, 0–100), and no other candidate scores as well.

Two papers whose OpenReview ids differ are never the same paper, whatever their titles say, and
each paper of a source matches at most one paper of the sources before it.

When two presentations are one, the richer value of each field wins: a value over none, more
authors over fewer, oral over spotlight over poster over a kind the source did not know; keywords,
links and slots are pooled. Otherwise the earlier source (the first on the command line) keeps
its value. Every field records which source it came from (`Presentation.provenance`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process

from planner.errors import SourceError
from planner.program.ids import fold, normalise_title, openreview_id
from planner.program.model import (
    Conference,
    Kind,
    Links,
    Presentation,
    Program,
    Session,
    Slot,
)

SIMILAR_TITLE_SCORE = 90.0
"""The lowest ratio two normalised titles may score and still name one paper.

Measured on the shipped sources: the one pair found only by this rule (the blog post's
"Dataset Inference: Ownership Resolution in Machine Learning" against the paper list's title)
scores well above it, and no two different papers of ICLR 2020 or ICLR 2021 score above 80
(the closest distinct pairs share a long prefix, such as "… for Graph Neural Networks"); see
tests/test_merge.py, which checks both margins on the real files.
"""

_KIND_RANK = {Kind.ORAL: 3, Kind.SPOTLIGHT: 2, Kind.POSTER: 1, Kind.OTHER: -1}
_SCALARS = ("title", "subtitle", "abstract")


@dataclass(frozen=True, slots=True)
class Pairing:
    """Two presentations from different sources found to be one, and the rule that said so."""

    rule: str
    """"OpenReview id", "same title" or "similar title"."""
    presentation: str
    """The id of the merged presentation."""
    title: str
    """Its title as the earlier source gives it."""
    other_title: str
    source: str
    """The later source."""
    earlier: str
    """The source(s) the earlier presentation came from."""
    score: float | None = None

    def __str__(self) -> str:
        how = f"{self.rule} ({self.score:.0f})" if self.score is not None else self.rule
        same = "" if self.other_title == self.title else f" = {self.title!r}"
        return f"matched {self.other_title!r}{same} in {self.earlier} by {how} -> {self.presentation}"


@dataclass(frozen=True, slots=True)
class Merged:
    """The merged program, how its presentations were matched, and what a reader should know."""

    program: Program
    pairings: tuple[Pairing, ...] = ()
    notes: tuple[tuple[str, str], ...] = ()
    """(source, message) pairs: conflicts settled and matches refused."""


@dataclass
class _Draft:
    """A presentation being merged: its fields, and where each came from."""

    id: str
    openreview: str | None
    kind: Kind
    scalars: dict[str, str]
    authors: list[str]
    keywords: list[str]
    links: dict[str, str]
    slots: list[Slot]
    provenance: dict[str, str]
    sources: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, presentation: Presentation, source: str) -> _Draft:
        draft = cls(
            id=presentation.id,
            openreview=openreview_of(presentation),
            kind=presentation.kind,
            scalars={name: getattr(presentation, name) for name in _SCALARS},
            authors=list(presentation.authors),
            keywords=list(presentation.keywords),
            links=dict(presentation.links.items()),
            slots=list(presentation.slots),
            provenance={},
            sources=[source],
        )
        for name in draft.filled():
            draft.provenance[name] = source
        return draft

    def filled(self) -> list[str]:
        names = ["kind", *(name for name, value in self.scalars.items() if value)]
        names += [
            name for name, value in (("authors", self.authors), ("keywords", self.keywords), ("slots", self.slots)) if value
        ]
        return names + [f"links.{name}" for name in self.links]

    def absorb(self, other: Presentation, source: str) -> None:
        for name in _SCALARS:
            value = getattr(other, name)
            if value and not self.scalars[name]:
                self.scalars[name] = value
                self.provenance[name] = source
        if _KIND_RANK.get(other.kind, 0) > _KIND_RANK.get(self.kind, 0):
            self.kind = other.kind
            self.provenance["kind"] = source
        if len(other.authors) > len(self.authors):
            self.authors = list(other.authors)
            self.provenance["authors"] = source
        known = {fold(word) for word in self.keywords}
        extra = [word for word in other.keywords if fold(word) not in known]
        if extra:
            self.keywords += extra
            self.provenance["keywords"] = _also(self.provenance.get("keywords"), source)
        for name, url in other.links.items():
            if name not in self.links:
                self.links[name] = url
                self.provenance[f"links.{name}"] = source
        new_slots = [slot for slot in other.slots if slot not in self.slots]
        if new_slots:
            self.slots += new_slots
            self.provenance["slots"] = _also(self.provenance.get("slots"), source)
        forum = openreview_of(other)
        if forum and not self.openreview:
            # The OpenReview id is the paper's stable name; a title slug gives way to it.
            self.openreview, self.id = forum, forum
        self.sources.append(source)

    def presentation(self) -> Presentation:
        return Presentation(
            id=self.id,
            kind=self.kind,
            authors=self.authors,
            keywords=self.keywords,
            links=Links(**self.links),
            slots=self.slots,
            provenance=dict(sorted(self.provenance.items())),
            **self.scalars,
        )


def openreview_of(presentation: Presentation) -> str | None:
    """The OpenReview forum id a presentation links, if any."""
    return openreview_id(presentation.links.openreview) or openreview_id(presentation.links.paper)


def merge_programs(parts: list[tuple[str, Program]]) -> Merged:
    """Merge programs of one conference, each named by its source; the first keeps ties."""
    if not parts:
        raise SourceError("nothing to merge")
    first_name, first = parts[0]
    conference = first.conference
    sessions: dict[str, Session] = {session.id: session for session in first.sessions}
    drafts = [_Draft.of(presentation, first_name) for presentation in first.presentations]
    pairings: list[Pairing] = []
    notes: list[tuple[str, str]] = []
    for name, program in parts[1:]:
        conference = _merge_conference(conference, program.conference, name, notes)
        for session in program.sessions:
            sessions[session.id] = _merge_session(sessions.get(session.id), session, name)
        matcher = _Matcher(drafts)
        for presentation in program.presentations:
            found = matcher.match(presentation, name, notes)
            if found is None:
                drafts.append(_Draft.of(presentation, name))
                continue
            draft, rule, score = found
            earlier, title = " + ".join(draft.sources), draft.scalars["title"]
            draft.absorb(presentation, name)
            pairings.append(Pairing(rule, draft.id, title, presentation.title, name, earlier, score))
    _unique_ids(drafts, notes)
    program = Program(
        conference=conference,
        sessions=list(sessions.values()),
        presentations=[draft.presentation() for draft in drafts],
    )
    return Merged(program, tuple(pairings), tuple(notes))


class _Matcher:
    """Finds, for each presentation of one source, the earlier presentation it is, if any."""

    def __init__(self, drafts: list[_Draft]) -> None:
        self.drafts = list(drafts)
        self.by_openreview = {draft.openreview: draft for draft in drafts if draft.openreview}
        self.by_title: dict[str, list[_Draft]] = {}
        for draft in drafts:
            self.by_title.setdefault(normalise_title(draft.scalars["title"]), []).append(draft)
        self.taken: set[int] = set()

    def _free(self, draft: _Draft, forum: str | None) -> bool:
        conflicting = forum and draft.openreview and draft.openreview != forum
        return id(draft) not in self.taken and not conflicting

    def match(
        self, presentation: Presentation, source: str, notes: list[tuple[str, str]]
    ) -> tuple[_Draft, str, float | None] | None:
        forum = openreview_of(presentation)
        key = normalise_title(presentation.title)
        found: tuple[_Draft, str, float | None] | None = None
        if forum and forum in self.by_openreview and self._free(self.by_openreview[forum], forum):
            found = (self.by_openreview[forum], "OpenReview id", None)
        else:
            same = [draft for draft in self.by_title.get(key, []) if self._free(draft, forum)]
            if len(same) == 1:
                found = (same[0], "same title", None)
            elif len(same) > 1:
                notes.append(
                    (source, f"{presentation.title!r} has the same title as {len(same)} earlier presentations: not merged")
                )
                return None
            elif key:
                found = self._similar(key, forum, presentation.title, source, notes)
        if found is not None:
            self.taken.add(id(found[0]))
        return found

    def _similar(
        self, key: str, forum: str | None, title: str, source: str, notes: list[tuple[str, str]]
    ) -> tuple[_Draft, str, float] | None:
        candidates = {
            index: normalise_title(draft.scalars["title"]) for index, draft in enumerate(self.drafts) if self._free(draft, forum)
        }
        best = process.extract(key, candidates, scorer=fuzz.ratio, score_cutoff=SIMILAR_TITLE_SCORE, limit=2)
        if not best:
            return None
        if len(best) == 2 and best[1][1] == best[0][1]:
            notes.append((source, f"{title!r} is as similar to two earlier titles: not merged"))
            return None
        _, score, index = best[0]
        return self.drafts[index], "similar title", score


def _also(known: str | None, source: str) -> str:
    names = known.split(", ") if known else []
    return ", ".join([*names, source] if source not in names else names)


def _unique_ids(drafts: list[_Draft], notes: list[tuple[str, str]]) -> None:
    """Two unmatched presentations may share an id (one title slug, two papers): the later is renamed."""
    seen: set[str] = set()
    for draft in drafts:
        identifier, number = draft.id, 2
        while identifier in seen:
            identifier, number = f"{draft.id}-{number}", number + 1
        if identifier != draft.id:
            notes.append(
                (
                    draft.sources[0],
                    f"{draft.scalars['title']!r} shares the id {draft.id!r} with another presentation: it is {identifier!r}",
                )
            )
            draft.id = identifier
        seen.add(identifier)


def _merge_conference(kept: Conference, other: Conference, source: str, notes: list[tuple[str, str]]) -> Conference:
    if other.id != kept.id:
        raise SourceError(
            f"it is a program of {other.id}, the sources before it of {kept.id}: only sources of one conference merge (give --conference)",
            file=source,
        )
    if other.timezone != kept.timezone:
        notes.append(
            (
                source,
                f"it puts the conference in {other.timezone}, the sources before it in {kept.timezone}; keeping {kept.timezone}",
            )
        )
    update: dict[str, Any] = {
        name: getattr(other, name)
        for name in ("start", "end", "venue", "url")
        if getattr(kept, name) is None and getattr(other, name) is not None
    }
    if not kept.days and other.days:
        update["days"] = other.days
    update["sources"] = [*kept.sources, *(ref for ref in other.sources if ref not in kept.sources)]
    update["notes"] = [*kept.notes, *(note for note in other.notes if note not in kept.notes)]
    return kept.model_copy(update=update)


def _merge_session(kept: Session | None, other: Session, source: str) -> Session:
    if kept is None:
        return other
    if kept.span and other.span and kept.span != other.span:
        raise SourceError(
            f"it puts session {other.title!r} at {other.start:%Y-%m-%d %H:%M %z}–{other.end:%H:%M}, "
            f"an earlier source at {kept.start:%Y-%m-%d %H:%M %z}–{kept.end:%H:%M}: which is right is not for planner to guess",
            file=source,
        )
    update = {
        name: getattr(other, name) for name in ("room", "track", "url") if getattr(kept, name) is None and getattr(other, name)
    }
    if kept.span is None and other.span is not None:
        update |= {"start": other.start, "end": other.end}
    return kept.model_copy(update=update) if update else kept
