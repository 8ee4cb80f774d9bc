"""Provides showing text from a program literally, whoever shows it (the command line or the TUI).

A title or note from a page or a colleague's file may hide control characters: an escape
sequence that recolours the terminal, or a bidirectional override that makes text read other
than it is. They become visible escapes (\\x1b), never sent to the terminal.
"""

from __future__ import annotations

import re
from datetime import timedelta

# C0/C1 controls, and the bidirectional overrides that can make text read other than it is.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def literal(text: str) -> str:
    """`text` safe to print: control characters become visible escapes like \\x1b."""
    return _CONTROL.sub(lambda match: match.group(0).encode("unicode_escape").decode("ascii"), text)


def one_line(text: str) -> str:
    """`text` literal and on one line, its runs of white space (newlines too) as single spaces."""
    return " ".join(literal(text).split())


def clip(text: str, width: int) -> str:
    """`text` cut to `width` characters, an ellipsis marking the cut."""
    if width <= 1:
        return text[:width]
    return text if len(text) <= width else text[: width - 1] + "…"


def minutes(length: timedelta) -> str:
    """A length in minutes, as "5 min" or "7.5 min"."""
    return f"{length.total_seconds() / 60:g} min"
