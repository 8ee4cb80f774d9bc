"""`planner export` as a person uses it: where the file goes, what it says on stderr, exit codes, nothing half-written."""

from __future__ import annotations

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
    assert default_bookmark_path("neurips-2018").with_name("neurips-2018.json.last-export").is_file()


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
    assert (tmp_path / "mine.json.last-export").is_file()  # beside the bookmark file it came from


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
    cancelled = events["autumn-ml-2026/monday-keynote/monday-keynote@planner"]
    assert (cancelled.status, cancelled.sequence) == ("CANCELLED", 1) and "1 cancelled (bookmark removed)" in err


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
        "autumn-ml-2026/session:poster-session-1@planner",
        "autumn-ml-2026/session:poster-session-2@planner",
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
