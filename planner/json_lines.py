"""Provides JSON paths ($.bookmarks[2].priority, $.rooms["Saal 1"]), the line of a JSON text where one's value starts, and validation errors in a person's words.

Validation errors name a place in the document; a person fixes a file by line, so errors say both.
"""

from __future__ import annotations

import json
import re
from collections.abc import Container, Sequence
from json.decoder import scanstring  # type: ignore[attr-defined]  # public in CPython, absent from typeshed
from typing import TYPE_CHECKING

from planner.plurals import plural

if TYPE_CHECKING:
    from pydantic import ValidationError

_SPACE = re.compile(r"[ \t\n\r]*")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_CLASS_NAME = re.compile(r" or instance of \w+")
# Skipping a value only needs its extent: numbers and constants stay text, so none can fail to convert.
_DECODER = json.JSONDecoder(parse_int=str, parse_float=str, parse_constant=str)


def json_path(location: Sequence[str | int], *, keyed: Container[str] = ()) -> str:
    """`("bookmarks", 2, "priority")` as `$.bookmarks[2].priority`.

    A key that is not a plain name is quoted (`$.events["a/b@planner"]`), and so is every key of
    an object named in `keyed` ("$" for the document itself): its keys are data, not field names,
    and read better quoted (`$.days[0].rooms["Curie"][3]`, `$["9101"]`).
    """
    path = "$"
    previous: str | int = path
    for part in location:
        if isinstance(part, int):
            path += f"[{part}]"
        elif previous in keyed or not _NAME.fullmatch(part):
            path += f"[{json.dumps(part, ensure_ascii=False)}]"
        else:
            path += f".{part}"
        previous = part
    return path


def validation_problem(err: ValidationError) -> tuple[tuple[str | int, ...], str]:
    """The first problem a validation found: where it is, and what it is in words a person reads.

    A validator's own words, without pydantic's "Value error, "; no class names of ours ("a valid
    dictionary", not "… or instance of WireConference"); and how many more problems there are.
    """
    first = err.errors()[0]
    cause = first.get("ctx", {}).get("error")
    message = str(cause) if first["type"] == "value_error" and cause is not None else _CLASS_NAME.sub("", first["msg"])
    return tuple(first["loc"]), message + more_problems(err)


def more_problems(err: ValidationError) -> str:
    """ " (and 2 more problems)" after the first problem of a validation that found several; else nothing."""
    more = err.error_count() - 1
    return f" (and {plural(more, 'more problem')})" if more else ""


def line_of(text: str, location: Sequence[str | int]) -> int | None:
    """The 1-based line where the value at `location` starts, or None if `text` has no such value.

    Meant for text that already parsed; it walks only the containers on the way to the value,
    skipping siblings with the standard decoder, so it costs one pass at most.
    """
    position = _skip_space(text, 0)
    for step in location:
        if isinstance(step, int):
            found = _element(text, position, step)
        else:
            found = _member(text, position, step)
        if found is None:
            return None
        position = found
    return text.count("\n", 0, position) + 1


def _skip_space(text: str, position: int) -> int:
    space = _SPACE.match(text, position)
    return space.end() if space else position


def _skip_value(text: str, position: int) -> int:
    _, end = _DECODER.raw_decode(text, position)
    return end


def _member(text: str, position: int, name: str) -> int | None:
    """Where the value of key `name` starts in the object at `position`."""
    if text[position : position + 1] != "{":
        return None
    position = _skip_space(text, position + 1)
    while text[position : position + 1] == '"':
        key, position = scanstring(text, position + 1)
        position = _skip_space(text, position)
        if text[position : position + 1] != ":":
            return None
        position = _skip_space(text, position + 1)
        if key == name:
            return position
        position = _skip_space(text, _skip_value(text, position))
        if text[position : position + 1] != ",":
            return None
        position = _skip_space(text, position + 1)
    return None


def _element(text: str, position: int, index: int) -> int | None:
    """Where element `index` starts in the array at `position`."""
    if text[position : position + 1] != "[":
        return None
    position = _skip_space(text, position + 1)
    if text[position : position + 1] == "]":
        return None
    for _ in range(index):
        position = _skip_space(text, _skip_value(text, position))
        if text[position : position + 1] != ",":
            return None
        position = _skip_space(text, position + 1)
    return position
