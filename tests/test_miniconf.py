"""The MiniConf importer on the real ICLR 2020 sitedata folder and on broken copies of it."""

import json
import shutil
from datetime import UTC, datetime, timedelta

import pytest

from planner.errors import SourceError
from planner.importers.base import ImportOptions, RawFolder
from planner.importers.miniconf import IMPORTER
from planner.importers.registry import detect
from planner.importing.sources import import_sources
from planner.program.model import Kind
from tests.conftest import RAW

FOLDER = RAW / "iclr2020_miniconf"
OPTIONS = ImportOptions(conference="iclr-2020", timezone="UTC")
FILES = {
    name: (FOLDER / name).read_text(encoding="utf-8") for name in ("papers.csv", "poster_sessions.csv", "main_calendar.json")
}


def read(**changed: str | None):
    """Import a copy of the folder in memory with some files changed (None: left out)."""
    texts = {name: text for name, text in ({**FILES, **changed}).items() if text is not None}
    return IMPORTER.read(RawFolder.from_texts("sitedata", texts), OPTIONS)


@pytest.fixture(scope="module")
def imported():
    return import_sources([FOLDER], OPTIONS)


def test_687_papers_each_in_two_of_twenty_utc_poster_sessions(imported):
    program = imported.program
    papers = [p for p in program.presentations if p.kind is Kind.POSTER]
    assert len(papers) == 687
    assert all(len(p.slots) == 2 for p in papers) and sum(len(p.slots) for p in papers) == 1374
    posters = [s for s in program.sessions if s.kind is Kind.POSTER]
    assert len(posters) == 20 and all(s.span.duration.total_seconds() == 7200 for s in posters)
    first, last = papers[0], papers[-1]
    assert first.id == "B1xSperKvH" and first.title.startswith("Enabling Deep Spiking Neural Networks")
    assert first.authors == ["Nitin Rathi", "Gopalakrishnan Srinivasan", "Priyadarshini Panda", "Kaushik Roy"]
    assert first.keywords == ["imagenet"] and first.links.openreview == "https://openreview.net/forum?id=B1xSperKvH"
    assert last.id == "HJgLZR4KvH" and last.title == "Dynamics-Aware Unsupervised Skill Discovery"


def test_poster_sessions_have_readable_ids_and_the_real_utc_times(imported):
    program = imported.program
    paper = program.presentations_by_id["rJxbJeHFPS"]
    assert paper.title == "What Can Neural Networks Reason About?"
    assert [slot.session for slot in paper.slots] == ["wed-session-1", "wed-session-4"]
    assert [program.when(slot) for slot in paper.slots][1].start == datetime(2020, 4, 29, 17, tzinfo=UTC)
    session = program.sessions_by_id["wed-session-4"]
    assert session.title == "Wed Session 4" and session.end == datetime(2020, 4, 29, 19, tzinfo=UTC)
    assert session.url == "https://iclr.cc/virtual/papers.html?session=Wed+Session+4&filter=keywords"


def test_calendar_events_are_sessions_of_their_kind_and_bookmarkable_presentations(imported):
    program = imported.program
    social = program.presentations_by_id["the-rl-social"]
    assert social.kind is Kind.SOCIAL and len(social.slots) == 1
    span = program.when(social.slots[0])
    assert (span.start, span.end) == (datetime(2020, 4, 29, 18, tzinfo=UTC), datetime(2020, 4, 29, 20, tzinfo=UTC))
    assert program.sessions_by_id[social.slots[0].session].kind is Kind.SOCIAL
    jordan = program.presentations_by_id["live-q-a-michael-i-jordan"]
    assert jordan.kind is Kind.QA and jordan.links.page == "https://iclr.cc/virtual/speaker_8.html"
    assert program.presentations_by_id["the-bitter-lesson-for-ai"].kind is Kind.TALK
    events = [p for p in program.presentations if p.kind is not Kind.POSTER]
    assert len(events) == 28 and sum(len(p.slots) for p in events) == 36


def test_an_event_held_twice_is_one_presentation_with_two_slots(imported):
    program = imported.program
    town = program.presentations_by_id["iclr-town"]
    assert [slot.session for slot in town.slots] == ["iclr-town-1", "iclr-town-2"]
    risky = program.presentations_by_id["anticipating-risky-research"]
    assert [program.when(slot).start.hour for slot in risky.slots] == [23, 16]


def test_live_q_and_as_filed_in_the_default_calendar_are_q_and_as_with_a_note(imported):
    assert imported.program.presentations_by_id["live-q-a-devi-parikh"].kind is Kind.QA
    note = next(note for note in imported.notes if "Devi Parikh" in note.message)
    assert note.file.endswith("main_calendar.json") and "$[20]" in note.message


def test_the_disagreeing_sessions_column_is_reported_and_the_table_wins(imported):
    note = next(note for note in imported.notes if "sessions column" in note.message)
    assert note.file.endswith("papers.csv") and note.line == 2
    assert [slot.session for slot in imported.program.presentations_by_id["B1xSperKvH"].slots] == [
        "mon-session-4",
        "mon-session-5",
    ]


def test_the_folder_is_detected_and_its_files_are_recorded_as_sources(imported):
    assert detect(RawFolder.read(FOLDER)) is IMPORTER
    assert [ref.file for ref in imported.program.conference.sources] == [
        "iclr2020_miniconf/papers.csv",
        "iclr2020_miniconf/poster_sessions.csv",
        "iclr2020_miniconf/main_calendar.json",
    ]


def test_without_the_table_the_sessions_column_and_calendar_times_are_used():
    papers = FILES["papers.csv"]
    program = read(**{"poster_sessions.csv": None, "papers.csv": papers}).program
    paper = program.presentations_by_id["B1xSperKvH"]
    assert [slot.session for slot in paper.slots] == ["mon-session-1", "tues-session-1"]
    assert program.when(paper.slots[0]).start == datetime(2020, 4, 27, 5, tzinfo=UTC)
    # Papers the column leaves empty have no session: unscheduled, not given one.
    assert program.presentations_by_id["SJlbGJrtDB"].slots == []


def test_a_truncated_papers_file_names_the_line():
    text = FILES["papers.csv"]
    with pytest.raises(SourceError, match=r"^sitedata/papers\.csv:\d+: "):
        read(**{"papers.csv": text[: len(text) // 2]})


def test_a_cut_row_of_the_poster_table_names_its_line():
    lines = FILES["poster_sessions.csv"].split("\n")
    lines[10] = lines[10].rsplit(",", 1)[0]
    with pytest.raises(SourceError, match=r"^sitedata/poster_sessions\.csv:11: 3 fields where the header has 4"):
        read(**{"poster_sessions.csv": "\n".join(lines)})


def test_a_calendar_poster_time_that_contradicts_the_table_is_an_error():
    calendar = FILES["main_calendar.json"].replace(
        '"2020-04-27T12:00:00+00:00", "end": "2020-04-27T14:00:00+00:00", "location": "https://iclr.cc/virtual/papers.html?session=Mon+Session+3',
        '"2020-04-27T13:00:00+00:00", "end": "2020-04-27T14:00:00+00:00", "location": "https://iclr.cc/virtual/papers.html?session=Mon+Session+3',
        1,
    )
    assert calendar != FILES["main_calendar.json"]
    with pytest.raises(SourceError, match=r"^sitedata/main_calendar\.json: at \$\[2\]: .*Mon Session 3"):
        read(**{"main_calendar.json": calendar})


def test_broken_calendar_json_names_the_line():
    with pytest.raises(SourceError, match=r"^sitedata/main_calendar\.json:1: not valid JSON"):
        read(**{"main_calendar.json": FILES["main_calendar.json"][:500]})


def test_a_calendar_time_without_offset_is_refused():
    calendar = FILES["main_calendar.json"].replace('"2020-04-29T18:00:00+00:00"', '"2020-04-29T18:00:00"', 1)
    with pytest.raises(SourceError, match=r"main_calendar\.json: at \$\[4\]\.start: .*no UTC offset"):
        read(**{"main_calendar.json": calendar})


def test_papers_csv_of_another_shape_is_refused_naming_its_header():
    with pytest.raises(SourceError, match=r"^sitedata/papers\.csv:1: the header lacks the columns UID, title"):
        read(**{"papers.csv": "id,name\n1,x\n"})


def test_a_binary_papers_file_is_named(tmp_path):
    folder = tmp_path / "sitedata"
    shutil.copytree(FOLDER, folder)
    (folder / "papers.csv").write_bytes(b"UID,title\x00\x01\x02")
    with pytest.raises(SourceError, match=r"papers\.csv:1: this is a binary file"):
        import_sources([folder], OPTIONS)


def test_a_folder_with_no_program_files_is_refused(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(SourceError, match=r"empty: the folder holds no program files"):
        import_sources([tmp_path / "empty"], OPTIONS)


def test_relative_calendar_links_are_made_absolute_from_the_sites_base(imported):
    program = imported.program
    session = program.sessions_by_id["mon-session-1"]
    assert session.url == "https://iclr.cc/virtual/papers.html?session=Mon+Session+1&filter=keywords"
    assert program.sessions_by_id["tues-session-1"].url.startswith("https://iclr.cc/virtual/papers.html?session=Tues")
    assert all(s.url is None or s.url.startswith("https://") for s in program.sessions)


def test_a_relative_link_with_no_site_address_is_dropped_with_a_note():
    calendar = json.loads(FILES["main_calendar.json"])
    calendar = [
        {**event, "link": event["link"].removeprefix("https://iclr.cc/virtual/")} if event.get("link") else event
        for event in calendar
    ]
    imported = read(**{"main_calendar.json": json.dumps(calendar)})
    assert any("dropped the relative link" in note.message for note in imported.notes)
    assert imported.program.sessions_by_id["mon-session-1"].url is None


def test_a_repeated_event_that_moves_keeps_its_session_ids():
    # Ids never hold a time: a re-import after the organisers move a social keeps its sessions
    # (and the calendar UIDs made from them), so a calendar gets an update, not a cancel and a copy.
    calendar = json.loads(FILES["main_calendar.json"])
    before = read().program
    for event in calendar:
        if event["title"] == "QueerInAI Social":
            start = datetime.fromisoformat(event["start"]) + timedelta(hours=1, minutes=30)
            end = datetime.fromisoformat(event["end"]) + timedelta(hours=1, minutes=30)
            event["start"], event["end"] = start.isoformat(), end.isoformat()
    after = read(**{"main_calendar.json": json.dumps(calendar)}).program
    slots = [slot.session for slot in after.presentations_by_id["queerinai-social"].slots]
    assert slots == [slot.session for slot in before.presentations_by_id["queerinai-social"].slots]
    assert slots == ["queerinai-social-1", "queerinai-social-2"]
    assert after.when(after.presentations_by_id["queerinai-social"].slots[0]) != before.when(
        before.presentations_by_id["queerinai-social"].slots[0]
    )
