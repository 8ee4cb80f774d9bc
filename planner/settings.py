"""Provides the settings a person chose and the small facts planner remembers between runs, such as the last program opened.

Settings: `reminder_minutes` (how long before a bookmarked slot the TUI reminds; None is off) and
`board_walk_seconds` (the walk from one poster board to the next, for `planner route`). A value of
the wrong type in a hand-edited file is ignored for the default, as a damaged file is.
"""

from __future__ import annotations

import json
from typing import Any

from planner.files import write_atomically
from planner.paths import state_path


def _read() -> dict[str, Any]:
    try:
        document = json.loads(state_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # No memory, or a damaged one: start afresh rather than refuse to run.
    return document if isinstance(document, dict) else {}


def last_program() -> str | None:
    value = _read().get("last_program")
    return value if isinstance(value, str) and value else None


def remember_program(spec: str) -> None:
    _set("last_program", spec)


DEFAULT_REMINDER_MINUTES = 10
DEFAULT_BOARD_WALK_SECONDS = 60


def reminder_minutes() -> int | None:
    """Minutes before each bookmarked slot that the TUI reminds of it; None when reminders are off."""
    state = _read()
    if "reminder_minutes" not in state:
        return DEFAULT_REMINDER_MINUTES
    value = state["reminder_minutes"]
    if value is None:
        return None
    return value if _whole(value) else DEFAULT_REMINDER_MINUTES


def set_reminder_minutes(minutes: int | None) -> None:
    _set("reminder_minutes", minutes)


def board_walk_seconds() -> int:
    """Seconds to walk from one poster board to the next."""
    value = _read().get("board_walk_seconds", DEFAULT_BOARD_WALK_SECONDS)
    return value if _whole(value) else DEFAULT_BOARD_WALK_SECONDS


def set_board_walk_seconds(seconds: int) -> None:
    _set("board_walk_seconds", seconds)


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 24 * 60 * 60


def _set(name: str, value: object) -> None:
    state = _read()
    state[name] = value
    write_atomically(state_path(), json.dumps(state, indent=1) + "\n")
