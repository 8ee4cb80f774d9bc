"""Provides reading and saving bookmark files so that no bookmark is ever lost.

Saves are atomic (planner.files) under a file lock, and every change re-reads the file inside the
lock first, so two running planners take turns and neither loses the other's change. Each save
keeps the previous file as `<file>.bak` (a hard link to it, so no copy and no extra fsync) and
first removes temporary files a killed writer left.
A file that does not parse or validate is never overwritten: the error names it and the line,
and the caller goes on without bookmarks from it. Nothing is saved that would not read back.

A bookmark file may come from anyone, so it is read as data only: at most 5 MB, strict JSON
(no NaN, no repeated keys, no runaway numbers or nesting), strict fields; unknown fields are kept
as they are and never acted on.
"""

from __future__ import annotations

import contextlib
import dataclasses
import getpass
import json
import math
import os
import re
import secrets
import stat
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout
from pydantic import ValidationError

from planner.bookmarks.file import (
    BOOKMARKS_FORMAT,
    BOOKMARKS_VERSION,
    BookmarkFile,
    RepeatedBookmarkError,
)
from planner.bookmarks.matching import MatchedBookmarks, Moved, match_to_program
from planner.errors import BookmarkFileError
from planner.files import leftover_temporaries, write_atomically
from planner.json_lines import json_path, line_of, validation_problem
from planner.program.model import Program

MAX_BOOKMARK_FILE_BYTES = 5 * 1024 * 1024
MAX_NESTING = 32
"""Levels of arrays and objects; a bookmark file needs four, unknown fields get the rest."""
MAX_NUMBER_DIGITS = 100
LOCK_TIMEOUT_SECONDS = 30.0
LOCK_POLL_SECONDS = 0.002
OWNER_VARIABLE = "PLANNER_OWNER"


def backup_path(path: Path) -> Path:
    """Where the version before the last save is kept."""
    return path.with_name(f"{path.name}.bak")


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
        raise BookmarkFileError(_too_big(len(data)), file=name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise BookmarkFileError(f"not UTF-8 text (byte {err.start})", file=name, line=line) from None
    try:
        document = json.loads(text, object_pairs_hook=_object, parse_float=_float, parse_int=_integer, parse_constant=_NotJson)
    except json.JSONDecodeError as err:
        raise BookmarkFileError(f"not valid JSON ({err.msg})", file=name, line=err.lineno) from None
    except RecursionError:
        raise BookmarkFileError(f"nested more than {MAX_NESTING} levels deep", file=name, line=_too_deep_line(text)) from None
    problem = _first_problem(document, text)
    if problem is not None:
        raise _located(*problem, text=text, name=name)
    if not isinstance(document, dict) or document.get("format") != BOOKMARKS_FORMAT:
        raise BookmarkFileError('not a planner bookmark file (no "format": "planner-bookmarks")', file=name)
    version = document.get("version")
    if type(version) is not int or version != BOOKMARKS_VERSION:
        raise _located(
            f"bookmark file version {version!r}; this planner reads version {BOOKMARKS_VERSION}",
            ("version",),
            text=text,
            name=name,
        )
    try:
        return BookmarkFile.model_validate(document)
    except ValidationError as err:
        location, message = validation_problem(err)
        cause = err.errors()[0].get("ctx", {}).get("error")
        if isinstance(cause, RepeatedBookmarkError):
            location = (*location, cause.index, "id")
        raise _located(message, location, text=text, name=name) from None


def read_bookmarks(path: Path, conference_id: str) -> BookmarkFile:
    """The bookmarks in `path`; an absent file is an empty one. A file for another conference is refused."""
    data = _read(Path(path))
    if data is None:
        return empty_bookmarks(conference_id)
    return _parse_for(data, Path(path), conference_id)


def read_program_bookmarks(path: Path, program: Program) -> MatchedBookmarks:
    """The bookmarks in `path` as they stand against `program` (found again by title where ids moved)."""
    return match_to_program(read_bookmarks(path, program.conference.id), program)


def dump_bookmarks(bookmarks: BookmarkFile) -> str:
    """The file text: one bookmark a line, so errors and diffs point at a bookmark.

    Each line is written by the standard library's C encoder (indenting would use its slow one).
    """
    document = bookmarks.model_dump(mode="json")
    entries = document.pop("bookmarks")
    if not document.get("following"):
        document.pop("following", None)  # a file that follows nobody reads as it did before there was following
    head = json.dumps(document, ensure_ascii=False)[:-1]
    lines = ",\n".join(f"  {json.dumps(entry, ensure_ascii=False)}" for entry in entries)
    return f'{head},\n "bookmarks": [\n{lines}\n ]}}\n' if entries else f'{head},\n "bookmarks": []}}\n'


def update_bookmarks(path: Path, conference_id: str, change: Callable[[BookmarkFile], BookmarkFile]) -> BookmarkFile:
    """Apply `change` to the file's current content and save the result, all under the file's lock.

    Raises BookmarkFileError, and writes nothing, if the file on disk is broken, if the result
    would not read back, or if the file cannot be locked or written.
    """
    path = Path(path)
    if path.is_symlink():
        # Saving through a symlink updates the file it points to rather than replacing the link.
        path = Path(os.path.realpath(path))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # A save holds the lock for milliseconds; the default 50 ms between tries would be most of the wait.
        with _locked(path):
            _remove_leftovers(path)
            before = _read(path)
            current = empty_bookmarks(conference_id) if before is None else _parse_for(before, path, conference_id)
            changed = change(current)
            if changed != current:
                data = _readable_bytes(changed, path, conference_id)
                if before is not None:
                    _keep_as_backup(path, before)
                write_atomically(path, data)
            return changed
    except Timeout:
        raise BookmarkFileError(
            f"another planner has held the lock for {LOCK_TIMEOUT_SECONDS:.0f} s; nothing was saved", file=str(path)
        ) from None
    except OSError as err:
        raise BookmarkFileError(f"cannot save: {err.strerror or err}", file=str(path)) from None


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold `path`'s lock file, and take it away again when done, whether the save went through or not.

    A lock file removed on release is safe only if a planner that was waiting on the removed
    file notices: after taking the lock, each checks that the name still leads to the file it
    locked, and starts over on the new one if not.
    """
    lock_path = Path(f"{path}.lock")
    deadline = time.monotonic() + LOCK_TIMEOUT_SECONDS
    while True:
        held: list[int] = []
        lock = FileLock(lock_path, timeout=max(0.0, deadline - time.monotonic()), on_acquired=held.append)
        # A save holds the lock for milliseconds; the default 50 ms between tries would be most of the wait.
        with lock.acquire(poll_interval=LOCK_POLL_SECONDS):
            if held and _names(lock_path, held[-1]):
                try:
                    yield
                finally:
                    with suppress(OSError):
                        lock_path.unlink()
                return


def _names(path: Path, descriptor: int) -> bool:
    """Whether `path` is the file open as `descriptor` (not removed or replaced since it was opened)."""
    try:
        named, opened = os.stat(path), os.fstat(descriptor)
    except OSError:
        return False
    return (named.st_dev, named.st_ino) == (opened.st_dev, opened.st_ino)


def update_program_bookmarks(path: Path, program: Program, change: Callable[[BookmarkFile], BookmarkFile]) -> MatchedBookmarks:
    """update_bookmarks against a program: bookmarks found again by title are saved under their new ids.

    The answer reports what moved in this save, and what the saved file still holds that the
    program does not know.
    """
    moved: tuple[Moved, ...] = ()

    def rekeyed_change(current: BookmarkFile) -> BookmarkFile:
        nonlocal moved
        matched = match_to_program(current, program)
        moved = matched.moved
        return change(matched.bookmarks)

    saved = update_bookmarks(path, program.conference.id, rekeyed_change)
    return dataclasses.replace(match_to_program(saved, program), moved=moved)


def _read(path: Path) -> bytes | None:
    """The file's bytes, None if there is no file; never more than the size limit allows."""
    try:
        status = os.stat(path)
        if not stat.S_ISREG(status.st_mode):
            raise BookmarkFileError("not a regular file", file=str(path))
        if status.st_size > MAX_BOOKMARK_FILE_BYTES:
            # Said with the file's own size: only the limit's worth of it is ever read.
            raise BookmarkFileError(_too_big(status.st_size), file=str(path))
        with open(path, "rb") as stream:
            return stream.read(MAX_BOOKMARK_FILE_BYTES + 1)
    except FileNotFoundError:
        return None
    except OSError as err:
        raise BookmarkFileError(f"cannot read: {err.strerror or err}", file=str(path)) from None


def _too_big(size: int) -> str:
    return f"{size:,} bytes is over the {MAX_BOOKMARK_FILE_BYTES:,} byte limit for a bookmark file"


def _parse_for(data: bytes, path: Path, conference_id: str) -> BookmarkFile:
    """The bookmarks in a file's bytes; an error says where the last good version is, if there is one."""
    try:
        return _parse_for_conference(data, str(path), conference_id)
    except BookmarkFileError as err:
        if backup_path(path).is_file():
            err.message += f" (the version before the last save is in {backup_path(path).name})"
        raise


def _parse_for_conference(data: bytes, name: str, conference_id: str) -> BookmarkFile:
    bookmarks = parse_bookmarks(data, name=name)
    if bookmarks.conference != conference_id:
        line = line_of(data.decode("utf-8-sig"), ("conference",))
        raise BookmarkFileError(f"these bookmarks are for {bookmarks.conference!r}, not {conference_id!r}", file=name, line=line)
    return bookmarks


def _readable_bytes(bookmarks: BookmarkFile, path: Path, conference_id: str) -> bytes:
    """The file text of `bookmarks`, checked to read back as they are; else nothing is saved."""
    try:
        data = dump_bookmarks(bookmarks).encode("utf-8")
        again = _parse_for_conference(data, str(path), conference_id)
    except (UnicodeEncodeError, BookmarkFileError) as err:
        reason = err.message if isinstance(err, BookmarkFileError) else "text that is not valid Unicode"
        raise BookmarkFileError(f"not saved: the result would not be a valid bookmark file ({reason})", file=str(path)) from None
    if again != bookmarks:
        raise BookmarkFileError("not saved: the result would not read back as it was written", file=str(path))
    return data


def _keep_as_backup(path: Path, before: bytes) -> None:
    """Make the file about to be replaced the backup, as a second name for it: nothing is copied.

    The new name is made durable by the folder fsync of the save that follows, in the same folder.
    """
    backup = backup_path(path)
    # Named as write_atomically names its temporaries, so a killed writer's link is cleaned the same way.
    temporary = path.parent / f".{backup.name}.{os.getpid()}x{secrets.token_hex(4)}.tmp"
    try:
        os.link(path, temporary)
    except OSError:
        write_atomically(backup, before)  # a file system without hard links
        return
    try:
        os.replace(temporary, backup)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise


def _remove_leftovers(path: Path) -> None:
    # Called with the lock held: every temporary file of ours is then one whose writer died.
    for leftover in leftover_temporaries(path) + leftover_temporaries(backup_path(path)):
        with contextlib.suppress(OSError):
            leftover.unlink()


# Strict JSON: what the standard decoder would accept but cannot be written back faithfully is
# marked while decoding, then reported with its place by _first_problem.


class _NotJson:
    def __init__(self, text: str) -> None:
        self.text = text


class _RepeatedKey(dict[str, Any]):
    key: str = ""


def _add(seen: set[str], key: str) -> bool:
    seen.add(key)
    return False


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        repeated = _RepeatedKey(result)
        repeated.key = next(key for key, _ in pairs if key in seen or _add(seen, key))
        return repeated
    return result


def _float(text: str) -> float | _NotJson:
    value = float(text)
    return value if math.isfinite(value) else _NotJson(text)


def _integer(text: str) -> int | _NotJson:
    return int(text) if len(text) <= MAX_NUMBER_DIGITS else _NotJson(text)


def _first_problem(document: Any, text: str) -> tuple[str, tuple[str | int, ...]] | None:
    """What makes a decoded document unfit to keep, and where; None if nothing does."""
    if _looks_fine(document, may_hold_surrogates=_SURROGATE_ESCAPE.search(text) is not None):
        return None
    pending: list[tuple[Any, tuple[str | int, ...]]] = [(document, ())]
    while pending:
        value, location = pending.pop()
        if len(location) >= MAX_NESTING and isinstance(value, dict | list):
            return f"nested more than {MAX_NESTING} levels deep", location
        if isinstance(value, _RepeatedKey):
            return f"the key {value.key!r} appears twice in one object", location
        if isinstance(value, _NotJson):
            return f"{value.text[:20]}{'…' if len(value.text) > 20 else ''} is not a number this file may hold", location
        if isinstance(value, str) and not _is_unicode(value):
            return "text that is not valid Unicode (a lone surrogate)", location
        if isinstance(value, dict):
            for key, item in reversed(value.items()):
                if not _is_unicode(key):
                    return "a key that is not valid Unicode (a lone surrogate)", location
                pending.append((item, (*location, key)))
        elif isinstance(value, list):
            pending.extend(((item, (*location, index)) for index, item in reversed(list(enumerate(value)))))
    return None


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _looks_fine(document: Any, *, may_hold_surrogates: bool) -> bool:
    """A quick pass of _first_problem's checks that keeps no paths; only a failure pays for them."""
    pending: list[tuple[Any, int]] = [(document, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, dict):
            if depth > MAX_NESTING or isinstance(value, _RepeatedKey):
                return False
            if may_hold_surrogates and not all(map(_is_unicode, value)):
                return False
            pending.extend((item, depth + 1) for item in value.values())
        elif isinstance(value, list):
            if depth > MAX_NESTING:
                return False
            pending.extend((item, depth + 1) for item in value)
        elif isinstance(value, _NotJson) or (may_hold_surrogates and isinstance(value, str) and not _is_unicode(value)):
            return False
    return True


def _is_unicode(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _located(message: str, location: Sequence[str | int], *, text: str, name: str) -> BookmarkFileError:
    """An error at `location` with the line it starts on (or its nearest enclosing value's)."""
    location = tuple(location)
    for depth in range(len(location), -1, -1):
        line = line_of(text, location[:depth])
        if line is not None:
            break
    where = f"at {json_path(location)}: " if location else ""
    return BookmarkFileError(f"{where}{message}", file=name, line=line)


_BRACKETS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def _too_deep_line(text: str) -> int | None:
    depth = 0
    for token in _BRACKETS.finditer(text):
        depth += {"[": 1, "{": 1, "]": -1, "}": -1}.get(token.group(), 0)
        if depth > MAX_NESTING:
            return text.count("\n", 0, token.start()) + 1
    return None
