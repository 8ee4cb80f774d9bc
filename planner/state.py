"""Provides the small facts planner remembers between runs, such as the last program opened."""

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
    state = _read()
    state["last_program"] = spec
    write_atomically(state_path(), json.dumps(state, indent=1) + "\n")
