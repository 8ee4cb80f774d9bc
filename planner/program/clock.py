"""Provides the clock: what "now" is, injected into the app and the commands so tests (and people) can set it.

A clock is a callable returning an aware datetime. `system_clock` is the computer's; `fixed_clock`
stands still (a test, `planner now --at`); `clock_starting_at` starts at a given moment and then
runs at the real pace, which is how `PLANNER_NOW` lets a person live through a conference day
that is long over.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from planner.program.times import parse_instant

Clock = Callable[[], datetime]
"""Now, as an aware datetime."""

NOW_VARIABLE = "PLANNER_NOW"
"""Set to a date and time ("2020-04-29 10:55", in the conference's zone unless it gives an offset)
to start planner's clock there."""


def system_clock() -> datetime:
    return datetime.now(UTC)


def fixed_clock(moment: datetime) -> Clock:
    """A clock that always says `moment`."""
    if moment.tzinfo is None:
        raise ValueError("a clock needs an aware datetime")
    return lambda: moment


def clock_starting_at(moment: datetime, *, ticks: Callable[[], float] = time.monotonic) -> Clock:
    """A clock that says `moment` now and then runs forward at the real pace."""
    if moment.tzinfo is None:
        raise ValueError("a clock needs an aware datetime")
    began = ticks()
    return lambda: moment + timedelta(seconds=ticks() - began)


def parse_moment(text: str, zone_name: str) -> datetime:
    """A moment a person typed: ISO 8601, with a space or a T; without an offset it is read in `zone_name`.

    Raises TimeFormatError (naming the text) for anything else, or a wall-clock time the clocks skip.
    """
    return parse_instant(text.strip().replace(" ", "T", 1), default_zone=zone_name)


def clock_from_environment(zone_name: str, environ: dict[str, str] | None = None) -> Clock:
    """The system clock, or one started at PLANNER_NOW (read in `zone_name`) when that is set."""
    text = (os.environ if environ is None else environ).get(NOW_VARIABLE, "").strip()
    if not text:
        return system_clock
    return clock_starting_at(parse_moment(text, zone_name))
