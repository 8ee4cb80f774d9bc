"""Provides writing a calendar's content lines out folded (RFC 5545 3.1), fast, and never inside an escape.

icalendar folds each line with a Python loop over its characters, which is most of the time a
large calendar takes to serialise (every abstract is a long line). This folds by slicing, with
icalendar's rules: lines of at most 74 octets before the line break (75 with the leading space
of a continuation), never inside a UTF-8 character, and never between a backslash or a caret
and the character it escapes, which some readers will not join across a fold. icalendar gets
that last rule wrong for an escaped backslash (`\\\\`), folding between its two halves when the first
is the 74th octet; here a run of backslashes is counted, so only an odd run ending at the fold
moves it. Elsewhere the bytes are `Calendar.to_ical()`'s (a test holds it to that).
"""

from __future__ import annotations

from icalendar import Component

_LIMIT = 74
_ESCAPE_STARTS = frozenset(b"\\^")


def serialise(component: Component) -> bytes:
    """`component.to_ical()`, with the folding done by slicing."""
    return b"\r\n".join(fold(line) for line in component.content_lines() if line) + b"\r\n"


def fold(line: str) -> bytes:
    """One content line, folded, as UTF-8."""
    data = line.encode("utf-8")
    if len(data) <= _LIMIT:
        return data
    pieces = []
    start, size = 0, len(data)
    while size - start > _LIMIT:
        end = start + _LIMIT
        while data[end] & 0xC0 == 0x80:  # a continuation byte: back up to the character's start
            end -= 1
        if data[end - 1] in _ESCAPE_STARTS and _opens_escape(data, start, end - 1):
            end -= 1
        pieces.append(data[start:end])
        start = end
    pieces.append(data[start:])
    return b"\r\n ".join(pieces)


def _opens_escape(data: bytes, start: int, index: int) -> bool:
    """True when the backslash or caret at `index` starts an escape (it is not itself the escaped
    character of the one before), and moving the fold before it leaves the piece non-empty."""
    mark = data[index]
    run = 0
    while index - run >= 0 and data[index - run] == mark:
        run += 1
    return run % 2 == 1 and index > start
