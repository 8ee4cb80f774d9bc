"""Provides a ranked full-text index of a program's presentations, fast enough to answer every keystroke.

The index is SQLite FTS5 from the standard library, in a temporary database. Every word typed must begin a
word of the presentation's title, authors, keywords or abstract (case and accents do not count).
Results come in two tiers: first the presentations where every word is in the title, authors
or keywords, ranked by BM25 (title worth most); then those that need the abstract, in program
order. The tiers make ranking cheap — headings are short, abstracts are long — and let a caller
ask for the first screenful alone (`limit`), which is an exact beginning of the full answer.

Building the index for 20,000 presentations takes a second or two, so a caller builds it off the
UI thread; once built it may be searched from any thread.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Iterator, Sequence

from planner.program.model import Presentation, Program

# How much a match in each heading column counts, in the table's column order.
_HEADING_WEIGHTS = {"title": 10.0, "authors": 6.0, "keywords": 4.0}
_WORD = re.compile(r"\w+")
FIRST_PAGE = 200
"""How many results a screen needs at once; the rest can follow."""
RANKED_UP_TO = 2000
"""Heading matches up to this many are ranked by relevance; beyond, a query is too broad to rank
usefully ("n", "learning") and they keep program order."""
# Contentless tables keep only the inverted index (the text is in the program already); a prefix
# index for one and two letters makes the broadest as-you-type queries cheap.
_TABLE = "CREATE VIRTUAL TABLE {name} USING fts5({columns}, content='', tokenize='unicode61 remove_diacritics 2'{prefix})"
_SHORT_PREFIXES = ", prefix='1 2'"


class SearchIndex:
    """The presentations of one program, searchable by words in title, authors, keywords and abstract."""

    def __init__(self, presentations: Sequence[Presentation], *, one_search: bool = False) -> None:
        """Index `presentations`; `one_search` for an index asked once (the command line's `list --search`).

        An index for one search skips what only speeds up many: the prefix index for one- and
        two-letter words and the final merge of the index's pieces. The answers are the same, and
        building takes about a third of the time.
        """
        self._ids = [presentation.id for presentation in presentations]
        # One connection shared by the threads that search; the lock keeps them from interleaving.
        self._lock = threading.Lock()
        # An empty name is SQLite's private temporary database: pages past its small cache go to a
        # file deleted on close. In memory (":memory:") the index of 20,000 papers held 45 MB more
        # for the whole session, and searches were no faster: the file stays in the OS's cache.
        self._db = sqlite3.connect("", check_same_thread=False)
        headings = ", ".join(_HEADING_WEIGHTS)
        prefix = "" if one_search else _SHORT_PREFIXES
        self._db.execute(_TABLE.format(name="heading", columns=headings, prefix=prefix))
        self._db.execute(_TABLE.format(name="everything", columns=f"{headings}, abstract", prefix=prefix))
        rows = [
            (row, presentation.title, " ".join(presentation.authors), " ".join(presentation.keywords), presentation.abstract)
            for row, presentation in enumerate(presentations)
        ]
        self._db.executemany(f"INSERT INTO heading (rowid, {headings}) VALUES (?, ?, ?, ?)", (row[:4] for row in rows))
        self._db.executemany(f"INSERT INTO everything (rowid, {headings}, abstract) VALUES (?, ?, ?, ?, ?)", rows)
        for table in () if one_search else ("heading", "everything"):
            self._db.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")
        self._db.commit()
        weights = ", ".join(str(weight) for weight in _HEADING_WEIGHTS.values())
        self._in_headings = "SELECT rowid FROM heading WHERE heading MATCH ?"
        self._ranked_in_headings = f"{self._in_headings} ORDER BY bm25(heading, {weights})"
        self._anywhere = "SELECT rowid FROM everything WHERE everything MATCH ?"

    @classmethod
    def of(cls, program: Program, *, one_search: bool = False) -> SearchIndex:
        return cls(program.presentations, one_search=one_search)

    def __len__(self) -> int:
        return len(self._ids)

    def search(self, text: str, *, limit: int | None = None) -> list[str]:
        """Ids of the presentations matching every word of `text`, best first; with `limit`, only the first ones."""
        query = match_expression(text)
        if query is None:
            return []
        found: list[int] = []
        with self._lock:
            for row in self._rows(query):
                found.append(row)
                if limit is not None and len(found) >= limit:
                    break
        return [self._ids[row] for row in found]

    def _rows(self, query: str) -> Iterator[int]:
        # SQLite steps a query only as far as it is read, so stopping early (a limit) is cheap.
        first = [row for (row,) in self._db.execute(f"{self._in_headings} LIMIT ?", (query, RANKED_UP_TO + 1))]
        if len(first) <= RANKED_UP_TO:
            first = [row for (row,) in self._db.execute(self._ranked_in_headings, (query,))]
            yield from first
        else:
            first = []
            for (row,) in self._db.execute(self._in_headings, (query,)):
                first.append(row)
                yield row
        seen = set(first)
        for (row,) in self._db.execute(self._anywhere, (query,)):
            if row not in seen:
                yield row

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
