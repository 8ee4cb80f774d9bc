"""The program model: aware datetimes only, paired times, references that hold, conference days."""

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from planner.program.model import (
    Conference,
    ConferenceDay,
    Kind,
    Presentation,
    Program,
    Session,
    Slot,
)

CET = timezone(timedelta(hours=1))


def conference(**extra) -> Conference:
    return Conference(id="test-2024", name="Test 2024", timezone="Europe/Berlin", **extra)


def test_naive_datetime_is_a_validation_error():
    with pytest.raises(ValidationError, match="timezone"):
        Session(id="s", title="S", kind=Kind.ORAL, start=datetime(2024, 1, 1, 10), end=datetime(2024, 1, 1, 11))
    with pytest.raises(ValidationError, match="timezone"):
        Slot(session="s", start=datetime(2024, 1, 1, 10), end=datetime(2024, 1, 1, 11, tzinfo=UTC))


def test_naive_datetime_in_json_is_a_validation_error():
    with pytest.raises(ValidationError):
        Session.model_validate_json(
            '{"id": "s", "title": "S", "kind": "oral", "start": "2024-01-01T10:00:00", "end": "2024-01-01T11:00:00"}'
        )


def test_times_come_in_pairs_and_in_order():
    with pytest.raises(ValidationError, match="not both"):
        Session(id="s", title="S", kind=Kind.ORAL, start=datetime(2024, 1, 1, 10, tzinfo=UTC))
    with pytest.raises(ValidationError, match="ends before"):
        Slot(session="s", start=datetime(2024, 1, 1, 11, tzinfo=UTC), end=datetime(2024, 1, 1, 10, tzinfo=UTC))


def test_a_session_across_the_autumn_fold_is_kept_at_its_fixed_offsets():
    berlin = ZoneInfo("Europe/Berlin")
    start = datetime(2024, 10, 27, 2, 50, tzinfo=berlin, fold=0)  # 00:50Z
    end = datetime(2024, 10, 27, 2, 10, tzinfo=berlin, fold=1)  # 01:10Z, by the wall clock "earlier"
    session = Session(id="s", title="S", kind=Kind.POSTER, start=start, end=end)
    # (PEP 495: a time inside a fold never equals one of another zone, hence the UTC comparison.)
    assert session.start.astimezone(UTC) == start.astimezone(UTC) and session.end.astimezone(UTC) == end.astimezone(UTC)
    assert session.start.utcoffset() == timedelta(hours=2) and session.end.utcoffset() == timedelta(hours=1)
    assert session.end > session.start and session.span.duration == timedelta(minutes=20)


def test_unknown_zone_and_bad_ids_are_refused():
    with pytest.raises(ValidationError, match="unknown IANA"):
        Conference(id="x", name="X", timezone="Mars/Base")
    with pytest.raises(ValidationError):
        Conference(id="Has Spaces", name="X", timezone="UTC")
    with pytest.raises(ValidationError):
        Presentation(id="two words", title="T", kind=Kind.POSTER)


def test_slots_must_point_at_existing_sessions_and_ids_are_unique():
    session = Session(id="s", title="S", kind=Kind.POSTER)
    with pytest.raises(ValidationError, match="unknown session"):
        Program(
            conference=conference(),
            sessions=[session],
            presentations=[Presentation(id="p", title="P", kind=Kind.POSTER, slots=[Slot(session="nope")])],
        )
    with pytest.raises(ValidationError, match="two presentations"):
        Program(
            conference=conference(), sessions=[session], presentations=[Presentation(id="p", title="P", kind=Kind.POSTER)] * 2
        )
    with pytest.raises(ValidationError, match="two sessions"):
        Program(conference=conference(), sessions=[session, session])


def test_slot_inherits_session_time_and_unscheduled_has_none():
    timed = Session(
        id="t", title="T", kind=Kind.POSTER, start=datetime(2024, 1, 1, 10, tzinfo=UTC), end=datetime(2024, 1, 1, 12, tzinfo=UTC)
    )
    untimed = Session(id="u", title="U", kind=Kind.POSTER)
    own = Slot(session="t", start=datetime(2024, 1, 1, 10, 30, tzinfo=UTC), end=datetime(2024, 1, 1, 10, 35, tzinfo=UTC))
    paper = Presentation(id="p", title="P", kind=Kind.POSTER, slots=[Slot(session="t"), own])
    later = Presentation(id="q", title="Q", kind=Kind.POSTER, slots=[Slot(session="u")])
    program = Program(conference=conference(), sessions=[timed, untimed], presentations=[paper, later])
    assert program.when(paper.slots[0]).start == datetime(2024, 1, 1, 10, tzinfo=UTC)
    assert program.when(own).start == datetime(2024, 1, 1, 10, 30, tzinfo=UTC)
    assert program.is_scheduled(paper) and not program.is_scheduled(later)
    assert program.when(later.slots[0]) is None


def test_conference_day_follows_declared_boundaries_past_midnight():
    day = ConferenceDay(
        date=date(2014, 12, 27), start=datetime(2014, 12, 27, 11, tzinfo=CET), end=datetime(2014, 12, 28, 4, tzinfo=CET)
    )
    congress = conference(days=[day])
    assert congress.day_of(datetime(2014, 12, 28, 1, 30, tzinfo=CET)) == date(2014, 12, 27)
    # Outside any declared day: the local calendar date in the conference zone.
    assert congress.day_of(datetime(2014, 12, 28, 5, tzinfo=CET)) == date(2014, 12, 28)
    assert conference().day_of(datetime(2024, 1, 1, 23, 30, tzinfo=UTC)) == date(2024, 1, 2)  # Berlin: 00:30


def test_models_are_frozen():
    session = Session(id="s", title="S", kind=Kind.POSTER)
    with pytest.raises(AttributeError):  # a slotted record: dataclasses.FrozenInstanceError
        session.title = "changed"
    with pytest.raises(ValidationError):  # a model
        conference().name = "changed"


def test_a_copy_with_changes_is_validated_again():
    slot = Slot(session="s", start=datetime(2024, 1, 1, 10, tzinfo=UTC), end=datetime(2024, 1, 1, 11, tzinfo=UTC))
    assert slot.model_copy(update={"position": "12"}).position == "12"
    with pytest.raises(ValidationError, match="ends before"):
        slot.model_copy(update={"end": datetime(2024, 1, 1, 9, tzinfo=UTC)})
    with pytest.raises(ValidationError, match="timezone"):
        slot.model_copy(update={"start": datetime(2024, 1, 1, 10), "end": datetime(2024, 1, 1, 11)})


def test_records_read_and_write_as_models_do():
    paper = Presentation.model_validate(
        {"id": "p", "title": "P", "kind": "poster", "links": {"code": "https://c"}, "slots": [{"session": "s", "position": "3"}]}
    )
    assert paper.slots == [Slot(session="s", position="3")] and list(paper.links.items()) == [("code", "https://c")]
    assert paper.model_dump(mode="json", exclude_defaults=True) == {
        "id": "p", "title": "P", "kind": "poster", "links": {"code": "https://c"}, "slots": [{"session": "s", "position": "3"}]
    }  # fmt: skip
    with pytest.raises(ValidationError, match="Unexpected keyword"):
        Presentation.model_validate({"id": "p", "title": "P", "kind": "poster", "speaker": "?"})
