"""Feeds from the command line: `import` and `list --program FILE` sniff the format; bad feeds exit 1 and write nothing."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from planner.program.program_file import load_program
from tests.conftest import FIXTURES, RAW, run

FEEDS = RAW / "feeds"
SOURCES = {
    "31c3_schedule.xml": (FEEDS / "31c3_schedule.xml", 138),
    "frab-camp2019.json": (FEEDS / "frab-camp2019.json", 79),
    "pretalx-rc3.json": (FEEDS / "pretalx-rc3.json", 48),
    "calendar.ics": (FIXTURES / "ics_tzid_utc_dst_change_recurring.ics", 4),
    "virtual-site.json": (FIXTURES / "virtual_site_poster_twice_oral_with_poster" / "mlconf-2024-orals-posters.json", 4),
}


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_import_writes_a_program_file_from_each_feed(capsys, tmp_path, name):
    path, count = SOURCES[name]
    out = tmp_path / "program.json"
    code, stdout, err = run(capsys, "import", str(path), "-o", str(out))
    assert code == 0 and stdout == ""
    assert f"{count} presentations" in err
    assert len(load_program(out).presentations) == count


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_list_reads_each_feed_directly(capsys, name):
    path, count = SOURCES[name]
    code, out, _ = run(capsys, "list", "--program", str(path), "--json")
    assert code == 0
    assert len(json.loads(out)) == count


def test_31c3_day_one_lists_the_after_midnight_talks(capsys):
    code, out, _ = run(capsys, "list", "--program", str(FEEDS / "31c3_schedule.xml"), "--day", "1", "--json")
    rows = json.loads(out)
    assert code == 0 and {slot["day"] for row in rows for slot in row["slots"]} == {"2014-12-27"}
    late = [row["title"] for row in rows if row["slots"][0]["local_start"].startswith("2014-12-28T0")]
    assert "Citizenfour" in late
    _, text, _ = run(capsys, "list", "--program", str(FEEDS / "31c3_schedule.xml"), "--day", "1")
    assert text.startswith("Sat 27 Dec 2014\n") and "Sun 28 Dec 00:00–02:15" in text and "Sun 28 Dec 2014\n" not in text


def test_the_feed_acronym_names_the_conference_when_listed_directly(capsys):
    _, out, _ = run(capsys, "show", "--program", str(FEEDS / "frab-camp2019.json"), "Opening Ceremony", "--json")
    assert json.loads(out)["slots"][0]["day"] == date(2019, 8, 21).isoformat()


BROKEN = {
    "bad.xml": (
        "<?xml version='1.0'?>\n<schedule>\n<conference><title>x</title>\n</schedule>\n",
        r"bad\.xml:4: not well-formed XML",
    ),
    "shape.json": (
        '{"schedule": {"conference": {"title": "x", "days": {"not": "a list"}}}}',
        r"shape\.json: at \$\.schedule\.conference\.days: Input should be a valid list",
    ),
    "nostart.ics": (
        "BEGIN:VCALENDAR\nX-WR-CALNAME:x\nBEGIN:VEVENT\nUID:a\nSUMMARY:No start\nEND:VEVENT\nEND:VCALENDAR\n",
        r"nostart\.ics:3: the event 'No start' has no start",
    ),
    "zone.ics": (
        "BEGIN:VCALENDAR\nX-WR-CALNAME:x\nBEGIN:VEVENT\nUID:a\nDTSTART;TZID=Nowhere/Town:20240101T100000\nEND:VEVENT\nEND:VCALENDAR\n",
        r"zone\.ics:5: unknown time zone TZID='Nowhere/Town'",
    ),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_broken_feed_exits_1_with_file_and_place_and_writes_nothing(capsys, tmp_path, name):
    text, message = BROKEN[name]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "program.json"
    code, stdout, err = run(capsys, "import", str(path), "-o", str(out))
    assert code == 1 and stdout == "" and not out.exists()
    assert err.startswith("planner: ") and len(err.strip().splitlines()) == 1
    assert re.search(message, err)
    code, stdout, err = run(capsys, "list", "--program", str(path))
    assert code == 1 and stdout == "" and "Traceback" not in err


def test_a_broken_import_leaves_an_earlier_output_file_untouched(capsys, tmp_path):
    out = tmp_path / "program.json"
    out.write_text("earlier", encoding="utf-8")
    bad = tmp_path / "bad.xml"
    bad.write_text(BROKEN["bad.xml"][0], encoding="utf-8")
    code, _, _ = run(capsys, "import", str(bad), "-o", str(out))
    assert code == 1 and out.read_text(encoding="utf-8") == "earlier"


def broken_neurips_feed(tmp_path):
    """The NeurIPS 2025 cut with one event whose start cannot be read."""
    source = FIXTURES / "neurips2025_poster_boards" / "neurips-2025-orals-posters.json"
    data = json.loads(source.read_text(encoding="utf-8"))
    data["results"][1]["starttime"] = "Fri 5 Dec, 4:30 pm"
    path = tmp_path / source.name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


SKIP_NOTE = "skipped 'Gadgets Near the Door': at $.results[1].starttime: 'Fri 5 Dec, 4:30 pm' is not an ISO 8601"


def test_list_of_a_raw_feed_says_what_it_skipped_on_stderr_once(capsys, tmp_path):
    feed = broken_neurips_feed(tmp_path)
    code, out, err = run(capsys, "list", "--program", str(feed))
    assert code == 0 and "Widgets at the Far Board" in out and "Gadgets Near the Door" not in out
    assert err.count(SKIP_NOTE) == 1 and err.startswith(f"{feed}: ")
    code, out, err = run(capsys, "list", "--program", str(feed), "--json")
    assert code == 0 and len(json.loads(out)) == 3
    assert err.count(SKIP_NOTE) == 1
    code, out, err = run(capsys, "list", "--program", str(feed), "--strict")
    assert code == 1 and out == "" and "at $.results[1].starttime" in err and "skipped" not in err


async def test_opening_a_raw_feed_says_what_it_skipped_before_the_tui_starts_and_in_it(capsys, tmp_path):
    from planner.cli import build_parser
    from planner.cli.open_command import build_app
    from tests.tui_app import Notes, settle

    feed = broken_neurips_feed(tmp_path)
    app = build_app(build_parser().parse_args(["open", str(feed)]))
    assert len(app.setup.program.presentations) == 3
    assert capsys.readouterr().err.count(SKIP_NOTE) == 1
    notes = Notes()
    async with app.run_test(size=(120, 40), message_hook=notes.hook) as pilot:
        await settle(pilot)
    assert [message for _, _, message in notes.shown].count("1 event skipped; `planner import` lists them") == 1
