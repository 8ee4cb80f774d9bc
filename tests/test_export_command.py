"""`planner export` as a person uses it: where the file goes, what it says on stderr, exit codes, nothing half-written."""

from __future__ import annotations

import json
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest

from planner.bookmarks.file import BookmarkFile, new_bookmark
from planner.bookmarks.store import dump_bookmarks, update_bookmarks
from planner.cli import main
from planner.paths import default_bookmark_path
from tests.calendar_readers import read_with_icalendar, read_with_vobject
from tests.conftest import FIXTURES, run

ADDED = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
DST_FALL_BACK = str(FIXTURES / "dst_fall_back_toronto_2026.json")


def bookmark(path: Path, conference: str, *ids: str, slot: str | None = None) -> None:
    def add(current: BookmarkFile) -> BookmarkFile:
        for presentation_id in ids:
            current = current.with_bookmark(new_bookmark(presentation_id, presentation_id, now=ADDED, slot=slot))
        return current

    update_bookmarks(path, conference, add)


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "work"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


def test_default_output_is_the_conference_ics_in_the_current_folder(capsys, here):
    bookmark(
        default_bookmark_path("neurips-2018"),
        "neurips-2018",
        "neural-ordinary-differential-equations",
        "evolved-policy-gradients",
    )
    code, out, err = run(capsys, "export", "--program", "neurips-2018")
    assert code == 0 and out == ""
    written = here / "neurips-2018.ics"
    events = read_with_vobject(written.read_bytes())
    assert len(events) == 2 and "wrote neurips-2018.ics: 2 events, 2 new or changed" in err
    assert stat.S_IMODE(written.stat().st_mode) & 0o044  # readable by a calendar server, not private like a temp file
    assert (here / "neurips-2018.ics.last-export").is_file()  # beside the calendar it remembers


def test_dash_writes_to_stdout_and_leaves_no_file(capsys, here):
    bookmark(default_bookmark_path("neurips-2018"), "neurips-2018", "neural-ordinary-differential-equations")
    code, out, err = run(capsys, "export", "--program", "neurips-2018", "-o", "-", "--utc", "--alarm", "15")
    assert code == 0 and out.startswith("BEGIN:VCALENDAR") and list(here.iterdir()) == []
    (event,) = read_with_icalendar(out.encode()).values()
    assert event.start == datetime(2018, 12, 4, 20, 50, tzinfo=UTC) and "TRIGGER:-PT15M" in out and "wrote stdout" in err


def test_left_out_bookmarks_are_counted_with_their_reasons(capsys, here, tmp_path):
    bookmarks = tmp_path / "mine.json"
    bookmark(bookmarks, "autumn-ml-2026", "equivariant-learning", "poster-without-a-time", "paper-without-a-slot")
    code, _, err = run(capsys, "export", "--program", DST_FALL_BACK, "--bookmarks", str(bookmarks), "-o", "mine.ics")
    assert code == 0
    assert "1 event," in err and "left out 2 bookmarks:" in err
    assert "poster-without-a-time" in err and "paper-without-a-slot" in err and err.count("no time yet") == 2
    assert (here / "mine.ics.last-export").is_file() and not (tmp_path / "mine.json.last-export").exists()


def test_exporting_twice_writes_the_same_file_and_a_change_bumps_sequence(capsys, here, tmp_path):
    bookmarks = tmp_path / "mine.json"
    bookmark(bookmarks, "autumn-ml-2026", "equivariant-learning", "monday-keynote", "poster-shown-twice")
    argv = ["export", "--program", DST_FALL_BACK, "--bookmarks", str(bookmarks), "-o", "mine.ics"]
    run(capsys, *argv)
    first = (here / "mine.ics").read_bytes()
    code, _, err = run(capsys, *argv)
    assert code == 0 and (here / "mine.ics").read_bytes() == first and "0 new or changed" in err
    update_bookmarks(bookmarks, "autumn-ml-2026", lambda current: current.without("monday-keynote"))
    code, _, err = run(capsys, *argv)
    events = read_with_icalendar((here / "mine.ics").read_bytes())
    cancelled = events["autumn-ml-2026..monday-keynote..monday-keynote@planner"]
    assert (cancelled.status, cancelled.sequence) == ("CANCELLED", 1) and "1 cancelled (1 bookmark removed)" in err


def test_an_event_gone_from_the_calendar_is_said_to_be_gone_for_its_own_reason(capsys, here, tmp_path):
    # The organisers drop a talk (it leaves the program, the bookmark stays) and the person drops
    # another: both events go out cancelled, and the summary tells the two apart.
    bookmarks = tmp_path / "mine.json"
    bookmark(bookmarks, "autumn-ml-2026", "equivariant-learning", "monday-keynote", "poster-shown-twice")
    run(capsys, "export", "--program", DST_FALL_BACK, "--bookmarks", str(bookmarks), "-o", "mine.ics")
    program = json.loads(Path(DST_FALL_BACK).read_text(encoding="utf-8"))
    program["presentations"] = [p for p in program["presentations"] if p["id"] != "monday-keynote"]
    smaller = tmp_path / "without-the-keynote.json"
    smaller.write_text(json.dumps(program), encoding="utf-8")
    argv = ["export", "--program", str(smaller), "--bookmarks", str(bookmarks), "-o", "mine.ics"]
    code, _, err = run(capsys, *argv)
    assert code == 0 and "1 cancelled (1 no longer in the program)" in err, err
    events = read_with_icalendar((here / "mine.ics").read_bytes())
    assert events["autumn-ml-2026..monday-keynote..monday-keynote@planner"].status == "CANCELLED"
    update_bookmarks(bookmarks, "autumn-ml-2026", lambda current: current.without("equivariant-learning"))
    code, _, err = run(capsys, *argv)
    assert code == 0 and "1 cancelled (1 bookmark removed)" in err, err
    events = read_with_icalendar((here / "mine.ics").read_bytes())
    gone = {uid for uid, event in events.items() if event.status == "CANCELLED"}
    assert gone and all("..equivariant-learning.." in uid for uid in gone)


def test_tz_sets_the_zone_of_the_times(capsys, here):
    bookmark(default_bookmark_path("neurips-2018"), "neurips-2018", "neural-ordinary-differential-equations")
    code, out, _ = run(capsys, "export", "--program", "neurips-2018", "--tz", "Europe/Berlin", "-o", "-")
    assert code == 0 and "DTSTART;TZID=Europe/Berlin:20181204T215000" in out and "X-WR-TIMEZONE:Europe/Berlin" in out


def test_per_session_option(capsys, here, tmp_path):
    bookmarks = tmp_path / "mine.json"
    bookmark(bookmarks, "autumn-ml-2026", "poster-shown-twice", "molecule-gnn")
    code, out, _ = run(capsys, "export", "--program", DST_FALL_BACK, "--bookmarks", str(bookmarks), "--per-session", "-o", "-")
    assert code == 0
    assert set(read_with_icalendar(out.encode())) == {
        "autumn-ml-2026..session..poster-session-1..posters@planner",
        "autumn-ml-2026..session..poster-session-2..posters@planner",
    }


def test_a_broken_bookmark_file_exits_1_and_writes_nothing(capsys, here, tmp_path):
    bookmarks = tmp_path / "mine.json"
    bookmarks.write_text('{"format": "planner-bookmarks", "version": 1,\n "conference": ', encoding="utf-8")
    code, out, err = run(capsys, "export", "--program", DST_FALL_BACK, "--bookmarks", str(bookmarks))
    assert code == 1 and out == "" and f"{bookmarks}:2:" in err and "Traceback" not in err
    assert list(here.iterdir()) == [] and not (tmp_path / "mine.json.last-export").exists()


def test_a_damaged_memory_exits_1_and_is_left_as_it_was(capsys, here, tmp_path):
    bookmarks = tmp_path / "mine.json"
    bookmark(bookmarks, "autumn-ml-2026", "equivariant-learning")
    memory = tmp_path / "mine.json.last-export"
    memory.write_text("{not json", encoding="utf-8")
    code, _, err = run(capsys, "export", "--program", DST_FALL_BACK, "--bookmarks", str(bookmarks))
    assert code == 1 and str(memory) in err and "delete it to start afresh" in err
    assert memory.read_text(encoding="utf-8") == "{not json" and list(here.iterdir()) == []


def test_bookmarks_of_another_conference_exit_1(capsys, here, tmp_path):
    bookmarks = tmp_path / "mine.json"
    bookmarks.write_text(dump_bookmarks(BookmarkFile(conference="iclr-2020")), encoding="utf-8")
    code, _, err = run(capsys, "export", "--program", DST_FALL_BACK, "--bookmarks", str(bookmarks))
    assert code == 1 and "iclr-2020" in err


@pytest.mark.parametrize("minutes", ["soon", "-5"])
def test_a_bad_alarm_is_a_misuse(capsys, here, minutes):
    with pytest.raises(SystemExit) as raised:
        main(["export", "--program", "neurips-2018", "--alarm", minutes])
    assert raised.value.code == 2 and "--alarm" in capsys.readouterr().err


def test_an_unwritable_output_exits_1_and_keeps_the_memory_unchanged(capsys, here, tmp_path):
    bookmarks = tmp_path / "mine.json"
    bookmark(bookmarks, "autumn-ml-2026", "equivariant-learning")
    blocker = here / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    code, _, err = run(capsys, "export", "--program", DST_FALL_BACK, "--bookmarks", str(bookmarks), "-o", str(blocker / "x.ics"))
    assert code == 1 and "cannot write the calendar" in err
    assert not (tmp_path / "mine.json.last-export").exists()


def _export(capsys, bookmarks: Path, *options: str) -> tuple[int, str, str]:
    return run(capsys, "export", "--program", DST_FALL_BACK, "--bookmarks", str(bookmarks), *options)


def test_a_preview_changes_no_memory_and_two_calendars_each_get_every_cancellation(capsys, here, tmp_path):
    bookmarks = tmp_path / "mine.json"
    bookmark(bookmarks, "autumn-ml-2026", "equivariant-learning", "monday-keynote")
    for target in ("a.ics", "b.ics"):
        assert _export(capsys, bookmarks, "-o", target)[0] == 0
    update_bookmarks(bookmarks, "autumn-ml-2026", lambda current: current.without("monday-keynote"))
    remembered = {path.name: path.read_bytes() for path in here.iterdir()}
    for _ in range(2):
        code, out, err = _export(capsys, bookmarks, "-o", "-")
        assert code == 0 and "STATUS:CANCELLED" not in out and "no export memory changed" in err
    assert {path.name: path.read_bytes() for path in here.iterdir()} == remembered
    uid = "autumn-ml-2026..monday-keynote..monday-keynote@planner"
    for target in ("a.ics", "b.ics"):
        code, _, err = _export(capsys, bookmarks, "-o", target)
        event = read_with_icalendar((here / target).read_bytes())[uid]
        assert code == 0 and (event.status, event.sequence) == ("CANCELLED", 1) and "1 cancelled" in err


def test_a_bookmark_removed_and_added_back_returns_with_a_higher_sequence(capsys, here, tmp_path):
    bookmarks = tmp_path / "mine.json"
    bookmark(bookmarks, "autumn-ml-2026", "equivariant-learning", "monday-keynote")
    uid = "autumn-ml-2026..monday-keynote..monday-keynote@planner"
    sequences = []
    for change in (None, "remove", None, "add", None):
        if change == "remove":
            update_bookmarks(bookmarks, "autumn-ml-2026", lambda current: current.without("monday-keynote"))
        elif change == "add":
            bookmark(bookmarks, "autumn-ml-2026", "monday-keynote")
        assert _export(capsys, bookmarks, "-o", "mine.ics")[0] == 0
        event = read_with_icalendar((here / "mine.ics").read_bytes()).get(uid)
        sequences.append(event and (event.status, event.sequence))
    assert sequences == [("CONFIRMED", 0), ("CANCELLED", 1), None, ("CONFIRMED", 2), ("CONFIRMED", 2)]


def test_a_calendar_with_nothing_to_export_exits_1_saying_why_and_writes_nothing(capsys, here, tmp_path):
    bookmarks = tmp_path / "mine.json"
    bookmark(bookmarks, "iclr-2021", "nIAxjsniDzg", "rC8sJ4i6kaH")  # ICLR 2021 ships with no times
    code, out, err = run(capsys, "export", "--program", "iclr-2021", "--bookmarks", str(bookmarks))
    assert code == 1 and out == "" and "Traceback" not in err
    assert "nothing to export: none of the 2 bookmarks has a time in this program yet" in err
    assert list(here.iterdir()) == []
    empty = tmp_path / "none.json"
    update_bookmarks(empty, "iclr-2021", lambda current: current)
    code, _, err = run(capsys, "export", "--program", "iclr-2021", "--bookmarks", str(empty), "-o", "-")
    assert code == 1 and f"nothing to export: no bookmarks in {empty}" in err


def test_a_file_of_only_cancellations_is_written(capsys, here, tmp_path):
    bookmarks = tmp_path / "mine.json"
    bookmark(bookmarks, "autumn-ml-2026", "monday-keynote")
    _export(capsys, bookmarks, "-o", "mine.ics")
    update_bookmarks(bookmarks, "autumn-ml-2026", lambda current: current.without("monday-keynote"))
    code, _, err = _export(capsys, bookmarks, "-o", "mine.ics")
    (event,) = read_with_icalendar((here / "mine.ics").read_bytes()).values()
    assert code == 0 and event.status == "CANCELLED" and "0 events, 0 new or changed, 1 cancelled" in err


def test_an_older_planners_memory_beside_the_bookmark_file_keeps_its_uids(capsys, here, tmp_path):
    bookmarks = tmp_path / "mine.json"
    bookmark(bookmarks, "autumn-ml-2026", "equivariant-learning")
    old_uid = "autumn-ml-2026/equivariant-learning/sat-orals@planner"
    legacy = {
        "format": "planner-export-memory", "version": 1, "conference": "autumn-ml-2026",
        "events": {old_uid: {"fingerprint": "x", "sequence": 3, "stamp": "2026-01-10T00:00:00Z", "summary": "Oral",
                             "start": "2026-10-31T14:00:00Z", "end": "2026-10-31T15:00:00Z"}},
    }  # fmt: skip
    (tmp_path / "mine.json.last-export").write_text(json.dumps(legacy), encoding="utf-8")
    code, _, _ = _export(capsys, bookmarks, "-o", "mine.ics")
    (event,) = read_with_icalendar((here / "mine.ics").read_bytes()).values()
    assert code == 0 and (event.uid, event.status, event.sequence) == (old_uid, "CONFIRMED", 4)


def test_check_says_what_a_calendar_app_will_do_with_each_event(capsys, here, tmp_path):
    bookmarks = tmp_path / "mine.json"
    bookmark(bookmarks, "autumn-ml-2026", "equivariant-learning", "monday-keynote")
    _export(capsys, bookmarks, "-o", "mine.ics")
    first = (here / "mine.ics").read_bytes()
    code, out, err = _export(capsys, bookmarks, "--check", "mine.ics")
    assert code == 0 and out.count("unchanged") == 2 and "2 events: 2 unchanged" in err
    update_bookmarks(bookmarks, "autumn-ml-2026", lambda current: current.without("monday-keynote"))
    _export(capsys, bookmarks, "-o", "mine.ics")
    (here / "old.ics").write_bytes(first)
    (here / "old.ics.last-export").write_bytes((here / "mine.ics.last-export").read_bytes())
    code, out, err = _export(capsys, bookmarks, "--check", "old.ics", "--json")
    verdicts = {row["uid"]: row["verdict"] for row in json.loads(out)["events"]}
    assert code == 1 and verdicts["autumn-ml-2026..monday-keynote..monday-keynote@planner"] == "ignored"
    assert "will ignore 1 event" in err
    edited = first.replace(b"SUMMARY:Oral: Apprentissage", b"SUMMARY:Oral: Mon apprentissage")
    (here / "edited.ics").write_bytes(edited)
    (here / "edited.ics.last-export").write_bytes((here / "old.ics.last-export").read_bytes())
    code, out, _ = _export(capsys, bookmarks, "--check", "edited.ics")
    assert code == 1 and "changed without a higher SEQUENCE" in out
    (here / "broken.ics").write_text("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", encoding="utf-8")
    code, _, err = _export(capsys, bookmarks, "--check", "broken.ics")
    assert code == 1 and "broken.ics" in err and "holds no event" in err
