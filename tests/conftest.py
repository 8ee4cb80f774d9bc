"""Shared fixtures and helpers: every test keeps its user files in a temporary folder; the shipped programs, opened once per module."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from planner.cli import main
from planner.importing.catalog import open_program
from planner.program.model import Program

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
RAW = EXAMPLES / "raw"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# Property tests must not flake on a busy machine: no per-example deadline.
settings.register_profile("planner", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("planner")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """`planner ARGV…` as a shell runs it: the exit code (argparse's too), stdout and stderr."""
    try:
        code = main(list(argv))
    except SystemExit as exit:  # argparse refusing an option
        code = exit.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture(autouse=True)
def user_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's data folder (bookmarks, state), here and empty for every test."""
    folder = tmp_path / "user-data"
    monkeypatch.setenv("PLANNER_DATA_DIR", str(folder))
    return folder


# The shipped programs come with the repository (sessions/), so a test of one never skips: were a
# file missing, opening it fails the test that needs it, loudly.


@pytest.fixture(scope="module")
def neurips() -> Program:
    """The shipped NeurIPS 2018 program (14 presentations)."""
    return open_program("neurips-2018")


@pytest.fixture(scope="module")
def iclr() -> Program:
    """The shipped ICLR 2020 program."""
    return open_program("iclr-2020")
