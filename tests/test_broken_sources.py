"""Broken sources of every format: truncated, of another format, empty, binary junk.

Each gives one clear message naming the file and the line, exit code 1 from the CLI, and no
output file at all.
"""

from pathlib import Path

import pytest

from planner.cli import main
from planner.errors import SourceError
from planner.importers.base import ImportOptions, RawSource, reports_invalid
from planner.importers.registry import IMPORTERS
from planner.program.model import Conference, Kind, Presentation, Program, Slot
from tests.conftest import RAW

# For each format: a real source, and where cutting it leaves a detectably unfinished entry.
TRUNCATIONS = {
    "blog-post": ("iclr2021_vector_blog_post.txt", "**Wandering Within A World: Online Contextualized Few-shot Learning**\n"),
    "paper-list-markdown": ("iclr2021_paper_list_page1.md", "## [3] "),
    "field-list": ("iclr2020_orals_blog_zh.txt", "Abstract: Federated learning allows edge devices"),
    "virtual-site-page": ("iclr2022_poster_session_8.txt", "The Efficiency Misnomer\n"),
}
OPTIONS = ["--conference", "test-2020", "--timezone", "UTC", "--year", "2020"]


def import_to(tmp_path: Path, capsys, *argv: str) -> tuple[int, str, Path]:
    target = tmp_path / "out" / "program.json"
    code = main(["import", *argv, *OPTIONS, "-o", str(target)])
    captured = capsys.readouterr()
    assert captured.out == "" and "Traceback" not in captured.err
    return code, captured.err, target


@pytest.mark.parametrize("format_name", sorted(TRUNCATIONS))
def test_a_truncated_source_names_file_and_line(tmp_path, capsys, format_name):
    name, cut_after = TRUNCATIONS[format_name]
    text = (RAW / name).read_text(encoding="utf-8")
    broken = tmp_path / name
    broken.write_text(text[: text.index(cut_after) + len(cut_after)], encoding="utf-8")
    code, err, target = import_to(tmp_path, capsys, str(broken))
    assert code == 1 and err.startswith(f"planner: {broken}:") and err.split(":")[2].strip().isdigit()
    assert not target.parent.exists()


@pytest.mark.parametrize("format_name", sorted(TRUNCATIONS))
def test_a_source_of_another_format_names_file_and_line(tmp_path, capsys, format_name):
    other = next(name for fmt, (name, _) in TRUNCATIONS.items() if fmt != format_name)
    code, err, target = import_to(tmp_path, capsys, str(RAW / other), "--format", format_name)
    assert code == 1 and err.startswith(f"planner: {RAW / other}:")
    assert not target.parent.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file is empty"),
        (b"  \n\n \t\n", "the file is empty"),
        (b"GIF89a\x01\x00\x00\x00\xff\xff", "this is a binary file"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "this is a binary file"),
        (b"caf\xe9 au lait\n", "not UTF-8 text"),
        (b"just a shopping list\nmilk\neggs\n", "not a program format planner knows"),
    ],
)
def test_empty_binary_and_foreign_files(tmp_path, capsys, data, message):
    junk = tmp_path / "junk.txt"
    junk.write_bytes(data)
    code, err, target = import_to(tmp_path, capsys, str(junk))
    assert code == 1 and err.startswith(f"planner: {junk}") and message in err
    assert not target.parent.exists()


@pytest.mark.parametrize("format_name", sorted(TRUNCATIONS))
def test_forcing_a_format_on_junk_is_refused_cleanly(tmp_path, capsys, format_name):
    junk = tmp_path / "junk.txt"
    junk.write_bytes(b"\xde\xad\xbe\xef" * 40)
    code, err, target = import_to(tmp_path, capsys, str(junk), "--format", format_name)
    assert code == 1 and err.startswith(f"planner: {junk}:1: ")
    assert not target.parent.exists()


def test_a_folder_format_on_a_file_and_a_file_format_on_a_folder(tmp_path, capsys):
    code, err, _ = import_to(tmp_path, capsys, str(RAW / "iclr2020_orals_blog_zh.txt"), "--format", "miniconf")
    assert code == 1 and "the format miniconf reads a folder" in err
    code, err, _ = import_to(tmp_path, capsys, str(RAW / "iclr2020_miniconf"), "--format", "blog-post")
    assert code == 1 and "the format blog-post reads a file" in err


def test_one_broken_source_among_several_writes_nothing(tmp_path, capsys):
    broken = tmp_path / "post.txt"
    broken.write_text("**A Title**\n\n", encoding="utf-8")
    code, err, target = import_to(tmp_path, capsys, str(RAW / "iclr2021_paper_list_page1.md"), str(broken))
    assert code == 1 and f"{broken}:1: " in err
    assert not target.parent.exists()


@pytest.mark.parametrize("importer", sorted(IMPORTERS))
def test_every_importer_turns_a_program_the_model_refuses_into_one_message(importer):
    # The seed importers were guarded by reports_invalid and the feeds by an assemble() of their
    # own, which left the sessions and presentations they built unguarded: one mechanism now.
    assert getattr(IMPORTERS[importer].read, "__wrapped__", None) is not None


def test_the_model_refusing_a_program_is_told_in_its_own_words():
    @reports_invalid
    def read(self, source, options):
        conference = Conference(id="c-2024", name="C", timezone="UTC")
        return Program(
            conference=conference,
            presentations=[Presentation(id="a", title="A", kind=Kind.ORAL, slots=[Slot(session="nowhere")])],
        )

    with pytest.raises(SourceError) as raised:
        read(None, RawSource.from_bytes(b"{}", name="feed.json"), ImportOptions())
    assert (
        str(raised.value)
        == "feed.json: it does not make a valid program: presentation 'a' has a slot in unknown session 'nowhere'"
    )
