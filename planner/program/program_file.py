"""Provides reading and writing of normalised program files (the JSON in sessions/).

A file carries `"format": "planner-program"` and a `version`; loading validates it whole with
pydantic, and a broken file, a file of another version or some other JSON gets one clear error
naming the file and the line or JSON path.
"""

from __future__ import annotations

import gc
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pydantic import ValidationError

from planner.errors import ProgramFileError
from planner.files import write_atomically
from planner.json_lines import json_path, more_problems
from planner.program.model import (
    PROGRAM_FORMAT,
    PROGRAM_VERSION,
    Program,
    may_hold_control_characters,
    without_control_characters,
)

_JSON_LINE = re.compile(r"line (\d+)")


def load_program(path: Path | str) -> Program:
    """Read and validate a program file."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise ProgramFileError(f"cannot read the program file: {err.strerror or err}", file=str(path)) from err
    return parse_program(data, name=str(path))


def parse_program(data: bytes | str, *, name: str) -> Program:
    """Validate the text of a program file; `name` is what error messages call it."""
    try:
        with _collector_paused():
            program = Program.model_validate_json(data)
    except ValidationError as err:
        raise _explain(err, data, name) from None
    # A file planner wrote holds none; one edited by hand may, and no output may pass them on.
    return without_control_characters(program) if may_hold_control_characters(data) else program


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a program is built.

    Validation allocates tens of thousands of models that form no reference cycles, yet each
    allocation burst triggers collections that scan them all again: on a 20,000-paper program
    that more than doubled the load time. Reference counting still frees everything as usual.

    Turned back on, the collector would at once scan every object counted while it was off (30 ms
    on 20,000 papers), to find them alive and move them on, towards the oldest generation. They
    are moved there straight away (freezing and thawing them merges the lists; no object is
    read), unless something is frozen already, which thawing would let go.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if gc.get_freeze_count() == 0:
            gc.freeze()
            gc.unfreeze()
        if was_enabled:
            gc.enable()


def dump_program(program: Program) -> str:
    """The file text of a program: deterministic, UTF-8, one field per line, defaults left out."""
    body = program.model_dump(mode="json", exclude_defaults=True)
    body.pop("format", None)
    body.pop("version", None)
    document = {"format": PROGRAM_FORMAT, "version": PROGRAM_VERSION, **body}
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def save_program(program: Program, path: Path | str) -> None:
    """Write `program` to `path` as a program file, whole or not at all."""
    write_atomically(Path(path), dump_program(program))


def looks_like_program_file(head: bytes) -> bool:
    """Whether the first bytes of a file are those of a program file (cheap; used to tell it from raw sources)."""
    return b'"format"' in head and PROGRAM_FORMAT.encode() in head


def _explain(err: ValidationError, data: bytes | str, name: str) -> ProgramFileError:
    first = err.errors()[0]
    if first["type"] == "json_invalid":
        line = _JSON_LINE.search(str(first.get("ctx", {}).get("error", "")))
        return ProgramFileError(
            f"not valid JSON: {first.get('ctx', {}).get('error', first['msg'])}",
            file=name,
            line=int(line.group(1)) if line else None,
        )
    try:
        document = json.loads(data)
    except ValueError:
        document = None
    if not isinstance(document, dict) or document.get("format") != PROGRAM_FORMAT:
        found = document.get("format") if isinstance(document, dict) else type(document).__name__
        return ProgramFileError(f"not a planner program file (format: {found!r})", file=name)
    if document.get("version") != PROGRAM_VERSION:
        return ProgramFileError(
            f"program file version {document.get('version')!r}; this planner reads version {PROGRAM_VERSION}",
            file=name,
        )
    where = json_path(first["loc"])
    return ProgramFileError(f"at {where}: {first['msg']}{more_problems(err)}", file=name)
