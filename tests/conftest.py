"""Shared fixtures: every test keeps its user files in a temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
RAW = EXAMPLES / "raw"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# Property tests must not flake on a busy machine: no per-example deadline.
settings.register_profile("planner", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("planner")


@pytest.fixture(autouse=True)
def user_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's data folder (bookmarks, state), here and empty for every test."""
    folder = tmp_path / "user-data"
    monkeypatch.setenv("PLANNER_DATA_DIR", str(folder))
    return folder
