"""Every exported instant, read by the readers calendar apps use, is planner's own.

Readers: icalendar, vobject, the strict `ical` package, ical.js (Thunderbird's engine, run with
node) and khal (`khal import` into a khal setup of its own, then `khal list`). Programs: NeurIPS
2018, ICLR 2020 with 50 bookmarks, a program across Berlin's autumn change with talks in both
02:30s, and one program in each of seven zones chosen for their clocks (Sydney's southern summer,
Casablanca's Ramadan change, Dublin's winter "negative" summer time, St John's half hours,
Chatham's 45 minutes, Kolkata's half hour and no change, São Paulo's midnight change). Each file
is exported once and read once per reader (node and khal run once for all files), so the suite
takes seconds.
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from planner.bookmarks.file import BookmarkFile, new_bookmark
from planner.exporters.ics import export_calendar
from planner.importing.catalog import open_program
from planner.program.model import Conference, Kind, Presentation, Program, Session, Slot
from tests.calendar_readers import (
    Instants,
    instants_with_ical,
    instants_with_icaljs,
    instants_with_khal,
    read_with_icalendar,
    read_with_vobject,
)

EXPORTED_AT = datetime(2026, 2, 1, 12, tzinfo=UTC)
ADDED = datetime(2026, 1, 5, 9, tzinfo=UTC)
ZONES = {
    # zone: a year in which its clocks change (São Paulo's last changes were in 2018)
    "Australia/Sydney": 2026, "Africa/Casablanca": 2026, "Europe/Dublin": 2026, "America/St_Johns": 2026,
    "Pacific/Chatham": 2026, "Asia/Kolkata": 2026, "America/Sao_Paulo": 2018,
}  # fmt: skip


def _changes(zone: ZoneInfo, year: int) -> list[datetime]:
    """The instants in `year` at which the clocks of `zone` change."""
    moment, end = datetime(year, 1, 1, tzinfo=UTC), datetime(year + 1, 1, 1, tzinfo=UTC)
    found, offset = [], moment.astimezone(zone).utcoffset()
    while moment < end:
        moment += timedelta(minutes=15)
        now = moment.astimezone(zone).utcoffset()
        if now != offset:
            found.append(moment)
            offset = now
    return found


def clock_program(conference_id: str, zone_name: str, year: int) -> Program:
    """Talks around each change of the clocks in `zone_name` (before, across, after, and at both
    instances of a repeated wall-clock time), plus a day of ordinary talks, late ones included."""
    zone = ZoneInfo(zone_name)
    spans: list[tuple[str, datetime, datetime]] = []
    for number, change in enumerate(_changes(zone, year), start=1):
        before, after = (change - timedelta(seconds=1)).astimezone(zone).utcoffset(), change.astimezone(zone).utcoffset()
        spans += [
            (f"c{number}-before", change - timedelta(minutes=90), change - timedelta(minutes=30)),
            (f"c{number}-across", change - timedelta(minutes=30), change + timedelta(minutes=30)),
            (f"c{number}-after", change + timedelta(minutes=30), change + timedelta(minutes=90)),
            (f"c{number}-noon", _local(zone, change, 12), _local(zone, change, 13)),
        ]
        if after < before:  # the clocks go back: the same wall-clock time happens twice
            repeated = before - after
            first = change - repeated / 2
            spans += [
                (f"c{number}-first-of-the-repeated", first, first + timedelta(minutes=15)),
                (f"c{number}-second-of-the-repeated", first + repeated, first + repeated + timedelta(minutes=15)),
            ]
    ordinary = datetime(year, 6, 10, tzinfo=UTC)
    spans += [
        ("ordinary-morning", _local(zone, ordinary, 9), _local(zone, ordinary, 10, 30)),
        ("ordinary-late", _local(zone, ordinary, 23, 30), _local(zone, ordinary, 23, 30) + timedelta(hours=1)),
    ]
    sessions = [Session(id=name, title=name, kind=Kind.TALK, start=start, end=end, room="Hall 1") for name, start, end in spans]
    presentations = [
        Presentation(id=f"talk-{name}", title=f"Talk {name}", kind=Kind.TALK, slots=[Slot(session=name)]) for name, _, _ in spans
    ]
    conference = Conference(id=conference_id, name=conference_id, timezone=zone_name)
    return Program(conference=conference, sessions=sessions, presentations=presentations)


def _local(zone: ZoneInfo, day: datetime, hour: int, minute: int = 0) -> datetime:
    local = day.astimezone(zone)
    return datetime(local.year, local.month, local.day, hour, minute, tzinfo=zone).astimezone(UTC)


def bookmarks_of(program: Program, count: int | None = None) -> BookmarkFile:
    chosen = program.presentations[:count] if count else program.presentations
    marks = [new_bookmark(presentation.id, presentation.title, now=ADDED) for presentation in chosen]
    return BookmarkFile(conference=program.conference.id, bookmarks=marks)


def _cases() -> dict[str, tuple[Program, BookmarkFile, dict]]:
    neurips, iclr = open_program("neurips-2018"), open_program("iclr-2020")
    berlin = clock_program("berlin-fall-back-2026", "Europe/Berlin", 2026)
    assert {"c2-first-of-the-repeated", "c2-second-of-the-repeated"} <= set(berlin.sessions_by_id)
    cases = {
        "neurips-2018": (neurips, bookmarks_of(neurips), {}),
        "neurips-2018 --tz Pacific/Chatham": (neurips, bookmarks_of(neurips), {"where": ZoneInfo("Pacific/Chatham")}),
        "iclr-2020 50 bookmarks": (iclr, bookmarks_of(iclr, 50), {}),
        "iclr-2020 --tz Europe/Dublin": (iclr, bookmarks_of(iclr, 50), {"where": ZoneInfo("Europe/Dublin")}),
        "berlin fall-back": (berlin, bookmarks_of(berlin), {}),
        "berlin fall-back --utc": (berlin, bookmarks_of(berlin), {"utc": True}),
    }
    for zone_name, year in ZONES.items():
        identifier = zone_name.lower().replace("/", "-").replace("_", "-")
        program = clock_program(identifier, zone_name, year)
        cases[zone_name] = (program, bookmarks_of(program), {})
    return cases


CASES = _cases()
READERS = ["icalendar", "vobject", "ical", "ical.js", "khal"]
VARIANTS = {name for name, (_, _, options) in CASES.items() if options}
"""Programs exported in another zone or in UTC: not given to khal, whose import takes a twentieth
of a second an event (the rest of the suite together takes less than its import of these would)."""
PAIRS = [(reader, case) for reader in READERS for case in sorted(CASES) if not (reader == "khal" and case in VARIANTS)]


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> dict[str, tuple[Path, Instants]]:
    """Each case exported once: its file, and the instants planner meant."""
    folder = tmp_path_factory.mktemp("calendars")
    files = {}
    for index, (name, (program, bookmarks, options)) in enumerate(CASES.items()):
        where = options.get("where", program.conference.zone)
        calendar = export_calendar(
            program, bookmarks, clock=lambda: EXPORTED_AT, where=where, utc=options.get("utc", False), alarm_minutes=10
        )
        assert calendar.events > 0 and calendar.changed == calendar.events
        path = folder / f"case-{index}.ics"
        path.write_bytes(calendar.ics)
        files[name] = (path, _meant(program, bookmarks))
    return files


def _meant(program: Program, bookmarks: BookmarkFile) -> Instants:
    from planner.exporters.entries import plan_calendar

    return {
        entry.uid: (entry.span.start.astimezone(UTC), entry.span.end.astimezone(UTC))
        for entry in plan_calendar(program, bookmarks).entries
    }


@pytest.fixture(scope="module")
def icaljs(tmp_path_factory) -> Path:
    """A folder with ical.js installed by npm, once per test session."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip("node and npm are needed to run ical.js (Thunderbird's calendar engine)")
    folder = tmp_path_factory.mktemp("icaljs")
    subprocess.run(
        ["npm", "install", "--prefix", str(folder), "--no-audit", "--no-fund", "--loglevel=error", "ical.js@2"],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return folder


@pytest.fixture(scope="module")
def read(exported, icaljs, tmp_path_factory) -> dict[str, dict[str, Instants]]:
    """reader -> case -> what it read; node and khal each run once for every file."""
    paths = {name: path for name, (path, _) in exported.items()}
    by_reader: dict[str, dict[str, Instants]] = {}
    for reader, events_of in (("icalendar", read_with_icalendar), ("vobject", read_with_vobject)):
        by_reader[reader] = {
            name: {
                uid: (event.start.astimezone(UTC), event.end.astimezone(UTC))
                for uid, event in events_of(path.read_bytes()).items()
            }
            for name, path in paths.items()
        }
    by_reader["ical"] = {name: instants_with_ical(path.read_bytes()) for name, path in paths.items()}
    from_node = instants_with_icaljs(list(paths.values()), icaljs)
    by_reader["ical.js"] = {name: from_node[path] for name, path in paths.items()}
    every = [moment for _, meant in exported.values() for span in meant.values() for moment in span]
    first, last = min(every).date() - timedelta(days=2), max(every).date() + timedelta(days=2)
    for_khal = {name: path for name, path in paths.items() if name not in VARIANTS}
    from_khal = instants_with_khal(list(for_khal.values()), tmp_path_factory.mktemp("khal"), first, last)
    by_reader["khal"] = {name: from_khal[path] for name, path in for_khal.items()}
    return by_reader


@pytest.mark.parametrize(("reader", "case"), PAIRS)
def test_every_instant_read_is_planners_own(read, exported, reader, case):
    _, meant = exported[case]
    got = read[reader][case]
    assert set(got) == set(meant)
    wrong = {uid: (got[uid], meant[uid]) for uid in meant if got[uid] != meant[uid]}
    assert wrong == {}


def test_the_programs_cover_what_they_are_for():
    berlin, _, _ = CASES["berlin fall-back"]
    repeated = [berlin.sessions_by_id[f"c2-{which}-of-the-repeated"] for which in ("first", "second")]
    local = [session.start.astimezone(ZoneInfo("Europe/Berlin")) for session in repeated]
    assert [moment.strftime("%H:%M") for moment in local] == ["02:30", "02:30"] and local[0].fold != local[1].fold
    for zone_name, year in ZONES.items():
        program, _, _ = CASES[zone_name]
        changes = len(_changes(ZoneInfo(zone_name), year))
        assert len(program.sessions) == 4 * changes + changes // 2 * 2 + 2 or zone_name == "Asia/Kolkata", zone_name
    assert date(2018, 11, 4) in {session.start.date() for session in CASES["America/Sao_Paulo"][0].sessions}
