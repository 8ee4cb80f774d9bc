"""Provides the importer for Markdown paper lists: `## [N] Title`, bold-labelled fields, `----`.

Each entry reads `## [0] Title`, then `**Authors**: *A, B*`, `**Conference**: *iclr 2021*`,
`**URL**: [link](link)` and `**Abstract**:` followed by the abstract's paragraphs, and is closed
by a `----` line. An OpenReview forum link gives the paper its id. Lists like this say nothing of
times or of how a paper is presented, so the papers come in unscheduled, of kind `other` unless
the Conference field names a kind ("iclr 2021 oral").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from planner.errors import SourceError
from planner.importers.base import (
    Imported,
    ImportOptions,
    Note,
    RawSource,
    named_conference,
    reports_invalid,
    untimed_list,
)
from planner.program.ids import openreview_id, presentation_id
from planner.program.model import Kind, Links, Presentation

NAME = "paper-list-markdown"

_HEADING = re.compile(r"^##\s*\[(?P<number>\d+)\]\s*(?P<title>.*?)\s*$")
_FIELD = re.compile(r"^\*\*(?P<name>[A-Za-z ]+)\*\*\s*:\s*(?P<value>.*)$")
_RULE = re.compile(r"^-{3,}\s*$")
_LINK = re.compile(r"\[(?P<text>[^\]]*)\]\((?P<url>[^)\s]+)\)")
_KINDS = {"oral": Kind.ORAL, "spotlight": Kind.SPOTLIGHT, "poster": Kind.POSTER}


@dataclass
class _Entry:
    line: int
    number: int
    title: str
    fields: dict[str, str] = field(default_factory=dict)
    abstract: list[str] = field(default_factory=list)
    closed: bool = False


class PaperListMarkdown:
    name = NAME
    summary = "a Markdown paper list: '## [N] Title', **Authors**, **URL** (OpenReview), **Abstract**, '----'"

    def sniff(self, source: RawSource) -> bool:
        head = source.text.split("\n")[:80]
        return any(_HEADING.match(line) for line in head) and any(line.startswith("**Authors**") for line in head)

    @reports_invalid
    def read(self, source: RawSource, options: ImportOptions) -> Imported:
        lines = source.text.split("\n")
        notes: list[Note] = []
        entries = _entries(lines, source, notes)
        if not entries:
            raise SourceError("no entries: no '## [N] Title' heading", file=source.name, line=1)
        if not entries[-1].closed:
            raise SourceError(
                f"entry [{entries[-1].number}] is not closed by a '----' line: the file looks cut short",
                file=source.name,
                line=entries[-1].line,
            )
        named = next((named_conference(entry.fields["conference"]) for entry in entries if "conference" in entry.fields), None)
        return untimed_list(
            ((entry.line, _presentation(entry)) for entry in entries), source, options, notes, NAME, conference_id=named
        )


def _entries(lines: list[str], source: RawSource, notes: list[Note]) -> list[_Entry]:
    entries: list[_Entry] = []
    current: _Entry | None = None
    skipped: list[int] = []
    for index, line in enumerate(lines):
        text = line.strip()
        number = index + 1
        heading = _HEADING.match(text)
        if heading:
            if current is not None and not current.closed:
                raise SourceError(
                    f"entry [{current.number}] is not closed by '----' before the next heading", file=source.name, line=number
                )
            if not heading["title"]:
                raise SourceError(f"entry [{heading['number']}] has no title", file=source.name, line=number)
            current = _Entry(number, int(heading["number"]), heading["title"])
            if entries and current.number != entries[-1].number + 1:
                notes.append(
                    Note(
                        source.name,
                        number,
                        f"entry [{current.number}] follows [{entries[-1].number}]: the list skips or repeats a number",
                    )
                )
            entries.append(current)
            continue
        if current is None or current.closed:
            if text:
                skipped.append(number)
            continue
        if _RULE.match(text):
            current.closed = True
            continue
        found = _FIELD.match(text)
        if found and "abstract" not in current.fields:
            name = found["name"].strip().lower()
            current.fields[name] = found["value"].strip()
            if name == "abstract" and found["value"].strip():
                current.abstract.append(found["value"].strip())
        elif "abstract" in current.fields:
            current.abstract.append(text)
        elif text:
            notes.append(Note(source.name, number, f"skipped a line in entry [{current.number}]: {text[:60]!r}"))
    if skipped:
        notes.append(Note(source.name, skipped[0], f"skipped {len(skipped)} lines outside the entries"))
    return entries


def _presentation(entry: _Entry) -> Presentation:
    url = _url(entry.fields.get("url", ""))
    forum = openreview_id(url)
    conference = _plain(entry.fields.get("conference", "")).lower()
    kind = next((kind for word, kind in _KINDS.items() if word in conference.split()), Kind.OTHER)
    return Presentation(
        id=presentation_id(entry.title, openreview=forum),
        title=entry.title,
        kind=kind,
        authors=[name.strip() for name in _plain(entry.fields.get("authors", "")).split(",") if name.strip()],
        abstract=_join(entry.abstract),
        links=Links(openreview=url) if forum else Links(paper=url),
    )


def _plain(value: str) -> str:
    """A field's value without its Markdown emphasis: '*iclr 2021*' -> 'iclr 2021'."""
    return value.replace("*", "").strip()


def _url(value: str) -> str | None:
    link = _LINK.search(value)
    url = link["url"] if link else value.strip().strip("<>")
    return url if url.startswith(("http://", "https://")) else None


def _join(lines: list[str]) -> str:
    """Abstract lines back into text: a blank line (kept as '') separates paragraphs."""
    text = "\n".join(lines)
    return re.sub(r"\n{2,}", "\n\n", text).strip()


IMPORTER = PaperListMarkdown()
