"""Reads exported calendars back with independent readers, for the tests.

icalendar and vobject read every field; for the instants alone there are also the strict `ical`
package, ical.js (Thunderbird's engine, run with node) and khal (a terminal calendar client,
through its own `khal import` and `khal list`). Each instant reader gives {uid: (start, end)} in UTC.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import partial
from pathlib import Path

import icalendar
import vobject
import vobject.icalendar


@dataclass(frozen=True)
class ReadEvent:
    """A VEVENT as a parser understood it."""

    uid: str
    start: datetime
    end: datetime
    summary: str
    description: str
    location: str | None
    url: str | None
    categories: tuple[str, ...]
    sequence: int
    stamp: datetime
    status: str
    alarm_triggers: tuple[timedelta, ...]


def _forget_vobject_zones() -> None:
    # vobject keeps every VTIMEZONE it has seen in a process-wide table and prefers the first one
    # seen under a TZID; each calendar must be read with its own VTIMEZONE, so the table is reset.
    table = vars(vobject.icalendar)["__tzidMap"]
    table.clear()
    vobject.icalendar.registerTzid("UTC", vobject.icalendar.utc)


def read_with_icalendar(ics: bytes) -> dict[str, ReadEvent]:
    calendar = icalendar.Calendar.from_ical(ics)
    events = {}
    for event in calendar.walk("VEVENT"):
        alarms = tuple(alarm.decoded("trigger") for alarm in event.walk("VALARM"))
        events[str(event["uid"])] = ReadEvent(
            uid=str(event["uid"]),
            start=event.decoded("dtstart"),
            end=event.decoded("dtend"),
            summary=str(event.get("summary", "")),
            description=str(event.get("description", "")),
            location=str(event["location"]) if "location" in event else None,
            url=str(event["url"]) if "url" in event else None,
            categories=tuple(event.categories),
            sequence=int(event.get("sequence", 0)),
            stamp=event.decoded("dtstamp"),
            status=str(event.get("status", "")),
            alarm_triggers=alarms,
        )
    return events


def _vobject_value(event, name: str):
    return event.contents[name][0].value if name in event.contents else None


def read_with_vobject(ics: bytes) -> dict[str, ReadEvent]:
    _forget_vobject_zones()
    calendar = vobject.readOne(ics.decode("utf-8"))
    events = {}
    for event in calendar.contents.get("vevent", []):
        value = partial(_vobject_value, event)
        categories = []
        for line in event.contents.get("categories", []):
            categories.extend(line.value)
        alarms = tuple(alarm.trigger.value for alarm in event.contents.get("valarm", []))
        events[value("uid")] = ReadEvent(
            uid=value("uid"),
            start=value("dtstart"),
            end=value("dtend"),
            summary=value("summary") or "",
            description=value("description") or "",
            location=value("location"),
            url=value("url"),
            categories=tuple(categories),
            sequence=int(value("sequence") or 0),
            stamp=value("dtstamp"),
            status=value("status") or "",
            alarm_triggers=alarms,
        )
    return events


def vtimezones_with_vobject(ics: bytes) -> dict[str, tzinfo]:
    """Each VTIMEZONE of the file as vobject (through dateutil's tzical) reads it."""
    _forget_vobject_zones()
    calendar = vobject.readOne(ics.decode("utf-8"))
    return {component.tzid.value: component.gettzinfo() for component in calendar.contents.get("vtimezone", [])}


def vtimezones_with_icalendar(ics: bytes) -> dict[str, tzinfo]:
    """Each VTIMEZONE of the file as icalendar reads it (from its observances, not by its name)."""
    calendar = icalendar.Calendar.from_ical(ics)
    return {str(zone["tzid"]): zone.to_tz(lookup_tzid=False) for zone in calendar.walk("VTIMEZONE")}


def uid_parts(uid: str) -> tuple[list[str], str]:
    """A planner UID read back: its ids (escaped by planner.exporters.entries.uid_part) and its domain."""
    local, _, domain = uid.rpartition("@")
    parts = []
    for part in local.split(".."):
        data = bytearray()
        index = 0
        while index < len(part):
            if part[index] == ".":
                data.append(int(part[index + 1 : index + 3], 16))
                index += 3
            else:
                data.extend(part[index].encode("ascii"))
                index += 1
        parts.append(data.decode("utf-8"))
    return parts, domain


Instants = dict[str, tuple[datetime, datetime]]
ICALJS_SCRIPT = Path(__file__).parent / "readers" / "read_with_icaljs.cjs"


def instants_with_ical(ics: bytes) -> Instants:
    """The strict `ical` package (pydantic models; it refuses what RFC 5545 does not allow)."""
    from ical.calendar_stream import IcsCalendarStream

    calendar = IcsCalendarStream.calendar_from_ics(ics.decode("utf-8"))
    return {event.uid: (_utc(event.dtstart), _utc(event.dtend)) for event in calendar.events}


def instants_with_icaljs(files: list[Path], module_folder: Path) -> dict[Path, Instants]:
    """ical.js, in one node process for all `files`; `module_folder` holds node_modules/ical.js."""
    result = subprocess.run(
        ["node", str(ICALJS_SCRIPT), str(module_folder), *map(str, files)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    read = json.loads(result.stdout)
    return {
        Path(file): {uid: (_from_unix(start), _from_unix(end)) for uid, (start, end) in events.items()}
        for file, events in read.items()
    }


def instants_with_khal(files: list[Path], folder: Path, first: date, last: date) -> dict[Path, Instants]:
    """khal: the files imported (`khal import`) into a new khal setup in `folder`, then listed back
    (`khal list`, from `first` to `last`) with times shown in UTC.

    Files that share a UID (one program exported two ways) go to different calendars of the
    setup; each khal run costs a second or more, so there is one import per calendar and one list.
    """
    uids = {file: set(read_with_icalendar(file.read_bytes())) for file in files}
    groups: list[list[Path]] = []
    for file in files:
        group = next((group for group in groups if all(uids[file].isdisjoint(uids[other]) for other in group)), None)
        if group is None:
            groups.append(group := [])
        group.append(file)
    lines = ["[calendars]"]
    for index in range(len(groups)):
        (folder / f"c{index}").mkdir(parents=True)
        lines += [f"[[c{index}]]", f"path = {folder / f'c{index}'}", "type = calendar"]
    lines += [
        "[locale]", "timeformat = %H:%M", "dateformat = %Y-%m-%d", "longdateformat = %Y-%m-%d",
        "datetimeformat = %Y-%m-%dT%H:%M:%S", "longdatetimeformat = %Y-%m-%dT%H:%M:%S",
        "local_timezone = UTC", "default_timezone = UTC",
        "[sqlite]", f"path = {folder / 'khal.db'}",
    ]  # fmt: skip
    config = folder / "config"
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    khal = [sys.executable, "-m", "khal", "-c", str(config)]
    environment = {**os.environ, "TZ": "UTC", "XDG_CONFIG_HOME": str(folder), "XDG_DATA_HOME": str(folder)}
    for index, group in enumerate(groups):
        subprocess.run(
            [*khal, "import", "--batch", "-a", f"c{index}", *map(str, group)], env=environment, check=True, timeout=120
        )
    listed = subprocess.run(
        [*khal, "list", "--day-format", "", "--format", "{calendar}|{uid}|{start-long}|{end-long}", f"{first}", f"{last}"],
        env=environment, capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip
    owner = {(f"c{index}", uid): file for index, group in enumerate(groups) for file in group for uid in uids[file]}
    read: dict[Path, Instants] = {file: {} for file in files}
    for line in listed.stdout.splitlines():
        if not line.strip():
            continue
        calendar, uid, start, end = line.split("|")
        read[owner[calendar, uid]][uid] = (
            datetime.fromisoformat(start).replace(tzinfo=UTC),
            datetime.fromisoformat(end).replace(tzinfo=UTC),
        )
    return read


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise AssertionError(f"{moment} was read as a floating time")
    return moment.astimezone(UTC)


def _from_unix(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)
