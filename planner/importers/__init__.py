"""Provides the importer registry: every raw format planner reads, and format detection by content."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import Path

from planner.errors import SourceError
from planner.importers import (
    blog_post,
    field_list,
    frab_json,
    frab_xml,
    ics_feed,
    miniconf,
    paper_list,
    virtual_site_json,
    virtual_site_page,
)
from planner.importers.base import FolderImporter, Imported, Importer, ImportOptions, Note, RawFolder, RawSource
from planner.merge import merge_programs
from planner.timing import TimingTable, apply_timing, load_timing, with_unscheduled_notes

__all__ = [
    "IMPORTERS",
    "Imported",
    "ImportOptions",
    "Importer",
    "Note",
    "RawFolder",
    "RawSource",
    "detect",
    "import_sources",
    "read_source",
]

# In detection order: the most specific formats first. Each sniffer is also strict enough that
# no shipped example is claimed by two of them (tests/test_detection.py), so order only breaks
# ties for text made to look like several formats at once.
IMPORTERS: dict[str, Importer | FolderImporter] = {
    importer.name: importer
    for importer in (
        miniconf.IMPORTER,
        frab_xml.IMPORTER,
        frab_json.IMPORTER,
        ics_feed.IMPORTER,
        virtual_site_json.IMPORTER,
        virtual_site_page.IMPORTER,
        paper_list.IMPORTER,
        field_list.IMPORTER,
        blog_post.IMPORTER,
    )
}


def _reads_folders(importer: Importer | FolderImporter) -> bool:
    return getattr(importer, "reads_folders", False)


def detect(source: RawSource | RawFolder) -> Importer | FolderImporter:
    """The importer whose format the source is in, or a SourceError listing the known formats."""
    folder = isinstance(source, RawFolder)
    if folder and not source.files:
        raise SourceError("the folder holds no program files (.csv, .json, …)", file=source.name)
    if not folder and not source.text.strip():
        raise SourceError("the file is empty", file=source.name)
    candidates = [importer for importer in IMPORTERS.values() if _reads_folders(importer) == folder]
    for importer in candidates:
        if importer.sniff(source):
            return importer
    what = "a folder of" if folder else "a"
    raise SourceError(
        f"not {what} program format planner knows (known: {', '.join(importer.name for importer in candidates)}); name one with --format",
        file=source.name,
        line=None if folder else 1,
    )


def importer_named(name: str) -> Importer | FolderImporter:
    try:
        return IMPORTERS[name]
    except KeyError:
        raise SourceError(f"no format {name!r} (known: {', '.join(IMPORTERS)})") from None


def read_source(path: Path, options: ImportOptions, *, format_name: str | None = None) -> Imported:
    """One raw source, a file or a folder (MiniConf sitedata), read in its format."""
    source = RawFolder.read(path) if path.is_dir() else RawSource.read(path)
    importer = importer_named(format_name) if format_name else detect(source)
    if _reads_folders(importer) != isinstance(source, RawFolder):
        wants = "a folder" if _reads_folders(importer) else "a file"
        raise SourceError(f"the format {importer.name} reads {wants}", file=source.name)
    return importer.read(source, options)


def import_sources(
    paths: list[Path], options: ImportOptions, *, format_name: str | None = None, timing: Path | str | None = None
) -> Imported:
    """Read raw sources of one conference into one program: each read, then merged, then timed.

    Notes say what each importer skipped, how the sources' presentations were matched, and
    which sessions still have no time.
    """
    if not paths:
        raise SourceError("no source to import")
    table = load_timing(timing) if timing is not None else None
    if table is not None:
        options = _with_table_defaults(options, table)
    results = [(Path(path), read_source(Path(path), options, format_name=format_name)) for path in paths]
    notes = [note for _, result in results for note in result.notes]
    if len(results) == 1:
        program = results[0][1].program
    else:
        names = {path.name: str(path) for path, _ in results}
        merged = merge_programs([(path.name, result.program) for path, result in results])
        notes += [Note(names[pairing.source], None, str(pairing)) for pairing in merged.pairings]
        notes += [Note(names.get(source, source), None, message) for source, message in merged.notes]
        rules = Counter(pairing.rule for pairing in merged.pairings)
        summary = ", ".join(f"{count} by {rule}" for rule, count in rules.items()) or "none"
        notes.append(Note(str(results[0][0]), None, f"merged {len(results)} sources: {len(merged.pairings)} presentations matched ({summary})"))
        program = merged.program
    if table is not None:
        program = apply_timing(program, table)
    return Imported(with_unscheduled_notes(program), tuple(notes))


def _with_table_defaults(options: ImportOptions, table: TimingTable) -> ImportOptions:
    """--conference and --timezone, when not given, from the timing table's conference facts."""
    facts = table.conference
    if facts is None:
        return options
    if options.conference and facts.id and options.conference != facts.id:
        raise SourceError(f"this timing table is for {facts.id}, not {options.conference}", file=table.file, line=facts.line)
    return replace(options, conference=options.conference or facts.id, timezone=options.timezone or facts.timezone)
