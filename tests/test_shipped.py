"""The shipped programs are exactly what the recipe makes from examples/raw/, and they load."""

import subprocess
import sys

from planner.catalog import open_program, shipped_ids
from tests.conftest import ROOT


def test_rebuilding_the_shipped_programs_gives_the_same_bytes():
    result = subprocess.run(
        [sys.executable, "examples/rebuild_sessions.py", "--check"], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert result.returncode == 0, result.stderr


def test_every_shipped_program_loads_with_aware_times():
    assert "neurips-2018" in shipped_ids()
    for identifier in shipped_ids():
        program = open_program(identifier)
        for session in program.sessions:
            if session.start:
                assert session.start.utcoffset() is not None


def test_shipped_programs_record_no_local_paths():
    for path in (ROOT / "sessions").glob("*.json"):
        text = path.read_text(encoding="utf-8")
        assert "/home/" not in text and "/tmp/" not in text and "examples/raw" not in text
