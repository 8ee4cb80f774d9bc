"""Settling after a load: the program leaves the collector's view, and is still freed by reference counting."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

# In a child process: freezing is for the whole process, and this one runs every other test.
PROBE = """
import gc, weakref
from planner.importing.catalog import open_program
from planner.program.memory import settle
program = open_program("iclr-2020")
watched = weakref.ref(program)
scanned_before = len(gc.get_objects())
settle()
print(gc.get_freeze_count() >= scanned_before, len(gc.get_objects()) < scanned_before // 10)
del program
print(watched() is None)
"""


def test_settle_takes_the_loaded_program_out_of_the_collectors_scans():
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, cwd=ROOT, check=True)
    frozen, fewer, freed = result.stdout.split()
    assert frozen == "True" and fewer == "True"
    assert freed == "True"  # a frozen program is still freed once nothing refers to it
