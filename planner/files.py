"""Provides whole-or-nothing file writes: a reader sees the old file or the new one, never half."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from pathlib import Path

_TEMPORARY_SUFFIX = ".tmp"


def write_atomically(path: Path, data: str | bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder, fsync'd, then renamed.

    A crash at any point leaves either the previous file or the complete new one.
    """
    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    folder = path.parent if str(path.parent) else Path(".")
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=_TEMPORARY_SUFFIX, dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    _fsync_folder(folder)


def leftover_temporaries(path: Path) -> list[Path]:
    """The temporary files of `path` that write_atomically left behind when its writer died mid-write.

    Only a caller holding the lock every writer of `path` takes may delete them: without it, one
    of these may be another writer's file in progress.
    """
    path = Path(path)
    pattern = re.compile(rf"^\.{re.escape(path.name)}\.[^.]+{re.escape(_TEMPORARY_SUFFIX)}$")
    try:
        names = os.listdir(path.parent if str(path.parent) else ".")
    except OSError:
        return []
    return [path.parent / name for name in names if pattern.match(name)]


def same_file(one: Path, other: Path) -> bool:
    """Whether two paths name one file (links and relative paths followed; by name when one is missing)."""
    try:
        return os.path.samefile(one, other)
    except OSError:
        return os.path.abspath(one) == os.path.abspath(other)


def _fsync_folder(folder: Path) -> None:
    # The rename is only durable once the folder's entry is on disk too.
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
