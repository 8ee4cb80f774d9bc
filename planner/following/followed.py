"""Provides followed programs: a program at a URL kept in the data folder, updated on request, its last few versions kept.

Each followed program has a folder (planner.paths.followed_dir) holding `followed.json` (the URL,
the format, the validators for the next conditional request, when it was last fetched and the
versions kept), `versions/` (the last few versions, each a program file) and `program.json`, a
second name for the current version, which `--program ID` opens like any program file.

An update fetches conditionally: a 304, or a body identical to the last one, changes nothing but
the time of the last check. A new body is imported, compared with the current version, saved as
a new version and made current, all-or-nothing: the new version is written whole before
`program.json` and `followed.json` are switched to it, each by an atomic rename. Anything that
goes wrong (offline, an error status, a feed that does not read) leaves every file as it was and
says how old the version kept is. A feed that suddenly holds 90% fewer presentations is only
taken when the person confirms it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from filelock import FileLock, Timeout

from planner.errors import NotFoundError, SourceError
from planner.files import write_atomically
from planner.following.changes import ChangeKind, ProgramChanges, compare_programs, is_cancelled_title
from planner.following.fetch import FetchCancelled, Fetched, web_url
from planner.following.plan import PlanChanges, carry_plan
from planner.following.reading import read_url
from planner.importers.base import Imported, ImportOptions, Note
from planner.importing.catalog import shipped_ids
from planner.paths import followed_dir, followed_program_file, followed_seen_file
from planner.plurals import plural
from planner.program.ids import CONFERENCE_ID, slug
from planner.program.model import Program
from planner.program.program_file import dump_program, load_program

FOLLOWED_FORMAT = "planner-followed"
FOLLOWED_VERSION = 1
KEEP_VERSIONS = 5
SHRINK_LIMIT = 0.1
"""A new version with fewer than this share of the current one's presentations is only taken when confirmed."""
SHRINK_FLOOR = 10
"""Programs smaller than this may shrink freely: a small feed losing most of itself is ordinary."""
LOCK_TIMEOUT_SECONDS = 60.0


class UpdateCancelled(SourceError):
    """The person cancelled an update while it ran; nothing was changed."""


class ShrinkRefused(SourceError):
    """A feed holds far fewer presentations than the version kept; not taken without confirmation."""


@dataclass(frozen=True, slots=True)
class Version:
    """One kept version of a followed program."""

    file: str
    """Its file name in `versions/`."""
    fetched: datetime
    presentations: int
    sha256: str
    """Of the body it was imported from: the same body again is no new version."""

    def as_json(self) -> dict[str, object]:
        return {
            "file": self.file,
            "fetched": self.fetched.isoformat(),
            "presentations": self.presentations,
            "sha256": self.sha256,
        }

    @classmethod
    def from_json(cls, document: dict[str, Any]) -> Version:
        return cls(
            document["file"], datetime.fromisoformat(document["fetched"]), int(document["presentations"]), document["sha256"]
        )


@dataclass(frozen=True, slots=True)
class Followed:
    """A program followed at a URL, as its `followed.json` describes it."""

    id: str
    url: str
    format_name: str | None
    timezone: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    checked: datetime | None = None
    """The last time the server answered (200 or 304)."""
    failed: str | None = None
    """What went wrong at the last attempt, if it failed; cleared by the next success."""
    versions: tuple[Version, ...] = field(default_factory=tuple)
    """Oldest first; the last is current."""
    cancelled: dict[str, str] = field(default_factory=dict)
    """Presentations cancelled by an update (gone, or titled as cancelled), by id, with when that was
    fetched: bookmarks of them are listed as cancelled, not as unknown."""

    @property
    def folder(self) -> Path:
        return followed_dir() / self.id

    @property
    def current(self) -> Version:
        return self.versions[-1]

    @property
    def fetched(self) -> datetime:
        """When the current version was fetched."""
        return self.current.fetched

    def program(self, version: Version | None = None) -> Program:
        return load_program(self.folder / "versions" / (version or self.current).file)

    def as_json(self) -> dict[str, object]:
        return {
            "format": FOLLOWED_FORMAT,
            "version": FOLLOWED_VERSION,
            "id": self.id,
            "url": self.url,
            "source_format": self.format_name,
            "timezone": self.timezone,
            "etag": self.etag,
            "last_modified": self.last_modified,
            "checked": self.checked.isoformat() if self.checked else None,
            "failed": self.failed,
            "versions": [version.as_json() for version in self.versions],
            "cancelled": self.cancelled,
        }

    @classmethod
    def from_json(cls, document: dict[str, Any], *, name: str) -> Followed:
        if document.get("format") != FOLLOWED_FORMAT or document.get("version") != FOLLOWED_VERSION:
            raise SourceError("not a followed program's record (planner-followed, version 1)", file=name)
        try:
            return cls(
                id=document["id"],
                url=document["url"],
                format_name=document.get("source_format"),
                timezone=document.get("timezone"),
                etag=document.get("etag"),
                last_modified=document.get("last_modified"),
                checked=datetime.fromisoformat(document["checked"]) if document.get("checked") else None,
                failed=document.get("failed"),
                versions=tuple(Version.from_json(version) for version in document["versions"]),
                cancelled={str(key): str(value) for key, value in (document.get("cancelled") or {}).items()},
            )
        except (KeyError, TypeError, ValueError) as err:
            raise SourceError(f"a followed program's record is damaged ({err})", file=name) from None


@dataclass(frozen=True, slots=True)
class Updated:
    """What one update did."""

    followed: Followed
    new_version: bool
    """False: the server said 304, or sent the same body; nothing but the check time changed."""
    changes: ProgramChanges | None = None
    plan: PlanChanges | None = None
    notes: tuple[Note, ...] = ()


def age(since: datetime, now: datetime) -> str:
    """How long ago, as a person says it: "just now", "5 min ago", "2 h ago", "3 days ago"."""
    seconds = max(0, int((now - since).total_seconds()))
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{seconds // 60} min ago"
    if seconds < 2 * 86400:
        return f"{seconds // 3600} h ago"
    return f"{seconds // 86400} days ago"


def followed_programs() -> list[Followed]:
    """Every followed program, by id; a damaged record is passed over (`find_followed` names it)."""
    folder = followed_dir()
    if not folder.is_dir():
        return []
    found = []
    for entry in sorted(folder.iterdir()):
        with contextlib.suppress(SourceError):
            if (entry / "followed.json").is_file():
                found.append(_read(entry / "followed.json"))
    return found


def find_followed(program_id: str) -> Followed:
    record = followed_dir() / program_id / "followed.json"
    if not CONFERENCE_ID.match(program_id) or not record.is_file():
        known = ", ".join(followed.id for followed in followed_programs()) or "none"
        raise NotFoundError(f"no followed program {program_id!r} (followed: {known}); follow one with planner follow URL")
    return _read(record)


def follow(
    url: str,
    *,
    conference: str | None = None,
    format_name: str | None = None,
    timezone: str | None = None,
    now: datetime | None = None,
    timeout: float | None = None,
) -> tuple[Followed, Imported]:
    """Fetch `url`, import it and keep it as a followed program; the id is --conference or the one the feed gives."""
    now = now or datetime.now(UTC)
    target = web_url(url)
    label = slug(Path(urlsplit(target).path).stem or urlsplit(target).hostname or "program", max_length=40)
    options = ImportOptions(conference=conference, label=label or "program", timezone=timezone)
    read = read_url(target, options, format_name=format_name, timeout=timeout)
    assert read.imported is not None  # an unconditional request is never answered 304
    program = read.imported.program
    identifier = program.conference.id
    if identifier in shipped_ids():
        raise SourceError(
            f"{identifier!r} is a program that ships with planner; follow it under another id with --conference ID", file=target
        )
    existing = followed_dir() / identifier / "followed.json"
    if existing.is_file():
        known = _read(existing)
        if known.url != target:
            raise SourceError(
                f"{identifier!r} is already followed at {known.url}; give this one another id with --conference ID", file=target
            )
    followed = Followed(identifier, target, read.format_name, timezone)
    with _locked(followed):
        if existing.is_file():
            followed = _read(existing)
            if followed.versions and followed.current.sha256 == _digest(read.fetched.body):
                return followed, read.imported  # followed again, unchanged: no new version
        saved = _save_version(followed, program, read.fetched, now)
    return saved, read.imported


def update(
    followed: Followed,
    *,
    bookmarks: Path | None = None,
    confirm: Callable[[str], bool] | None = None,
    now: datetime | None = None,
    timeout: float | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Updated:
    """Fetch `followed` again (conditionally) and keep what is new; carry the bookmarks in `bookmarks`.

    On any failure nothing is changed but the record of the failed attempt, and the error says
    how old the version kept is. When `cancelled()` says so once the feed is in, nothing at all is
    changed (UpdateCancelled): the person stopped it.
    """
    now = now or datetime.now(UTC)
    with _locked(followed):
        followed = find_followed(followed.id)  # what another planner may have saved meanwhile
        options = ImportOptions(conference=followed.id, timezone=followed.timezone)
        try:
            read = read_url(
                followed.url,
                options,
                format_name=followed.format_name,
                etag=followed.etag,
                last_modified=followed.last_modified,
                timeout=timeout,
                cancelled=cancelled,
            )
            if cancelled is not None and cancelled():
                raise UpdateCancelled("the update was cancelled; nothing was changed", file=followed.url)
            if read.imported is None or _digest(read.fetched.body) == followed.current.sha256:
                checked = replace(
                    followed,
                    checked=now,
                    failed=None,
                    etag=read.fetched.etag or followed.etag,
                    last_modified=read.fetched.last_modified or followed.last_modified,
                )
                _write_record(checked)
                return Updated(checked, False)
            old = followed.program()
            new = read.imported.program
            _check_shrink(followed, old, new, confirm)
            changes = compare_programs(old, new)
            if cancelled is not None and cancelled():
                raise UpdateCancelled("the update was cancelled; nothing was changed", file=followed.url)
            followed = replace(followed, cancelled=_cancelled(followed.cancelled, changes, new, now))
            saved = _save_version(followed, new, read.fetched, now)
        except UpdateCancelled:
            raise
        except FetchCancelled:
            raise UpdateCancelled("the update was cancelled; nothing was changed", file=followed.url) from None
        except SourceError as err:
            _write_record(replace(followed, failed=err.message))
            kept = (
                f"kept the version fetched {age(followed.fetched, now)} ({followed.fetched.astimezone(UTC):%Y-%m-%d %H:%M} UTC)"
            )
            message = err.message if isinstance(err, ShrinkRefused) else f"{err.message}; {kept}"
            raise type(err)(message, file=err.file or followed.url, line=err.line) from None
    plan = carry_plan(bookmarks, old, new, changes)
    return Updated(saved, True, changes, plan, read.imported.notes)


def cancelled_in(program_id: str) -> dict[str, str]:
    """What updates of a followed program cancelled (id -> when); empty for a program not followed."""
    try:
        return find_followed(program_id).cancelled
    except (NotFoundError, SourceError):
        return {}


def _cancelled(known: dict[str, str], changes: ProgramChanges, new: Program, now: datetime) -> dict[str, str]:
    """The cancellations known after an update: those of before still absent, and this update's."""
    present = new.presentations_by_id
    kept = {key: when for key, when in known.items() if key not in present or is_cancelled_title(present[key].title)}
    for change in changes.changes:
        if change.kind is ChangeKind.CANCELLED:
            kept.setdefault(change.id, now.isoformat())
    return kept


def version_at(followed: Followed, since: datetime | None) -> Version:
    """The version to compare the current one with: the one in force at `since`, else the one before the current."""
    if since is None:
        return followed.versions[-2] if len(followed.versions) > 1 else followed.current
    earlier = [version for version in followed.versions if version.fetched <= since]
    return earlier[-1] if earlier else followed.versions[0]


def changes_since(followed: Followed, since: datetime | None = None) -> tuple[Version, ProgramChanges]:
    """The changes from the version in force at `since` (default: the one before) to the current one."""
    baseline = version_at(followed, since)
    if baseline == followed.current:
        program = followed.program()
        return baseline, ProgramChanges((), len(program.presentations), len(program.presentations))
    return baseline, compare_programs(followed.program(baseline), followed.program())


def seen_version(followed: Followed) -> Version:
    """The version the reader last looked at; before they ever did, the first kept (the one followed).

    A version no longer kept was older than every kept one: the oldest kept stands for it too.
    """
    try:
        document = json.loads(followed_seen_file(followed.id).read_text(encoding="utf-8"))
        name = document["version"] if isinstance(document, dict) else None
    except (OSError, ValueError, KeyError):
        name = None
    return next((version for version in followed.versions if version.file == name), followed.versions[0])


def unseen_changes(followed: Followed) -> tuple[Version, ProgramChanges]:
    """The changes from the version the reader last looked at to the current one."""
    return changes_since(followed, seen_version(followed).fetched)


def mark_seen(followed: Followed) -> None:
    """Remember that the reader has looked at the current version: its changes are no longer news."""
    document = {"version": followed.current.file, "fetched": followed.fetched.isoformat()}
    write_atomically(followed_seen_file(followed.id), json.dumps(document) + "\n")


def _check_shrink(followed: Followed, old: Program, new: Program, confirm: Callable[[str], bool] | None) -> None:
    before, after = len(old.presentations), len(new.presentations)
    if before < SHRINK_FLOOR or after >= before * SHRINK_LIMIT:
        return
    question = (
        f"the feed now holds {plural(after, 'presentation')}, {100 - after * 100 // before}% fewer than "
        f"the {before} of the version kept"
    )
    if confirm is not None and confirm(question):
        return
    raise ShrinkRefused(
        f"{question}; nothing was replaced (run planner update {followed.id} --yes to take it)", file=followed.url
    )


def _save_version(followed: Followed, program: Program, fetched: Fetched, now: datetime) -> Followed:
    """Write `program` as a new version, make it current, keep the last few; all-or-nothing."""
    versions_folder = followed.folder / "versions"
    name = f"{now.astimezone(UTC):%Y%m%dT%H%M%S%fZ}.json"
    write_atomically(versions_folder / name, dump_program(program))
    version = Version(name, now, len(program.presentations), _digest(fetched.body))
    kept = (*followed.versions, version)[-KEEP_VERSIONS:]
    saved = replace(followed, etag=fetched.etag, last_modified=fetched.last_modified, checked=now, failed=None, versions=kept)
    _link_current(versions_folder / name, followed_program_file(followed.id))
    _write_record(saved)
    for stale in {path.name for path in versions_folder.glob("*.json")} - {kept_version.file for kept_version in kept}:
        with contextlib.suppress(OSError):
            (versions_folder / stale).unlink()
    return saved


def _link_current(version: Path, current: Path) -> None:
    """Make `current` a second name for `version`, replacing the old one in one rename: nothing is copied."""
    temporary = current.parent / f".{current.name}.{os.getpid()}x{secrets.token_hex(4)}.tmp"
    try:
        os.link(version, temporary)
    except OSError:
        write_atomically(current, version.read_bytes())  # a file system without hard links
        return
    try:
        os.replace(temporary, current)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise


def _write_record(followed: Followed) -> None:
    write_atomically(followed.folder / "followed.json", json.dumps(followed.as_json(), indent=1, ensure_ascii=False) + "\n")


def _read(record: Path) -> Followed:
    try:
        document = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise SourceError(f"cannot read a followed program's record: {err}", file=str(record)) from None
    if not isinstance(document, dict):
        raise SourceError("a followed program's record is damaged", file=str(record))
    return Followed.from_json(document, name=str(record))


@contextlib.contextmanager
def _locked(followed: Followed) -> Iterator[None]:
    """One update of a program at a time, across running planners."""
    followed.folder.mkdir(parents=True, exist_ok=True)
    try:
        with FileLock(str(followed.folder / "update.lock"), timeout=LOCK_TIMEOUT_SECONDS):
            yield
    except Timeout:
        raise SourceError("another planner is updating this program; try again in a moment", file=followed.url) from None


def _digest(body: bytes | None) -> str:
    return hashlib.sha256(body or b"").hexdigest()


def parse_since(text: str, now: datetime) -> datetime:
    """--since: an ISO date or time (in UTC unless it says otherwise), or an age such as 2h, 3d, 30m."""
    stripped = text.strip().lower().removesuffix(" ago").replace(" ", "")
    units = {"m": 60, "min": 60, "h": 3600, "d": 86400}
    for unit, seconds in sorted(units.items(), key=lambda item: -len(item[0])):
        number = stripped.removesuffix(unit)
        if number != stripped and number.isdigit():
            return now - timedelta(seconds=int(number) * seconds)
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise NotFoundError(f"--since {text!r}: give a date (2026-12-27), a time (2026-12-27T10:00) or an age (2h, 3d)") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
