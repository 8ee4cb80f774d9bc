"""Provides reading a JSON feed against wire models: errors at the line (bad JSON) or the JSON path (wrong shape).

Wire models mirror a feed's own schema, loosely (unknown fields are ignored), so that the mapping
onto the program model reads typed values and a value of the wrong shape is reported where it is:
`$.schedule.conference.days[0].rooms["Saal 1"][3].date`, `$.results[12].starttime`.
"""

from __future__ import annotations

import json
from collections.abc import Container
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError

from planner.errors import SourceError
from planner.importers.base import RawSource
from planner.json_lines import json_path, validation_problem


def _text_or_number(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise ValueError("should be text or a whole number")
    return value


Label = Annotated[str, BeforeValidator(_text_or_number)]
"""An id or a board number: feeds write 9101 and "9101", "#12" and 12 alike; kept as text."""


class Wire(BaseModel):
    """A wire model: the feed's own field names; fields it does not know are ignored."""

    model_config = ConfigDict(extra="ignore", frozen=True, defer_build=True)


# The most objects and arrays a program feed holds: a 20,000-event congress has about 300,000.
# Counted before parsing, since a parsed skeleton of empty objects takes twenty times its size.
MAX_JSON_CONTAINERS = 1_000_000


def load_json(source: RawSource) -> Any:
    """The parsed document, or a SourceError at the line where the JSON breaks."""
    # An upper bound (brackets inside strings count too), and cheap: one pass of str.count each.
    containers = source.text.count("{") + source.text.count("[")
    if containers > MAX_JSON_CONTAINERS:
        raise SourceError(
            f"{containers:,} JSON objects and arrays is more than any program holds (at most {MAX_JSON_CONTAINERS:,})",
            file=source.name,
        )
    try:
        return json.loads(source.text)
    except json.JSONDecodeError as err:
        raise SourceError(f"not valid JSON: {err.msg} (column {err.colno})", file=source.name, line=err.lineno) from None
    except RecursionError:
        raise SourceError("the JSON is nested too deeply", file=source.name) from None


def wire(model: type[Wire], document: Any, source: RawSource, *, keyed: Container[str] = ()) -> Any:
    """`document` checked against a wire model, or a SourceError at the JSON path of the first problem.

    `keyed` names the objects whose keys are data (see planner.json_lines.json_path).
    """
    try:
        return model.model_validate(document)
    except ValidationError as err:
        location, message = validation_problem(err)
        raise SourceError(f"at {json_path(location, keyed=keyed)}: {message}", file=source.name) from None
    except RecursionError:
        raise SourceError("the JSON is nested too deeply", file=source.name) from None
