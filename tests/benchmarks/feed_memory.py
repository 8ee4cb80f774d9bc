"""Provides the feed import memory figure: peak memory of importing a large frab XML feed, against the feed's size.

    python tests/benchmarks/feed_memory.py [--events N]

The feed is made up in the shape of a real congress export (the 31C3 events, with abstracts and
descriptions of a long real feed's length), 20,000 events by default: about 90 MB. The import runs in
a process of its own; its peak resident memory, less that of a process that imported the same
modules and read the same bytes (the floor), is the import's cost. The target is at most 10 times
the file's size.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

if not __package__:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run as a script from a checkout

ROOT = Path(__file__).resolve().parents[2]
TARGET_RATIO = 10
ROOMS = ("Saal 1", "Saal 2", "Saal G", "Saal 6", "Workshop A", "Workshop B", "Stage HUFF", "Stage YELL")
PARAGRAPH = (
    "In this talk we look at how the firmware of a common device was taken apart, which tools helped, "
    "and what the vendor changed after the report. We show the protocol, the mistakes in its "
    "cryptography, and a demo on stage. Bring questions; there will be time for them at the end. "
)


def synthetic_feed(events: int) -> str:
    """A frab schedule.xml of `events` events in eight rooms, 4.5 kB an event (long abstracts, as congress exports have)."""
    start = datetime.fromisoformat("2024-12-27T10:00:00+01:00")
    parts = [
        (
            '<?xml version="1.0" encoding="UTF-8"?>\n<schedule>\n<version>1</version>\n<conference>'
            "<acronym>big</acronym><title>Big Congress</title><start>2024-12-27</start><end>2024-12-30</end>"
            "<days>4</days><timeslot_duration>00:05</timeslot_duration><time_zone_name>Europe/Berlin</time_zone_name>"
            "</conference>\n<day index='1' date='2024-12-27' start='2024-12-27T10:00:00+01:00' end='2024-12-31T04:00:00+01:00'>\n"
        )
    ]
    per_room = -(-events // len(ROOMS))
    number = 0
    for room in ROOMS:
        parts.append(f"<room name='{room}'>\n")
        for index in range(per_room):
            if number == events:
                break
            when = start + timedelta(minutes=15 * index)
            parts.append(
                f"<event guid='00000000-0000-4000-8000-{number:012d}' id='{number}'>"
                f"<date>{when.isoformat()}</date><start>{when:%H:%M}</start><duration>00:40</duration>"
                f"<room>{room}</room><slug>big-{number}</slug><title>{escape(f'Talk number {number}: taking a device apart')}</title>"
                f"<subtitle>What we found</subtitle><track>Security</track><type>lecture</type><language>en</language>"
                f"<abstract>{escape(PARAGRAPH * 5)}</abstract><description>{escape(PARAGRAPH * 10)}</description>"
                f"<persons><person id='{number}'>Speaker {number}</person><person id='{number + 1}'>Second Speaker</person></persons>"
                f"<links><link href='https://example.org/{number}'>Slides</link></links></event>\n"
            )
            number += 1
        parts.append("</room>\n")
    parts.append("</day>\n</schedule>\n")
    return "".join(parts)


_CHILD = """
import sys
from pathlib import Path
from planner.importers.base import ImportOptions
from planner.importing.sources import import_sources
from tests.benchmarks.bare_app import peak_rss_mb
path = Path(sys.argv[1])
if sys.argv[2] == "floor":
    data = path.read_bytes()
    print(peak_rss_mb())
else:
    program = import_sources([path], ImportOptions()).program
    assert len(program.presentations) == int(sys.argv[3])
    print(peak_rss_mb())
"""


def _peak_mb(path: Path, side: str, events: int) -> float:
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path), side, str(events)], capture_output=True, text=True, cwd=ROOT, check=True
    )
    return float(done.stdout.strip().splitlines()[-1])


def measure(events: int = 20_000) -> dict[str, float | int | bool]:
    """Peak memory of importing the feed, the floor's, the file's size, and their ratio."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.xml"
        path.write_text(synthetic_feed(events), encoding="utf-8")
        size_mb = path.stat().st_size / 2**20
        floor, peak = _peak_mb(path, "floor", events), _peak_mb(path, "import", events)
    ratio = (peak - floor) / size_mb
    return {
        "events": events,
        "file_mb": round(size_mb, 1),
        "floor_mb": floor,
        "import_peak_mb": peak,
        "ratio": round(ratio, 2),
        "met": ratio <= TARGET_RATIO,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=20_000)
    print(json.dumps(measure(parser.parse_args(argv).events)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
