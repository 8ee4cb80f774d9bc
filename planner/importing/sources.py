"""Provides reading raw sources into one program: each source read in its format, merged, then timed."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from planner.errors import SourceError
from planner.importers.base import FolderImporter, Imported, Importer, ImportOptions, Note, RawFolder, RawSource, Summary
from planner.importers.registry import detect, importer_named, reads_folders
from planner.importing.merge import merge_programs
from planner.importing.timing import (
    TimingTable,
    apply_timing,
    load_timing,
    with_unscheduled_notes,
)
from planner.program.model import without_control_characters


def read_source(path: Path, options: ImportOptions, *, format_name: str | None = None) -> Imported:
    """One raw source, a file or a folder (MiniConf sitedata), read in its format."""
    source = RawFolder.read(path) if path.is_dir() else RawSource.read(path, max_size=options.max_size)
    importer = importer_named(format_name) if format_name else detect(source)
    if reads_folders(importer):
        if not isinstance(source, RawFolder):
            raise SourceError(f"the format {importer.name} reads a folder", file=source.name)
        imported = importer.read(source, options)
    else:
        if isinstance(source, RawFolder):
            raise SourceError(f"the format {importer.name} reads a file", file=source.name)
        imported = importer.read(source, options)
    return finished(imported, importer, source.name)


def finished(imported: Imported, importer: Importer | FolderImporter, name: str) -> Imported:
    """What an importer read, made ready for a program: control characters out, an empty program refused, a summary added.

    Every way a source is read (a file here, a URL in planner.following) ends here.
    """
    # Taken out once, here where a raw source's text enters a program: no output carries them.
    imported = replace(imported, program=without_control_characters(imported.program))
    skipped = tuple(note for note in imported.notes if note.skipped)
    if not imported.program.presentations:
        # A program of nothing is never what the person meant: say what was looked for.
        found = f"; {len(skipped)} skipped, the first {skipped[0]}" if skipped else ""
        raise SourceError(
            f"no presentation in it: read as {importer.name} ({importer.summary}), it holds no event planner could read{found}",
            file=name,
        )
    summary = Summary(
        file=name,
        format=importer.name,
        imported=len(imported.program.presentations),
        skipped=skipped,
        notes=len(imported.notes),
    )
    return replace(imported, summaries=(summary,))


Reader = Callable[[str, ImportOptions, str | None], Imported]
"""Reads one source named on the command line (a path, or a URL for a reader that fetches) in a format or the detected one."""


def read_path(spec: str, options: ImportOptions, format_name: str | None) -> Imported:
    return read_source(Path(spec), options, format_name=format_name)


def import_sources(
    paths: list[Path] | list[str] | list[Path | str],
    options: ImportOptions,
    *,
    format_name: str | None = None,
    timing: Path | str | None = None,
    reader: Reader = read_path,
) -> Imported:
    """Read raw sources of one conference into one program: each read, then merged, then timed.

    `reader` reads each source; the default reads files and folders, the following package's
    reads URLs too. Notes say what each importer skipped, how the sources' presentations were matched, and
    which sessions still have no time.
    """
    if not paths:
        raise SourceError("no source to import")
    table = load_timing(timing) if timing is not None else None
    if table is not None:
        options = _with_table_defaults(options, table)
    # Kept as text: a URL made a Path would lose a slash of its `//`.
    results = [(str(path), reader(str(path), options, format_name)) for path in paths]
    notes = [note for _, result in results for note in result.notes]
    if len(results) == 1:
        program = results[0][1].program
    else:
        names = {Path(spec).name: spec for spec, _ in results}
        merged = merge_programs([(Path(spec).name, result.program) for spec, result in results])
        notes += [Note(names[pairing.source], None, str(pairing)) for pairing in merged.pairings]
        notes += [Note(names.get(source, source), None, message) for source, message in merged.notes]
        rules = Counter(pairing.rule for pairing in merged.pairings)
        summary = ", ".join(f"{count} by {rule}" for rule, count in rules.items()) or "none"
        notes.append(
            Note(
                str(results[0][0]),
                None,
                f"merged {len(results)} sources: {len(merged.pairings)} presentations matched ({summary})",
            )
        )
        program = merged.program
    if table is not None:
        program = apply_timing(program, table)
    summaries = tuple(summary for _, result in results for summary in result.summaries)
    return Imported(with_unscheduled_notes(program), tuple(notes), summaries)


def _with_table_defaults(options: ImportOptions, table: TimingTable) -> ImportOptions:
    """--conference and --timezone, when not given, from the timing table's conference facts."""
    facts = table.conference
    if facts is None:
        return options
    if options.conference and facts.id and options.conference != facts.id:
        raise SourceError(f"this timing table is for {facts.id}, not {options.conference}", file=table.file, line=facts.line)
    return replace(options, conference=options.conference or facts.id, timezone=options.timezone or facts.timezone)
