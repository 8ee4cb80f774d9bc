"""Regenerate the shipped programs in sessions/ from examples/raw/, as examples/programs.toml says.

python examples/rebuild_sessions.py           # rewrite sessions/*.json
python examples/rebuild_sessions.py --check   # exit 1 if any shipped file differs
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from datetime import date
from pathlib import Path

from planner.files import write_atomically
from planner.importers.base import ImportOptions
from planner.importing.sources import import_sources
from planner.program.program_file import dump_program

EXAMPLES = Path(__file__).resolve().parent
SESSIONS = EXAMPLES.parent / "sessions"


def build(conference: str, recipe: dict) -> str:
    options = ImportOptions(
        conference=conference,
        year=recipe.get("year"),
        timezone=recipe.get("timezone"),
        # Pinned so that nothing depends on the day of the rebuild.
        today=date.fromisoformat(recipe.get("today", "2026-01-01")),
    )
    sources = [EXAMPLES / source for source in recipe["sources"]]
    timing = EXAMPLES / recipe["timing"] if "timing" in recipe else None
    imported = import_sources(sources, options, format_name=recipe.get("format"), timing=timing)
    return dump_program(imported.program)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args(argv)
    recipes = tomllib.loads((EXAMPLES / "programs.toml").read_text(encoding="utf-8"))
    stale = []
    for conference, recipe in recipes.items():
        text = build(conference, recipe)
        target = SESSIONS / f"{conference}.json"
        if args.check:
            if not target.exists() or target.read_text(encoding="utf-8") != text:
                stale.append(target.name)
        else:
            write_atomically(target, text)
            print(f"wrote {target.relative_to(EXAMPLES.parent)}")
    if stale:
        print(f"out of date: {', '.join(stale)} (run python examples/rebuild_sessions.py)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
