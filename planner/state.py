"""Provides the small facts planner remembers between runs, such as the last program opened."""

from __future__ import annotations

import json
from pathlib import Path

from planner.files import write_atomically
from planner.paths import data_dir


def _state_file() -> Path:
    return data_dir() / "state.json"


def _read() -> dict:
    try:
        document = json.loads(_state_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # No memory, or a damaged one: start afresh rather than refuse to run.
    return document if isinstance(document, dict) else {}


def last_program() -> str | None:
    value = _read().get("last_program")
    return value if isinstance(value, str) and value else None


def remember_program(spec: str) -> None:
    state = _read()
    state["last_program"] = spec
    write_atomically(_state_file(), json.dumps(state, indent=1) + "\n")
