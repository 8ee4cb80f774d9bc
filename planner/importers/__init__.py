"""Provides the importer registry: every raw format planner reads, and format detection by content."""

from __future__ import annotations

from pathlib import Path

from planner.errors import SourceError
from planner.importers import frab_json, frab_xml, ics_feed, virtual_site_json, virtual_site_page
from planner.importers.base import Imported, Importer, ImportOptions, Note, RawSource

__all__ = ["IMPORTERS", "Imported", "ImportOptions", "Importer", "Note", "RawSource", "detect", "import_sources"]

# In detection order: the most specific formats first.
IMPORTERS: dict[str, Importer] = {
    importer.name: importer
    for importer in (
        frab_xml.IMPORTER,
        frab_json.IMPORTER,
        ics_feed.IMPORTER,
        virtual_site_json.IMPORTER,
        virtual_site_page.IMPORTER,
    )
}


def detect(source: RawSource) -> Importer:
    """The importer whose format the text is in, or a SourceError listing the known formats."""
    if not source.text.strip():
        raise SourceError("the file is empty", file=source.name)
    for importer in IMPORTERS.values():
        if importer.sniff(source):
            return importer
    raise SourceError(
        f"not a program format planner knows (known: {', '.join(IMPORTERS)}); name one with --format",
        file=source.name,
    )


def importer_named(name: str) -> Importer:
    try:
        return IMPORTERS[name]
    except KeyError:
        raise SourceError(f"no format {name!r} (known: {', '.join(IMPORTERS)})") from None


def import_sources(paths: list[Path], options: ImportOptions, *, format_name: str | None = None) -> Imported:
    """Read raw sources into one program."""
    if len(paths) != 1:
        raise SourceError(f"importing {len(paths)} sources into one program needs merging, which is not built yet")
    source = RawSource.read(paths[0])
    importer = importer_named(format_name) if format_name else detect(source)
    return importer.read(source, options)
