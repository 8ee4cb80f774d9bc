"""The memory of the last export: read back as written, and a damaged one refused, never overwritten."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from planner.errors import ExportError
from planner.exporters.entries import CalendarEntry
from planner.exporters.export_memory import (
    WrittenEvent,
    dump_memory,
    legacy_memory_path,
    memory_path,
    read_memory,
    reconcile,
)
from planner.program.times import TimeRange

NOW = datetime(2026, 3, 1, 10, tzinfo=UTC)
SPAN = TimeRange(datetime(2026, 5, 1, 9, tzinfo=UTC), datetime(2026, 5, 1, 10, tzinfo=UTC))


def entry(uid: str = "c/p/s@planner", **changes) -> CalendarEntry:
    fields = {"uid": uid, "summary": "Oral: A, B; C", "description": "x\ny", "span": SPAN, "location": "Hall 研究"}
    return CalendarEntry(**(fields | changes))


def test_memory_lives_beside_the_calendar_and_the_older_one_beside_the_bookmark_file(tmp_path: Path):
    assert memory_path(tmp_path / "neurips-2018.ics") == tmp_path / "neurips-2018.ics.last-export"
    assert legacy_memory_path(tmp_path / "neurips-2018.json") == tmp_path / "neurips-2018.json.last-export"


def test_a_cancelled_uid_is_remembered_for_good_so_its_return_is_newer():
    first = reconcile([entry()], {}, NOW)
    removed = reconcile([], first.memory, NOW + timedelta(days=1))
    assert removed.cancelled["c/p/s@planner"].sequence == 1
    quiet = reconcile([], removed.memory, NOW + timedelta(days=2))
    assert quiet.cancelled == {} and quiet.memory["c/p/s@planner"].cancelled  # written once, kept
    back = reconcile([entry()], quiet.memory, NOW + timedelta(days=3))
    assert (back.events[0].sequence, back.events[0].changed) == (2, True)  # above the cancellation's 1
    assert not back.memory["c/p/s@planner"].cancelled


def test_an_older_planners_uid_in_the_memory_keeps_being_written():
    old = reconcile([entry("c/p/s@planner")], {}, NOW).memory
    moved = entry("c..p..s@planner", legacy_uid="c/p/s@planner")
    again = reconcile([moved], old, NOW + timedelta(days=1))
    assert [(v.entry.uid, v.sequence, v.changed) for v in again.events] == [("c/p/s@planner", 0, False)]
    assert again.cancelled == {} and list(again.memory) == ["c/p/s@planner"]
    fresh = reconcile([moved], {}, NOW)  # a calendar that never had it gets the new UID
    assert [v.entry.uid for v in fresh.events] == ["c..p..s@planner"]


def test_written_memory_reads_back_the_same(tmp_path: Path):
    memory = reconcile([entry(), entry("c/q/s@planner", location=None)], {}, NOW).memory
    memory = reconcile([entry()], memory, NOW + timedelta(days=1)).memory  # one cancelled
    path = tmp_path / "b.json.last-export"
    path.write_text(dump_memory("conf", memory), encoding="utf-8")
    assert read_memory(path, "conf") == memory and memory["c/q/s@planner"].cancelled
    assert read_memory(tmp_path / "never-exported", "conf") == {}


def test_reconcile_versions_each_event():
    first = reconcile([entry(), entry("c/gone/s@planner")], {}, NOW)
    assert [(v.sequence, v.stamp, v.changed) for v in first.events] == [(0, NOW, True), (0, NOW, True)]
    later = NOW + timedelta(days=1)
    second = reconcile([entry(), entry("c/new/s@planner")], first.memory, later)
    assert [(v.entry.uid, v.sequence, v.stamp, v.changed) for v in second.events] == [
        ("c/p/s@planner", 0, NOW, False),
        ("c/new/s@planner", 0, later, True),
    ]
    assert list(second.cancelled) == ["c/gone/s@planner"]
    assert (second.cancelled["c/gone/s@planner"].sequence, second.cancelled["c/gone/s@planner"].stamp) == (1, later)
    assert second.memory["c/gone/s@planner"].cancelled  # remembered for good
    moved = entry(span=TimeRange(SPAN.start + timedelta(hours=1), SPAN.end + timedelta(hours=1)))
    third = reconcile([moved], second.memory, later + timedelta(days=1))
    assert (third.events[0].sequence, third.events[0].changed) == (1, True)


def test_the_fingerprint_follows_every_shown_field():
    base = entry().fingerprint
    for change in ({"summary": "x"}, {"description": "x"}, {"location": "x"}, {"url": "x"}, {"categories": ("x",)},
                   {"alarm_minutes": 5}, {"span": TimeRange(SPAN.start, SPAN.end + timedelta(minutes=1))}):  # fmt: skip
        assert entry(**change).fingerprint != base, change
    same_instants = TimeRange(SPAN.start.astimezone(datetime.now().astimezone().tzinfo), SPAN.end)
    assert entry(span=same_instants).fingerprint == base  # a zone is not a change


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"format": "planner-export-memory", "version": 1,\n "events": [}', "not valid JSON"),
        ('{"format": "something-else", "version": 1}', "not a memory of planner exports"),
        ('{"format": "planner-export-memory", "version": 1, "conference": "other", "events": {}}', "not 'conf'"),
        (
            '{"format": "planner-export-memory", "version": 1, "conference": "conf", "events": {"u": {"sequence": 1}}}',
            '$.events["u"]',
        ),
        ('{"format": "planner-export-memory", "version": 1, "conference": "conf", "events": []}', "$.events"),
    ],
)
def test_a_damaged_memory_is_an_error_naming_the_file(tmp_path: Path, content, message):
    path = tmp_path / "b.json.last-export"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ExportError) as raised:
        read_memory(path, "conf")
    assert message in str(raised.value) and str(path) in str(raised.value)
    if "not valid JSON" in message:
        assert raised.value.line == 2


def test_written_event_keeps_what_a_cancellation_needs():
    memory = reconcile([entry()], {}, NOW).memory
    assert memory["c/p/s@planner"] == WrittenEvent(entry().fingerprint, 0, NOW, "Oral: A, B; C", SPAN, "Hall 研究")
