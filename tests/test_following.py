"""Following a program at a URL: follow, update (304, changes, failures), changes, and the person's plan carried along.

The feeds are the real ones in examples/raw/feeds/, served from a copy in tmp_path by a real
HTTP server on 127.0.0.1, and edited between fetches as organisers edit theirs.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from planner.bookmarks.file import BookmarkFile, new_bookmark
from planner.bookmarks.store import read_bookmarks, update_bookmarks
from planner.errors import SourceError
from planner.following.changes import ChangeKind, compare_programs
from planner.following.fetch import FetchError
from planner.following.followed import (
    ShrinkRefused,
    UpdateCancelled,
    changes_since,
    find_followed,
    follow,
    followed_programs,
    mark_seen,
    parse_since,
    seen_version,
    unseen_changes,
    update,
)
from planner.importing.catalog import open_program
from planner.paths import default_bookmark_path, followed_program_file
from planner.wording.following import update_summary
from tests.conftest import FIXTURES, RAW, run
from tests.feed_server import FeedFolder

FEEDS = RAW / "feeds"
T0 = datetime(2026, 12, 1, 9, tzinfo=UTC)
KEYNOTE = "8c4e647f-813e-41ef-b05b-65469dd841c3"
SCADA = "OQzXwQcnHSLD9Qd7Iu7Rqw"  # Sat 14:00 Saal 1
EMV = "J9UXjl3ggsIGnkIJSxSxmw"  # Sat 16:00 Saal 1
ICH_SEHE = "A8xVpIjX1oKQOQcWMt_49Q"  # Sat 20:30 Saal 1
CRYPTO = "MghFmvDBS-J7T2ZOkNXUKA"
SS7 = "-n9QScyDLXMEwkqrCHASYw"
ECCHACKS = "7G4FQIXg2eb7D6F_jNwuxA"


@pytest.fixture
def site(httpserver: HTTPServer, tmp_path) -> FeedFolder:
    folder = tmp_path / "site"
    folder.mkdir()
    for path in FEEDS.iterdir():
        (folder / path.name).write_bytes(path.read_bytes())
    return FeedFolder(httpserver, folder)


def _event_span(text: str, guid: str) -> tuple[int, int]:
    found = re.search(rf"<event guid='{re.escape(guid)}' id='\d+'>.*?</event>\n", text, re.S)
    assert found, guid
    return found.span()


def edit_event(site: FeedFolder, guid: str, *, at: str | None = None, room: str | None = None, title: str | None = None,
               persons: list[str] | None = None, remove: bool = False, copy_as: tuple[str, str] | None = None) -> None:  # fmt: skip
    """Edit one event of the served 31C3 feed as an organiser would."""
    path = site.folder / "31c3_schedule.xml"
    text = path.read_text()
    start, end = _event_span(text, guid)
    block = text[start:end]
    if remove:
        path.write_text(text[:start] + text[end:])
        return
    if copy_as:
        new_guid, new_title = copy_as
        block = re.sub(r"<event guid='[^']*' id='(\d+)'>", f"<event guid='{new_guid}' id='99999'>", block)
        block = re.sub(r"<title>[^<]*</title>", f"<title>{new_title}</title>", block)
        path.write_text(text[:end] + block + text[end:])
        return
    if at:
        day, clock = at.split("T")
        block = re.sub(r"<date>[^<]*</date>", f"<date>{day}T{clock}:00+01:00</date>", block)
        block = re.sub(r"<start>[^<]*</start>", f"<start>{clock}</start>", block)
    if room:
        block = re.sub(r"<room>[^<]*</room>", f"<room>{room}</room>", block)
    if title:
        block = re.sub(r"<title>[^<]*</title>", f"<title>{title}</title>", block)
    if persons is not None:
        people = "".join(f"<person id='{9000 + n}'>{name}</person>\n" for n, name in enumerate(persons))
        block = re.sub(r"<persons>.*?</persons>", f"<persons>\n{people}</persons>", block, flags=re.S)
    path.write_text(text[:start] + block + text[end:])


def bookmark(program_id: str, *ids: str, slot: str | None = None) -> None:
    program = open_program(program_id)

    def add(current: BookmarkFile) -> BookmarkFile:
        for identifier in ids:
            title = program.presentations_by_id[identifier].title
            current = current.with_bookmark(new_bookmark(identifier, title, now=T0, slot=slot))
        return current

    update_bookmarks(default_bookmark_path(program_id), program.conference.id, add)


def test_follow_keeps_the_program_and_opens_it_by_id(site):
    followed, imported = follow(site.url("31c3_schedule.xml"), now=T0)
    assert followed.id == "31c3" and followed.format_name == "frab-xml" and followed.etag
    assert followed.url == site.url("31c3_schedule.xml") and len(followed.versions) == 1
    program = open_program("31c3")
    assert program == imported.program and followed_program_file("31c3").is_file()
    assert [f.id for f in followed_programs()] == ["31c3"]
    again, _ = follow(site.url("31c3_schedule.xml"), now=T0 + timedelta(hours=1))
    assert again.versions == followed.versions


def test_follow_under_an_id_of_ones_own(site):
    followed, _ = follow(site.url("pretalx-rc3.json"), conference="rc3-talks", now=T0)
    assert followed.id == "rc3-talks" and open_program("rc3-talks").conference.id == "rc3-talks"


def test_an_unchanged_feed_costs_one_304_and_changes_nothing(site):
    followed, _ = follow(site.url("31c3_schedule.xml"), now=T0)
    before = followed_program_file("31c3").read_bytes()
    updated = update(followed, now=T0 + timedelta(hours=2))
    assert not updated.new_version and updated.followed.checked == T0 + timedelta(hours=2)
    assert site.requests[-1].headers["If-None-Match"] == followed.etag and site.bodies_sent == 1
    assert followed_program_file("31c3").read_bytes() == before and len(find_followed("31c3").versions) == 1


def test_a_changed_feed_is_compared_and_your_bookmarks_come_first(site):
    followed, _ = follow(site.url("31c3_schedule.xml"), now=T0)
    bookmark("31c3", KEYNOTE, SCADA, EMV, ICH_SEHE)
    edit_event(site, KEYNOTE, at="2014-12-27T14:00")  # now against SCADA, also bookmarked
    edit_event(site, EMV, remove=True)
    edit_event(site, ICH_SEHE, room="Saal 2")
    edit_event(site, CRYPTO, title="CANCELLED: Crypto Tales from the Trenches")
    edit_event(site, SS7, persons=["Tobias Engel", "A. N. Other"])
    edit_event(site, ECCHACKS, copy_as=("new-talk-guid-1", "A Talk Added Late"))

    updated = update(followed, bookmarks=default_bookmark_path("31c3"), now=T0 + timedelta(hours=3))

    assert updated.new_version and len(updated.followed.versions) == 2
    plan = updated.plan
    assert {(c.kind, c.id) for c in plan.yours} == {
        (ChangeKind.MOVED, KEYNOTE),
        (ChangeKind.CANCELLED, EMV),
        (ChangeKind.ROOM, ICH_SEHE),
    }
    assert {(c.kind, c.id) for c in plan.others} == {
        (ChangeKind.CANCELLED, CRYPTO),
        (ChangeKind.SPEAKERS, SS7),
        (ChangeKind.NEW, "new-talk-guid-1"),
    }
    moved = next(c for c in plan.yours if c.kind is ChangeKind.MOVED)
    assert "11:30" in moved.before and "14:00" in moved.after and not moved.by_title
    assert [set(clash.bookmarks) for clash in plan.new_clashes] == [{KEYNOTE, SCADA}]
    assert update_summary(plan) == "1 of your bookmarks moved, 1 changed room, 1 cancelled, 1 new clash; 3 other changes"
    # The cancelled bookmark is kept, not deleted behind the person's back.
    assert read_bookmarks(default_bookmark_path("31c3"), "31c3").ids == {KEYNOTE, SCADA, EMV, ICH_SEHE}
    assert KEYNOTE in open_program("31c3").presentations_by_id and EMV not in open_program("31c3").presentations_by_id


def test_changes_since_a_time_compares_with_the_version_then(site):
    followed, _ = follow(site.url("31c3_schedule.xml"), now=T0)
    edit_event(site, KEYNOTE, at="2014-12-27T15:00")
    followed = update(followed, now=T0 + timedelta(days=1)).followed
    edit_event(site, SS7, room="Saal G")
    followed = update(followed, now=T0 + timedelta(days=2)).followed
    _, last = changes_since(followed)
    assert [(c.kind, c.id) for c in last.changes] == [(ChangeKind.ROOM, SS7)]
    _, both = changes_since(followed, T0 + timedelta(hours=1))
    assert {(c.kind, c.id) for c in both.changes} == {(ChangeKind.ROOM, SS7), (ChangeKind.MOVED, KEYNOTE)}
    assert parse_since("2h", T0) == T0 - timedelta(hours=2) and parse_since("2026-11-30", T0) == datetime(
        2026, 11, 30, tzinfo=UTC
    )


def test_only_the_last_few_versions_are_kept(site):
    followed, _ = follow(site.url("31c3_schedule.xml"), now=T0)
    for hour in range(1, 8):
        edit_event(site, KEYNOTE, at=f"2014-12-27T{10 + hour:02d}:00")
        followed = update(followed, now=T0 + timedelta(hours=hour)).followed
    assert len(followed.versions) == 5
    assert sorted(path.name for path in (followed.folder / "versions").iterdir()) == [v.file for v in followed.versions]


def test_a_vanished_pin_moves_to_the_papers_other_slot_and_is_said(httpserver: HTTPServer, tmp_path):
    folder = tmp_path / "site"
    folder.mkdir()
    source = FIXTURES / "virtual_site_poster_twice_oral_with_poster"
    for path in source.iterdir():
        (folder / path.name).write_bytes(path.read_bytes())
    site = FeedFolder(httpserver, folder)
    followed, _ = follow(site.url("mlconf-2024-orals-posters.json"), now=T0)
    bookmark("mlconf-2024", "SpWidg3t01", slot="poster-session-1-second-showing")
    feed_path = folder / "mlconf-2024-orals-posters.json"
    feed = json.loads(feed_path.read_text())
    for event in feed["results"]:
        if event["id"] == 9101:
            event["starttime2"] = event["endtime2"] = None
    feed_path.write_text(json.dumps(feed))

    updated = update(followed, bookmarks=default_bookmark_path("mlconf-2024"), now=T0 + timedelta(hours=1))

    [repin] = updated.plan.repinned
    assert (repin.id, repin.old_session, repin.new_session) == (
        "SpWidg3t01",
        "poster-session-1-second-showing",
        "poster-session-1",
    )
    assert read_bookmarks(default_bookmark_path("mlconf-2024"), "mlconf-2024").get("SpWidg3t01").slot == "poster-session-1"
    assert "1 pin moved" in update_summary(updated.plan)


@pytest.mark.parametrize(
    ("break_it", "words"),
    [
        (lambda site: (site.folder / "31c3_schedule.xml").unlink(), "404"),
        (lambda site: (site.folder / "31c3_schedule.xml").write_text("<!DOCTYPE html><html>Oops</html>"), "HTML page"),
        (lambda site: (site.folder / "31c3_schedule.xml").write_text((FEEDS / "31c3_schedule.xml").read_text()[:5000]), "31c3"),
    ],
    ids=["404", "html-error-page", "truncated-feed"],
)
def test_a_failed_update_keeps_the_stored_program_and_says_how_old_it_is(site, break_it, words):
    followed, _ = follow(site.url("31c3_schedule.xml"), now=T0)
    kept = followed_program_file("31c3").read_bytes()
    break_it(site)
    with pytest.raises(SourceError) as caught:
        update(followed, now=T0 + timedelta(hours=2))
    message = str(caught.value)
    assert words in message and site.url("31c3_schedule.xml") in message
    assert "kept the version fetched 2 h ago (2026-12-01 09:00 UTC)" in message
    assert followed_program_file("31c3").read_bytes() == kept
    assert len(find_followed("31c3").versions) == 1 and find_followed("31c3").failed


def test_a_feed_that_lost_most_of_its_events_is_only_taken_when_confirmed(site):
    followed, _ = follow(site.url("31c3_schedule.xml"), now=T0)
    kept = followed_program_file("31c3").read_bytes()
    text = (site.folder / "31c3_schedule.xml").read_text()
    events = list(re.finditer(r"<event guid=.*?</event>\n", text, re.S))
    for found in reversed(events[5:]):
        text = text[: found.start()] + text[found.end() :]
    (site.folder / "31c3_schedule.xml").write_text(text)
    with pytest.raises(ShrinkRefused, match="5 presentations, 97% fewer than the 138"):
        update(followed, now=T0 + timedelta(hours=1))
    assert followed_program_file("31c3").read_bytes() == kept
    asked = []
    updated = update(followed, confirm=lambda question: asked.append(question) or True, now=T0 + timedelta(hours=2))
    assert asked and updated.new_version and len(open_program("31c3").presentations) == 5


def test_offline_keeps_the_last_good_version(site, httpserver: HTTPServer):
    followed, _ = follow(site.url("31c3_schedule.xml"), now=T0)
    httpserver.stop()
    try:
        with pytest.raises(FetchError, match=r"cannot connect.*kept the version fetched"):
            update(followed, now=T0 + timedelta(days=3), timeout=2)
    finally:
        httpserver.start()
    assert len(open_program("31c3").presentations) == 138


def test_title_matching_is_the_fallback_and_is_flagged(site):
    followed, _ = follow(site.url("31c3_schedule.xml"), now=T0)
    old = followed.program()
    text = (site.folder / "31c3_schedule.xml").read_text().replace(f"guid='{SS7}'", "guid='ss7-new-guid'")
    (site.folder / "31c3_schedule.xml").write_text(text)
    edit_event(site, "ss7-new-guid", room="Saal G")
    updated = update(followed, now=T0 + timedelta(hours=1))
    [change] = updated.changes.changes
    assert (change.kind, change.id, change.old_id, change.by_title) == (ChangeKind.ROOM, "ss7-new-guid", SS7, True)
    assert compare_programs(old, old).changes == ()


# The command line, as a person uses it.


def test_the_commands_follow_update_and_list_changes(site, capsys):
    url = site.url("31c3_schedule.xml")
    code, out, _ = run(capsys, "follow", url)
    assert code == 0 and out.startswith("Following 31c3: 31. Chaos Communication Congress, 138 presentations")
    assert run(capsys, "bookmark", "add", KEYNOTE, EMV, "--program", "31c3")[0] == 0
    code, out, _ = run(capsys, "update", "31c3")
    assert code == 0 and out == "31c3: no change since the version fetched just now.\n"
    edit_event(site, KEYNOTE, at="2014-12-27T13:00")
    edit_event(site, EMV, remove=True)
    code, out, _ = run(capsys, "update")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "31c3: updated (138 → 137 presentations)."
    assert lines[1] == "1 of your bookmarks moved, 1 cancelled; 0 other changes"
    assert lines[2].startswith("  CANCELLED Practical EMV PIN interception and fraud detection: no longer in the program")
    code, out, _ = run(capsys, "changes", "31c3", "--json")
    document = json.loads(out)
    assert code == 0 and [c["kind"] for c in document["yours"]] == ["cancelled", "moved"] and document["others"] == []
    code, out, _ = run(capsys, "programs", "--json")
    [row] = [row for row in json.loads(out) if row["id"] == "31c3"]
    assert row["url"] == url and row["presentations"] == 137 and row["age"] == "just now"
    code, out, _ = run(capsys, "list", "--program", "31c3", "--bookmarked", "--json")
    assert code == 0 and [p["id"] for p in json.loads(out)] == [KEYNOTE]
    code, out, _ = run(capsys, "bookmark", "list", "--program", "31c3", "--json")
    assert code == 0 and {(b["id"], b["cancelled"]) for b in json.loads(out)} == {(KEYNOTE, False), (EMV, True)}
    code, out, _ = run(capsys, "bookmark", "list", "--program", "31c3")
    assert "cancelled" in next(line for line in out.splitlines() if EMV in line)


def test_a_failed_update_exits_1_naming_the_url(site, capsys):
    url = site.url("31c3_schedule.xml")
    run(capsys, "follow", url)
    (site.folder / "31c3_schedule.xml").unlink()
    code, out, err = run(capsys, "update", "31c3")
    assert code == 1 and out == ""
    assert err.startswith(f"planner: {url}: the server answered 404") and "kept the version fetched just now" in err
    assert "Traceback" not in err


def test_a_shrunk_feed_is_refused_without_yes_and_taken_with_it(site, capsys):
    run(capsys, "follow", site.url("31c3_schedule.xml"))
    text = (site.folder / "31c3_schedule.xml").read_text()
    events = list(re.finditer(r"<event guid=.*?</event>\n", text, re.S))
    for found in reversed(events[3:]):
        text = text[: found.start()] + text[found.end() :]
    (site.folder / "31c3_schedule.xml").write_text(text)
    code, _, err = run(capsys, "update", "31c3")
    assert code == 1 and "run planner update 31c3 --yes" in err
    code, out, _ = run(capsys, "update", "31c3", "--yes")
    assert code == 0 and out.startswith("31c3: updated (138 → 3 presentations).")


def test_import_reads_a_url_in_every_feed_format(site, capsys):
    for name, conference in [("31c3_schedule.xml", "31c3"), ("frab-camp2019.json", "camp2019"), ("pretalx-rc3.json", "rc3")]:
        code, out, _ = run(capsys, "import", site.url(name), "--conference", conference)
        assert code == 0 and json.loads(out)["conference"]["id"] == conference
    calendar = FIXTURES / "ics_tzid_utc_dst_change_recurring.ics"
    (site.folder / calendar.name).write_bytes(calendar.read_bytes())
    code, out, err = run(capsys, "import", site.url(calendar.name).replace("http://", "webcal://"), "--conference", "cal")
    assert code == 0, err
    assert json.loads(out)["presentations"]


def test_import_refuses_a_file_url(capsys, tmp_path):
    code, _, err = run(capsys, "import", f"file://{tmp_path}/x.xml")
    assert code == 1 and "only http, https and webcal" in err


def test_an_update_cancelled_once_the_feed_is_in_changes_nothing(site):
    followed, _ = follow(site.url("31c3_schedule.xml"), now=T0)
    kept = {path.name: path.read_bytes() for path in followed.folder.rglob("*.json")}
    edit_event(site, KEYNOTE, at="2014-12-27T13:00")
    with pytest.raises(UpdateCancelled):
        update(followed, now=T0 + timedelta(hours=1), cancelled=lambda: True)
    # Not even the record of the attempt: the person stopped it, nothing went wrong.
    assert {path.name: path.read_bytes() for path in followed.folder.rglob("*.json")} == kept
    assert site.bodies_sent == 2


@dataclass
class TricklingFeed(FeedFolder):
    """Sends a body half a kilobyte at a time, a tenth of a second apart, as a slow line does, once told to."""

    trickle: bool = False

    def answer(self, request):
        response = super().answer(request)
        if not self.trickle or response.status_code != 200:
            return response
        data = response.get_data()

        def pieces():
            for at in range(0, len(data), 512):
                yield data[at : at + 512]
                time.sleep(0.1)

        headers = [(name, value) for name, value in response.headers if name.lower() != "content-length"]
        return Response(pieces(), status=200, headers=headers, direct_passthrough=True)


def test_an_update_cancelled_while_the_feed_trickles_in_stops_the_download(httpserver: HTTPServer, tmp_path):
    folder = tmp_path / "slow-site"
    folder.mkdir()
    (folder / "31c3_schedule.xml").write_bytes((FEEDS / "31c3_schedule.xml").read_bytes())
    feed = TricklingFeed(httpserver, folder)
    followed, _ = follow(feed.url("31c3_schedule.xml"), now=T0)
    kept = {path.name: path.read_bytes() for path in followed.folder.rglob("*.json")}
    edit_event(feed, KEYNOTE, at="2014-12-27T13:00")
    feed.trickle = True  # the whole body would take more than ten seconds
    began = time.monotonic()
    with pytest.raises(UpdateCancelled):
        update(followed, now=T0 + timedelta(hours=1), cancelled=lambda: time.monotonic() > began + 0.5)
    assert time.monotonic() - began < 5
    assert {path.name: path.read_bytes() for path in followed.folder.rglob("*.json")} == kept


def test_changes_read_at_the_command_line_are_no_longer_news_once_they_reach_back_far_enough(site, capsys):
    followed, _ = follow(site.url("31c3_schedule.xml"), now=T0)
    edit_event(site, KEYNOTE, at="2014-12-27T13:00")
    update(followed, now=T0 + timedelta(hours=1))
    edit_event(site, SS7, room="Saal G")
    followed = update(followed, now=T0 + timedelta(hours=2)).followed
    # Two updates unseen; a script's --json, and the last update alone, leave both news.
    assert run(capsys, "changes", "31c3", "--json")[0] == 0
    assert run(capsys, "changes", "31c3")[0] == 0
    assert {c.id for c in unseen_changes(followed)[1].changes} == {KEYNOTE, SS7}
    # Reaching back to the version followed, every change is shown: none is news any more.
    code, out, _ = run(capsys, "changes", "31c3", "--since", (T0 + timedelta(minutes=30)).isoformat())
    assert code == 0 and "MOVED" in out and "ROOM" in out
    assert seen_version(followed) == followed.current and not unseen_changes(followed)[1].changes


def test_what_the_reader_has_seen_is_kept_per_program_and_survives_updates(site):
    followed, _ = follow(site.url("31c3_schedule.xml"), now=T0)
    assert seen_version(followed) == followed.current and not unseen_changes(followed)[1]
    edit_event(site, KEYNOTE, at="2014-12-27T13:00")
    followed = update(followed, now=T0 + timedelta(hours=1)).followed
    edit_event(site, SS7, room="Saal G")
    followed = update(followed, now=T0 + timedelta(hours=2)).followed
    # Never looked: everything since the version followed is news.
    assert seen_version(followed) == followed.versions[0]
    assert {c.id for c in unseen_changes(followed)[1].changes} == {KEYNOTE, SS7}
    mark_seen(followed)
    assert seen_version(find_followed("31c3")) == followed.current and not unseen_changes(followed)[1]
    edit_event(site, EMV, remove=True)
    followed = update(followed, now=T0 + timedelta(hours=3)).followed
    assert [c.id for c in unseen_changes(followed)[1].changes] == [EMV]
