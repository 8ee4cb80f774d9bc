"""The virtual-site events JSON importer on a hand-made feed: a poster shown twice, orals and spotlights linked to their posters."""

from __future__ import annotations

import json
import re
import shutil
from datetime import UTC, datetime

import pytest

from planner.errors import SourceError
from planner.importers.base import ImportOptions, RawSource
from planner.importers.registry import detect
from planner.importers.virtual_site_json import program_from
from planner.importing.sources import import_sources
from planner.program.model import Kind
from tests.conftest import FIXTURES

FOLDER = FIXTURES / "virtual_site_poster_twice_oral_with_poster"
FEED = FOLDER / "mlconf-2024-orals-posters.json"
ABSTRACTS = FOLDER / "mlconf-2024-abstracts.json"


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def document() -> dict:
    return json.loads(FEED.read_text(encoding="utf-8"))


def write_feed(folder, data: dict, name: str = "mlconf-2024-orals-posters.json"):
    path = folder / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def slots_of(program, presentation_id: str) -> list[tuple[str, datetime | None, str | None]]:
    presentation = program.presentations_by_id[presentation_id]
    found = []
    for slot in presentation.slots:
        span = program.when(slot)
        found.append((program.sessions_by_id[slot.session].title, span.start if span else None, slot.position))
    return found


def test_the_feed_is_detected_and_names_its_conference_from_the_file_name():
    source = RawSource.read(FEED)
    assert detect(source).name == "virtual-site-json"
    program = import_sources([FEED], ImportOptions()).program
    assert (program.conference.id, program.conference.name) == ("mlconf-2024", "Mlconf 2024")
    assert [ref.file for ref in program.conference.sources] == [FEED.name, ABSTRACTS.name]


def test_a_poster_shown_twice_is_one_presentation_with_two_slots():
    program = import_sources([FEED], ImportOptions()).program
    assert slots_of(program, "SpWidg3t01") == [
        ("Poster Session 1", utc(2024, 7, 23, 9, 30), "#12"),
        ("Poster Session 1 (second showing)", utc(2024, 7, 25, 14, 30), "#12"),
    ]
    widgets = program.presentations_by_id["SpWidg3t01"]
    assert widgets.kind is Kind.POSTER and widgets.authors == ["Ada Example", "Bo Sample"]
    assert widgets.links.openreview == "https://openreview.net/forum?id=SpWidg3t01"


def test_an_oral_linked_to_its_poster_is_one_presentation_with_both_slots():
    program = import_sources([FEED], ImportOptions()).program
    assert slots_of(program, "DnsGadg3t2") == [
        ("Oral 2A Theory", utc(2024, 7, 24, 8, 30), None),
        ("Poster Session 2", utc(2024, 7, 24, 9, 30), "#40"),
    ]
    assert program.presentations_by_id["DnsGadg3t2"].kind is Kind.ORAL
    oral_session = program.sessions_by_id["oral-2a-theory"]
    assert (oral_session.kind, oral_session.room, oral_session.end) == (Kind.ORAL, "Hall A", utc(2024, 7, 24, 8, 45))


def test_parent_and_children_link_a_spotlight_to_its_poster_whose_id_names_the_paper():
    program = import_sources([FEED], ImportOptions()).program
    # No OpenReview link: the paper is called by its poster's id.
    assert slots_of(program, "9103") == [
        ("Poster Session 2", utc(2024, 7, 24, 9, 30), "#41"),
        ("Spotlights 1", utc(2024, 7, 24, 12, 0), None),
    ]
    spotlight = program.presentations_by_id["9103"]
    assert spotlight.kind is Kind.SPOTLIGHT
    assert spotlight.links.paper == "https://proceedings.mlconf.example/v1/small24a.html"
    assert len(program.presentations) == 4
    assert {session.title for session in program.sessions} == {
        "Poster Session 1", "Poster Session 1 (second showing)", "Oral 2A Theory", "Poster Session 2", "Spotlights 1",
    }  # fmt: skip


def test_abstracts_come_from_the_feed_or_the_sidecar_beside_it(tmp_path):
    program = import_sources([FEED], ImportOptions()).program
    assert program.presentations_by_id["SpWidg3t01"].abstract == "Widgets, but sparse: an abstract that only the sidecar has."
    assert program.presentations_by_id["DnsGadg3t2"].abstract == "We revisit dense gadgets and find them wanting."
    alone = tmp_path / FEED.name
    shutil.copy(FEED, alone)
    without = import_sources([alone], ImportOptions()).program
    assert without.presentations_by_id["SpWidg3t01"].abstract == ""
    assert len(without.conference.sources) == 1


def test_a_paper_without_time_or_session_is_unscheduled():
    program = import_sources([FEED], ImportOptions()).program
    later = program.presentations_by_id["9401"]
    assert later.slots == [] and not program.is_scheduled(later)
    assert later.authors == ["Ed Writer"] and later.abstract == "Kept for later."


def test_the_zone_is_that_of_the_offsets_unless_timezone_names_it():
    imported = import_sources([FEED], ImportOptions())
    assert imported.program.conference.timezone == "Etc/GMT-2"
    assert any("+02:00" in note.message for note in imported.notes)
    assert import_sources([FEED], ImportOptions(timezone="Europe/Vienna")).program.conference.timezone == "Europe/Vienna"


def test_a_feed_whose_count_exceeds_its_results_is_reported_truncated(tmp_path):
    data = document()
    data.update(count=3418, next="https://mlconf.example/static/virtual/data/mlconf-2024-orals-posters.json?page=2")
    imported = import_sources([write_feed(tmp_path, data)], ImportOptions())
    truncated = [note for note in imported.notes if note.message.startswith("truncated")]
    assert len(truncated) == 1 and "3418" in truncated[0].message and "holds 6" in truncated[0].message
    assert len(imported.program.presentations) == 4


def test_linked_events_with_different_titles_are_kept_apart_with_a_note(tmp_path):
    data = document()
    data["results"][0]["related_events_ids"] = [9201]
    imported = import_sources([write_feed(tmp_path, data)], ImportOptions())
    assert len(imported.program.presentations) == 4
    assert any("title differs" in note.message for note in imported.notes)


# One broken event is skipped with its JSON path; --strict refuses the feed at the same place.
ONE_BROKEN_EVENT = [
    (
        lambda d: d["results"][1].update(starttime="next tuesday"),
        r"at \$\.results\[1\]\.starttime: 'next tuesday' is not an ISO 8601",
    ),
    (lambda d: d["results"][1].pop("endtime"), r"at \$\.results\[1\]: the event gives starttime but no endtime"),
    (lambda d: d["results"][2].pop("name"), r"at \$\.results\[2\]\.name: Field required"),
    (lambda d: d["results"][0].update(endtime="2024-07-23T10:00:00+02:00"), r"at \$\.results\[0\]\.endtime: the event ends"),
]


@pytest.mark.parametrize(("change", "message"), ONE_BROKEN_EVENT)
def test_strict_refuses_a_feed_with_one_broken_event_at_its_json_path(tmp_path, change, message):
    data = document()
    change(data)
    with pytest.raises(SourceError, match=message):
        import_sources([write_feed(tmp_path, data)], ImportOptions(strict=True), format_name="virtual-site-json")


@pytest.mark.parametrize(("change", "message"), ONE_BROKEN_EVENT)
def test_one_broken_event_is_skipped_with_its_json_path(tmp_path, change, message):
    data = document()
    change(data)
    imported = import_sources([write_feed(tmp_path, data)], ImportOptions(), format_name="virtual-site-json")
    (skipped,) = [note for note in imported.notes if note.skipped]
    assert re.search(message, skipped.message)
    (summary,) = imported.summaries
    assert summary.imported == len(imported.program.presentations) and len(summary.skipped) == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["results"][1].update(starttime="2024-07-24T10:30:00"), r"at \$\.results\[1\]\.starttime: .*no UTC offset"),
        (lambda d: d.update(results={"not": "a list"}), r"at \$\.results: Input should be a valid list"),
        (lambda d: d["results"][3].update(id=9101), r"at \$\.results\[3\]\.id: a second event with the id 9101"),
    ],
)
def test_a_feed_broken_as_a_whole_is_refused_at_its_json_path(tmp_path, change, message):
    data = document()
    change(data)
    with pytest.raises(SourceError, match=message):
        import_sources([write_feed(tmp_path, data)], ImportOptions(), format_name="virtual-site-json")


def test_a_broken_sidecar_is_reported_in_its_own_name(tmp_path):
    feed = write_feed(tmp_path, document())
    (tmp_path / "mlconf-2024-abstracts.json").write_text('{"9101": ["not", "text"]}', encoding="utf-8")
    with pytest.raises(SourceError, match=r'mlconf-2024-abstracts\.json: at \$\["9101"\]: an abstract should be text'):
        import_sources([feed], ImportOptions())


def test_a_feed_not_named_after_its_conference_needs_one():
    source = RawSource.from_bytes(FEED.read_bytes(), name="events.json")
    with pytest.raises(SourceError, match="--conference"):
        program_from(source, ImportOptions())
    assert program_from(source, ImportOptions(conference="mlconf-2024")).program.conference.id == "mlconf-2024"
