"""Property: on any text at all, detection and every importer either read it or raise SourceError.

Arbitrary text rarely gets past a format's first check, so the texts are also built from lines of
the real sources, shuffled, cut and mixed with junk: that reaches the entry and field parsers.
"""

import contextlib
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.errors import SourceError
from planner.importers.base import ImportOptions, RawFolder, RawSource
from planner.importers.registry import IMPORTERS, detect
from planner.program.model import Program
from tests.conftest import RAW

OPTIONS = ImportOptions(conference="test-2020", today=date(2026, 1, 1))
SOURCES = [
    path.read_text(encoding="utf-8").split("\n")
    for path in sorted(RAW.glob("*.*"))
    if path.suffix in {".txt", ".md"} and path.name != "README.md"
]
ALL_LINES = sorted({line for lines in SOURCES for line in lines[:400]})
MINICONF = RAW / "iclr2020_miniconf"
MINICONF_LINES = {
    name: (MINICONF / name).read_text(encoding="utf-8").split("\n")[:60]
    for name in ("papers.csv", "poster_sessions.csv", "main_calendar.json")
}
FILE_IMPORTERS = [importer for importer in IMPORTERS.values() if not getattr(importer, "reads_folders", False)]
FOLDER_IMPORTERS = [importer for importer in IMPORTERS.values() if getattr(importer, "reads_folders", False)]

junk_line = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80)


@st.composite
def damaged_source(draw) -> str:
    """A stretch of a real source with lines replaced, dropped, or taken from another source."""
    lines = draw(st.sampled_from(SOURCES))
    start = draw(st.one_of(st.just(0), st.integers(0, min(60, len(lines) - 1))))
    chunk = lines[start : start + draw(st.integers(1, 160))]
    for _ in range(draw(st.integers(0, 6))):
        at = draw(st.integers(0, len(chunk)))
        change = draw(st.sampled_from(["junk", "drop", "foreign", "blank"]))
        if change == "drop" and at < len(chunk):
            del chunk[at]
        elif change == "blank":
            chunk.insert(at, "")
        else:
            chunk.insert(at, draw(junk_line) if change == "junk" else draw(st.sampled_from(ALL_LINES)))
    return "\n".join(chunk)


texts = st.one_of(st.text(max_size=400), damaged_source())


def source_of(text: str) -> RawSource | None:
    try:
        return RawSource.from_bytes(text.encode("utf-8"), name="any.txt")
    except SourceError:
        return None


def outcome(read, source) -> None:
    try:
        result = read(source, OPTIONS)
    except SourceError as err:
        refused = err
    else:
        assert isinstance(result.program, Program)
        return
    assert refused.file and str(refused).startswith(refused.file)


@settings(max_examples=200)
@given(texts)
def test_detect_only_raises_source_error(text):
    source = source_of(text)
    if source is None:
        return
    with contextlib.suppress(SourceError):
        detect(source)


@pytest.mark.parametrize("importer", FILE_IMPORTERS, ids=lambda importer: importer.name)
@settings(max_examples=150)
@given(text=texts)
def test_file_importers_only_raise_source_error(importer, text):
    source = source_of(text)
    if source is not None:
        importer.sniff(source)
        outcome(importer.read, source)


def mixed(lines: list[str]) -> st.SearchStrategy[str]:
    kept = st.lists(st.one_of(st.sampled_from(lines), junk_line, st.just("")), max_size=30)
    return st.one_of(st.text(max_size=200), kept.map(lambda rows: "\n".join([lines[0], *rows])))


@pytest.mark.parametrize("importer", FOLDER_IMPORTERS, ids=lambda importer: importer.name)
@settings(max_examples=150)
@given(
    data=st.fixed_dictionaries({name: mixed(lines) for name, lines in MINICONF_LINES.items()}),
    dropped=st.sets(st.sampled_from(sorted(MINICONF_LINES))),
)
def test_folder_importers_only_raise_source_error(importer, data, dropped):
    try:
        folder = RawFolder.from_texts("sitedata", {name: text for name, text in data.items() if name not in dropped})
    except SourceError:
        return
    importer.sniff(folder)
    outcome(importer.read, folder)
