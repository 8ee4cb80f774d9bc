"""Provides the importer registry: every raw format planner reads, and format detection by content."""

from __future__ import annotations

from typing import TYPE_CHECKING

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
from planner.importers.base import FolderImporter, Importer, RawFolder, RawSource

if TYPE_CHECKING:
    from typing_extensions import TypeIs

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


def reads_folders(importer: Importer | FolderImporter) -> TypeIs[FolderImporter]:
    return getattr(importer, "reads_folders", False) is True


def detect(source: RawSource | RawFolder) -> Importer | FolderImporter:
    """The importer whose format the source is in, or a SourceError listing the known formats."""
    if isinstance(source, RawFolder):
        if not source.files:
            raise SourceError("the folder holds no program files (.csv, .json, …)", file=source.name)
        for folder_importer in (importer for importer in IMPORTERS.values() if reads_folders(importer)):
            if folder_importer.sniff(source):
                return folder_importer
    else:
        if not source.text.strip():
            raise SourceError("the file is empty", file=source.name)
        for file_importer in (importer for importer in IMPORTERS.values() if not reads_folders(importer)):
            if file_importer.sniff(source):
                return file_importer
    folder = isinstance(source, RawFolder)
    candidates = [importer.name for importer in IMPORTERS.values() if reads_folders(importer) == folder]
    what = "a folder of" if folder else "a"
    raise SourceError(
        f"not {what} program format planner knows (known: {', '.join(candidates)}); name one with --format",
        file=source.name,
        line=None if folder else 1,
    )


def importer_named(name: str) -> Importer | FolderImporter:
    try:
        return IMPORTERS[name]
    except KeyError:
        raise SourceError(f"no format {name!r} (known: {', '.join(IMPORTERS)})") from None
