"""Provides what every importer shares: raw sources (a file or a folder), options, notes, the result, and list helpers."""

from __future__ import annotations

import codecs
import functools
import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal, Protocol, TypeVar, cast

from pydantic import ValidationError

from planner.errors import SourceError
from planner.json_lines import validation_problem
from planner.plurals import noun
from planner.program.model import Conference, Presentation, Program, SourceRef

# A raw source larger than this is not a conference program; refuse it before reading it whole.
# The largest real feeds (a 20,000-event congress with full abstracts) are tens of megabytes;
# `--max-size` changes it for one import.
MAX_SOURCE_BYTES = 200 * 1024 * 1024
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_FOLDED_BREAK = re.compile(rb"\r?\n[ \t]")
# UTF-32's marks first: UTF-32-LE's begins with UTF-16-LE's.
_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# A folder source (MiniConf sitedata) holds a handful of tables; only these kinds of file are read.
FOLDER_FILE_SUFFIXES = frozenset({".csv", ".tsv", ".json", ".yml", ".yaml", ".txt", ".md"})
MAX_FOLDER_FILES = 64


@dataclass(frozen=True, slots=True)
class RawSource:
    """The text of one raw source, with the name messages should call it by."""

    name: str
    text: str
    digest: str

    @classmethod
    def read(cls, path: Path | str, *, max_size: int = MAX_SOURCE_BYTES) -> RawSource:
        path = Path(path)
        try:
            size = path.stat().st_size
            if size > max_size:
                raise SourceError(
                    f"{size:,} bytes is more than the {max_size:,} a program source may be; "
                    "give --max-size BYTES if this really is one program",
                    file=str(path),
                )
            data = path.read_bytes()
        except OSError as err:
            raise SourceError(f"cannot read: {err.strerror or err}", file=str(path)) from err
        return cls.from_bytes(data, name=str(path))

    @classmethod
    def from_bytes(cls, data: bytes, *, name: str) -> RawSource:
        text = decoded(data, name)
        return cls(name=name, text=text.replace("\r\n", "\n").replace("\r", "\n"), digest=hashlib.sha256(data).hexdigest())

    @property
    def file_name(self) -> str:
        """The bare file name, which is all a program file records of where it came from."""
        return Path(self.name).name

    def ref(self, format_name: str) -> SourceRef:
        return SourceRef(file=self.file_name, format=format_name, sha256=self.digest)


def decoded(data: bytes, name: str) -> str:
    """The text of a source, in the encodings XML, JSON and iCalendar allow.

    A byte-order mark says UTF-16 or UTF-32; an XML declaration may name another encoding
    (ISO-8859-1); everything else is UTF-8. An .ics may fold a line in the middle of a UTF-8
    character (RFC 5545 3.1 counts octets), so when UTF-8 fails on a calendar its lines are
    unfolded as bytes first. Only then is a NUL byte taken as the sign of a binary file.
    """
    for mark, codec in _MARKS:
        if data.startswith(mark):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as err:
                raise SourceError(f"not {codec.upper()} text, though it starts with that byte-order mark", file=name) from err
    if b"\x00" in data[:8192]:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise SourceError("this is a binary file, not a program page or feed", file=name, line=line)
    declared = _XML_ENCODING.match(data.lstrip()[:200])
    encoding = declared[1].decode("ascii") if declared else "utf-8"
    try:
        codec = codecs.lookup(encoding).name
    except LookupError:
        raise SourceError(
            f"its XML declaration names the encoding {encoding!r}, which is not one planner knows", file=name
        ) from None
    if codec not in ("utf-8", "utf-16", "utf-32"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError as err:
            line = data[: err.start].count(b"\n") + 1
            raise SourceError(f"not {encoding} text, as its XML declaration says", file=name, line=line) from err
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        if data.lstrip()[:15].upper() == b"BEGIN:VCALENDAR":
            try:
                return _FOLDED_BREAK.sub(b"", data).decode("utf-8-sig")
            except UnicodeDecodeError:
                pass
        line = data[: err.start].count(b"\n") + 1
        raise SourceError("not UTF-8 text", file=name, line=line) from err


@dataclass(frozen=True, slots=True)
class RawFolder:
    """A source made of several files in one folder (MiniConf sitedata), each read as text.

    A file that is not text is kept as the error it raised, so that only an importer that needs
    that file fails, naming it.
    """

    name: str
    files: dict[str, RawSource | SourceError]
    """By bare file name."""

    @classmethod
    def read(cls, path: Path | str) -> RawFolder:
        path = Path(path)
        try:
            candidates = sorted(
                entry for entry in path.iterdir() if entry.suffix.lower() in FOLDER_FILE_SUFFIXES and entry.is_file()
            )
        except OSError as err:
            raise SourceError(f"cannot read the folder: {err.strerror or err}", file=str(path)) from err
        if len(candidates) > MAX_FOLDER_FILES:
            raise SourceError(f"{len(candidates)} files is more than any program source holds", file=str(path))
        files: dict[str, RawSource | SourceError] = {}
        for entry in candidates:
            try:
                files[entry.name] = RawSource.read(entry)
            except SourceError as err:
                files[entry.name] = err
        return cls(name=str(path), files=files)

    @classmethod
    def from_texts(cls, name: str, texts: dict[str, str]) -> RawFolder:
        """A folder made in memory (tests), its files named inside `name`."""
        return cls(
            name=name,
            files={file: RawSource.from_bytes(text.encode("utf-8"), name=f"{name}/{file}") for file, text in texts.items()},
        )

    @property
    def file_name(self) -> str:
        return Path(self.name).name

    def get(self, file: str) -> RawSource | None:
        """The file named `file`, None when the folder has none, or its error when it is not text."""
        found = self.files.get(file)
        if isinstance(found, SourceError):
            raise found
        return found

    def ref(self, source: RawSource, format_name: str) -> SourceRef:
        """A file of the folder as a program records it: the folder's name and the file's."""
        return SourceRef(file=f"{self.file_name}/{source.file_name}", format=format_name, sha256=source.digest)


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
    strict: bool = False
    """Refuse the whole source over one broken event, instead of skipping it with a note."""
    max_size: int = MAX_SOURCE_BYTES
    """The largest raw source read, in bytes."""


@dataclass(frozen=True, slots=True)
class Note:
    """Something an importer skipped or decided, with where in the source it happened."""

    file: str
    line: int | None
    message: str
    skipped: bool = False
    """Whether this note is about an entry of the source left out of the program."""
    reason: SourceError | None = field(default=None, compare=False, repr=False)
    """The error that made the entry be left out."""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class Summary:
    """What one source gave: its format, how many presentations, what was skipped, how many notes."""

    file: str
    format: str
    imported: int
    skipped: tuple[Note, ...]
    notes: int

    def __str__(self) -> str:
        line = f"{self.file} ({self.format}): {self.imported:,} imported"
        if self.skipped:
            first = self.skipped[0]
            where = f"line {first.line}: " if first.line is not None else ""
            reason = first.message.split(": ", 1)[-1]
            more = f", and {len(self.skipped) - 1} more" if len(self.skipped) > 1 else ""
            line += f", {len(self.skipped):,} skipped ({where}{reason}{more})"
        others = self.notes - len(self.skipped)
        if others:
            line += f", {others:,} {noun(others, 'note')}"
        return line

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "format": self.format,
            "imported": self.imported,
            "skipped": [{"line": note.line, "message": note.message} for note in self.skipped],
            "notes": self.notes - len(self.skipped),
        }


@dataclass(frozen=True, slots=True)
class Imported:
    """What an import yields: the program and the notes to show the person."""

    program: Program
    notes: tuple[Note, ...] = ()
    summaries: tuple[Summary, ...] = ()
    """One per source read, in the order given."""


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


class FolderImporter(Protocol):
    """A format made of several files in one folder; the registry hands it folders only."""

    name: str
    summary: str
    reads_folders: Literal[True]

    def sniff(self, folder: RawFolder) -> bool: ...

    def read(self, folder: RawFolder, options: ImportOptions) -> Imported: ...


def skip(err: SourceError, title: str | None, options: ImportOptions, notes: list[Note]) -> None:
    """Leave one broken entry out with a note saying where and why; with --strict, refuse the source."""
    if options.strict:
        raise err
    name = " ".join((title or "").split())
    what = f"skipped {name[:60]!r}" if name else "skipped an entry"
    notes.append(Note(err.file or "", err.line, f"{what}: {err.message}", skipped=True, reason=err))


def nothing_left(notes: Iterable[Note]) -> None:
    """When every entry of a source was skipped, the first one's error: the source is refused, not read as empty."""
    skipped = [note for note in notes if note.skipped and note.reason is not None]
    if skipped:
        first = skipped[0].reason
        assert first is not None  # kept only the notes with a reason
        more = (
            f" (and {len(skipped) - 1} more {noun(len(skipped) - 1, 'entry', 'entries')} skipped: nothing could be read)"
            if len(skipped) > 1
            else ""
        )
        raise SourceError(first.message + more, file=first.file, line=first.line)


Read = TypeVar("Read", bound=Callable[..., Imported])


def reports_invalid(read: Read) -> Read:
    """Wrap an importer's `read` so a program the model refuses becomes a SourceError naming the file.

    The model checks what no single line shows (two sessions with one id, a slot in a session
    that is not there); the person still gets one message about their file, never a traceback.
    """

    @functools.wraps(read)
    def guarded(self: object, source: RawSource | RawFolder, options: ImportOptions) -> Imported:
        try:
            return read(self, source, options)
        except ValidationError as err:
            location, message = validation_problem(err)
            where = ".".join(str(part) for part in location)  # a place in the program made, not in the source
            raise SourceError(
                f"it does not make a valid program: {where + ': ' if where else ''}{message}", file=source.name
            ) from None

    return cast(Read, guarded)  # the same signature as `read`


_KNOWN_NAMES = {"neurips": "NeurIPS", "iclr": "ICLR", "icml": "ICML", "cvpr": "CVPR", "acl": "ACL", "aaai": "AAAI"}
_NAMED_CONFERENCE = re.compile(r"\b(neurips|nips|iclr|icml|cvpr|iccv|eccv|acl|emnlp|aaai|ijcai)\s*'?((?:19|20)\d\d)(?!\d)", re.I)


def named_conference(text: str) -> str | None:
    """The conference id a heading names ("ICLR 2021: …", "*iclr 2021*", "ICLR2020…"), or None."""
    found = _NAMED_CONFERENCE.search(text)
    if found is None:
        return None
    return f"{found[1].lower()}-{found[2]}"


def conference_name(conference_id: str) -> str:
    """A readable name for a conference id: 'neurips-2018' -> 'NeurIPS 2018'."""
    words = conference_id.replace("_", "-").split("-")
    return " ".join(_KNOWN_NAMES.get(word, word.upper() if len(word) <= 5 else word.title()) for word in words)


def require_conference_id(options: ImportOptions, source: RawSource | RawFolder, own: str | None = None) -> str:
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
    source: RawSource | RawFolder,
    format_name: str,
    *,
    zone_name: str,
    conference_id: str | None = None,
    name: str | None = None,
    start: date | None = None,
    end: date | None = None,
    notes: list[str] | None = None,
    sources: list[SourceRef] | None = None,
) -> Conference:
    """The conference a source describes; what the person said (--conference, --timezone) wins."""
    identifier = require_conference_id(options, source, conference_id)
    return Conference(
        id=identifier,
        name=name or conference_name(identifier),
        timezone=options.timezone or zone_name,
        start=start,
        end=end,
        sources=sources if sources is not None else [_file_ref(source, format_name)],
        notes=notes or [],
    )


def _file_ref(source: RawSource | RawFolder, format_name: str) -> SourceRef:
    if isinstance(source, RawFolder):
        raise TypeError("a folder's importer names the files it read (sources=)")
    return source.ref(format_name)


def zone_of_untimed(options: ImportOptions, source: RawSource, notes: list[Note]) -> str:
    """The conference zone for a source that prints no times: --timezone, else UTC, said in a note."""
    if options.timezone:
        return options.timezone
    notes.append(Note(source.name, None, "no times and no --timezone: the conference's zone is set to UTC"))
    return "UTC"


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A run of non-blank lines, with the line number it starts on and the blank lines before it."""

    line: int
    lines: tuple[str, ...]
    blank_before: int

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def paragraphs(lines: list[str], start: int = 0, stop: int | None = None) -> Iterator[Paragraph]:
    """The paragraphs of `lines[start:stop]`, stripped, numbered from 1 like an editor does."""
    blank, first = 0, 0
    current: list[str] = []
    for index in range(start, len(lines) if stop is None else stop):
        text = lines[index].strip()
        if text:
            if not current:
                first = index
            current.append(text)
            continue
        if current:
            yield Paragraph(first + 1, tuple(current), blank)
            current, blank = [], 0
        blank += 1
    if current:
        yield Paragraph(first + 1, tuple(current), blank)


def untimed_list(
    found: Iterable[tuple[int, Presentation]],
    source: RawSource,
    options: ImportOptions,
    notes: list[Note],
    format_name: str,
    *,
    conference_id: str | None,
) -> Imported:
    """The program of a list of papers that gives no times (a paper list, a blog post).

    `found` gives each paper with its line; `conference_id` is the conference the list names, if
    any (--conference wins). The zone is --timezone, else UTC with a note; a paper listed twice is
    kept once, with a note.
    """
    conference = build_conference(
        options, source, format_name, zone_name=zone_of_untimed(options, source, notes), conference_id=conference_id
    )
    presentations = distinct_presentations(found, source, notes)
    return Imported(Program(conference=conference, presentations=presentations), tuple(notes))


def distinct_presentations(found: Iterable[tuple[int, Presentation]], source: RawSource, notes: list[Note]) -> list[Presentation]:
    """The presentations of a list, in order; one listed again under the same id is skipped with a note."""
    kept: dict[str, Presentation] = {}
    for line, presentation in found:
        if presentation.id in kept:
            notes.append(Note(source.name, line, f"skipped {presentation.title[:60]!r}: listed twice"))
            continue
        kept[presentation.id] = presentation
    return list(kept.values())
