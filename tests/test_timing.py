"""Timing tables: times and conference facts a source lacks, each with its source; nothing guessed."""

from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from planner.cli import main
from planner.errors import SourceError
from planner.importers.base import ImportOptions
from planner.importing.sources import import_sources
from planner.importing.timing import load_timing, parse_timing
from tests.conftest import EXAMPLES, RAW

POSTERS = RAW / "iclr2022_poster_session_8.txt"
PAGE = RAW / "neurips2018_tue_track2_session2.txt"
OPTIONS = ImportOptions(conference="iclr-2022", today=date(2026, 1, 1))
# A made-up time for tests only: no source gives Poster Session 8 one, and nothing shipped says so.
POSTER_TIME = """\
[conference]
id = "iclr-2022"
name = "ICLR 2022"
timezone = "UTC"
source = "test"

[sessions."Poster Session 8"]
start = 2022-04-27T10:30:00
end = 2022-04-27T12:30:00
zone = "America/New_York"
source = "a test table"
"""


def table(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "timing.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_every_shipped_timing_table_reads(tmp_path):
    for path in sorted((EXAMPLES / "timing").glob("*.toml")):
        loaded = load_timing(path)
        assert loaded.conference is not None and loaded.conference.source
        assert loaded.ref.file == path.name


def test_a_session_time_in_a_zone_schedules_the_session_and_says_where_it_came_from(tmp_path):
    program = import_sources([POSTERS], OPTIONS, timing=table(tmp_path, POSTER_TIME)).program
    session = program.sessions[0]
    assert session.start == datetime(2022, 4, 27, 14, 30, tzinfo=UTC)  # 10:30 EDT
    assert session.end.utcoffset() == timedelta(hours=-4)
    assert all(program.is_scheduled(p) for p in program.presentations)
    assert program.conference.notes == ["Poster Session 8: times from a test table"]
    assert program.conference.sources[-1].file == "timing.toml" and program.conference.sources[-1].format == "timing"


def test_a_time_with_its_own_offset_needs_no_zone(tmp_path):
    text = (
        POSTER_TIME.replace("2022-04-27T10:30:00\n", "2022-04-27T10:30:00+02:00\n")
        .replace("2022-04-27T12:30:00\n", "2022-04-27T12:30:00+02:00\n")
        .replace('zone = "America/New_York"\n', "")
    )
    program = import_sources([POSTERS], OPTIONS, timing=table(tmp_path, text)).program
    assert program.sessions[0].start == datetime(2022, 4, 27, 10, 30, tzinfo=timezone(timedelta(hours=2)))


def test_conference_facts_fill_what_the_page_lacks_and_supply_id_and_zone():
    imported = import_sources([PAGE], ImportOptions(year=2018), timing=EXAMPLES / "timing" / "neurips-2018.toml")
    conference = imported.program.conference
    assert (conference.id, conference.name, conference.timezone) == ("neurips-2018", "NeurIPS 2018", "America/Toronto")
    assert (conference.start, conference.end) == (date(2018, 12, 3), date(2018, 12, 8))
    assert conference.venue.startswith("Palais des Congrès de Montréal")
    assert not any("no --timezone" in note.message for note in imported.notes)


def test_a_time_the_page_already_gives_may_be_repeated_but_not_contradicted(tmp_path):
    same = '[sessions."Tue Track 2 -- Session 2"]\nstart = 2018-12-04T12:30:00\nend = 2018-12-04T14:00:00\nzone = "America/Los_Angeles"\nsource = "the page"\n'
    options = ImportOptions(conference="neurips-2018", year=2018)
    assert import_sources([PAGE], options, timing=table(tmp_path, same)).program.sessions[0].end.hour == 14
    with pytest.raises(SourceError, match=r"timing\.toml:1: the sources already time 'Tue Track 2 -- Session 2'"):
        import_sources([PAGE], options, timing=table(tmp_path, same.replace("T12:30", "T12:00")))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[sessions."Poster Session 9"]\nstart = 2022-04-27T10:30:00Z\nend = 2022-04-27T12:30:00Z\nsource = "x"\n',
            r":1: the program has no session 'Poster Session 9'",
        ),
        (
            '\n[sessions."Poster Session 8"]\nstart = 2022-04-27T10:30:00\nend = 2022-04-27T12:30:00\nsource = "x"\n',
            r":2: .*start has no UTC offset: give the zone",
        ),
        ('[sessions."Poster Session 8"]\nstart = 2022-04-27T10:30:00Z\nend = 2022-04-27T12:30:00Z\n', r":1: .*needs a source"),
        (
            '[sessions."Poster Session 8"]\nstart = 2022-04-27T12:30:00Z\nend = 2022-04-27T10:30:00Z\nsource = "x"\n',
            r":1: .*ends before it starts",
        ),
        (
            '[sessions."Poster Session 8"]\nstart = 2022-03-13T02:30:00\nend = 2022-03-13T03:30:00\nzone = "America/New_York"\nsource = "x"\n',
            r":1: .*does not exist in America/New_York",
        ),
        (
            '[sessions."Poster Session 8"]\nstart = 2022-04-27\nend = 2022-04-27\nsource = "x"\n',
            r":1: .*needs start as a date and time",
        ),
        ('[sessions."Poster Session 8"]\nbegins = 2022-04-27T10:30:00Z\nsource = "x"\n', r":1: .*unknown key 'begins'"),
        (
            '[conference]\ntimezone = "Mars/Olympus"\nsource = "x"\n',
            r":1: \[conference\] timezone 'Mars/Olympus' is not an IANA zone",
        ),
        ('[conference]\nid = "iclr-2021"\nsource = "x"\n', r":1: this timing table is for iclr-2021, not iclr-2022"),
        ("[sessions\nstart = 1\n", r":1: not valid TOML"),
        ('[talks."x"]\nsource = "x"\n', r":1: unknown table 'talks'"),
    ],
)
def test_bad_timing_tables_name_file_and_line(tmp_path, text, message):
    with pytest.raises(SourceError, match=r"timing\.toml" + message):
        import_sources([POSTERS], OPTIONS, timing=table(tmp_path, text))


def test_binary_and_absurdly_nested_timing_tables_are_refused():
    with pytest.raises(SourceError, match=r"^t\.toml:1: not"):
        parse_timing(b"\xff\xfe\x00junk", name="t.toml")
    with pytest.raises(SourceError, match=r"^t\.toml"):
        parse_timing(b"x = " + b"[" * 100_000, name="t.toml")


def test_the_cli_takes_timing_and_writes_nothing_when_it_is_bad(tmp_path, capsys):
    good, out = table(tmp_path, POSTER_TIME), tmp_path / "out.json"
    assert main(["import", str(POSTERS), "--timing", str(good), "-o", str(out)]) == 0
    assert '"start": "2022-04-27T10:30:00-04:00"' in out.read_text(encoding="utf-8")
    out.unlink()
    bad = tmp_path / "bad.toml"
    bad.write_text(POSTER_TIME.replace('source = "a test table"\n', ""), encoding="utf-8")
    assert main(["import", str(POSTERS), "--timing", str(bad), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:7: [sessions.'Poster Session 8'] needs a source" in err and "Traceback" not in err
    assert not out.exists()
