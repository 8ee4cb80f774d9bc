"""Provides the program model: Conference, Session, Presentation, Slot and Kind.

Pure data with validation, no I/O. Every datetime is aware (a naive one is a validation error);
times keep the offset the source gave and are converted only for display. Models are frozen, so
a program can be shared between the engine and the TUI without anyone changing it underfoot.

A program holds its sessions, presentations, slots and links by the tens of thousands, so those
are slotted pydantic dataclasses (`_record`): validated exactly like models, but without a
`__dict__` and a set of the fields given on every instance, which made a 20,000-paper program
take twice the memory and half again the time to load. They keep the model methods the rest of
the code uses (`model_copy`, `model_dump`, `model_validate`, `model_validate_json`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import field, fields, replace
from datetime import date, datetime
from enum import StrEnum
from functools import cached_property
from typing import Annotated, Any, Final, Literal, Self, dataclass_transform
from zoneinfo import ZoneInfo

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    model_validator,
)
from pydantic.dataclasses import dataclass

from planner.program.times import TimeRange, fixed_offset, is_zone_name, zone

PROGRAM_FORMAT: Final = "planner-program"
PROGRAM_VERSION: Final = 1


class Kind(StrEnum):
    """What sort of thing a session or presentation is, in the words a program uses."""

    ORAL = "oral"
    SPOTLIGHT = "spotlight"
    POSTER = "poster"
    TALK = "talk"
    KEYNOTE = "keynote"
    TUTORIAL = "tutorial"
    WORKSHOP = "workshop"
    QA = "qa"
    SOCIAL = "social"
    MIXED = "mixed"
    OTHER = "other"


def _known_zone(name: str) -> str:
    if not is_zone_name(name):
        raise ValueError(f"unknown IANA time zone {name!r}")
    return name


def _pinned_offset(moment: datetime) -> datetime:
    # A datetime in a zone with rules (a ZoneInfo) compares by wall clock against others in the
    # same zone and so misorders the two sides of a DST fold; its fixed offset is the same instant
    # and orders correctly. Fixed offsets answer utcoffset(None); zones with rules do not.
    zone = moment.tzinfo
    return moment if zone is not None and zone.utcoffset(None) is not None else fixed_offset(moment)


ZoneName = Annotated[str, AfterValidator(_known_zone)]
Instant = Annotated[AwareDatetime, AfterValidator(_pinned_offset)]
"""An aware datetime kept at the UTC offset it has, as a program file stores it."""
Id = Annotated[str, Field(min_length=1, max_length=200, pattern=r"^[^\s]+$")]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class _Record:
    """The model methods, for the slotted dataclasses a program holds many of."""

    __slots__ = ()

    @classmethod
    def model_validate(cls, data: Any) -> Self:
        made: Self = _adapter(cls).validate_python(data)
        return made

    @classmethod
    def model_validate_json(cls, data: str | bytes) -> Self:
        made: Self = _adapter(cls).validate_json(data)
        return made

    def model_dump(self, **options: Any) -> dict[str, Any]:
        dumped: dict[str, Any] = _adapter(type(self)).dump_python(self, **options)
        return dumped

    def model_copy(self, *, update: dict[str, Any] | None = None) -> Self:
        """A copy with `update` applied, validated again (a model's copy would skip validation)."""
        return replace(self, **update) if update else self  # type: ignore[type-var]  # subclasses are dataclasses


_ADAPTERS: dict[type[Any], TypeAdapter[Any]] = {}


def _adapter(cls: type[Any]) -> TypeAdapter[Any]:
    adapter = _ADAPTERS.get(cls)
    if adapter is None:
        adapter = _ADAPTERS[cls] = TypeAdapter(cls)
    return adapter


@dataclass_transform(frozen_default=True, kw_only_default=True, field_specifiers=(field, Field))
def _record(cls: type) -> type:
    """Frozen, keyword-only, no unknown fields, and slotted: no per-instance dict."""
    return dataclass(frozen=True, slots=True, kw_only=True, config=ConfigDict(extra="forbid"))(cls)


class SourceRef(_Frozen):
    """One raw source a program was built from."""

    file: str
    """The file name as it was imported (no directories: a program file names no local paths)."""
    format: str
    """The importer that read it."""
    sha256: str
    """Digest of the raw bytes, so a regenerated program can say it came from the same sources."""


class ConferenceDay(_Frozen):
    """A conference day as the organisers draw it; a day may run past midnight (31C3: to 04:00)."""

    date: date
    start: Instant
    end: Instant


class Conference(_Frozen):
    """The event itself: its id, name, home time zone and dates."""

    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9.\-_]*$", max_length=80)]
    """A slug such as `neurips-2018`; bookmark files and calendar UIDs are keyed by it."""
    name: str
    timezone: ZoneName
    """IANA zone of the venue (of the organisers, for a virtual event); days are counted in it."""
    start: date | None = None
    end: date | None = None
    venue: str | None = None
    url: str | None = None
    days: list[ConferenceDay] = []
    """Day boundaries the source declares; empty means midnight to midnight in `timezone`."""
    sources: list[SourceRef] = []
    notes: list[str] = []
    """What a reader should know about this program ("Poster Session 8 has no time yet")."""

    @cached_property
    def zone(self) -> ZoneInfo:
        return zone(self.timezone)

    def day_of(self, moment: datetime) -> date:
        """The conference day an instant belongs to: the declared day that holds it, else its local date."""
        for day in self.days:
            if day.start <= moment < day.end:
                return day.date
        return moment.astimezone(self.zone).date()


@_record
class Session(_Record):
    """A block of the program: an oral track, a poster session, a social. May have no time yet."""

    id: Id
    title: str
    kind: Kind
    start: Instant | None = None
    end: Instant | None = None
    room: str | None = None
    track: str | None = None
    url: str | None = None

    @model_validator(mode="after")
    def _times_come_in_pairs(self) -> Session:
        _check_pair(self.start, self.end, f"session {self.id}")
        return self

    @property
    def span(self) -> TimeRange | None:
        return TimeRange(self.start, self.end) if self.start and self.end else None


@_record
class Slot(_Record):
    """One appearance of a presentation in a session; its own times narrow the session's."""

    session: Id
    start: Instant | None = None
    end: Instant | None = None
    position: str | None = None
    """Poster board number or order in the session, as the program prints it."""

    @model_validator(mode="after")
    def _times_come_in_pairs(self) -> Slot:
        # Most slots have no times of their own (a poster board in its session's hours), and a
        # program holds tens of thousands: those return at once, with no message made.
        if self.start is not None or self.end is not None:
            _check_pair(self.start, self.end, f"slot in session {self.session}")
        return self


@_record
class Links(_Record):
    """Where to read more: the paper, its OpenReview forum, code, video, slides, a page."""

    paper: str | None = None
    openreview: str | None = None
    code: str | None = None
    video: str | None = None
    slides: str | None = None
    page: str | None = None

    def items(self) -> Iterator[tuple[str, str]]:
        """The links given, as (name, url), in field order."""
        for name in _LINK_NAMES:
            value = getattr(self, name)
            if value:
                yield name, value


_LINK_NAMES = tuple(link.name for link in fields(Links))


@_record
class Presentation(_Record):
    """A paper, talk or event a person can bookmark. Without slots it is unscheduled."""

    id: Id
    """Stable: the OpenReview forum id when known, else a slug of the title."""
    title: str
    kind: Kind
    kind_label: str = ""
    """The source's own name for the kind ("devroom", "lightningtalk"), when it says more than `kind`."""
    authors: list[str] = field(default_factory=list)
    abstract: str = ""
    subtitle: str = ""
    links: Links = Links()
    keywords: list[str] = field(default_factory=list)
    slots: list[Slot] = field(default_factory=list)
    provenance: dict[str, str] = field(default_factory=dict)
    """Which source each field came from, where several sources were merged."""


class Program(_Frozen):
    """A whole conference program: the content of one file in sessions/."""

    format: Literal["planner-program"] = PROGRAM_FORMAT
    version: Literal[1] = PROGRAM_VERSION
    conference: Conference
    sessions: list[Session] = []
    presentations: list[Presentation] = []

    @model_validator(mode="after")
    def _references_hold(self) -> Program:
        # Checked on every load of a program file of tens of thousands of papers: sets built in
        # one go, and a loop to name the culprit only when something is wrong.
        session_ids = {session.id for session in self.sessions}
        if len(session_ids) != len(self.sessions):
            raise ValueError(f"two sessions have the id {_repeated(session.id for session in self.sessions)!r}")
        if len({presentation.id for presentation in self.presentations}) != len(self.presentations):
            repeated = _repeated(presentation.id for presentation in self.presentations)
            raise ValueError(f"two presentations have the id {repeated!r}")
        if not session_ids.issuperset(slot.session for presentation in self.presentations for slot in presentation.slots):
            for presentation in self.presentations:
                for slot in presentation.slots:
                    if slot.session not in session_ids:
                        raise ValueError(f"presentation {presentation.id!r} has a slot in unknown session {slot.session!r}")
        return self

    @cached_property
    def sessions_by_id(self) -> dict[str, Session]:
        return {session.id: session for session in self.sessions}

    @cached_property
    def presentations_by_id(self) -> dict[str, Presentation]:
        return {presentation.id: presentation for presentation in self.presentations}

    def when(self, slot: Slot) -> TimeRange | None:
        """When a slot happens: its own times, else its session's, else None (not scheduled yet)."""
        if slot.start and slot.end:
            return TimeRange(slot.start, slot.end)
        return self.sessions_by_id[slot.session].span

    def is_scheduled(self, presentation: Presentation) -> bool:
        return any(self.when(slot) is not None for slot in presentation.slots)

    def day_of(self, slot: Slot) -> date | None:
        span = self.when(slot)
        return None if span is None else self.conference.day_of(span.start)


def _repeated(ids: Iterable[str]) -> str | None:
    """The first id that comes a second time."""
    seen = set()
    for each in ids:
        if each in seen:
            return each
        seen.add(each)
    return None


def _check_pair(start: datetime | None, end: datetime | None, what: str) -> None:
    if (start is None) != (end is None):
        raise ValueError(f"{what} has a start or an end but not both")
    if start is not None and end is not None and end < start:
        raise ValueError(f"{what} ends before it starts")


# C0 controls but tab and newline, DEL, C1 controls, and the bidirectional overrides and isolates
# that make a title read otherwise than it is stored: a feed may carry any of them, and every
# output (the terminal, the TUI, an exported .ics) would pass them on.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# The same characters as a JSON file in UTF-8 holds them, each found by its first byte: an escape
# (`\u001b`, or the short `\b`, `\f` and `\r` that json.dumps writes), DEL, or the UTF-8 bytes
# of C1 controls and bidirectional formatting characters.
_ESCAPE = re.compile(rb"\\[ubfr]")
_C1 = re.compile(rb"\xc2[\x80-\x9f]")
_BIDI = re.compile(rb"\xe2(?:\x80[\xaa-\xae]|\x81[\xa6-\xa9])")
_ESCAPED = re.compile(rb"\\(.)", re.DOTALL)  # each escape, read left to right: `\\` is one
_UNSAFE_ESCAPED = frozenset({b"u", b"b", b"f", b"r"})
# A search for one byte skips ahead many times faster than a pattern reads every byte, but each
# one found costs a step in Python: past this many, the pattern reads the rest.
_MANY: Final = 200_000
# Those that stand between words: a space, not nothing.
_SEPARATORS = frozenset("\x0b\x0c\x1c\x1d\x1e\x1f\x85")


def safe_text(text: str) -> str:
    """Text without control characters; one that separates words (a form feed) becomes a space."""
    if not _UNSAFE.search(text):
        return text
    return _UNSAFE.sub(lambda found: " " if found[0] in _SEPARATORS else "", text)


def may_hold_control_characters(json_text: str | bytes) -> bool:
    """Whether a program's JSON text may hold a control character: a quick scan, so that a clean file
    (every file planner writes) is loaded without visiting each of its strings."""
    data = json_text.encode("utf-8", "surrogatepass") if isinstance(json_text, str) else json_text
    return (
        b"\x7f" in data
        or _found_after(data, b"\\", _ESCAPE, 1)
        or _found_after(data, b"\xc2", _C1, 1)
        or _found_after(data, b"\xe2", _BIDI, 2)
    )


def _found_after(data: bytes, first: bytes, unsafe: re.Pattern[bytes], width: int) -> bool:
    """Whether `unsafe` matches where `first` is found, on `first` and the `width` bytes after it.

    The scan steps past those bytes: after a backslash, past the character it escapes, so that
    `\\\\u` (an escaped backslash, then "u") is no escape.
    """
    found, seen = data.find(first), 0
    while found >= 0:
        end = found + 1 + width
        if unsafe.match(data, found, end):
            return True
        seen += 1
        if seen > _MANY:
            if first == b"\\":  # a pattern would find `\\u` too: read each escape's character
                return not _UNSAFE_ESCAPED.isdisjoint(_ESCAPED.findall(data, found))
            return unsafe.search(data, found) is not None
        found = data.find(first, end)
    return False


def without_control_characters(program: Program) -> Program:
    """The program with control characters taken out of every text, once, where it enters planner.

    Called on every program imported and on every program file that may hold one, so that no
    output (the terminal, the TUI, an exported .ics) ever carries them. A clean program is
    returned as it is.
    """
    document = program.model_dump()
    cleaned = _cleaned(document)
    return program if cleaned == document else Program.model_validate(cleaned)


def _cleaned(value: Any) -> Any:
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, dict):
        return {key: _cleaned(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_cleaned(item) for item in value]
    return value
