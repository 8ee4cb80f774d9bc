"""Provides what the feed importers share: kinds from event types, links, zones from offsets.

Feeds (frab, pretalx, .ics, the virtual-site JSON) carry instants with their UTC offsets, but not
always the name of the venue's zone. The zone a program is shown in is then chosen here, in one
place, and said in a note: the offsets stay authoritative for *when*, the zone only for display.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta, timezone
from typing import TYPE_CHECKING

from planner.errors import SourceError, TimeFormatError
from planner.importers.base import ImportOptions, RawSource
from planner.program.ids import CONFERENCE_ID, openreview_id, slug
from planner.program.model import Kind, Links
from planner.program.times import format_offset, zone

if TYPE_CHECKING:
    from bs4 import Tag

# Checked in order: "Talk 30 min + 10min Q&A" is a talk, "Keynote lecture" a keynote.
_KIND_WORDS: tuple[tuple[Kind, tuple[str, ...]], ...] = (
    (Kind.KEYNOTE, ("keynote", "invited talk", "plenary")),
    (Kind.TUTORIAL, ("tutorial",)),
    (Kind.WORKSHOP, ("workshop", "hands-on", "hands on", "bof")),
    (Kind.SPOTLIGHT, ("spotlight",)),
    (Kind.ORAL, ("oral",)),
    (Kind.POSTER, ("poster",)),
    # FOSDEM's devroom and main-track events, pretalx's "Vortrag", are talks.
    (
        Kind.TALK,
        (
            "talk",
            "lecture",
            "presentation",
            "podium",
            "panel",
            "discussion",
            "lightning",
            "devroom",
            "maintrack",
            "main track",
            "vortrag",
        ),
    ),
    (Kind.QA, ("q&a", "qa", "questions")),
    (Kind.SOCIAL, ("social", "party", "concert", "performance", "meetup", "meeting", "reception", "dinner", "game")),
)


def kind_of(*labels: str | None, default: Kind = Kind.OTHER) -> Kind:
    """The Kind an event type names ('lecture', 'Workshop 60 Min', 'Poster'), else `default`."""
    for label in labels:
        if not label:
            continue
        words = label.casefold()
        for kind, names in _KIND_WORDS:
            if any(re.search(rf"(?<![a-z]){re.escape(name)}", words) for name in names):
                return kind
    return default


def kind_label(label: str | None, kind: Kind) -> str:
    """The source's own name for an event's type, kept for display when it says more than the kind."""
    text = " ".join((label or "").split())
    return "" if not text or text.casefold() == kind.value else text[:60]


def plain(text: str | None) -> str:
    """Readable text from a feed's field: HTML turned into paragraphs, lists and links; entities decoded.

    Feeds put HTML in abstracts (FOSDEM's `<p>`, `<ul>`) and entities anywhere (`Q&amp;A`). Text
    with neither is returned as it is, so the converter is loaded only for feeds that need it.
    """
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    if _TAG.search(text):
        text = _html_to_text(text)
    elif "&" in text:
        text = html.unescape(text)
    return text.replace("\xa0", " ").strip()


def plain_line(text: str | None) -> str:
    """`plain` for a one-line field (a title, a name): whitespace runs made single spaces."""
    return " ".join(plain(text).split())


_TAG = re.compile(r"<(?:[a-zA-Z][a-zA-Z0-9]*)(?:\s[^<>]*)?/?>|</[a-zA-Z][a-zA-Z0-9]*\s*>")


def _html_to_text(text: str) -> str:
    # markdownify (MIT, on BeautifulSoup's pure-Python parser): paragraphs and list items on
    # their own lines, links kept as "text (url)"; imported here as it costs ~60 ms to load.
    from markdownify import MarkdownConverter

    class _Readable(MarkdownConverter):
        def convert_a(self, el: Tag, text: str, parent_tags: set[str]) -> str:
            href = str(el.get("href") or "")
            text = text.strip()
            if not href or href == text or not re.match(r"^https?://", href):
                return text
            return f"{text} ({href})" if text else href

        def convert_img(self, el: Tag, text: str, parent_tags: set[str]) -> str:
            return str(el.get("alt") or "")

    converted = _Readable(
        heading_style="ATX",
        bullets="•",
        escape_asterisks=False,
        escape_underscores=False,
        escape_misc=False,
        strip=["em", "strong", "b", "i", "u", "span", "font"],
    ).convert(text)
    converted = re.sub(r"^#+ ", "", converted, flags=re.M)
    return re.sub(r"\n{3,}", "\n\n", converted)


_VIDEO_HOSTS = ("media.ccc.de", "youtube.com", "youtu.be", "vimeo.com", "slideslive.com")
_CODE_HOSTS = ("github.com", "gitlab.com", "codeberg.org", "bitbucket.org", "sr.ht")
_PAPER_HOSTS = ("arxiv.org", "doi.org", "proceedings.", "papers.nips.cc", "aclanthology.org")


def links_from(
    page: str | None, links: Iterable[tuple[str, str]], *, paper: str | None = None
) -> tuple[Links, list[tuple[str, str]]]:
    """Sort a feed's links into the named kinds; what fits none is returned, to be kept in the text."""
    found: dict[str, str] = {}
    if page and _is_url(page):
        found["page"] = page.strip()
    if paper and _is_url(paper):
        forum = openreview_id(paper)
        found["openreview" if forum else "paper"] = paper.strip()
    rest: list[tuple[str, str]] = []
    for title, written in links:
        if not _is_url(written):
            continue
        url, name = written.strip(), _link_kind(title, written)
        if name and name not in found:
            found[name] = url
        elif url not in found.values():
            rest.append((title.strip() or url, url))
    return Links(**found), rest


def _link_kind(title: str, url: str) -> str | None:
    text, host = title.casefold(), re.sub(r"^[a-z]+://", "", url.casefold()).split("/", 1)[0]
    if openreview_id(url):
        return "openreview"
    if "slide" in text or "folien" in text:
        return "slides"
    if "video" in text or "recording" in text or any(host.endswith(name) for name in _VIDEO_HOSTS):
        return "video"
    if any(host.endswith(name) for name in _CODE_HOSTS):
        return "code"
    if "paper" in text or any(name in host for name in _PAPER_HOSTS):
        return "paper"
    return None


def _is_url(text: str | None) -> bool:
    return bool(text) and re.match(r"^\s*https?://\S+\s*$", text or "") is not None


def text_with_links(paragraphs: Iterable[str | None], extra_links: list[tuple[str, str]]) -> str:
    """An abstract from the feed's paragraphs (repeats dropped), with links that fit no named kind at the end."""
    kept: list[str] = []
    for paragraph in paragraphs:
        cleaned = plain(paragraph)
        if cleaned and cleaned not in kept:
            kept.append(cleaned)
    if extra_links:
        kept.append("Links: " + "; ".join(f"{title} <{url}>" if title != url else url for title, url in extra_links))
    return "\n\n".join(kept)


def after(moment: datetime, length: timedelta) -> datetime:
    """The instant `length` after `moment`, shown in `moment`'s zone.

    Plain `+` on a datetime in a zone with daylight saving adds wall-clock time: 01:30 CET plus an
    hour would be 02:30, a time that does not exist on the night clocks go forward.
    """
    return (moment.astimezone(UTC) + length).astimezone(moment.tzinfo)


def fixed(moment: datetime) -> datetime:
    """The instant with its UTC offset as a fixed zone, as a program file stores it.

    Two datetimes that share a zone with daylight saving compare and subtract by wall clock
    (a night the clocks go back would be an hour short); with fixed offsets they cannot, and a
    program imported on the fly behaves like the same program loaded from its file.
    """
    offset = moment.utcoffset()
    return moment.astimezone(UTC if not offset else timezone(offset))


def elapsed(start: datetime, end: datetime) -> timedelta:
    """The time between two instants; `-` on two datetimes of one zone would count wall-clock time."""
    return end.astimezone(UTC) - start.astimezone(UTC)


def valid_id(candidate: object) -> str | None:
    """A feed's own id as a planner id (no whitespace, at most 200 characters), or None when it cannot be one."""
    if candidate is None or isinstance(candidate, bool):
        return None
    text = str(candidate).strip()
    if not text or len(text) > 200 or re.search(r"\s", text):
        return None
    return text


def conference_slug(text: str | None) -> str | None:
    """A conference id from a feed's acronym or calendar name ('Camp2019' -> 'camp2019')."""
    if not text:
        return None
    made = slug(text, max_length=40)
    return made if CONFERENCE_ID.match(made) else None


def offset_zone(offset: timedelta) -> str:
    """The IANA name of a fixed UTC offset ('+01:00' -> 'Etc/GMT-1'); UTC for offsets Etc/ has no zone for."""
    if offset == timedelta(0) or offset.total_seconds() % 3600:
        return "UTC"
    hours = int(offset.total_seconds() // 3600)
    return f"Etc/GMT{-hours:+d}"


def choose_zone(
    named: str | None, instants: list[datetime], options: ImportOptions, *, what: str = "time_zone_name"
) -> tuple[str, list[str]]:
    """The zone to show a feed in, and notes saying why; the instants themselves are never changed.

    --timezone wins. A named zone that agrees with every instant's offset is taken as it is. A
    missing name, or one that disagrees with the offsets, gives the zone of the offsets: a fixed
    offset when they all share one, else the named zone (or UTC), with a note either way.
    """
    if options.timezone:
        return options.timezone, []
    offsets = Counter(moment.utcoffset() for moment in instants)
    common = offsets.most_common(1)[0][0] if offsets else None
    if named:
        where = zone(named)
        wrong = [moment for moment in instants if moment.astimezone(where).utcoffset() != moment.utcoffset()]
        if not wrong:
            return named, []
        example = wrong[0]
        said = (
            f"{what} says {named}, but {len(wrong)} of {len(instants)} times carry another UTC offset "
            f"(e.g. {example.isoformat()}, where {named} is at {format_offset(example.astimezone(where).utcoffset())}); "
            "times are read by their offsets"
        )
        if len(offsets) == 1 and common == timedelta(0):
            # A generator that writes every time in UTC (DebConf's) still names the venue's zone:
            # the instants are right, and the venue's clock is the one to show them on.
            in_utc = f"{what} says {named}, but every time is written in UTC (e.g. {example.isoformat()})"
            return named, [f"{in_utc}; the times are read as UTC and shown in {named}"]
        if len(offsets) == 1 and common is not None:
            chosen = offset_zone(common)
            return chosen, [f"{said} and shown in {chosen}; give --timezone to choose the zone"]
        return named, [f"{said} and shown in {named}"]
    if common is None:
        return "UTC", ["the feed names no time zone and has no timed events; its zone is taken as UTC (give --timezone)"]
    chosen = offset_zone(common)
    shared = "all carry" if len(offsets) == 1 else "mostly carry"
    return chosen, [
        (
            f"the feed names no time zone; its times {shared} {format_offset(common)}, so the program is shown in "
            f"{chosen}; give --timezone (e.g. Europe/Berlin) to name the venue's zone"
        )
    ]


def known_zone(name: str, source: RawSource, *, line: int | None = None, path: str | None = None) -> str:
    """`name` if it is an IANA zone, else a SourceError at the place the feed names it."""
    try:
        zone(name)
    except TimeFormatError as err:
        raise located(err.message, source, line=line, path=path) from None
    return name


def located(message: str, source: RawSource, *, line: int | None = None, path: str | None = None) -> SourceError:
    """A SourceError at a line of the file, or at a JSON path in it."""
    return SourceError(f"at {path}: {message}" if path else message, file=source.name, line=line)
