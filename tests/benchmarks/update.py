"""Provides the update benchmark: following a 20,000-presentation program whose feed changed by 1%.

The synthetic program (tests/benchmarks/synthetic.py) is written as an ML virtual-site feed
(one event per showing, the showings of a paper sharing its uid and OpenReview link) and served
from a folder by a real HTTP server on 127.0.0.1. A version of it with 1% of its presentations
changed (a fifth each moved, re-roomed, retitled, cancelled, and as many new) is then served.

Figures, each the median of several runs, in CPU time (of this process, the server's thread
included): on a machine shared with other work, waiting for a core is not the update's cost.
- update: `planner update` of the followed program to the changed feed (fetch, import, compare
  with the version kept, save the new version and switch to it), against its floor, a plain
  import of the same feed (fetch and import, as `planner import URL`). Target: ≤ 2× the floor.
- diff: comparing the two versions alone. Target: ≤ 300 ms.

    python tests/benchmarks/update.py [--n N] [--runs R]
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from planner.following.changes import compare_programs
from planner.following.followed import find_followed, follow, update
from planner.following.reading import read_url
from planner.importers.base import ImportOptions
from planner.program.model import Program
from tests.benchmarks.synthetic import synthetic_program

UPDATE_TARGET_RATIO = 2.0
DIFF_TARGET_MS = 300.0
CHANGED_SHARE = 0.01
FEED = "bench-2026-orals-posters.json"


def virtual_site_feed(program: Program, *, changed: float = 0.0) -> dict:
    """The program as a virtual-site events feed; `changed` of its presentations edited as organisers do."""
    sessions = program.sessions_by_id
    touched = max(5, round(len(program.presentations) * changed)) if changed else 0  # one of each kind at least
    step = max(1, len(program.presentations) // max(touched, 1))
    edits = {index * step: ("moved", "room", "retitled", "cancelled", "new")[index % 5] for index in range(touched)}
    results, number = [], 0
    for index, presentation in enumerate(program.presentations):
        edit = edits.get(index)
        if edit == "cancelled":
            continue
        title = f"{presentation.title} (revised)" if edit == "retitled" else presentation.title
        showings = presentation.slots or [None]
        for showing, slot in enumerate(showings):
            number += 1
            session = sessions[slot.session] if slot else None
            span = program.when(slot) if slot else None
            start, end = (span.start, span.end) if span else (None, None)
            if edit == "moved" and start is not None:
                start, end = start + timedelta(minutes=30), end + timedelta(minutes=30)
            room, title_of_session = (session.room, session.title) if session else (None, None)
            if edit == "room" and room:
                # A room belongs to a session in this format: the paper moves to the session's annex.
                room, title_of_session = f"{room} (annex)", f"{title_of_session} (annex)"
            results.append(
                {
                    "id": number,
                    "uid": presentation.id,
                    "name": title,
                    "authors": [{"fullname": author} for author in presentation.authors],
                    "abstract": presentation.abstract if showing == 0 else "",  # once a paper keeps the feed under the cap
                    "eventtype": (session.kind if session else presentation.kind).value.capitalize(),
                    "session": title_of_session,
                    "room_name": room,
                    "poster_position": slot.position if slot else None,
                    "starttime": start.isoformat() if start else None,
                    "endtime": end.isoformat() if end else None,
                    "paper_url": f"https://openreview.net/forum?id={presentation.id}",
                    "keywords": presentation.keywords,
                }
            )
        if edit == "new":
            number += 1
            first = results[-1]
            results.append({**first, "id": number, "uid": f"new-{number}", "name": f"Late addition {number}", "paper_url": None})
    return {"count": len(results), "next": None, "results": results}


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serving(folder: Path) -> Iterator[str]:
    """A real HTTP server on 127.0.0.1 serving `folder`; yields its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def measure(n: int = 20_000, runs: int = 5) -> dict[str, float]:
    """Update and plain-import seconds (medians, interleaved) and the diff's milliseconds."""
    program = synthetic_program(n)
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        site, data, kept = root / "site", root / "data", root / "kept"
        site.mkdir()
        feed = site / FEED
        feed.write_text(json.dumps(virtual_site_feed(program)), encoding="utf-8")
        os.utime(feed, (1_700_000_000, 1_700_000_000))
        previous = os.environ.get("PLANNER_DATA_DIR")
        os.environ["PLANNER_DATA_DIR"] = str(data)
        try:
            with serving(site) as base:
                url = f"{base}/{FEED}"
                followed, _ = follow(url, conference="bench-2026")
                shutil.copytree(data, kept)
                feed.write_text(json.dumps(virtual_site_feed(program, changed=CHANGED_SHARE)), encoding="utf-8")
                os.utime(feed, (1_800_000_000, 1_800_000_000))
                updates, imports = [], []
                for _ in range(runs):
                    began = time.process_time()
                    read_url(url, ImportOptions(conference="bench-2026"))
                    imports.append(time.process_time() - began)
                    shutil.rmtree(data)
                    shutil.copytree(kept, data)
                    began = time.process_time()
                    updated = update(find_followed("bench-2026"), bookmarks=None)
                    updates.append(time.process_time() - began)
                    assert updated.new_version
                old, new = followed.program(updated.followed.versions[0]), updated.followed.program()
                diffs = []
                for _ in range(runs):
                    began = time.process_time()
                    changes = compare_programs(old, new)
                    diffs.append(time.process_time() - began)
        finally:
            if previous is None:
                os.environ.pop("PLANNER_DATA_DIR", None)
            else:
                os.environ["PLANNER_DATA_DIR"] = previous
    return {
        "update_s": statistics.median(updates),
        "import_s": statistics.median(imports),
        "diff_ms": statistics.median(diffs) * 1000,
        "changes": len(changes.changes),
        "presentations": len(new.presentations),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Measure updating a followed program against a plain import.")
    parser.add_argument("--n", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=5)
    arguments = parser.parse_args(argv)
    found = measure(arguments.n, arguments.runs)
    ratio = found["update_s"] / found["import_s"]
    print(
        f"{found['presentations']:,} presentations, {found['changes']} changes\n"
        f"update {found['update_s'] * 1000:,.0f} ms vs plain import {found['import_s'] * 1000:,.0f} ms: "
        f"{ratio:.2f}× (target ≤ {UPDATE_TARGET_RATIO:g}×)\n"
        f"diff alone {found['diff_ms']:.0f} ms (target ≤ {DIFF_TARGET_MS:g} ms)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
