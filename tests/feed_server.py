"""A feed server on 127.0.0.1 for the following tests: files from a folder, served as a real site serves them.

Each file is answered with an ETag (its digest) and a Last-Modified (its mtime), a 304 to a
request whose validators still hold, and gzip when the client asks for it. It counts the requests
and the full answers, so a test can tell a 304 from a new download.
"""

from __future__ import annotations

import gzip
import hashlib
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response


@dataclass
class FeedFolder:
    """Serves `folder` at the server's root; `validators` says which validators to send."""

    server: HTTPServer
    folder: Path
    validators: tuple[str, ...] = ("etag", "last-modified")
    gzip: bool = True
    requests: list[Request] = field(default_factory=list)
    bodies_sent: int = 0

    def __post_init__(self) -> None:
        self.server.expect_request(_ANY_PATH).respond_with_handler(self.answer)

    def url(self, name: str) -> str:
        return self.server.url_for(f"/{name}")

    def answer(self, request: Request) -> Response:
        self.requests.append(request)
        path = self.folder / request.path.lstrip("/")
        if not path.is_file():
            return Response("<html><body>Not Found</body></html>", status=404, content_type="text/html")
        data = path.read_bytes()
        etag = f'"{hashlib.sha256(data).hexdigest()[:16]}"'
        modified = datetime.fromtimestamp(int(path.stat().st_mtime), UTC)
        headers = {}
        if "etag" in self.validators:
            headers["ETag"] = etag
        if "last-modified" in self.validators:
            headers["Last-Modified"] = format_datetime(modified, usegmt=True)
        if "etag" in self.validators and request.headers.get("If-None-Match") == etag:
            return Response(status=304, headers=headers)
        since = request.headers.get("If-Modified-Since")
        fresh = since and "If-None-Match" not in request.headers and modified <= parsedate_to_datetime(since)
        if "last-modified" in self.validators and fresh:
            return Response(status=304, headers=headers)
        self.bodies_sent += 1
        if self.gzip and "gzip" in request.headers.get("Accept-Encoding", ""):
            headers["Content-Encoding"] = "gzip"
            data = gzip.compress(data)
        return Response(data, status=200, headers=headers, content_type=_content_type(path))


_ANY_PATH = re.compile(r"/.*")


def _content_type(path: Path) -> str:
    return {".xml": "application/xml", ".json": "application/json", ".ics": "text/calendar"}.get(path.suffix, "text/plain")
