"""Provides an agenda: the slots attended so far, to ask what a new slot would overlap or crowd.

Slots are found by the hours they touch, so a long slot (a week-long workshop) slows nothing
down. The posters of one poster session stand in it as one entry: a session with hundreds of
bookmarked posters costs one look, not hundreds.
"""

from __future__ import annotations

from planner.schedule.slots import BookedSlot, overlap, tight

_HOUR = 3600 * 1_000_000


class Agenda:
    """The slots attended so far, indexed by hour."""

    def __init__(self, walk: int) -> None:
        self.walk = walk
        """The walking buffer in microseconds: what counts as a tight change."""
        self._slots: dict[int, dict[int, BookedSlot]] = {}
        """Hour -> the slots (other than posters) touching it, by id()."""
        self._posters: dict[str, dict[int, BookedSlot]] = {}
        """Poster period -> its posters attended, by id()."""
        self._period_span: dict[str, tuple[int, int]] = {}
        self._period_hours: dict[str, range] = {}
        self._periods: dict[int, dict[str, None]] = {}
        """Hour -> the poster periods touching it."""

    def add(self, slot: BookedSlot) -> None:
        period = slot.poster_period
        if period is None:
            for hour in _hours(slot.start, slot.end):
                self._slots.setdefault(hour, {})[id(slot)] = slot
            return
        members = self._posters.setdefault(period, {})
        members[id(slot)] = slot
        start, end = self._period_span.get(period, (slot.start, slot.end))
        start, end = min(start, slot.start), max(end, slot.end)
        self._period_span[period] = (start, end)
        hours = _hours(start, end)
        if self._period_hours.get(period) != hours:
            self._period_hours[period] = hours
            for hour in hours:
                self._periods.setdefault(hour, {})[period] = None

    def remove(self, slot: BookedSlot) -> None:
        period = slot.poster_period
        if period is None:
            for hour in _hours(slot.start, slot.end):
                del self._slots[hour][id(slot)]
            return
        members = self._posters[period]
        del members[id(slot)]
        if not members:
            # The span only ever widened; an empty period leaves every hour it was put in.
            del self._posters[period], self._period_span[period]
            for hour in self._period_hours.pop(period):
                del self._periods[hour][period]

    def _near(self, slot: BookedSlot) -> tuple[list[BookedSlot], list[str]]:
        """The slots and poster periods (but the slot's own) that touch the hours within a walk of `slot`."""
        slots: dict[int, BookedSlot] = {}
        periods: dict[str, None] = {}
        for hour in _hours(slot.start - self.walk, slot.end + self.walk):
            slots.update(self._slots.get(hour, {}))
            periods.update(self._periods.get(hour, {}))
        if slot.poster_period is not None:
            periods.pop(slot.poster_period, None)
        return list(slots.values()), list(periods)

    def _posters_meeting(self, slot: BookedSlot, period: str, *, within: int = 0) -> list[BookedSlot]:
        """The period's posters, unless `slot` is further than `within` from the whole period."""
        start, end = self._period_span[period]
        # Closed at both ends: a zero-length poster at the period's very end still counts.
        if slot.start > end + within or slot.end < start - within:
            return []
        return list(self._posters[period].values())

    def overlapping(self, slot: BookedSlot) -> list[BookedSlot]:
        """Every attended slot `slot` would overlap."""
        slots, periods = self._near(slot)
        found = [other for other in slots if overlap(slot, other)]
        for period in periods:
            found.extend(poster for poster in self._posters_meeting(slot, period) if overlap(slot, poster))
        return found

    def fits(self, slot: BookedSlot) -> bool:
        """`slot` overlaps nothing attended."""
        slots, periods = self._near(slot)
        if any(overlap(slot, other) for other in slots):
            return False
        return not any(overlap(slot, poster) for period in periods for poster in self._posters_meeting(slot, period))

    def tight_with(self, slot: BookedSlot) -> list[BookedSlot]:
        """Every attended slot `slot` would be a tight change from or to."""
        slots, periods = self._near(slot)
        found = [other for other in slots if tight(slot, other, self.walk)]
        for period in periods:
            found.extend(
                poster for poster in self._posters_meeting(slot, period, within=self.walk) if tight(slot, poster, self.walk)
            )
        return found

    def tight_count(self, slot: BookedSlot) -> int:
        """How many tight changes `slot` would make; a poster session counts once, however many posters."""
        slots, periods = self._near(slot)
        count = sum(1 for other in slots if tight(slot, other, self.walk))
        for period in periods:
            count += any(tight(slot, poster, self.walk) for poster in self._posters_meeting(slot, period, within=self.walk))
        return count


def _hours(start: int, end: int) -> range:
    return range(start // _HOUR, end // _HOUR + 1)
