"""Provides choosing presentations from a program: by day, kind, session, text and id set.

Day and session filters pick slots (a paper shown twice appears on both days); kind, text and
id filters pick presentations. Text is matched by the program's search index, as the TUI's `/`
matches it: every word must begin a word of the title, authors, keywords or abstract (case and
accents do not count), and a text search gives its matches best first, not in time order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from planner.errors import NotFoundError
from planner.program.ids import fold
from planner.program.model import Kind, Presentation, Program, Session, Slot
from planner.program.times import TimeRange
from planner.search.index import SearchIndex

_WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
Found = TypeVar("Found")


@dataclass(frozen=True, slots=True)
class Filter:
    """What a listing asks for; None or empty means no restriction."""

    day: date | None = None
    kinds: frozenset[Kind] = frozenset()
    session: str | None = None
    """A session id."""
    text: str | None = None
    ids: frozenset[str] | None = None


@dataclass(frozen=True, slots=True)
class Match:
    """A presentation that passes a filter, with those of its slots that do."""

    presentation: Presentation
    slots: tuple[Slot, ...]


def searchable_text(presentation: Presentation) -> str:
    """Everything a text search looks at, folded for matching."""
    return fold(
        " ".join((presentation.title, " ".join(presentation.authors), presentation.abstract, " ".join(presentation.keywords)))
    )


def select(program: Program, wanted: Filter) -> list[Match]:
    """The presentations that pass `wanted`: with a text, best match first (the ranking of the TUI's
    search); without, in time order, unscheduled ones last, by title."""
    rank = _ranks(program, wanted.text) if wanted.text and wanted.text.strip() else None
    slot_filtered = wanted.day is not None or wanted.session is not None
    found: list[Match] = []
    for presentation in program.presentations:
        if wanted.kinds and presentation.kind not in wanted.kinds:
            continue
        if wanted.ids is not None and presentation.id not in wanted.ids:
            continue
        if rank is not None and presentation.id not in rank:
            continue
        slots = tuple(slot for slot in presentation.slots if _slot_passes(program, slot, wanted))
        if slot_filtered and not slots:
            continue
        found.append(Match(presentation, slots))
    if rank is not None:
        return sorted(found, key=lambda match: rank[match.presentation.id])
    return sorted(found, key=lambda match: _order(program, match))


def _ranks(program: Program, text: str) -> dict[str, int]:
    """Each presentation matching `text`, by its place in the search's ranking (0 best).

    The index covers the whole program, filtered or not, so a match ranks as it does in the TUI,
    which narrows its ranked answer by day and kind afterwards.
    """
    index = SearchIndex.of(program, one_search=True)
    try:
        return {presentation_id: place for place, presentation_id in enumerate(index.search(text))}
    finally:
        index.close()


def _slot_passes(program: Program, slot: Slot, wanted: Filter) -> bool:
    if wanted.session is not None and slot.session != wanted.session:
        return False
    return wanted.day is None or program.day_of(slot) == wanted.day


def _order(program: Program, match: Match) -> tuple[int, float, str]:
    spans = timed_spans(program, match.slots)
    if not spans:
        return (1, 0.0, fold(match.presentation.title))
    return (0, spans[0].start.timestamp(), fold(match.presentation.title))


def timed_spans(program: Program, slots: Iterable[Slot]) -> list[TimeRange]:
    """When those of `slots` that have a time happen, earliest first."""
    return sorted((span for span in map(program.when, slots) if span), key=lambda span: span.start)


def conference_days(program: Program) -> list[date]:
    """The days that have something scheduled, in order."""
    days = {program.day_of(slot) for presentation in program.presentations for slot in presentation.slots}
    days |= {program.conference.day_of(session.start) for session in program.sessions if session.start}
    return sorted(day for day in days if day is not None)


def parse_day(program: Program, text: str) -> date:
    """A day as a person names it: 2018-12-04, tue, or 2 (the second day with anything on it)."""
    days = conference_days(program)
    cleaned = text.strip().lower()
    try:
        return date.fromisoformat(cleaned)
    except ValueError:
        pass
    if cleaned.isdigit():
        number = int(cleaned)
        if 1 <= number <= len(days):
            return days[number - 1]
        raise NotFoundError(f"day {number}: the program has {len(days)} day(s) with something on")
    if cleaned[:3] in _WEEKDAY_NAMES:
        matching = [day for day in days if day.weekday() == _WEEKDAY_NAMES.index(cleaned[:3])]
        if len(matching) == 1:
            return matching[0]
        if matching:
            listed = ", ".join(day.isoformat() for day in matching)
            raise NotFoundError(f"{text!r} is more than one day of this program ({listed}); give the date")
    listed = ", ".join(day.isoformat() for day in days) or "none"
    raise NotFoundError(f"no day {text!r} in the program (days: {listed})")


def find_session(program: Program, text: str) -> Session:
    """A session by id, by title, or by a piece of its title that only one session has."""
    if text in program.sessions_by_id:
        return program.sessions_by_id[text]
    key = fold(text).strip()
    exact = [session for session in program.sessions if fold(session.title) == key]
    partial = [session for session in program.sessions if key in fold(session.title)]
    return _the_one(exact if len(exact) == 1 else partial, text, "session", program, lambda s: f"{s.id} ({s.title})")


def find_presentation(program: Program, text: str) -> Presentation:
    """A presentation by id, or by an id prefix or title piece that only one presentation has."""
    if text in program.presentations_by_id:
        return program.presentations_by_id[text]
    by_prefix = [p for p in program.presentations if p.id.startswith(text)]
    key = fold(text).strip()
    by_title = [p for p in program.presentations if key and key in fold(p.title)]
    return _the_one(by_prefix or by_title, text, "presentation", program, lambda p: p.id)


def _the_one(candidates: list[Found], text: str, what: str, program: Program, name: Callable[[Found], str]) -> Found:
    """The single candidate a person's words name, or a NotFoundError that lists what they could mean."""
    if len(candidates) == 1:
        return candidates[0]
    if candidates:
        listed = "; ".join(name(candidate) for candidate in candidates[:8])
        raise NotFoundError(f"{text!r} matches {len(candidates)} {what}s: {listed}")
    raise NotFoundError(f"no {what} {text!r} in {program.conference.id}")


def kinds_from(names: Iterable[str]) -> frozenset[Kind]:
    kinds = set()
    for name in names:
        for written in name.split(","):
            part = written.strip().lower()
            if not part:
                continue
            try:
                kinds.add(Kind(part))
            except ValueError:
                known = ", ".join(kind.value for kind in Kind)
                raise NotFoundError(f"no kind {part!r} (kinds: {known})") from None
    return frozenset(kinds)
