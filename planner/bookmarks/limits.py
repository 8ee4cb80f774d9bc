"""Provides the bookmark file's priorities and length limits, light enough for the command line's options."""

from __future__ import annotations

from enum import StrEnum

MAX_NOTE = 20_000
MAX_OWNER = 200


class Priority(StrEnum):
    """How much a person wants to be there; clash remedies and the planner weigh by it."""

    MUST = "must"
    WANT = "want"
    MAYBE = "maybe"

    @property
    def weight(self) -> int:
        return {"must": 3, "want": 2, "maybe": 1}[self.value]

    def next(self) -> Priority:
        """The priority after this one, cycling must → want → maybe → must."""
        order = list(Priority)
        return order[(order.index(self) + 1) % len(order)]
