"""Provides a ranked full-text index of a program's presentations, fast enough to answer every keystroke.

The index is SQLite FTS5 from the standard library, in memory: title, authors, abstract and
keywords are indexed, each word of a query must begin a word of the presentation (case and
accents do not count), and results are ranked by BM25 with a title match worth most.
Building it for 20,000 presentations takes a moment, so a caller builds it off the UI thread;
once built it may be searched from any thread.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Sequence

from planner.model import Presentation, Program

# How much a match in each column counts, in the table's column order.
_WEIGHTS = {"title": 10.0, "authors": 6.0, "keywords": 4.0, "abstract": 1.0}
_WORD = re.compile(r"\w+")
RANKED_UP_TO = 2000
"""Matches up to this many are ranked by relevance; a broader query lists title matches first."""


class SearchIndex:
    """The presentations of one program, searchable by words in title, authors, abstract and keywords."""

    def __init__(self, presentations: Sequence[Presentation]) -> None:
        self._ids = [presentation.id for presentation in presentations]
        # One connection shared by the threads that search; the lock keeps them from interleaving.
        self._lock = threading.Lock()
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        columns = ", ".join(_WEIGHTS)
        # Contentless: only the inverted index is kept, the text lives in the program already.
        # A prefix index for two letters: the broadest prefix queries are the costly ones.
        self._db.execute(
            f"CREATE VIRTUAL TABLE presentation USING fts5({columns}, content='', "
            "tokenize='unicode61 remove_diacritics 2', prefix='2')"
        )
        self._db.executemany(
            f"INSERT INTO presentation (rowid, {columns}) VALUES (?, ?, ?, ?, ?)",
            (
                (
                    row,
                    presentation.title,
                    " ".join(presentation.authors),
                    " ".join(presentation.keywords),
                    presentation.abstract,
                )
                for row, presentation in enumerate(presentations)
            ),
        )
        self._db.execute("INSERT INTO presentation(presentation) VALUES ('optimize')")
        self._db.commit()
        weights = ", ".join(str(weight) for weight in _WEIGHTS.values())
        self._matching = "SELECT rowid FROM presentation WHERE presentation MATCH ?"
        self._ranked = f"{self._matching} ORDER BY bm25(presentation, {weights})"

    @classmethod
    def of(cls, program: Program) -> SearchIndex:
        return cls(program.presentations)

    def __len__(self) -> int:
        return len(self._ids)

    def search(self, text: str) -> list[str]:
        """Ids of the presentations matching every word of `text`, best first.

        Up to RANKED_UP_TO matches are ranked by BM25. Beyond that the query is too broad for a
        ranking to mean much ("n", "learning") and scoring every match would cost more than a
        keystroke may: title matches come first, then the rest, each in program order.
        """
        query = match_expression(text)
        if query is None:
            return []
        with self._lock:
            rows = [row for (row,) in self._db.execute(self._matching, (query,))]
            if len(rows) <= RANKED_UP_TO:
                rows = [row for (row,) in self._db.execute(self._ranked, (query,))]
            else:
                in_title = [row for (row,) in self._db.execute(self._matching, (f"{{title}} : ({query})",))]
                seen = set(in_title)
                rows = in_title + [row for row in rows if row not in seen]
        return [self._ids[row] for row in rows]

    def close(self) -> None:
        with self._lock:
            self._db.close()


def match_expression(text: str) -> str | None:
    """The FTS5 query for what a person typed: every word must begin a word of the presentation.

    Prefixes, because the person is still typing, and "diff eq" should find "differential
    equations". Words are quoted, so nothing typed is read as FTS5 syntax (AND, NEAR, a quote).
    """
    words = _WORD.findall(text)
    if not words:
        return None
    return " ".join(f'"{word}"*' for word in words)
