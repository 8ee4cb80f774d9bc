"""Provides fetching a program's feed over HTTP(S): conditional, capped, and every failure said plainly.

Only http, https and webcal (a calendar subscription: https, or http on this machine) are
fetched; a `file://` or any other scheme is refused, and so is a redirect that leaves http(s).
The body is streamed and cut off at the size cap before it is held whole. A 304 answers a
conditional request and costs nothing: no body is read, nothing is imported again.

Conditional requests are made by hand from the ETag and Last-Modified kept with a followed
program, not through an HTTP cache: a cache would hand back the old body on a 304, which would
then be imported again for nothing.
"""

from __future__ import annotations

import ssl
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from planner import __version__
from planner.errors import SourceError
from planner.importers.base import MAX_SOURCE_BYTES

USER_AGENT = f"planner/{__version__} (conference program follower)"
TIMEOUT_SECONDS = 20.0
MAX_REDIRECTS = 5
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})


class FetchError(SourceError):
    """A URL could not be fetched: refused, unreachable, an error status, or too big."""


class FetchCancelled(SourceError):
    """The person stopped a fetch while its body came in; what had come is dropped.

    Not a FetchError: nothing went wrong, so nothing is to be recorded or reported as a failure.
    """


@dataclass(frozen=True, slots=True)
class Fetched:
    """What a fetch brought: a new body, or word that the stored one is still current (304)."""

    url: str
    """The URL asked for (after webcal → http(s)); messages name it."""
    final_url: str
    """Where the body came from after redirects."""
    body: bytes | None
    """None when the server said 304 Not Modified."""
    etag: str | None = None
    last_modified: str | None = None
    content_type: str = ""

    @property
    def unchanged(self) -> bool:
        return self.body is None


def is_url(text: str) -> bool:
    """Whether a source given on the command line is a URL rather than a path (any scheme, so file:// is refused by name)."""
    scheme = urlsplit(text).scheme.lower()
    return len(scheme) > 1 and "://" in text  # a Windows drive letter (C:\) is a path


def web_url(url: str) -> str:
    """The http(s) URL to fetch for `url`, or a FetchError for a scheme planner does not fetch."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme == "webcal":
        # A calendar subscription link is https, except on this machine where nothing serves TLS.
        scheme = "http" if (parts.hostname or "") in LOCAL_HOSTS else "https"
    if scheme not in ("http", "https"):
        raise FetchError(f"planner fetches only http, https and webcal URLs, not {parts.scheme or 'this'}:", file=url)
    if not parts.hostname:
        raise FetchError("the URL names no host", file=url)
    return urlunsplit((scheme, parts.netloc, parts.path or "/", parts.query, ""))


def fetch(
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    timeout: float = TIMEOUT_SECONDS,
    max_bytes: int = MAX_SOURCE_BYTES,
    cancelled: Callable[[], bool] | None = None,
) -> Fetched:
    """GET `url`, conditionally when a validator is given; a FetchError names the URL and what went wrong.

    `cancelled` is asked as each piece of the body arrives: a big feed on a slow line is stopped
    there (FetchCancelled), not read to its end. Waiting for the server's first answer is bounded
    by `timeout` alone.
    """
    # Loaded when a fetch is made: httpx brings its command line's terminal library (rich) with it,
    # which no engine module may load at import, and which a command that fetches nothing need not pay for.
    import httpx

    target = web_url(url)
    headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        with (
            httpx.Client(follow_redirects=True, max_redirects=MAX_REDIRECTS, timeout=timeout, headers=headers) as client,
            client.stream("GET", target) as response,
        ):
            if response.status_code == 304:
                return Fetched(target, str(response.url), None, etag, last_modified)
            if response.status_code >= 400:
                reason = response.reason_phrase or "error"
                raise FetchError(f"the server answered {response.status_code} {reason}", file=target)
            if response.status_code != 200:
                raise FetchError(f"the server answered {response.status_code}, not the feed", file=target)
            declared = response.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > max_bytes and "content-encoding" not in response.headers:
                raise FetchError(f"{int(declared)} bytes is larger than any program planner reads", file=target)
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                if cancelled is not None and cancelled():
                    raise FetchCancelled("the fetch was cancelled", file=target)
                size += len(chunk)
                if size > max_bytes:
                    raise FetchError(f"more than {max_bytes} bytes: larger than any program planner reads", file=target)
                chunks.append(chunk)
            return Fetched(
                target,
                str(response.url),
                b"".join(chunks),
                response.headers.get("etag"),
                response.headers.get("last-modified"),
                response.headers.get("content-type", ""),
            )
    except httpx.TooManyRedirects:
        raise FetchError(f"more than {MAX_REDIRECTS} redirects (a redirect loop?)", file=target) from None
    except httpx.UnsupportedProtocol as err:
        raise FetchError(f"a redirect led away from http(s): {err}", file=target) from None
    except httpx.TimeoutException:
        raise FetchError(f"no answer within {timeout:g} s (timed out)", file=target) from None
    except httpx.ConnectError as err:
        if _is_tls(err):
            raise FetchError(f"the secure connection (TLS) failed: {_first_line(err)}", file=target) from None
        raise FetchError(f"cannot connect: {_first_line(err)} (offline?)", file=target) from None
    except httpx.DecodingError:
        raise FetchError("the body is not validly compressed (gzip/deflate)", file=target) from None
    except (httpx.RemoteProtocolError, httpx.ReadError) as err:
        raise FetchError(f"the connection broke off mid-answer (truncated body): {_first_line(err)}", file=target) from None
    except httpx.HTTPError as err:
        raise FetchError(f"the request failed: {_first_line(err)}", file=target) from None


def fetch_optional(url: str, *, timeout: float = TIMEOUT_SECONDS, cancelled: Callable[[], bool] | None = None) -> Fetched | None:
    """`fetch`, with None for a file the server does not have (404, 410): for sidecars that may be absent."""
    try:
        return fetch(url, timeout=timeout, cancelled=cancelled)
    except FetchError as err:
        if "answered 404" in err.message or "answered 410" in err.message:
            return None
        raise


def _is_tls(err: BaseException) -> bool:
    seen: BaseException | None = err
    while seen is not None:
        if isinstance(seen, ssl.SSLError) or "SSL" in str(seen) or "CERTIFICATE" in str(seen):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _first_line(err: BaseException) -> str:
    text = str(err).strip() or type(err).__name__
    return text.splitlines()[0]
