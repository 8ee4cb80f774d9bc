"""Provides stable identifiers: slugs, normalised titles and OpenReview ids read from links.

Ids must come out the same every time the same program is imported, so bookmarks and exported
calendar UIDs survive a re-import. Nothing here depends on order or on the clock.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import parse_qs, urlparse

_NON_WORD = re.compile(r"[^a-z0-9]+")
_OPENREVIEW_ID = re.compile(r"^[A-Za-z0-9_\-]{6,20}$")
CONFERENCE_ID = re.compile(r"^[a-z0-9][a-z0-9.\-_]*$")
"""What a conference id may be (`neurips-2018`): bookmark files and calendar UIDs are keyed by it."""


def fold(text: str) -> str:
    """Lowercase ASCII with accents removed: 'Raphaël' -> 'raphael'. Used for matching, not display."""
    decomposed = unicodedata.normalize("NFKD", text)
    return decomposed.encode("ascii", "ignore").decode("ascii").casefold()


def normalise_title(title: str) -> str:
    """The title as a comparison key: case, accents, punctuation and spacing do not count."""
    return " ".join(_NON_WORD.sub(" ", fold(title)).split())


def slug(text: str, *, max_length: int = 60) -> str:
    """A readable id fragment: 'Neural Ordinary Differential Equations' -> 'neural-ordinary-differential-equations'.

    Long text is cut at a word boundary and given a short hash of the whole, so two long titles
    that share their first words still get different slugs. Text with no letters or digits at
    all (a title only in Chinese) is named by its hash alone.
    """
    words = normalise_title(text).split()
    full = "-".join(words)
    digest = hashlib.sha1(unicodedata.normalize("NFC", text).encode("utf-8")).hexdigest()[:8]
    if not full:
        return digest
    if len(full) <= max_length:
        return full
    cut = full[:max_length].rsplit("-", 1)[0] or full[:max_length]
    return f"{cut}-{digest}"


def presentation_id(title: str, *, openreview: str | None = None) -> str:
    """The stable id of a presentation: its OpenReview forum id when known, else a slug of its title.

    Ids are only ever read within one conference (a program, a bookmark file that names its
    conference, a calendar UID that adds the conference id), so they carry no conference prefix:
    people type them.
    """
    if openreview:
        return openreview
    return slug(title, max_length=48)


def openreview_id(url: str | None) -> str | None:
    """The forum id in an OpenReview link (forum?id=…, pdf?id=…), or None if the link has none."""
    if not url:
        return None
    parsed = urlparse(url.strip())
    if not parsed.netloc.endswith("openreview.net"):
        return None
    candidates = parse_qs(parsed.query).get("id", [])
    if candidates and _OPENREVIEW_ID.match(candidates[0]):
        return candidates[0]
    return None
