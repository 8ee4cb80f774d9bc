"""Provides comparing two versions of a program by stable identity: what is new, gone, moved, re-roomed, retitled.

Presentations are paired by id: the importers give ids that survive a re-publication (a frab
event's guid, a pretalx code, an OpenReview forum id, a virtual-site uid or event id, an .ics UID).
Only what is left unpaired on both sides is paired by normalised title, when the title is unique
on both sides, and every change found that way is flagged `by_title`: the organisers changed
the id, or the feed has no stable ids, and a person may want to check.

A presentation can change in several ways at once (moved and re-roomed); each is its own Change.
A presentation that is no longer in the program, or whose new title says it is cancelled, is
CANCELLED. Cost: one pass over each side with dictionaries; a presentation equal to its old self,
in sessions that did not change, is passed over without looking closer.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import tzinfo
from enum import StrEnum

from planner.program.ids import normalise_title
from planner.program.model import Presentation, Program, Session
from planner.program.times import TimeRange, format_range


class ChangeKind(StrEnum):
    """What happened to a presentation between two versions, in the order a person reads them."""

    CANCELLED = "cancelled"
    MOVED = "moved"
    ROOM = "room"
    NEW = "new"
    RETITLED = "retitled"
    SPEAKERS = "speakers"
    KIND = "kind"


@dataclass(frozen=True, slots=True)
class Change:
    """One change to one presentation, with what it was and what it is, as a person reads them."""

    kind: ChangeKind
    id: str
    """The presentation's id in the newer version (the older one's for a cancellation)."""
    title: str
    before: str = ""
    after: str = ""
    by_title: bool = False
    """Paired with its old self by title, not by id: worth a look."""
    old_id: str | None = None
    """The id in the older version, when it differs (paired by title)."""

    def as_json(self) -> dict[str, object]:
        document: dict[str, object] = {"kind": self.kind.value, "id": self.id, "title": self.title}
        if self.before:
            document["before"] = self.before
        if self.after:
            document["after"] = self.after
        if self.by_title:
            document["matched_by_title"] = True
            document["old_id"] = self.old_id
        return document


@dataclass(frozen=True, slots=True)
class ProgramChanges:
    """Everything that changed between two versions of one program."""

    changes: tuple[Change, ...]
    before_count: int
    after_count: int

    def __bool__(self) -> bool:
        return bool(self.changes)

    @property
    def changed_ids(self) -> frozenset[str]:
        return frozenset(change.id for change in self.changes)

    def counts(self) -> Counter[ChangeKind]:
        return Counter(change.kind for change in self.changes)

    def about(self, ids: Iterable[str]) -> tuple[Change, ...]:
        """The changes to the presentations `ids` names (a person's bookmarks), in order."""
        wanted = frozenset(ids)
        return tuple(change for change in self.changes if change.id in wanted or change.old_id in wanted)

    def others(self, ids: Iterable[str]) -> tuple[Change, ...]:
        wanted = frozenset(ids)
        return tuple(change for change in self.changes if change.id not in wanted and change.old_id not in wanted)


_CANCELLED = re.compile(r"\b(cancell?ed|canceled|abgesagt|entf[äa]llt|withdrawn)\b", re.IGNORECASE)


def is_cancelled_title(title: str) -> bool:
    """Whether a title says the presentation is off ("CANCELLED: …", "[abgesagt] …")."""
    return _CANCELLED.search(title) is not None


def compare_programs(old: Program, new: Program) -> ProgramChanges:
    """The changes from `old` to `new`, cancellations first, then moves, rooms, new, and the rest."""
    old_by_id, new_by_id = old.presentations_by_id, new.presentations_by_id
    rooms_changed, times_changed = _changed_sessions(old, new)
    old_sessions, new_sessions = old.sessions_by_id, new.sessions_by_id
    where = new.conference.zone
    found: list[Change] = []
    for identifier, after in new_by_id.items():
        before = old_by_id.get(identifier)
        if before is None:
            continue
        # Only what a change is made of is compared (not the abstract, links or keywords): fast
        # enough for 20,000 papers, since most of them are found equal on the first fields.
        if (
            before.title == after.title
            and before.kind is after.kind
            and before.authors == after.authors
            and before.slots == after.slots
            and not any(
                slot.session in rooms_changed or (slot.start is None and slot.session in times_changed) for slot in after.slots
            )
        ):
            continue
        if _looks_the_same(before, after, old_sessions, new_sessions):
            continue
        found.extend(_differences(old, before, new, after, where))
    gone = [presentation for identifier, presentation in old_by_id.items() if identifier not in new_by_id]
    arrived = [presentation for identifier, presentation in new_by_id.items() if identifier not in old_by_id]
    paired_gone, paired_arrived = _pair_by_title(gone, arrived)
    for before, after in zip(paired_gone, paired_arrived, strict=True):
        found.extend(_differences(old, before, new, after, where, by_title=True))
    kept_gone = {id(presentation) for presentation in paired_gone}
    kept_arrived = {id(presentation) for presentation in paired_arrived}
    for presentation in gone:
        if id(presentation) not in kept_gone:
            found.append(
                Change(
                    ChangeKind.CANCELLED,
                    presentation.id,
                    presentation.title,
                    _when(old, presentation, where),
                    "not in the program",
                )
            )
    for presentation in arrived:
        if id(presentation) not in kept_arrived:
            found.append(Change(ChangeKind.NEW, presentation.id, presentation.title, "", _when(new, presentation, where)))
    order = list(ChangeKind)
    found.sort(key=lambda change: (order.index(change.kind), change.title.casefold(), change.id))
    return ProgramChanges(tuple(found), len(old.presentations), len(new.presentations))


def _looks_the_same(
    before: Presentation, after: Presentation, old_sessions: dict[str, Session], new_sessions: dict[str, Session]
) -> bool:
    """Whether nothing a change is made of differs, checked cheaply: same slots, in sessions that
    kept their room and, where a slot takes the session's times, kept those too.

    For the papers whose session changed room or times, so that only those that show it go
    through the full comparison.
    """
    if before.title != after.title or before.kind != after.kind or before.authors != after.authors:
        return False
    if len(before.slots) != len(after.slots):
        return False
    for was, now in zip(before.slots, after.slots, strict=True):
        if was.session != now.session or was.start != now.start or was.end != now.end:
            return False
        old_session, new_session = old_sessions[was.session], new_sessions[now.session]
        if old_session.room != new_session.room:
            return False
        if was.start is None and (old_session.start != new_session.start or old_session.end != new_session.end):
            return False
    return True


def _changed_sessions(old: Program, new: Program) -> tuple[frozenset[str], frozenset[str]]:
    """The sessions kept whose room changed, and those whose times changed.

    Only these can change a paper that is itself unchanged: a room, for every slot in it; times,
    for a slot that takes the session's (a slot with times of its own does not move with it).
    A new or vanished session changes its papers' slots, which they show themselves.
    """
    old_sessions = old.sessions_by_id
    rooms, times = set(), set()
    for session in new.sessions:
        was = old_sessions.get(session.id)
        if was is None or was == session:
            continue
        if was.room != session.room:
            rooms.add(session.id)
        if was.start != session.start or was.end != session.end:
            times.add(session.id)
    return frozenset(rooms), frozenset(times)


def _pair_by_title(gone: list[Presentation], arrived: list[Presentation]) -> tuple[list[Presentation], list[Presentation]]:
    """Unpaired presentations whose normalised title is unique on both sides, paired in order."""
    if not gone or not arrived:
        return [], []
    old_titles = Counter(normalise_title(presentation.title) for presentation in gone)
    new_titles: dict[str, list[Presentation]] = {}
    for presentation in arrived:
        new_titles.setdefault(normalise_title(presentation.title), []).append(presentation)
    pairs_old, pairs_new = [], []
    for presentation in gone:
        key = normalise_title(presentation.title)
        matches = new_titles.get(key, [])
        if key and old_titles[key] == 1 and len(matches) == 1:
            pairs_old.append(presentation)
            pairs_new.append(matches[0])
    return pairs_old, pairs_new


def _differences(
    old: Program, before: Presentation, new: Program, after: Presentation, where: tzinfo, *, by_title: bool = False
) -> list[Change]:
    def change(kind: ChangeKind, was: str, now: str) -> Change:
        return Change(kind, after.id, after.title, was, now, by_title, before.id if by_title else None)

    found = []
    if is_cancelled_title(after.title) and not is_cancelled_title(before.title):
        found.append(change(ChangeKind.CANCELLED, before.title, after.title))
    elif after.title != before.title:
        found.append(change(ChangeKind.RETITLED, before.title, after.title))
    old_places, new_places = _places(old, before), _places(new, after)
    old_times = [span for span, _ in old_places]
    new_times = [span for span, _ in new_places]
    if old_times != new_times:
        found.append(change(ChangeKind.MOVED, _when(old, before, where), _when(new, after, where)))
    elif [room for _, room in old_places] != [room for _, room in new_places]:
        found.append(change(ChangeKind.ROOM, _rooms(old_places), _rooms(new_places)))
    if after.authors != before.authors:
        found.append(change(ChangeKind.SPEAKERS, ", ".join(before.authors), ", ".join(after.authors)))
    if after.kind != before.kind:
        found.append(change(ChangeKind.KIND, before.kind.value, after.kind.value))
    return found


def _places(program: Program, presentation: Presentation) -> list[tuple[TimeRange | None, str]]:
    """Each slot's time and room, in time order (a slot with no time last)."""
    places = []
    for slot in presentation.slots:
        span = program.when(slot)
        places.append((span, program.sessions_by_id[slot.session].room or ""))
    places.sort(key=lambda place: (place[0] is None, place[0].start if place[0] else None, place[1]))
    return places


def _when(program: Program, presentation: Presentation, where: tzinfo) -> str:
    """Where and when, as a person reads it: "Sat 27 Dec 11:00–12:00 CET, Saal 1"; "no time" without one."""
    parts = []
    for span, room in _places(program, presentation):
        text = format_range(span, where) if span else "no time"
        parts.append(f"{text}, {room}" if room else text)
    return "; ".join(parts) or "no time"


def _rooms(places: list[tuple[TimeRange | None, str]]) -> str:
    return "; ".join(room or "no room" for _, room in places)
