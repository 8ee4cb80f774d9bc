"""Provides the importer for blog posts that list papers as `**Title**`, `*Authors*` and a summary.

Institutes announce their accepted papers this way: a heading and an introduction, then one entry
per paper with its title in bold, its authors in italics and a plain-language summary. Two
things real posts do are handled:

- an author line broken by stray bold markers (`*A**, **B**, **C*`): the markers are dropped;
- an entry with no title line (the authors follow the previous summary directly): its title is
  recovered only when the introduction quotes it in a paragraph that names every one of its
  authors; otherwise the entry is skipped with a note. A title is never made up.

The summary is kept as the abstract. Posts give no times and no presentation kinds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise

from planner.errors import SourceError
from planner.importers.base import (
    Imported,
    ImportOptions,
    Note,
    Paragraph,
    RawSource,
    named_conference,
    paragraphs,
    reports_invalid,
    untimed_list,
)
from planner.program.ids import fold, presentation_id
from planner.program.model import Kind, Presentation

NAME = "blog-post"

_TITLE = re.compile(r"^\*\*(?!\*)(?P<title>[^*].*?)\s*\*\*$")
_AUTHORS = re.compile(r"^\*(?!\*)(?P<authors>.+)\*$")
# A quoted title in running text: “Teaching With Commentaries,” or "Teaching With Commentaries".
_QUOTED = re.compile(r"[“\"](?P<quoted>[^”\"]{3,200}?)[,.]?[”\"]")
_AND = re.compile(r",\s*(?:and\s+)?|\s+and\s+")


@dataclass
class _Entry:
    line: int
    title: str
    authors: list[str] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)
    recovered: bool = False


class BlogPost:
    name = NAME
    summary = "a blog post listing papers as **Title**, *Authors*, summary (no times)"

    def sniff(self, source: RawSource) -> bool:
        return _entry_count(list(paragraphs(source.text.split("\n")))) >= 2

    @reports_invalid
    def read(self, source: RawSource, options: ImportOptions) -> Imported:
        lines = source.text.split("\n")
        blocks = list(paragraphs(lines))
        first = next((index for index, block in enumerate(blocks) if _is_title(block)), None)
        if first is None:
            raise SourceError("no entries: no **Title** line followed by an *Authors* line", file=source.name, line=1)
        notes: list[Note] = []
        intro = blocks[:first]
        if intro:
            notes.append(
                Note(source.name, intro[0].line, f"skipped the introduction (lines {intro[0].line}–{blocks[first].line - 1})")
            )
        entries = _entries(blocks[first:], intro, source, notes)
        heading = intro[0].text if intro else ""
        found = (
            (
                entry.line,
                Presentation(
                    id=presentation_id(entry.title),
                    title=entry.title,
                    kind=Kind.OTHER,
                    authors=entry.authors,
                    abstract="\n\n".join(entry.summary),
                ),
            )
            for entry in entries
        )
        return untimed_list(found, source, options, notes, NAME, conference_id=named_conference(heading))


def _is_title(block: Paragraph) -> bool:
    return len(block.lines) == 1 and _TITLE.match(block.lines[0]) is not None


def _is_authors(block: Paragraph) -> bool:
    return len(block.lines) == 1 and _AUTHORS.match(block.lines[0]) is not None and not _is_title(block)


def _entry_count(blocks: list[Paragraph]) -> int:
    return sum(1 for block, following in pairwise(blocks) if _is_title(block) and _is_authors(following))


def _entries(blocks: list[Paragraph], intro: list[Paragraph], source: RawSource, notes: list[Note]) -> list[_Entry]:
    entries: list[_Entry] = []
    current: _Entry | None = None
    skipping = False
    for block in blocks:
        if _is_title(block):
            if current is not None and not current.authors:
                raise SourceError(f"{current.title[:60]!r} has no *Authors* line", file=source.name, line=current.line)
            heading = _TITLE.match(block.lines[0])
            assert heading is not None  # _is_title matched it
            current = _Entry(block.line, heading["title"].strip())
            skipping = False
        elif _is_authors(block) and current is not None and not current.authors and not current.summary:
            current.authors = split_authors(block.lines[0])
        elif _is_authors(block):
            # Authors after a summary: an entry whose title line is missing.
            authors = split_authors(block.lines[0])
            title, said = _title_from_intro(authors, intro)
            if title is None:
                notes.append(
                    Note(
                        source.name,
                        block.line,
                        f"skipped an entry with no title line (authors {', '.join(authors[:3])}…): the introduction names no title for it",
                    )
                )
                current, skipping = None, True
                continue
            notes.append(
                Note(
                    source.name,
                    block.line,
                    f"an entry with no title line: its title {title!r} is the one the introduction gives (line {said})",
                )
            )
            current = _Entry(block.line, title, authors, recovered=True)
            skipping = False
        elif current is not None and not skipping:
            if not current.authors:
                raise SourceError(
                    f"{current.title[:60]!r} has no *Authors* line before its text", file=source.name, line=block.line
                )
            current.summary.append(" ".join(block.lines))
        elif skipping:
            continue
        if current is not None and (not entries or entries[-1] is not current):
            entries.append(current)
    if entries and not entries[-1].authors:
        raise SourceError(
            f"{entries[-1].title[:60]!r} has no *Authors* line (the file ends after its title: cut short?)",
            file=source.name,
            line=entries[-1].line,
        )
    return entries


def split_authors(line: str) -> list[str]:
    """'*A, B, and C.*' or the broken '*A**, **B*' -> ['A', 'B', 'C']."""
    text = line.replace("*", "").strip().rstrip(".").strip()
    return [name.strip() for name in _AND.split(text) if name.strip()]


def _title_from_intro(authors: list[str], intro: list[Paragraph]) -> tuple[str | None, int | None]:
    """The title quoted in the one intro paragraph that names every author, if exactly one is quoted."""
    wanted = [fold(name) for name in authors]
    for block in intro:
        text = " ".join(block.lines)
        if not wanted or not all(name in fold(text) for name in wanted):
            continue
        quoted = [match["quoted"].strip() for match in _QUOTED.finditer(text)]
        if len(quoted) == 1:
            return quoted[0], block.line
    return None, None


IMPORTER = BlogPost()
