"""`planner serve`: a real server process, a real HTTP client, a real headless Chromium.

The server is started as a user starts it (`python -m planner serve --port 0`), on a port the
system chooses; the calendar is fetched over HTTP and read by icalendar; the page is opened in
the system's Chromium, driven by Playwright, where a person would search and bookmark.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

import icalendar
import pytest

from tests.conftest import run

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


class Served:
    """A running `planner serve` and what it printed."""

    def __init__(self, process: subprocess.Popen[str], lines: list[str], bookmarks: Path) -> None:
        self.process = process
        self.lines = lines
        self.bookmarks = bookmarks
        self.page = next(line.split()[-1] for line in lines if "open the planner" in line)
        self.calendar = next(line.split()[-1] for line in lines if "your calendar" in line)
        self.port = int(re.search(r":(\d+)/", self.page)[1])

    def stop(self) -> int:
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=30)


def start_server(tmp_path: Path, *extra: str, bookmarks: Path | None = None) -> Served:
    bookmarks = bookmarks or tmp_path / "mine.json"
    environment = {**os.environ, "PLANNER_DATA_DIR": str(tmp_path / "user-data")}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "planner",
            "serve",
            "--program",
            "neurips-2018",
            "--bookmarks",
            str(bookmarks),
            "--port",
            "0",
            *extra,
        ],
        cwd=tmp_path,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    assert process.stdout is not None
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line.rstrip("\n"))
        if line.startswith("Ctrl-C"):
            return Served(process, lines, bookmarks)
    process.kill()
    raise AssertionError("planner serve did not start:\n" + "\n".join(lines))


@pytest.fixture
def served(tmp_path):
    server = start_server(tmp_path)
    yield server
    if server.process.poll() is None:
        server.stop()


def fetch(url: str, headers: dict[str, str] | None = None, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def events_of(body: bytes) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(body)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def bookmarked_instants(capsys, bookmarks: Path) -> set[tuple[str, str]]:
    code, out, _ = run(capsys, "list", "--program", "neurips-2018", "--bookmarks", str(bookmarks), "--bookmarked", "--json")
    assert code == 0
    rows = json.loads(out)
    return {(slot["start"], slot["end"]) for row in rows for slot in row["slots"]}


def utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def test_the_calendar_follows_the_bookmark_file(served, capsys):
    for paper in ("neural-ordinary", "evolved-policy"):
        assert run(capsys, "bookmark", "add", paper, "--program", "neurips-2018", "--bookmarks", str(served.bookmarks))[0] == 0
    status, headers, body = fetch(served.calendar)
    assert status == 200
    assert headers["Content-Type"] == "text/calendar; charset=utf-8"
    events = events_of(body)
    served_instants = {(utc_text(event.decoded("DTSTART")), utc_text(event.decoded("DTEND"))) for event in events.values()}
    assert served_instants == bookmarked_instants(capsys, served.bookmarks)
    assert len(events) == 2

    # A subscriber asking again with the ETag it holds is told nothing changed.
    status, again, body_again = fetch(served.calendar, {"If-None-Match": headers["ETag"]})
    assert (status, body_again, again["ETag"]) == (304, b"", headers["ETag"])
    status, _, _ = fetch(served.calendar, {"If-Modified-Since": headers["Last-Modified"]})
    assert status == 304

    # A bookmark removed (as the TUI's b does: through the same store) goes out cancelled, later in sequence.
    removed_uid = next(uid for uid in events if "neural-ordinary" in uid)
    before = int(events[removed_uid].get("SEQUENCE", 0))
    assert (
        run(capsys, "bookmark", "remove", "neural-ordinary", "--program", "neurips-2018", "--bookmarks", str(served.bookmarks))[0]
        == 0
    )
    status, changed, body = fetch(served.calendar, {"If-None-Match": headers["ETag"]})
    assert status == 200 and changed["ETag"] != headers["ETag"]
    cancelled = events_of(body)[removed_uid]
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert int(cancelled["SEQUENCE"]) > before


def test_the_server_serves_only_what_it_should_and_writes_nothing(served, capsys):
    assert (
        run(capsys, "bookmark", "add", "neural-ordinary", "--program", "neurips-2018", "--bookmarks", str(served.bookmarks))[0]
        == 0
    )
    before = (served.bookmarks.read_bytes(), served.bookmarks.stat().st_mtime_ns)
    base = f"http://127.0.0.1:{served.port}"
    assert fetch(base + "/")[0] == 200
    # No DNS rebinding: a page whose name was pointed at 127.0.0.1 sends its own Host.
    assert fetch(base + "/", {"Host": f"attacker.example:{served.port}"})[0] == 403
    assert fetch(served.calendar, {"Host": f"attacker.example:{served.port}"})[0] == 403
    # Nothing outside what is served, and no listing of what is.
    assert fetch(base + "/static/")[0] in (403, 404)
    for path in ("/static/../server.py", "/%2e%2e/%2e%2e/etc/passwd", "/calendar/../pyproject.toml", "/download/x"):
        status, _, body = fetch(base + path)
        assert status in (403, 404), path
        assert b"[project]" not in body and b"root:" not in body
    # The calendar is read-only.
    for method in ("POST", "PUT", "DELETE"):
        assert fetch(served.calendar, method=method)[0] == 405
    assert (served.bookmarks.read_bytes(), served.bookmarks.stat().st_mtime_ns) == before


def test_off_loopback_every_url_needs_the_token(tmp_path):
    server = start_server(tmp_path, "--host", "0.0.0.0")
    try:
        page = server.page.replace(server.page.split("/")[2].split(":")[0], "127.0.0.1", 1)
        calendar = server.calendar.replace(server.calendar.split("/")[2].split(":")[0], "127.0.0.1", 1)
        assert "?token=" in page and "?token=" in calendar
        bare_page, bare_calendar = page.split("?")[0], calendar.split("?")[0]
        assert fetch(bare_page)[0] == 403
        assert fetch(bare_calendar)[0] == 403
        assert fetch(bare_calendar + "?token=wrong-token-wrong-token")[0] == 403
        assert fetch(calendar)[0] == 200
        status, headers, _ = fetch(page)
        assert status == 200 and "HttpOnly" in headers["Set-Cookie"] and "SameSite=Strict" in headers["Set-Cookie"]
    finally:
        assert server.stop() == 0


def test_a_port_in_use_is_a_clear_message(served, tmp_path, capsys):
    code, out, err = run(
        capsys, "serve", "--program", "neurips-2018", "--port", str(served.port), "--bookmarks", str(tmp_path / "b.json")
    )
    assert code == 1
    assert f"cannot serve on 127.0.0.1:{served.port}" in err and "in use" in err
    assert "open the planner" not in out  # nothing announced that is not there


def planner_processes(marker: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command_line = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if marker in command_line and " open " in command_line:
                found.append(int(entry.name))
    return found


@pytest.fixture
def browser():
    if CHROMIUM is None:
        pytest.skip("no Chromium on this machine (.ci/run installs Debian's chromium)")
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield chromium
        chromium.close()


def settle(page, *, timeout: float = 30.0) -> None:
    """Until the screen stops changing: the app has answered what it was sent (a busy machine may take seconds)."""
    deadline = time.monotonic() + timeout
    last = page.screenshot()
    while time.monotonic() < deadline:
        page.wait_for_timeout(400)
        now = page.screenshot()
        if now == last:
            return
        last = now


def wait_for_drawing(page) -> None:
    """Until the planner has drawn its first screen: textual-serve marks the first byte, then the app settles."""
    page.wait_for_selector("body.-first-byte", timeout=60_000)
    page.wait_for_timeout(1000)
    settle(page)
    # Keys go where a person's would: into the terminal, once it has the focus.
    page.locator(".xterm-helper-textarea").focus()


def test_in_a_browser_a_person_searches_and_bookmarks(served, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(served.page)
    wait_for_drawing(page)
    page.keyboard.press("/")
    page.keyboard.type("evolved policy", delay=30)
    settle(page)
    page.keyboard.press("Enter")
    settle(page)
    page.keyboard.press("b")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not served.bookmarks.exists():
        time.sleep(0.2)
    artifacts = Path(os.environ.get("PLANNER_TEST_ARTIFACTS", tmp_path))
    artifacts.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(artifacts / "serve-browser.png"))
    saved = json.loads(served.bookmarks.read_text(encoding="utf-8"))
    assert [bookmark["id"] for bookmark in saved["bookmarks"]] == ["evolved-policy-gradients"]
    page.close()


def test_stopping_the_server_ends_every_planner_it_started(tmp_path, browser):
    server = start_server(tmp_path)
    marker = str(server.bookmarks)
    page = browser.new_page()
    page.goto(server.page)
    wait_for_drawing(page)
    assert planner_processes(marker), "the open tab runs a planner of its own"
    assert server.stop() == 0  # SIGTERM, with the tab still open
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and planner_processes(marker):
        time.sleep(0.2)
    assert planner_processes(marker) == []
    page.close()


def test_two_tabs_and_the_terminal_bookmark_at_once_and_nothing_is_lost(served, browser, capsys):
    tabs = [browser.new_page(viewport={"width": 1200, "height": 800}) for _ in range(2)]
    for tab in tabs:
        tab.goto(served.page)
    for tab in tabs:
        wait_for_drawing(tab)
    for tab, words in zip(tabs, ("evolved policy", "neural ordinary"), strict=True):
        tab.keyboard.press("/")
        tab.keyboard.type(words, delay=20)
    for tab in tabs:
        settle(tab)
        tab.keyboard.press("Enter")
        settle(tab)
    # The terminal bookmarks too, while both tabs press b.
    for tab in tabs:
        tab.keyboard.press("b")
    assert run(capsys, "bookmark", "add", "bourgan", "--program", "neurips-2018", "--bookmarks", str(served.bookmarks))[0] == 0
    wanted = {
        "evolved-policy-gradients",
        "neural-ordinary-differential-equations",
        "bourgan-generative-networks-with-metric-250bd10d",
    }
    deadline = time.monotonic() + 40
    found: set[str] = set()
    while time.monotonic() < deadline and found != wanted:
        time.sleep(0.3)
        found = {bookmark["id"] for bookmark in json.loads(served.bookmarks.read_text(encoding="utf-8"))["bookmarks"]}
    assert found == wanted
    for tab in tabs:
        tab.close()
