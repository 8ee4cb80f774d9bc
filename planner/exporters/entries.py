"""Provides the events of a personal calendar: which slots of which bookmarks, and what each event says.

Pure: no calendar format here (the iCalendar writer is planner.exporters.ics). A bookmark with a
chosen slot (`Bookmark.slot`, set by hand or by `planner plan`) gives one event, at that slot. A
bookmark without one gives an event at *every* timed slot of the paper, each saying where else it
is shown: until the person chooses, the calendar shows all the chances to see it, rather than
silently picking one. Bookmarks with no time yet are left out, with the reason. A chosen slot the
paper no longer has counts as no choice; telling the person so is the reader's job
(planner.bookmark_matching reports it as a stale slot).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from functools import lru_cache
from urllib.parse import quote

from planner.bookmarks.file import Bookmark, BookmarkFile
from planner.bookmarks.matching import pinned_slot, slots_to_attend
from planner.plurals import plural
from planner.program.model import Kind, Presentation, Program, Session, Slot
from planner.program.times import TimeRange, format_range
from planner.schedule.now import board_of

UID_DOMAIN = "planner"

# A slot's place and time: slots that share them are described once.
_SlotKey = tuple[str, datetime | None, datetime | None]

KIND_LABELS = {
    Kind.ORAL: "Oral", Kind.SPOTLIGHT: "Spotlight", Kind.POSTER: "Poster", Kind.TALK: "Talk",
    Kind.KEYNOTE: "Keynote", Kind.TUTORIAL: "Tutorial", Kind.WORKSHOP: "Workshop", Kind.QA: "Q&A",
    Kind.SOCIAL: "Social", Kind.MIXED: "", Kind.OTHER: "",
}  # fmt: skip

LINK_LABELS = {"paper": "Paper", "openreview": "OpenReview", "code": "Code", "video": "Video", "slides": "Slides", "page": "Page"}


@dataclass(frozen=True, slots=True)
class CalendarEntry:
    """One event of the personal calendar, before it is written in any calendar format."""

    uid: str
    summary: str
    description: str
    span: TimeRange
    location: str | None = None
    url: str | None = None
    categories: tuple[str, ...] = ()
    alarm_minutes: int | None = None
    """Minutes before the start at which to remind; None for no reminder."""
    legacy_uid: str | None = None
    """The UID an older planner gave this event: a calendar that holds it is updated under it."""

    @property
    def fingerprint(self) -> str:
        """Changes exactly when something a calendar shows changes (a time, a text, the reminder)."""
        # Fields joined by a separator no text field holds (control characters are not kept by
        # calendars anyway); None and "" differ by a marker so a removed room counts as a change.
        parts = (
            self.summary, self.description, self.location, self.url, "\x1e".join(self.categories),
            str(self.alarm_minutes), str(self.span.start.timestamp()), str(self.span.end.timestamp()),
        )  # fmt: skip
        text = "\x1f".join("\x00" if part is None else part for part in parts)
        return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


@dataclass(frozen=True, slots=True)
class LeftOut:
    """A bookmark that is not in the calendar, and why."""

    id: str
    title: str
    reason: str


@dataclass(frozen=True, slots=True)
class CalendarPlan:
    """What a personal calendar holds: its events, and the bookmarks left out."""

    entries: list[CalendarEntry]
    left_out: list[LeftOut] = field(default_factory=list)


def event_uid(conference_id: str, presentation_id: str, session_id: str, occurrence: int = 1) -> str:
    """The UID of a presentation's event in one session: the same on every export, so calendars update it.

    Made of ids alone (never a time, so a session that moves keeps its events), in letters, digits,
    "-", "." and "@" only: calendar servers and sync tools refuse or mangle "/" and "%". Parts are
    escaped (`uid_part`) and joined by "..", which no escaped part holds, so no two (conference,
    presentation, session) give the same UID.
    """
    parts = [uid_part(conference_id), uid_part(presentation_id), uid_part(session_id)]
    if occurrence > 1:
        parts.append(str(occurrence))  # a paper shown twice in one session (rare, but a program may say so)
    return "..".join(parts) + f"@{UID_DOMAIN}"


def session_uid(conference_id: str, session_id: str) -> str:
    """The UID of a poster session's event (with --per-session).

    Its last part, "posters", is neither an escaped id followed by nothing nor an occurrence
    number, so no presentation's UID can be a session's.
    """
    return f"{uid_part(conference_id)}..session..{uid_part(session_id)}..posters@{UID_DOMAIN}"


def presentation_in_uid(uid: str) -> str | None:
    """The escaped presentation part (`uid_part`) of an event's UID (`event_uid`); None for a poster
    session's UID, or one an older planner wrote (with "/")."""
    parts = uid.rsplit("@", 1)[0].split("..")
    if "/" in uid or len(parts) < 3 or parts[-1] == "posters":
        return None
    return parts[1]


def legacy_event_uid(conference_id: str, presentation_id: str, session_id: str, occurrence: int = 1) -> str:
    """The UID planner wrote for this event before UIDs kept to a safe character set ("/" and "%")."""
    parts = [_percent_escaped(conference_id), _percent_escaped(presentation_id), _percent_escaped(session_id)]
    if occurrence > 1:
        parts.append(str(occurrence))
    return "/".join(parts) + f"@{UID_DOMAIN}"


def legacy_session_uid(conference_id: str, session_id: str) -> str:
    """The UID planner wrote for a poster session's event before UIDs kept to a safe character set."""
    return f"{_percent_escaped(conference_id)}/session:{_percent_escaped(session_id)}@{UID_DOMAIN}"


_UID_SAFE = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-")


@lru_cache(maxsize=4096)
def uid_part(identifier: str) -> str:
    """`identifier` in letters, digits and "-": any other byte of its UTF-8 becomes "." and two hex digits."""
    data = identifier.encode("utf-8")
    if all(byte in _UID_SAFE for byte in data):
        return identifier
    return "".join(chr(byte) if byte in _UID_SAFE else f".{byte:02x}" for byte in data)


@lru_cache(maxsize=4096)
def _percent_escaped(identifier: str) -> str:
    return quote(identifier, safe="")


def summary_of(presentation: Presentation) -> str:
    """ "Oral: Title"; a title whose lead already names its kind ("Live Q&A: …") is left as it is."""
    label = KIND_LABELS[presentation.kind]
    if not label or label.casefold() in presentation.title.split(":", 1)[0].casefold():
        return presentation.title
    return f"{label}: {presentation.title}"


@dataclass(frozen=True, slots=True)
class _Appearance:
    """A bookmark's presentation in one timed slot that goes into the calendar."""

    bookmark: Bookmark
    presentation: Presentation
    slot: Slot
    session: Session
    span: TimeRange
    uid: str
    legacy_uid: str
    elsewhere: tuple[str, ...]
    """The other slots of the paper, as lines for the description."""


def plan_calendar(
    program: Program,
    bookmarks: BookmarkFile,
    *,
    per_session: bool = False,
    alarm_minutes: int | None = None,
) -> CalendarPlan:
    """The events for `bookmarks`.

    Times in descriptions are in the conference's zone, labelled, whatever zone the calendar is
    shown in: a text that followed the display zone would change (and bump SEQUENCE) when only
    the display zone did. With `per_session`, bookmarked posters in a poster session share one
    event for that session.
    """
    where = program.conference.zone
    appearances: list[_Appearance] = []
    left_out: list[LeftOut] = []
    said: dict[_SlotKey, str] = {}
    for bookmark in bookmarks.bookmarks:
        presentation = program.presentations_by_id.get(bookmark.id)
        if presentation is None:
            left_out.append(LeftOut(bookmark.id, bookmark.title, "not in this program"))
            continue
        found, reason = _appearances(program, bookmark, presentation, where, said)
        if reason:
            left_out.append(LeftOut(bookmark.id, bookmark.title or presentation.title, reason))
        appearances.extend(found)

    entries: list[CalendarEntry] = []
    by_session: dict[str, list[_Appearance]] = {}
    for appearance in appearances:
        if per_session and appearance.session.kind is Kind.POSTER:
            by_session.setdefault(appearance.session.id, []).append(appearance)
        else:
            entries.append(_slot_entry(program, appearance, alarm_minutes))
    for posters in by_session.values():
        entries.append(_session_entry(program, posters, alarm_minutes))
    entries.sort(key=lambda entry: (entry.span.start, entry.span.end, entry.uid))
    return CalendarPlan(entries, left_out)


def _appearances(
    program: Program, bookmark: Bookmark, presentation: Presentation, where: tzinfo, said: dict[_SlotKey, str]
) -> tuple[list[_Appearance], str | None]:
    slots = presentation.slots
    if not slots:
        return [], "no time yet (the program gives it no slot)"
    pinned = pinned_slot(presentation, bookmark)
    timed = [(slot, span) for slot in slots_to_attend(presentation, bookmark) if (span := program.when(slot)) is not None]
    if not timed:
        if pinned is not None:
            title = program.sessions_by_id[pinned.session].title
            return [], f"no time yet (its chosen slot, {title}, has none)"
        return [], "no time yet"

    seen: dict[str, int] = {}
    uids: dict[int, tuple[str, str]] = {}
    conference_id = program.conference.id
    for index, slot in enumerate(slots):
        seen[slot.session] = seen.get(slot.session, 0) + 1
        uids[index] = (
            event_uid(conference_id, presentation.id, slot.session, seen[slot.session]),
            legacy_event_uid(conference_id, presentation.id, slot.session, seen[slot.session]),
        )
    found = []
    for slot, span in timed:
        index = next(i for i, candidate in enumerate(slots) if candidate is slot)
        others = [other for other in slots if other is not slot]
        lead = "Also presented (not your chosen slot)" if pinned is not None else "Also shown at"
        elsewhere = tuple(f"{lead}: {_where_and_when(program, other, where, said)}" for other in others)
        session = program.sessions_by_id[slot.session]
        found.append(_Appearance(bookmark, presentation, slot, session, span, *uids[index], elsewhere))
    return found, None


def _where_and_when(program: Program, slot: Slot, where: tzinfo, said: dict[_SlotKey, str]) -> str:
    """ "Sun 1 Nov 10:00–12:00 EST, Poster Session 2"; `said` remembers each line (a session's
    line is asked for once per paper in it)."""
    key = (slot.session, slot.start, slot.end)
    line = said.get(key)
    if line is None:
        session = program.sessions_by_id[slot.session]
        span = program.when(slot)
        when = format_range(span, where) if span else "no time yet"
        line = said[key] = f"{when}, {session.title}"
    return line


def _location(program: Program, session: Session, slot: Slot | None = None) -> str | None:
    # A virtual event has no room: its session page is where one goes; else the venue (NeurIPS lists no rooms).
    # A poster's board follows its hall.
    place = session.room or session.url or program.conference.venue
    board = board_of(session, slot)
    if board:
        hall = session.room or program.conference.venue  # a session page is no place to put a board after
        return f"{hall}, board {board}" if hall else f"board {board}"
    return place


def _url(presentation: Presentation) -> str | None:
    links = presentation.links
    return links.paper or links.openreview or links.page


def _links_text(presentation: Presentation) -> list[str]:
    return [f"{LINK_LABELS.get(name, name.title())}: {url}" for name, url in presentation.links.items()]


def _slot_entry(program: Program, appearance: _Appearance, alarm_minutes: int | None) -> CalendarEntry:
    presentation, bookmark, session = appearance.presentation, appearance.bookmark, appearance.session
    place = f" · {appearance.slot.position}" if appearance.slot.position else ""
    head = [f"{KIND_LABELS[presentation.kind] or presentation.kind.value.title()} · {session.title}{place}"]
    if presentation.authors:
        head.append("Authors: " + ", ".join(presentation.authors))
    head.append(f"Priority: {bookmark.priority.value}")
    if bookmark.note:
        head.append(f"Note: {bookmark.note}")
    head.extend(appearance.elsewhere)
    blocks = ["\n".join(head)]
    if presentation.abstract:
        blocks.append(presentation.abstract)
    links = _links_text(presentation)
    if links:
        blocks.append("\n".join(links))
    return CalendarEntry(
        uid=appearance.uid,
        summary=summary_of(presentation),
        description="\n\n".join(blocks),
        span=appearance.span,
        location=_location(program, session, appearance.slot),
        url=_url(presentation),
        categories=(presentation.kind.value,),
        alarm_minutes=alarm_minutes,
        legacy_uid=appearance.legacy_uid,
    )


def _session_entry(program: Program, posters: list[_Appearance], alarm_minutes: int | None) -> CalendarEntry:
    session = posters[0].session
    posters = sorted(
        posters, key=lambda item: (-item.bookmark.priority.weight, _board(item.slot.position), item.presentation.title)
    )
    count = len(posters)
    blocks = [f"{plural(count, 'bookmarked poster')} in {session.title}"]
    for item in posters:
        lines = [
            f"{item.slot.position + ' · ' if item.slot.position else ''}{item.presentation.title} ({item.bookmark.priority.value})"
        ]
        if item.presentation.authors:
            lines.append(", ".join(item.presentation.authors))
        if item.bookmark.note:
            lines.append(f"Note: {item.bookmark.note}")
        lines.extend(item.elsewhere)
        url = _url(item.presentation)
        if url:
            lines.append(url)
        blocks.append("\n".join(lines))
    span = TimeRange(min(item.span.start for item in posters), max(item.span.end for item in posters))
    return CalendarEntry(
        uid=session_uid(program.conference.id, session.id),
        summary=f"Posters: {session.title} ({count} bookmarked)",
        description="\n\n".join(blocks),
        span=span,
        location=_location(program, session),
        url=session.url,
        categories=(Kind.POSTER.value,),
        alarm_minutes=alarm_minutes,
        legacy_uid=legacy_session_uid(program.conference.id, session.id),
    )


def _board(position: str | None) -> tuple[int, int, str]:
    """Sort key for poster boards: "#12" before "#101", boards without a number last."""
    if not position:
        return (2, 0, "")
    digits = "".join(character for character in position if character.isdigit())
    return (0, int(digits), position) if digits else (1, 0, position)


def first_and_last(entries: Iterable[CalendarEntry]) -> TimeRange | None:
    """From the first start to the last end among `entries`; None for no entries."""
    spans = [entry.span for entry in entries]
    if not spans:
        return None
    return TimeRange(min(span.start for span in spans), max(span.end for span in spans))
