"""Many planners saving one bookmark file at once, some killed mid-save: no returned save is ever lost.

Each round forks several writers that add bookmarks to the same file, one save each, and say on a
pipe when they enter a save (inside the lock) and when a save has returned. The test SIGKILLs
some of them at random moments, reads the file while they write, and after every round checks
that the file and its backup parse and that every bookmark whose save returned is in the file.
Rounds share a file in batches, so later writers meet the leftovers of killed ones and remove them.
"""

from __future__ import annotations

import os
import random
import signal
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from planner.bookmarks.file import new_bookmark
from planner.bookmarks.store import backup_path, read_bookmarks, update_bookmarks
from planner.files import leftover_temporaries

ROUNDS = 300
WRITERS = 3
SAVES_PER_WRITER = 2
ROUNDS_PER_FILE = 25
NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="forks writers (POSIX only)")


def writer(path: Path, name: str, report: int) -> None:
    """A child process: add SAVES_PER_WRITER bookmarks, saying when each save starts and returns."""
    for number in range(SAVES_PER_WRITER):
        presentation_id = f"{name}-{number}"

        def change(file, presentation_id=presentation_id):
            os.write(report, f"saving {presentation_id}\n".encode())
            return file.with_bookmark(new_bookmark(presentation_id, presentation_id, now=NOW))

        update_bookmarks(path, "c", change)
        os.write(report, f"saved {presentation_id}\n".encode())


def fork_writer(path: Path, name: str) -> tuple[int, int]:
    reading, writing = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never return into pytest
        code = 1
        try:
            os.close(reading)
            writer(path, name, writing)
            code = 0
        finally:
            os._exit(code)
    os.close(writing)
    return pid, reading


def read_all(descriptor: int) -> list[str]:
    chunks = []
    while chunk := os.read(descriptor, 65536):
        chunks.append(chunk)
    os.close(descriptor)
    return b"".join(chunks).decode().splitlines()


def test_concurrent_and_killed_writers_never_lose_a_returned_save(tmp_path):
    rng = random.Random(4)
    started = time.monotonic()
    killed = killed_mid_save = reads_during_writes = 0
    returned: set[str] = set()
    for round_number in range(ROUNDS):
        path = tmp_path / f"batch-{round_number // ROUNDS_PER_FILE}.json"
        writers = [fork_writer(path, f"r{round_number}w{index}") for index in range(WRITERS)]
        time.sleep(rng.uniform(0, 0.012))
        # A reader never sees half a file, even while others write.
        if path.exists():
            read_bookmarks(path, "c")
            reads_during_writes += 1
        victims = rng.sample(writers, rng.randint(0, 2))
        for pid, _ in victims:
            os.kill(pid, signal.SIGKILL)
        for pid, descriptor in writers:
            lines = read_all(descriptor)
            _, status = os.waitpid(pid, 0)
            if (pid, descriptor) in victims:
                killed += 1
                killed_mid_save += bool(lines) and lines[-1].startswith("saving ")
            else:
                assert os.waitstatus_to_exitcode(status) == 0, f"writer {pid} failed: {lines}"
            returned |= {line.split()[1] for line in lines if line.startswith("saved ")}
        saved = read_bookmarks(path, "c")
        if backup_path(path).exists():
            read_bookmarks(backup_path(path), "c")
        batch = {f"r{n}w" for n in range(round_number - round_number % ROUNDS_PER_FILE, round_number + 1)}
        expected = {name for name in returned if name.split("w")[0] + "w" in batch}
        assert expected <= saved.ids, f"round {round_number}: lost {sorted(expected - saved.ids)}"
    elapsed = time.monotonic() - started
    print(
        f"\n{ROUNDS} rounds of {WRITERS} writers in {elapsed:.1f} s: {len(returned)} returned saves all kept; "
        f"{killed} writers killed, {killed_mid_save} inside a save; {reads_during_writes} reads while writing",
        file=sys.stderr,
    )
    for path in tmp_path.glob("batch-*.json"):
        update_bookmarks(path, "c", lambda file: file)  # the next save starts by removing what killed writers left
        assert leftover_temporaries(path) == leftover_temporaries(backup_path(path)) == []
    assert killed > ROUNDS // 2  # the rounds really did kill writers...
    assert killed_mid_save > 0  # ...some of them in the middle of a save
