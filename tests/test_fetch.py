"""Fetching over HTTP from a real server on 127.0.0.1: validators, 304, redirects, gzip, and every failure named."""

from __future__ import annotations

import gzip
import socket
import threading
import time

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from planner.following.fetch import USER_AGENT, FetchCancelled, FetchError, fetch, is_url, web_url
from planner.following.reading import read_url, sidecar_url
from planner.importers.base import ImportOptions
from tests.conftest import FIXTURES, RAW
from tests.feed_server import FeedFolder

FEEDS = RAW / "feeds"


@pytest.fixture
def site(httpserver: HTTPServer, tmp_path):
    folder = tmp_path / "site"
    folder.mkdir()
    for path in FEEDS.iterdir():
        (folder / path.name).write_bytes(path.read_bytes())
    return FeedFolder(httpserver, folder)


def test_a_feed_comes_with_its_validators_and_a_clear_user_agent(site):
    fetched = fetch(site.url("31c3_schedule.xml"))
    assert fetched.body == (FEEDS / "31c3_schedule.xml").read_bytes()
    assert fetched.etag and fetched.last_modified
    assert site.requests[0].headers["User-Agent"] == USER_AGENT


def test_gzip_is_asked_for_and_undone(site):
    fetched = fetch(site.url("pretalx-rc3.json"))
    assert site.requests[0].headers["Accept-Encoding"].startswith("gzip")
    assert fetched.body == (FEEDS / "pretalx-rc3.json").read_bytes()


def test_an_unchanged_feed_is_a_304_by_its_etag(site):
    first = fetch(site.url("31c3_schedule.xml"))
    again = fetch(site.url("31c3_schedule.xml"), etag=first.etag)
    assert again.unchanged and again.body is None and site.bodies_sent == 1
    assert site.requests[1].headers["If-None-Match"] == first.etag


def test_an_unchanged_feed_is_a_304_by_its_date_when_the_server_gives_no_etag(site):
    site.validators = ("last-modified",)
    first = fetch(site.url("31c3_schedule.xml"))
    assert first.etag is None
    again = fetch(site.url("31c3_schedule.xml"), last_modified=first.last_modified)
    assert again.unchanged and site.bodies_sent == 1


def test_a_changed_feed_is_sent_again_despite_the_old_etag(site):
    first = fetch(site.url("31c3_schedule.xml"))
    path = site.folder / "31c3_schedule.xml"
    path.write_bytes(path.read_bytes().replace(b"31C3 Keynote", b"31C3 Keynote (live)"))
    again = fetch(site.url("31c3_schedule.xml"), etag=first.etag)
    assert not again.unchanged and b"31C3 Keynote (live)" in again.body and again.etag != first.etag


def test_redirects_are_followed_within_http(httpserver: HTTPServer):
    httpserver.expect_request("/old/schedule.xml").respond_with_response(
        Response(status=301, headers={"Location": "/31c3_schedule.xml"})
    )
    FeedFolder(httpserver, FEEDS)  # after the redirect: the first handler that matches answers
    fetched = fetch(httpserver.url_for("/old/schedule.xml"))
    assert fetched.final_url.endswith("/31c3_schedule.xml") and fetched.body.startswith(b"<?xml")


def test_a_redirect_loop_is_named(httpserver: HTTPServer):
    httpserver.expect_request("/a").respond_with_response(Response(status=302, headers={"Location": "/b"}))
    httpserver.expect_request("/b").respond_with_response(Response(status=302, headers={"Location": "/a"}))
    with pytest.raises(FetchError, match="redirect loop") as caught:
        fetch(httpserver.url_for("/a"))
    assert caught.value.file == httpserver.url_for("/a")


def test_a_redirect_to_a_local_file_is_refused(httpserver: HTTPServer):
    httpserver.expect_request("/feed").respond_with_response(Response(status=302, headers={"Location": "file:///etc/passwd"}))
    with pytest.raises(FetchError, match="away from http"):
        fetch(httpserver.url_for("/feed"))


@pytest.mark.parametrize(("status", "words"), [(404, "404 NOT FOUND"), (500, "500 INTERNAL SERVER ERROR"), (503, "503")])
def test_an_error_status_is_named_with_the_url(httpserver: HTTPServer, status, words):
    httpserver.expect_request("/feed.xml").respond_with_data("oops", status=status)
    with pytest.raises(FetchError) as caught:
        fetch(httpserver.url_for("/feed.xml"))
    assert words.lower() in str(caught.value).lower() and str(caught.value).startswith(httpserver.url_for("/feed.xml"))


def test_a_server_that_does_not_answer_in_time_is_a_timeout(httpserver: HTTPServer):
    def slow(request):
        time.sleep(1.5)
        return Response("late")

    httpserver.expect_request("/slow").respond_with_handler(slow)
    with pytest.raises(FetchError, match="timed out"):
        fetch(httpserver.url_for("/slow"), timeout=0.3)


def test_tls_that_fails_is_said_to(httpserver: HTTPServer):
    plain = httpserver.url_for("/feed.xml").replace("http://", "https://")
    with pytest.raises(FetchError, match="TLS"):
        fetch(plain, timeout=5)


def test_nobody_listening_is_said_plainly():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(FetchError, match="cannot connect"):
        fetch(f"http://127.0.0.1:{port}/feed.xml", timeout=2)


def test_a_body_cut_short_is_a_truncated_body():
    """A raw server that promises 1000 bytes, sends 10 and hangs up."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)

    def serve():
        connection, _ = listener.accept()
        connection.recv(65536)
        connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nContent-Type: application/xml\r\n\r\n<schedule>")
        connection.close()

    worker = threading.Thread(target=serve, daemon=True)
    worker.start()
    try:
        with pytest.raises(FetchError, match="truncated"):
            fetch(f"http://127.0.0.1:{listener.getsockname()[1]}/feed.xml", timeout=5)
    finally:
        worker.join(5)
        listener.close()


def test_a_body_over_the_cap_is_refused_before_it_is_held(httpserver: HTTPServer):
    httpserver.expect_request("/big").respond_with_data(b"x" * 5000)
    with pytest.raises(FetchError, match="larger than any program"):
        fetch(httpserver.url_for("/big"), max_bytes=1000)


def test_a_gzip_bomb_is_cut_off_at_the_cap(httpserver: HTTPServer):
    bomb = gzip.compress(b"\n" * 200_000)
    httpserver.expect_request("/bomb").respond_with_data(bomb, headers={"Content-Encoding": "gzip"})
    with pytest.raises(FetchError, match="larger than any program"):
        fetch(httpserver.url_for("/bomb"), max_bytes=10_000)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/feed.xml", "gopher://x/"])
def test_only_http_https_and_webcal_are_fetched(url):
    assert is_url(url)
    with pytest.raises(FetchError, match="only http, https and webcal"):
        fetch(url)


def test_webcal_is_https_except_on_this_machine():
    assert web_url("webcal://example.org/cal.ics") == "https://example.org/cal.ics"
    assert web_url("webcal://127.0.0.1:8080/cal.ics") == "http://127.0.0.1:8080/cal.ics"
    assert not is_url("C:\\feeds\\schedule.xml") and not is_url("examples/raw/feeds/31c3_schedule.xml")


def test_an_html_page_instead_of_a_feed_is_said_to_be_one(httpserver: HTTPServer):
    httpserver.expect_request("/schedule.xml").respond_with_data(
        "<!DOCTYPE html><html><head><title>Maintenance</title></head><body>Back soon</body></html>",
        content_type="text/html",
    )
    with pytest.raises(FetchError, match="HTML page") as caught:
        read_url(httpserver.url_for("/schedule.xml"), ImportOptions(), format_name="frab-xml")
    assert caught.value.file == httpserver.url_for("/schedule.xml")


def test_a_feed_cut_mid_way_is_named_by_its_url(httpserver: HTTPServer):
    text = (FEEDS / "frab-camp2019.json").read_text()
    httpserver.expect_request("/camp.json").respond_with_data(text[: len(text) // 2], content_type="application/json")
    with pytest.raises(Exception) as caught:
        read_url(httpserver.url_for("/camp.json"), ImportOptions())
    assert str(caught.value).startswith(httpserver.url_for("/camp.json"))


def test_the_virtual_site_feed_brings_its_abstracts_sidecar(httpserver: HTTPServer):
    folder = FIXTURES / "virtual_site_poster_twice_oral_with_poster"
    served = FeedFolder(httpserver, folder)
    read = read_url(served.url("mlconf-2024-orals-posters.json"), ImportOptions())
    assert [request.path for request in served.requests] == ["/mlconf-2024-orals-posters.json", "/mlconf-2024-abstracts.json"]
    assert any(presentation.abstract for presentation in read.imported.program.presentations)
    assert sidecar_url("http://h/x/neurips-2025-orals-posters.json?v=2") == "http://h/x/neurips-2025-abstracts.json?v=2"
    assert sidecar_url("http://h/x/schedule.json") is None


def test_a_virtual_site_feed_without_a_sidecar_reads_without_abstracts(httpserver: HTTPServer, tmp_path):
    source = FIXTURES / "virtual_site_poster_twice_oral_with_poster" / "mlconf-2024-orals-posters.json"
    (tmp_path / source.name).write_bytes(source.read_bytes())
    served = FeedFolder(httpserver, tmp_path)
    read = read_url(served.url(source.name), ImportOptions())
    assert read.imported.program.presentations and served.requests[-1].path == "/mlconf-2024-abstracts.json"


def test_a_fetch_cancelled_while_the_body_trickles_in_stops_there():
    """A raw server that sends a 200 KB feed a kilobyte every 50 ms (10 s in all); the reader gives up after half a second."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    sent = []

    def serve():
        connection, _ = listener.accept()
        connection.recv(65536)
        connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 204800\r\nContent-Type: application/xml\r\n\r\n")
        try:
            for _ in range(200):
                connection.sendall(b"x" * 1024)
                sent.append(1024)
                time.sleep(0.05)
        except OSError:
            pass  # the reader hung up, as it should
        finally:
            connection.close()

    worker = threading.Thread(target=serve, daemon=True)
    worker.start()
    began = time.monotonic()
    try:
        with pytest.raises(FetchCancelled, match="cancelled") as caught:
            fetch(
                f"http://127.0.0.1:{listener.getsockname()[1]}/feed.xml",
                timeout=5,
                cancelled=lambda: time.monotonic() > began + 0.5,
            )
        assert time.monotonic() - began < 3
        assert str(caught.value).startswith("http://127.0.0.1:")
    finally:
        worker.join(15)
        listener.close()
    assert sum(sent) < 204800  # the server was cut off, not read to the end
    assert not isinstance(caught.value, FetchError)  # a person's choice, not a failure to record
