"""Provides what every importer shares: the raw source, the options, notes and the result."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Protocol

from planner.errors import SourceError
from planner.model import Conference, Program, SourceRef

# A raw source larger than this is not a conference program; refuse it before reading it whole.
MAX_SOURCE_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class RawSource:
    """The text of one raw source, with the name messages should call it by."""

    name: str
    text: str
    digest: str

    @classmethod
    def read(cls, path: Path | str) -> RawSource:
        path = Path(path)
        try:
            size = path.stat().st_size
            if size > MAX_SOURCE_BYTES:
                raise SourceError(f"{size} bytes is larger than any program planner reads", file=str(path))
            data = path.read_bytes()
        except OSError as err:
            raise SourceError(f"cannot read: {err.strerror or err}", file=str(path)) from err
        return cls.from_bytes(data, name=str(path))

    @classmethod
    def from_bytes(cls, data: bytes, *, name: str) -> RawSource:
        if b"\x00" in data[:8192]:
            raise SourceError("this is a binary file, not a program page or feed", file=name)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            line = data[: err.start].count(b"\n") + 1
            raise SourceError("not UTF-8 text", file=name, line=line) from err
        return cls(name=name, text=text.replace("\r\n", "\n").replace("\r", "\n"), digest=hashlib.sha256(data).hexdigest())

    @property
    def file_name(self) -> str:
        """The bare file name, which is all a program file records of where it came from."""
        return Path(self.name).name

    def ref(self, format_name: str) -> SourceRef:
        return SourceRef(file=self.file_name, format=format_name, sha256=self.digest)


@dataclass(frozen=True, slots=True)
class ImportOptions:
    """What the person importing knows that the source may not say."""

    conference: str | None = None
    """Conference id, e.g. `neurips-2018`; wins over the id a source gives itself."""
    label: str | None = None
    """The id for a source that names no conference (its file name, when a raw file is opened directly)."""
    year: int | None = None
    """The year, for pages that print dates without one."""
    timezone: str | None = None
    """The conference's IANA zone (the venue's)."""
    today: date = field(default_factory=date.today)
    """Year inference looks back from here; tests fix it."""


@dataclass(frozen=True, slots=True)
class Note:
    """Something an importer skipped or decided, with where in the source it happened."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class Imported:
    """What an import yields: the program and the notes to show the person."""

    program: Program
    notes: tuple[Note, ...] = ()


class Importer(Protocol):
    """One source format. `read` is a pure function of the text and the options."""

    name: str
    """The format name, as given to `--format`."""
    summary: str
    """One line saying what the format is."""

    def sniff(self, source: RawSource) -> bool:
        """Whether the text looks like this format; cheap, no full parse."""
        ...

    def read(self, source: RawSource, options: ImportOptions) -> Imported:
        """Turn the text into a program, or raise a SourceError naming the line."""
        ...


_KNOWN_NAMES = {"neurips": "NeurIPS", "iclr": "ICLR", "icml": "ICML", "cvpr": "CVPR", "acl": "ACL", "aaai": "AAAI"}


def conference_name(conference_id: str) -> str:
    """A readable name for a conference id: 'neurips-2018' -> 'NeurIPS 2018'."""
    words = conference_id.replace("_", "-").split("-")
    return " ".join(_KNOWN_NAMES.get(word, word.upper() if len(word) <= 5 else word.title()) for word in words)


def require_conference_id(options: ImportOptions, source: RawSource, own: str | None = None) -> str:
    """The conference id: --conference, else the one the source gives itself (`own`), else the label."""
    identifier = options.conference or own or options.label
    if not identifier:
        raise SourceError(
            "this source does not name its conference; give --conference ID (for example neurips-2018)",
            file=source.name,
        )
    return identifier


def build_conference(
    options: ImportOptions,
    source: RawSource,
    format_name: str,
    *,
    zone_name: str,
    conference_id: str | None = None,
    name: str | None = None,
    start: date | None = None,
    end: date | None = None,
    notes: list[str] | None = None,
) -> Conference:
    identifier = require_conference_id(options, source, conference_id)
    return Conference(
        id=identifier,
        name=name or conference_name(identifier),
        timezone=options.timezone or zone_name,
        start=start,
        end=end,
        sources=[source.ref(format_name)],
        notes=notes or [],
    )
