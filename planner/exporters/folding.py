"""Provides writing a calendar's content lines out folded (RFC 5545 3.1), fast, byte for byte as icalendar does.

icalendar folds each line with a Python loop over its characters, which is most of the time a
large calendar takes to serialise (every abstract is a long line). This folds by slicing, with
the same rules, so the bytes are identical to `Calendar.to_ical()` (a test holds it to that):
lines of at most 74 octets before the line break (75 with the leading space of a continuation),
never inside a UTF-8 character, and never right after a backslash or a caret, which start an
escape that some readers will not join across a fold.
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
        if data[end - 1] in _ESCAPE_STARTS and end - 1 > start:
            end -= 1
        pieces.append(data[start:end])
        start = end
    pieces.append(data[start:])
    return b"\r\n ".join(pieces)
