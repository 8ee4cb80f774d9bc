"""Provides reading a program from a URL: fetched, then read in its format like a file would be.

A virtual-site feed (`…-orals-posters.json`) takes its abstracts from the sidecar beside it
(`…-abstracts.json`) when the server has one. A body that is an HTML page where a feed was
expected (a login wall, an error page sent with 200) is said to be so, not parsed as a program.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import urlsplit, urlunsplit

from planner.errors import SourceError
from planner.following.fetch import Fetched, FetchError, fetch, fetch_optional, is_url
from planner.importers import virtual_site_json
from planner.importers.base import Imported, ImportOptions, Note, RawSource, reports_invalid
from planner.importers.registry import detect, importer_named, reads_folders
from planner.importing.sources import finished, read_path

_PAGE_FORMATS = frozenset({"virtual-site-page", "paper-list", "field-list", "blog-post"})


@dataclass(frozen=True, slots=True)
class ReadUrl:
    """A program read from a URL, with what the fetch said (validators for the next, conditional one)."""

    imported: Imported | None
    """None when the server said the stored version is still current (304)."""
    fetched: Fetched
    format_name: str | None


def source_of(fetched: Fetched) -> RawSource:
    """The fetched body as a raw source named by its URL (so every message names the URL)."""
    assert fetched.body is not None
    return RawSource.from_bytes(fetched.body, name=fetched.url)


def read_url(
    url: str,
    options: ImportOptions,
    *,
    format_name: str | None = None,
    etag: str | None = None,
    last_modified: str | None = None,
    timeout: float | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ReadUrl:
    """Fetch `url` (conditionally, given validators) and read it as a program; `cancelled` may stop the fetches."""
    extra = {} if timeout is None else {"timeout": timeout}
    fetched = fetch(url, etag=etag, last_modified=last_modified, max_bytes=options.max_size, cancelled=cancelled, **extra)
    if fetched.unchanged:
        return ReadUrl(None, fetched, format_name)
    imported, name = read_fetched(fetched, options, format_name=format_name, cancelled=cancelled, **extra)
    return ReadUrl(imported, fetched, name)


def read_fetched(
    fetched: Fetched,
    options: ImportOptions,
    *,
    format_name: str | None = None,
    timeout: float | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> tuple[Imported, str]:
    """A fetched body read in its format (detected unless named); the format's name with it."""
    source = source_of(fetched)
    looks_html = _looks_like_html(source.text, fetched.content_type)
    try:
        importer = importer_named(format_name) if format_name else detect(source)
    except SourceError as err:
        if looks_html:
            raise _html_instead(fetched) from None
        raise err.at(fetched.url) from None
    if reads_folders(importer):
        raise FetchError(f"the format {importer.name} reads a folder, which a URL cannot be", file=fetched.url)
    if looks_html and importer.name not in _PAGE_FORMATS:
        raise _html_instead(fetched)
    if importer.name == virtual_site_json.NAME:
        return finished(_virtual_site(source, fetched, options, timeout, cancelled), importer, fetched.url), importer.name
    try:
        return finished(importer.read(source, options), importer, fetched.url), importer.name
    except SourceError:
        if looks_html:
            raise _html_instead(fetched) from None
        raise


def sidecar_url(url: str) -> str | None:
    """The abstracts file beside a virtual-site feed's URL, or None for any other URL."""
    parts = urlsplit(url)
    path = PurePosixPath(parts.path)
    name = virtual_site_json.sidecar_name(RawSource(name=path.name, text="", digest=""))
    if name is None:
        return None
    return urlunsplit((parts.scheme, parts.netloc, str(path.with_name(name)), parts.query, ""))


def _virtual_site(
    source: RawSource, fetched: Fetched, options: ImportOptions, timeout: float | None, cancelled: Callable[[], bool] | None
) -> Imported:
    beside = sidecar_url(fetched.final_url)
    notes: list[Note] = []
    abstracts = None
    if beside is not None:
        try:
            found = fetch_optional(beside, cancelled=cancelled, **({} if timeout is None else {"timeout": timeout}))
        except FetchError as err:
            found = None
            notes.append(Note(beside, None, f"abstracts not read: {err.message}"))
        if found is not None and found.body is not None:
            abstracts = RawSource.from_bytes(found.body, name=found.url)

    def program_with_abstracts(_importer: object, feed: RawSource, given: ImportOptions) -> Imported:
        return virtual_site_json.program_from(feed, given, abstracts)

    imported = reports_invalid(program_with_abstracts)(None, source, options)
    return Imported(imported.program, (*imported.notes, *notes))


def _looks_like_html(text: str, content_type: str) -> bool:
    head = text[:1024].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or ("text/html" in content_type.lower() and head.startswith("<"))


def _html_instead(fetched: Fetched) -> FetchError:
    return FetchError("the server sent an HTML page (an error or login page?), not a program feed", file=fetched.url)


def read_path_or_url(spec: str, options: ImportOptions, format_name: str | None) -> Imported:
    """A source named on the command line: fetched when it is a URL, read from disk otherwise."""
    if not is_url(spec):
        return read_path(spec, options, format_name)
    read = read_url(spec, options, format_name=format_name)
    assert read.imported is not None  # an unconditional request is never answered 304
    return read.imported
