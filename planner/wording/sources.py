"""Provides what the TUI says about a raw source it read on the fly."""

from __future__ import annotations

from planner.plurals import plural


def skipped_notice(count: int) -> str:
    """The notice when reading a raw source left events out; the CLI prints each one, the TUI only counts them."""
    return f"{plural(count, 'event')} skipped; `planner import` lists them"
