"""Provides the importer for session pages of the ML virtual sites (neurips.cc, iclr.cc, icml.cc).

A page copied from such a site reads: the site's chrome ("Skip to yearly menu bar…"), the word
"Session", the session title, "Abstract:", "Chat is not available.", then one block per
presentation. On a timed page each block opens with a time line ("Tue 4 Dec. 12:30 - 12:35 PST")
and a kind line ("Spotlight", "Oral") before the title, the authors (joined by " · ") and an
abstract of one or more paragraphs.

An untimed page (a poster session before the site shows its hour) has blocks separated by two
blank lines: the title (perhaps under a label line such as "Outstanding Paper" or "Oral"), the
author line (one name alone, or names joined by " · ") and the abstract's paragraphs. Its session
comes in without a time; a poster session's papers are posters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from planner.errors import SourceError, TimeFormatError
from planner.importers.base import (
    Imported,
    ImportOptions,
    Note,
    Paragraph,
    RawSource,
    build_conference,
    paragraphs,
    reports_invalid,
    zone_of_untimed,
)
from planner.importers.page_times import parse_range
from planner.program.ids import presentation_id, slug
from planner.program.model import Kind, Presentation, Program, Session, Slot
from planner.program.times import TimeRange

NAME = "virtual-site-page"

_CHROME = {"skip to yearly menu bar skip to main content", "abstract:", "chat is not available.", "session"}
_TIME_LINE = re.compile(
    r"^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?\s+\d{1,2}\s+[a-z]+\.?(?:\s+\d{4})?\s+\d{1,2}:\d{2}.*[-–].*\d{1,2}:\d{2}",
    re.I,
)
_KINDS = {
    "oral": Kind.ORAL,
    "spotlight": Kind.SPOTLIGHT,
    "poster": Kind.POSTER,
    "invited talk": Kind.KEYNOTE,
    "keynote": Kind.KEYNOTE,
    "talk": Kind.TALK,
    "tutorial": Kind.TUTORIAL,
    "workshop": Kind.WORKSHOP,
}
AUTHOR_SEPARATOR = " · "


@dataclass
class _Entry:
    line: int
    span: TimeRange | None
    kind: Kind
    title: str = ""
    authors: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    subtitle: str = ""


class VirtualSitePage:
    name = NAME
    summary = "a session page from a NeurIPS/ICLR/ICML virtual site (times optional)"

    def sniff(self, source: RawSource) -> bool:
        head = [line.strip().lower() for line in source.text.splitlines()[:20] if line.strip()]
        return "session" in head and "abstract:" in head

    @reports_invalid
    def read(self, source: RawSource, options: ImportOptions) -> Imported:
        lines = source.text.split("\n")
        title_index = _session_title_index(lines, source)
        session_title = lines[title_index].strip()
        notes: list[Note] = []
        if any(_TIME_LINE.match(line.strip()) for line in lines[title_index + 1 :]):
            entries, page_zone = _timed_entries(lines, title_index + 1, source, options, notes)
            zone_name = page_zone or "UTC"
            if options.timezone is None:
                notes.append(
                    Note(
                        source.name,
                        None,
                        f"no --timezone given: the conference's zone is taken as {zone_name}, the zone the page's times are in",
                    )
                )
        else:
            entries = _untimed_entries(lines, title_index + 1, source, _poster_session(session_title))
            zone_name = zone_of_untimed(options, source, notes)
        if not entries:
            raise SourceError("no presentations found after the session title", file=source.name, line=title_index + 1)
        conference = build_conference(options, source, NAME, zone_name=zone_name)

        spans = [entry.span for entry in entries if entry.span]
        kinds = {entry.kind for entry in entries}
        session = Session(
            id=slug(session_title),
            title=session_title,
            kind=Kind.POSTER if _poster_session(session_title) else kinds.pop() if len(kinds) == 1 else Kind.MIXED,
            start=min(span.start for span in spans) if spans else None,
            end=max(span.end for span in spans) if spans else None,
        )
        presentations: dict[str, Presentation] = {}
        for entry in entries:
            identifier = presentation_id(entry.title)
            slot = Slot(
                session=session.id,
                start=entry.span.start if entry.span else None,
                end=entry.span.end if entry.span else None,
            )
            if identifier in presentations:
                # The same paper twice on one page is one presentation shown twice.
                earlier = presentations[identifier]
                presentations[identifier] = earlier.model_copy(update={"slots": [*earlier.slots, slot]})
                continue
            presentations[identifier] = Presentation(
                id=identifier,
                title=entry.title,
                kind=entry.kind,
                authors=entry.authors,
                abstract="\n\n".join(entry.paragraphs),
                subtitle=entry.subtitle,
                slots=[slot],
            )
        program = Program(conference=conference, sessions=[session], presentations=list(presentations.values()))
        return Imported(program, tuple(notes))


def _session_title_index(lines: list[str], source: RawSource) -> int:
    for index, line in enumerate(lines[:40]):
        if line.strip() == "Session":
            for following in range(index + 1, len(lines)):
                if lines[following].strip():
                    return following
    raise SourceError("no 'Session' heading near the top: not a virtual-site session page", file=source.name, line=1)


def _timed_entries(
    lines: list[str], start: int, source: RawSource, options: ImportOptions, notes: list[Note]
) -> tuple[list[_Entry], str | None]:
    """The presentations on the page, and the zone its times are printed in."""
    entries: list[_Entry] = []
    page_zone: str | None = None
    year = options.year
    index = start
    while index < len(lines):
        text = lines[index].strip()
        number = index + 1
        if not text or text.lower() in _CHROME:
            index += 1
            continue
        if _TIME_LINE.match(text):
            try:
                parsed = parse_range(text, year=year, conference_zone=options.timezone, today=options.today)
            except TimeFormatError as err:
                raise err.at(source.name, number) from None
            page_zone = page_zone or getattr(parsed.zone, "key", None)
            if year is None:
                # One inference per page: every block on it is the same year.
                year = parsed.range.start.year
            notes.extend(Note(source.name, number, note) for note in parsed.notes)
            index = _read_block(lines, index + 1, parsed.range, source, entries)
            continue
        if entries:
            entries[-1].paragraphs.append(text)
        else:
            notes.append(Note(source.name, number, f"skipped text before the first presentation: {text[:60]!r}"))
        index += 1
    return entries, page_zone


def _next_text(lines: list[str], index: int) -> int:
    while index < len(lines) and not lines[index].strip():
        index += 1
    return index


def _read_block(lines: list[str], index: int, span: TimeRange, source: RawSource, entries: list[_Entry]) -> int:
    """Read kind, title and authors after a time line; returns where the abstract starts."""
    index = _next_text(lines, index)
    if index >= len(lines):
        raise SourceError("a time line with no presentation after it", file=source.name, line=index)
    kind_text = lines[index].strip()
    kind = _KINDS.get(kind_text.lower())
    if kind is None:
        raise SourceError(
            f"expected a kind (Oral, Spotlight, Poster…) after the time, found {kind_text[:60]!r}",
            file=source.name,
            line=index + 1,
        )
    entry = _Entry(line=index + 1, span=span, kind=kind)
    index = _next_text(lines, index + 1)
    if index >= len(lines) or _TIME_LINE.match(lines[index].strip()):
        raise SourceError("a presentation with no title", file=source.name, line=entry.line)
    entry.title = lines[index].strip()
    index = _next_text(lines, index + 1)
    if index >= len(lines) or _TIME_LINE.match(lines[index].strip()):
        raise SourceError(f"{entry.title[:60]!r} has no author line", file=source.name, line=index)
    entry.authors = split_authors(lines[index])
    entries.append(entry)
    return index + 1


def _poster_session(title: str) -> bool:
    return "poster" in title.lower()


def _untimed_entries(lines: list[str], start: int, source: RawSource, posters: bool) -> list[_Entry]:
    """Blocks of title / authors / abstract, separated by two blank lines."""
    entries = []
    for block in _blocks(lines, start):
        heading, rest = block[0], block[1:]
        *labels, title = heading.lines
        kinds = [_KINDS[label.lower()] for label in labels if label.lower() in _KINDS]
        entry = _Entry(
            line=heading.line,
            span=None,
            kind=kinds[0] if kinds else Kind.POSTER if posters else Kind.OTHER,
            title=title,
            subtitle=" · ".join(label for label in labels if label.lower() not in _KINDS),
        )
        if not rest:
            raise SourceError(
                f"{title[:60]!r} has no author line (the page ends or the next entry starts)", file=source.name, line=heading.line
            )
        if len(rest[0].lines) != 1:
            raise SourceError(
                f"expected the author line of {title[:60]!r}, found a paragraph", file=source.name, line=rest[0].line
            )
        entry.authors = split_authors(rest[0].lines[0])
        entry.paragraphs = [" ".join(paragraph.lines) for paragraph in rest[1:]]
        entries.append(entry)
    return entries


def _blocks(lines: list[str], start: int) -> list[list[Paragraph]]:
    """Paragraphs grouped into one list per presentation.

    Two blank lines start a new presentation. Where a page lost its double spacing, an author
    line (names joined by " · ") later in a block still shows that the paragraph before it is
    the title of the next presentation.
    """
    blocks: list[list[Paragraph]] = []
    for paragraph in paragraphs(lines, start):
        if all(line.lower() in _CHROME for line in paragraph.lines):
            continue
        if not blocks or paragraph.blank_before >= 2:
            blocks.append([paragraph])
        else:
            blocks[-1].append(paragraph)
    split: list[list[Paragraph]] = []
    for block in blocks:
        begin = 0
        for index in range(len(block)):
            # A title, its authors and at least one more paragraph must come before a new title.
            if index - 1 >= begin + 2 and _is_author_line(block[index]) and len(block[index - 1].lines) <= 2:
                split.append(block[begin : index - 1])
                begin = index - 1
        split.append(block[begin:])
    return split


def _is_author_line(paragraph: Paragraph) -> bool:
    return len(paragraph.lines) == 1 and AUTHOR_SEPARATOR in paragraph.lines[0]


def split_authors(line: str) -> list[str]:
    """The ' · '-separated author line of the virtual sites; a single author has no separator."""
    return [name.strip() for name in line.split("·") if name.strip()]


IMPORTER = VirtualSitePage()
