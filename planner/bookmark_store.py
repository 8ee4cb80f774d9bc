"""Provides reading and saving bookmark files so that no bookmark is ever lost.

Saves are atomic (planner.files) under a file lock, and every change re-reads the file inside the
lock first, so two running planners take turns and neither loses the other's change. A file that
does not parse or validate is never overwritten: the error names it, and the caller goes on
without bookmarks from it.
"""

from __future__ import annotations

import getpass
import json
import os
from collections.abc import Callable
from pathlib import Path

from filelock import FileLock
from pydantic import ValidationError

from planner.bookmarks import BOOKMARKS_FORMAT, BOOKMARKS_VERSION, BookmarkFile
from planner.errors import BookmarkFileError
from planner.files import write_atomically
from planner.paths import data_dir

MAX_BOOKMARK_FILE_BYTES = 5 * 1024 * 1024
OWNER_VARIABLE = "PLANNER_OWNER"


def default_bookmark_path(conference_id: str) -> Path:
    """Where a person's bookmarks for a conference live unless they say otherwise."""
    return data_dir() / "bookmarks" / f"{conference_id}.json"


def default_owner() -> str:
    """The display name written into a new bookmark file."""
    try:
        return os.environ.get(OWNER_VARIABLE) or getpass.getuser()
    except (KeyError, OSError):
        return ""


def empty_bookmarks(conference_id: str) -> BookmarkFile:
    return BookmarkFile(conference=conference_id, owner=default_owner())


def parse_bookmarks(data: bytes, *, name: str) -> BookmarkFile:
    """Validate the bytes of a bookmark file; `name` is what errors call it."""
    if len(data) > MAX_BOOKMARK_FILE_BYTES:
        raise BookmarkFileError(f"{len(data)} bytes is over the {MAX_BOOKMARK_FILE_BYTES} byte limit for a bookmark file", file=name)
    try:
        document = json.loads(data)
    except UnicodeDecodeError as err:
        raise BookmarkFileError("not UTF-8 text", file=name) from err
    except json.JSONDecodeError as err:
        raise BookmarkFileError(f"not valid JSON ({err.msg})", file=name, line=err.lineno) from err
    if not isinstance(document, dict) or document.get("format") != BOOKMARKS_FORMAT:
        raise BookmarkFileError("not a planner bookmark file (no \"format\": \"planner-bookmarks\")", file=name)
    if document.get("version") != BOOKMARKS_VERSION:
        raise BookmarkFileError(
            f"bookmark file version {document.get('version')!r}; this planner reads version {BOOKMARKS_VERSION}", file=name
        )
    try:
        return BookmarkFile.model_validate(document)
    except ValidationError as err:
        first = err.errors()[0]
        where = "$" + "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in first["loc"])
        raise BookmarkFileError(f"at {where}: {first['msg']}", file=name) from None


def read_bookmarks(path: Path, conference_id: str) -> BookmarkFile:
    """The bookmarks in `path`; an absent file is an empty one. A file for another conference is refused."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return empty_bookmarks(conference_id)
    except OSError as err:
        raise BookmarkFileError(f"cannot read: {err.strerror or err}", file=str(path)) from err
    bookmarks = parse_bookmarks(data, name=str(path))
    if bookmarks.conference != conference_id:
        raise BookmarkFileError(
            f"these bookmarks are for {bookmarks.conference!r}, not {conference_id!r}", file=str(path)
        )
    return bookmarks


def dump_bookmarks(bookmarks: BookmarkFile) -> str:
    return json.dumps(bookmarks.model_dump(mode="json"), ensure_ascii=False, indent=1) + "\n"


def update_bookmarks(path: Path, conference_id: str, change: Callable[[BookmarkFile], BookmarkFile]) -> BookmarkFile:
    """Apply `change` to the file's current content and save the result, all under the file's lock.

    Raises BookmarkFileError, and writes nothing, if the file on disk is broken.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(f"{path}.lock"):
        current = read_bookmarks(path, conference_id)
        changed = change(current)
        if changed != current:
            write_atomically(path, dump_bookmarks(changed))
        return changed
