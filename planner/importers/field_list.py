"""Provides the importer for paper lists written as labelled fields: a title line, then `Author:`,
`link:`, `Code:`, `Abstract:` (which may run over several lines) and `Keyword:`.

Blog posts that repost a conference's accepted papers look like this, with a header before the
list and the page's own furniture (likes, comments, a wallet) after it; both are skipped with a
note. `Code: None` and `Keyword: None` mean there is none. What the list is of (orals, spotlights,
posters) is read from the header line that names exactly one kind: the list itself never says.
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

NAME = "field-list"

_FIELD = re.compile(r"^(?P<name>Author|Authors|link|Link|Code|Abstract|Keyword|Keywords):[ \t]*(?P<value>.*)$")
_NONE = {"", "none", "null", "n/a", "-"}
_REQUIRED = ("author", "link", "abstract", "keyword")
# Words a header uses to say what the list below it is of; "talk" is how an accepted oral is
# often named ("accept-talk"), and 演讲 / 口头 are "talk" / "oral" in Chinese posts.
_KIND_WORDS = {
    Kind.ORAL: re.compile(r"\boral|\btalk|演讲|口头", re.I),
    Kind.SPOTLIGHT: re.compile(r"spotlight|焦点", re.I),
    Kind.POSTER: re.compile(r"poster|海报", re.I),
}


@dataclass
class _Entry:
    line: int
    title: str
    fields: dict[str, str] = field(default_factory=dict)
    end: int = 0
    """Index of the line after the entry's Keyword: line."""


class FieldList:
    name = NAME
    summary = "a paper list of Title / Author: / link: / Code: / Abstract: / Keyword: lines (blog reposts)"

    def sniff(self, source: RawSource) -> bool:
        names = [match["name"].lower().rstrip("s") for match in map(_FIELD.match, source.text.split("\n")[:400]) if match]
        return all(names.count(required) >= 2 for required in ("author", "link", "abstract"))

    @reports_invalid
    def read(self, source: RawSource, options: ImportOptions) -> Imported:
        lines = source.text.split("\n")
        notes: list[Note] = []
        starts = _title_lines(lines, source)
        if not starts:
            raise SourceError("no entries: no title line followed by an 'Author:' line", file=source.name, line=1)
        header_end = starts[0]
        if any(line.strip() for line in lines[:header_end]):
            notes.append(Note(source.name, 1, f"skipped the header before the first entry (lines 1–{header_end})"))
        entries = [
            _read_entry(lines, start, starts[number + 1] if number + 1 < len(starts) else len(lines), source, notes)
            for number, start in enumerate(starts)
        ]
        tail = [index for index in range(entries[-1].end, len(lines)) if lines[index].strip()]
        if tail:
            notes.append(Note(source.name, tail[0] + 1, f"skipped {len(tail)} lines of page text after the last entry"))

        kind = _listed_kind(lines[:header_end], source, notes)
        found = ((entry.line, _presentation(entry, kind)) for entry in entries)
        return untimed_list(found, source, options, notes, NAME, conference_id=named_conference("\n".join(lines[:header_end])))


def _title_lines(lines: list[str], source: RawSource) -> list[int]:
    """Where each entry starts: the last non-blank line before an 'Author:' line."""
    starts = []
    for index, line in enumerate(lines):
        match = _FIELD.match(line.strip())
        if not match or match["name"].lower().rstrip("s") != "author":
            continue
        title = index - 1
        while title >= 0 and not lines[title].strip():
            title -= 1
        if title < 0 or _FIELD.match(lines[title].strip()):
            raise SourceError("an 'Author:' line with no title line before it", file=source.name, line=index + 1)
        starts.append(title)
    return starts


def _read_entry(lines: list[str], start: int, stop: int, source: RawSource, notes: list[Note]) -> _Entry:
    entry = _Entry(line=start + 1, title=_clean_title(lines[start]))
    current: str | None = None
    index = start + 1
    while index < stop:
        text = lines[index].strip()
        match = _FIELD.match(text)
        if match:
            current = match["name"].lower().rstrip("s")
            if current in entry.fields:
                raise SourceError(f"{entry.title[:60]!r} has a second {match['name']}: line", file=source.name, line=index + 1)
            entry.fields[current] = match["value"].strip()
            if current == "keyword":
                entry.end = index + 1
                break
        elif text and current == "abstract":
            # The abstract runs over lines until the next field.
            entry.fields["abstract"] = f"{entry.fields['abstract']}\n{text}".strip()
        elif text:
            notes.append(Note(source.name, index + 1, f"skipped a line inside {entry.title[:40]!r}: {text[:60]!r}"))
        index += 1
    missing = [name for name in _REQUIRED if name not in entry.fields]
    if missing:
        cut = " (the file ends inside it: cut short?)" if stop == len(lines) else ""
        wanted = ", ".join(f"{name.title()}:" for name in missing)
        raise SourceError(f"{entry.title[:60]!r} has no {wanted} line{cut}", file=source.name, line=entry.line)
    return entry


def _clean_title(line: str) -> str:
    # One title in the wild is wrapped in stray bold markers: "**Neural Network Branching … **".
    return re.sub(r"^\*\*\s*|\s*\*\*$", "", line.strip()).strip()


def _listed_kind(header: list[str], source: RawSource, notes: list[Note]) -> Kind:
    said: dict[Kind, int] = {}
    for index, line in enumerate(header):
        named = [kind for kind, words in _KIND_WORDS.items() if words.search(line)]
        if len(named) == 1:
            said.setdefault(named[0], index + 1)
    if len(said) == 1:
        kind, said_on = next(iter(said.items()))
        notes.append(Note(source.name, said_on, f"the header says the list is of {kind.value}s: kind {kind.value}"))
        return kind
    notes.append(Note(source.name, None, "the header does not say whether these are orals, spotlights or posters: kind 'other'"))
    return Kind.OTHER


def _presentation(entry: _Entry, kind: Kind) -> Presentation:
    link = _value(entry.fields["link"])
    forum = openreview_id(link)
    code = _value(entry.fields.get("code", ""))
    keywords = _value(entry.fields["keyword"])
    return Presentation(
        id=presentation_id(entry.title, openreview=forum),
        title=entry.title,
        kind=kind,
        # "Ruiyi Zhang*, Bo Dai*": the star marks equal contribution, not part of the name.
        authors=[name.strip().rstrip("*").strip() for name in entry.fields["author"].split(",") if name.strip(" *")],
        abstract=entry.fields["abstract"],
        links=Links(
            paper=link,
            openreview=f"https://openreview.net/forum?id={forum}" if forum else None,
            code=code,
        ),
        keywords=[word.strip() for word in keywords.split(",") if word.strip()] if keywords else [],
    )


def _value(text: str) -> str | None:
    return None if text.strip().lower() in _NONE else text.strip()


IMPORTER = FieldList()
