"""Provides VTIMEZONE components written as yearly RRULEs, built from zoneinfo's own transitions.

icalendar writes a zone as a list of RDATEs, which Outlook ignores (its times then shift by an
hour). Calendar programs read best the form they write themselves: one STANDARD and one DAYLIGHT
observance, each "the nth weekday of a month at a wall-clock time", repeating yearly. The rule is
read off the transitions zoneinfo reports around the dates a calendar needs, and is only used when
it reproduces every one of them; a zone whose changes follow no such rule (a one-off change, a
Ramadan pause) gets one observance per change instead, still without RDATEs.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

# Zones change their offset at most a few times a year; sampling every six hours finds each change
# (then bisection pins it to the second) without walking every minute of the window.
_STEP = timedelta(hours=6)
# How far before the needed dates to look for the change that set the offset in force (a zone with
# daylight saving changes at least once a year; one without has nothing to find).
_LOOK_BACK = timedelta(days=400)
# Years either side used to tell "4th Sunday" from "last Sunday" when both fit the needed dates.
_NEIGHBOUR_YEARS = 2


@dataclass(frozen=True, slots=True)
class Transition:
    """One change of a zone's offset (or of its abbreviation)."""

    at: datetime
    """The instant of the change, in UTC."""
    offset_before: timedelta
    offset_after: timedelta
    name: str
    """The abbreviation from the change on ("EST", "CEST", "+0530")."""
    daylight: bool
    """Whether daylight-saving time is in force from the change on."""

    @property
    def onset(self) -> datetime:
        """The change as a naive wall-clock time in the offset before it, as VTIMEZONE's DTSTART wants."""
        return (self.at + self.offset_before).replace(tzinfo=None)

    @property
    def observance(self) -> tuple[bool, timedelta, timedelta, str]:
        """What a STANDARD/DAYLIGHT block states about this change, apart from when it happens."""
        return (self.daylight, self.offset_before, self.offset_after, self.name)


@dataclass(frozen=True, slots=True)
class YearlyRule:
    """ "The nth weekday of a month, at a wall-clock time", as an RRULE says it (nth -1: the last)."""

    month: int
    nth: int
    weekday: int
    clock: time

    def onset_in(self, year: int) -> datetime | None:
        days = [week[self.weekday] for week in calendar.monthcalendar(year, self.month) if week[self.weekday]]
        index = self.nth - 1 if self.nth > 0 else self.nth
        if not -len(days) <= index < len(days):
            return None
        return datetime.combine(date(year, self.month, days[index]), self.clock)

    @property
    def rrule(self) -> dict[str, object]:
        day = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")[self.weekday]
        return {"freq": "yearly", "bymonth": self.month, "byday": f"{self.nth}{day}"}


def _state(zone: ZoneInfo, instant: datetime) -> tuple[timedelta, timedelta, str]:
    local = instant.astimezone(zone)
    return local.utcoffset() or timedelta(0), local.dst() or timedelta(0), local.tzname() or ""


def _into_daylight(before: tuple[timedelta, timedelta, str], after: tuple[timedelta, timedelta, str]) -> bool:
    """Whether a change starts a DAYLIGHT observance, in the sense calendar programs give the word."""
    if bool(before[1]) != bool(after[1]):
        # Calendar programs expect DAYLIGHT to be the ahead offset, so a zone whose tzdata speaks
        # of negative daylight saving (Dublin's winter, Morocco's Ramadan) is labelled by which
        # way the clocks move, as tzdata's own "rearguard" form does.
        return after[0] > before[0]
    # A change of the zone's base offset (Samoa crossing the date line) or of its name only is
    # STANDARD: readers take DAYLIGHT's jump as the saving, and a day-long saving breaks them.
    return False


def transitions(zone: ZoneInfo, start: datetime, end: datetime) -> list[Transition]:
    """Every change of `zone`'s offset, daylight flag or abbreviation in [start, end), in order."""
    found: list[Transition] = []
    before, moment = _state(zone, start), start
    while moment < end:
        step = min(moment + _STEP, end)
        after = _state(zone, step)
        if after != before:
            low, high = moment, step
            while high - low > timedelta(seconds=1):
                middle = low + (high - low) / 2
                if _state(zone, middle) == before:
                    low = middle
                else:
                    high = middle
            high = high.replace(microsecond=0)
            found.append(Transition(high.astimezone(UTC), before[0], after[0], after[2], _into_daylight(before, after)))
        before, moment = after, step
    return found


def _candidate_rules(change: Transition) -> list[YearlyRule]:
    onset = change.onset
    length = calendar.monthrange(onset.year, onset.month)[1]
    nths = [(onset.day - 1) // 7 + 1]
    if onset.day + 7 > length:
        nths.insert(0, -1)  # "the last Sunday" is how zones usually say it; the neighbours decide
    return [YearlyRule(onset.month, nth, onset.weekday(), onset.time()) for nth in nths]


def _predicted(rule: YearlyRule, offset_before: timedelta, first: datetime, last: datetime) -> set[datetime]:
    """The instants in [first, last] at which `rule` says the change happens."""
    instants = set()
    for year in range(first.year - 1, last.year + 2):
        onset = rule.onset_in(year)
        if onset is not None:
            instant = (onset - offset_before).replace(tzinfo=UTC)
            if first <= instant <= last:
                instants.add(instant)
    return instants


def _rule_for(group: list[Transition], span: tuple[datetime, datetime], around: list[Transition]) -> YearlyRule | None:
    """The yearly rule that gives exactly `group`'s changes within `span` and fits the same kind of
    change in neighbouring years too (the most of them, when two rules fit); None if none does."""
    first = group[0]
    wanted = {change.at for change in group}
    best: tuple[int, YearlyRule] | None = None
    for rule in _candidate_rules(first):
        if _predicted(rule, first.offset_before, *span) != wanted:
            continue
        alike = {change.at for change in around if change.observance == first.observance}
        wider = (span[0] - timedelta(days=366 * _NEIGHBOUR_YEARS), span[1] + timedelta(days=366 * _NEIGHBOUR_YEARS))
        agreement = len((_predicted(rule, first.offset_before, *wider) & alike) - wanted)
        # A rule no other year follows (Morocco's Ramadan dates) would claim more than we know.
        if agreement and (best is None or agreement > best[0]):
            best = (agreement, rule)
    return None if best is None else best[1]


def _observance(change: Transition, rule: YearlyRule | None) -> TimezoneStandard | TimezoneDaylight:
    block = TimezoneDaylight() if change.daylight else TimezoneStandard()
    block.add("dtstart", change.onset)
    if rule is not None:
        block.add("rrule", rule.rrule)
    block.add("tzoffsetfrom", change.offset_before)
    block.add("tzoffsetto", change.offset_after)
    if change.name:
        block.add("tzname", change.name)
    return block


def _steady(zone: ZoneInfo, at: datetime) -> Transition:
    """The zone as it stands at `at`, written as a "change" to itself (an observance from `at` on)."""
    offset, saving, name = _state(zone, at)
    return Transition(at, offset, offset, name, saving > timedelta(0))


def _midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(), zone).astimezone(UTC)


@lru_cache(maxsize=32)
def vtimezone(zone: ZoneInfo, first: date, last: date) -> Timezone:
    """A VTIMEZONE for `zone` that gives zoneinfo's offsets from `first` to `last` (inclusive).

    Remembered, since a served calendar asks for the same one on every rebuild: the component is
    only ever read (serialised), never changed, once made.

    One observance per kind (STANDARD, DAYLIGHT) with a yearly RRULE when the zone follows such a
    rule there; otherwise one observance per change, each starting at that change.
    """
    start, end = _midnight(first, zone), _midnight(last + timedelta(days=1), zone)
    around = transitions(zone, start - _LOOK_BACK - timedelta(days=366 * _NEIGHBOUR_YEARS),
                         end + timedelta(days=366 * (_NEIGHBOUR_YEARS + 1)))  # fmt: skip
    earlier = [change for change in around if start - _LOOK_BACK <= change.at <= start]
    inside = [change for change in around if start < change.at < end]
    following = [change for change in around if end <= change.at <= end + _LOOK_BACK][:1]

    component = Timezone()
    component.add("tzid", zone.key)
    if not earlier and not inside:
        component.add_component(_observance(_steady(zone, start), None))
        return component

    # Without a change shortly before, the zone is stated as it stands at the start.
    needed = (earlier[-1:] or [_steady(zone, start)]) + inside
    # With the next change too, the calendar carries both observances of a daylight-saving zone,
    # which is the form Outlook maps onto its own zones; it is dropped if it breaks the rules.
    for changes in (needed + following, needed):
        rules = _yearly_rules(changes, around)
        if rules is not None:
            for change, rule in rules:
                component.add_component(_observance(change, rule))
            return component
    for change in needed:
        component.add_component(_observance(change, None))
    return component


def _yearly_rules(changes: list[Transition], around: list[Transition]) -> list[tuple[Transition, YearlyRule]] | None:
    """At most one rule per kind (standard, daylight) that gives exactly `changes`; None if there is none."""
    groups: dict[tuple[bool, timedelta, timedelta, str], list[Transition]] = {}
    for change in changes:
        groups.setdefault(change.observance, []).append(change)
    if len({kind[0] for kind in groups}) != len(groups):
        return None  # two different standard (or daylight) observances: no yearly pair describes that
    span = (changes[0].at, changes[-1].at)
    found = []
    for group in groups.values():
        rule = _rule_for(group, span, around)
        if rule is None:
            return None
        found.append((group[0], rule))
    return found
