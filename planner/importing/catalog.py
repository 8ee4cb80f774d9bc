"""Provides the programs a person can open: the shipped ones by id, or any file by path.

A path may be a normalised program file or a raw source (a page, a feed); raw sources are
imported on the fly through the importer registry.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from planner.errors import NotFoundError
from planner.paths import followed_program_file, shipped_sessions_dir
from planner.program.program_file import load_program, looks_like_program_file

if TYPE_CHECKING:
    from planner.importers.base import ImportOptions, Note
    from planner.program.model import Program


@dataclass(frozen=True, slots=True)
class ShippedProgram:
    """A program file that ships with planner."""

    id: str
    path: Path


def shipped_programs() -> list[ShippedProgram]:
    folder = shipped_sessions_dir()
    if not folder.is_dir():
        return []
    return [ShippedProgram(path.stem, path) for path in sorted(folder.glob("*.json"))]


def shipped_ids() -> list[str]:
    return [program.id for program in shipped_programs()]


def open_program(
    spec: str, *, options: ImportOptions | None = None, format_name: str | None = None, notes: list[Note] | None = None
) -> Program:
    """The program `spec` names: a shipped id, a followed program's id, a program file, or a raw source to import.

    A raw source's import notes (what was skipped or decided) are added to `notes`, for the caller to show.
    """
    for program in shipped_programs():
        if program.id == spec:
            return load_program(program.path)
    from planner.program.ids import CONFERENCE_ID

    if CONFERENCE_ID.match(spec) and followed_program_file(spec).is_file():
        return load_program(followed_program_file(spec))
    path = Path(spec)
    if path.exists():
        if path.is_file():
            with path.open("rb") as stream:
                head = stream.read(4096)
            if looks_like_program_file(head):
                return load_program(path)
        # Only a raw source needs the importers; a program file opens without loading them.
        from planner.importers.base import ImportOptions
        from planner.importing.sources import import_sources
        from planner.program.ids import slug

        # A raw page opened directly may not name its conference; its file name labels it.
        options = options or ImportOptions(label=slug(path.stem, max_length=40))
        imported = import_sources([path], options, format_name=format_name)
        if notes is not None:
            notes.extend(imported.notes)
        return imported.program
    known = ", ".join(shipped_ids()) or "none"
    raise NotFoundError(f"no program {spec!r}: not a shipped or followed program (shipped: {known}) and not a file")
