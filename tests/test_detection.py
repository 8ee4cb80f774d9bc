"""Formats are told apart by content: every example is claimed by exactly the importer meant for it."""

import pytest

from planner.importers import FORMATS
from planner.importers.base import RawFolder, RawSource
from planner.importers.registry import IMPORTERS, detect
from tests.conftest import RAW

EXPECTED = {
    "neurips2018_tue_track2_session2.txt": "virtual-site-page",
    "iclr2022_poster_session_8.txt": "virtual-site-page",
    "iclr2021_paper_list_page1.md": "paper-list-markdown",
    "iclr2021_vector_blog_post.txt": "blog-post",
    "iclr2020_orals_blog_zh.txt": "field-list",
    "iclr2020_miniconf": "miniconf",
}
MINICONF = RAW / "iclr2020_miniconf"
# Every raw file, whichever format it is in (the feeds too), except those read as part of a folder.
FILES = sorted(
    path
    for path in RAW.rglob("*")
    if path.is_file() and path.name != "README.md" and not path.name.startswith("LICENSE") and MINICONF not in path.parents
)


def claimants(source) -> list[str]:
    folder = isinstance(source, RawFolder)
    return [
        name
        for name, importer in IMPORTERS.items()
        if getattr(importer, "reads_folders", False) == folder and importer.sniff(source)
    ]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_example_is_detected_as_its_format(name):
    path = RAW / name
    source = RawFolder.read(path) if path.is_dir() else RawSource.read(path)
    assert detect(source).name == EXPECTED[name]
    assert claimants(source) == [EXPECTED[name]]


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_no_example_is_claimed_by_two_formats(path):
    assert len(claimants(RawSource.read(path))) <= 1


def test_the_command_line_knows_every_format_by_name():
    # --format lists these without loading the importers; they must be the registry's, in its order.
    assert tuple(IMPORTERS) == FORMATS
