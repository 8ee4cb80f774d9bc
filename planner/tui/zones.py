"""Provides the time zones the TUI shows times in: the conference's, the reader's own, or both side by side."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, tzinfo
from enum import StrEnum

from planner.program.times import TimeRange, format_range, zone_label


class ZoneMode(StrEnum):
    """Which zones times are read in; `t` cycles through them in this order."""

    CONFERENCE = "conference"
    LOCAL = "local"
    BOTH = "both"

    def next(self) -> ZoneMode:
        order = list(ZoneMode)
        return order[(order.index(self) + 1) % len(order)]


@dataclass(frozen=True, slots=True)
class ShownZone:
    """A zone times are shown in, with what to call it in a heading."""

    zone: tzinfo
    role: str
    """'conference' or 'yours'."""

    @property
    def name(self) -> str:
        return getattr(self.zone, "key", None) or str(self.zone)


def shown_zones(mode: ZoneMode, conference: tzinfo, yours: tzinfo) -> tuple[ShownZone, ...]:
    here, there = ShownZone(conference, "conference"), ShownZone(yours, "yours")
    if mode is ZoneMode.CONFERENCE:
        return (here,)
    if mode is ZoneMode.LOCAL:
        return (there,)
    return (here, there)


def clock_text(span: TimeRange | None, where: tzinfo, day: date | None) -> str:
    """ "12:30–12:35 EST", or "Wed 05:30–05:35 JST" when the reader's date is not the conference day
    (or `day` is None: a row with no day heading above it always says its weekday)."""
    if span is None:
        return "no time yet"
    text = format_range(span, where, with_date=False)
    local = span.start.astimezone(where)
    if day is None or local.date() != day:
        return f"{local:%a} {text}"
    return text


def zone_heading(zone: ShownZone, span: TimeRange | None) -> str:
    """ "EST · America/Toronto (conference)": what a column of times is in, at the program's first time."""
    label = zone_label(span.start, zone.zone) if span else ""
    name = zone.name
    prefix = f"{label} · " if label and label != name else ""
    return f"{prefix}{name} ({zone.role})"
