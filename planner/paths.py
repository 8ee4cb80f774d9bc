"""Provides every filesystem location planner uses; nothing else decides where files live.

`PLANNER_DATA_DIR` moves the user's files (bookmarks, exports' memory, followed programs, the last program opened),
which is how tests keep to a temporary folder. The shipped programs are found inside an installed
wheel (planner/sessions) or, in a checkout, in the top-level sessions/ folder. Files kept beside a
bookmark file wherever it is (`.bak`, `.lock`, `.last-export`) are named by the modules that keep them.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path

DATA_DIR_VARIABLE = "PLANNER_DATA_DIR"


def data_dir() -> Path:
    """The folder for this person's files (bookmarks, state)."""
    override = os.environ.get(DATA_DIR_VARIABLE)
    if override:
        return Path(override)
    return user_data_path("planner", appauthor=False)


def default_bookmark_path(conference_id: str) -> Path:
    """Where a person's bookmarks for a conference live unless they say otherwise."""
    return data_dir() / "bookmarks" / f"{conference_id}.json"


def followed_dir() -> Path:
    """The folder of followed programs (planner.following), one folder per program id."""
    return data_dir() / "followed"


def followed_program_file(program_id: str) -> Path:
    """The current version of a followed program, a program file that `--program ID` opens."""
    return followed_dir() / program_id / "program.json"


def followed_seen_file(program_id: str) -> Path:
    """Which version of a followed program the reader last looked at: the list marks what changed since."""
    return followed_dir() / program_id / "seen.json"


def state_path() -> Path:
    """The small facts remembered between runs (planner.settings)."""
    return data_dir() / "state.json"


def shipped_sessions_dir() -> Path:
    """The folder of programs that ship with planner."""
    package = Path(__file__).resolve().parent
    inside_wheel = package / "sessions"
    if inside_wheel.is_dir():
        return inside_wheel
    return package.parent / "sessions"
