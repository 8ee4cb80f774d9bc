"""Provides author names as people type them: accents, case, punctuation and initials folded.

"Kyunghyun Cho", "K. Cho", "kyunghyun cho", "Cho, Kyunghyun" and "cho" all find the papers of
Kyunghyun Cho; "Jurgen Schmidhuber" finds "Jürgen Schmidhuber". A name is read as its words: the
last one is the family name, which must be equal; the first one, if given, must agree with the
author's first word, an initial agreeing with any word it begins.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from planner.program.model import Presentation, Program

_NOT_A_LETTER = re.compile(r"[^\w]+")


@lru_cache(maxsize=65_536)
def name_words(name: str) -> tuple[str, ...]:
    """A name as lowercase words without accents, in given-then-family order ("Cho, K." → ("k", "cho"))."""
    if "," in name:
        family, _, given = name.partition(",")
        name = f"{given} {family}"
    if name.isascii():  # most names: nothing to decompose, and a character loop saved per name
        plain = name.casefold()
    else:
        decomposed = unicodedata.normalize("NFKD", name)
        plain = "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()
    return tuple(word for word in _NOT_A_LETTER.split(plain.replace("_", " ")) if word)


def folded(name: str) -> str:
    """A name as one comparable string: two names folding alike are the same name written twice."""
    return " ".join(name_words(name))


def _agree(one: str, other: str) -> bool:
    if one == other:
        return True
    return (len(one) == 1 and other.startswith(one)) or (len(other) == 1 and one.startswith(other))


def same_person(query: str | tuple[str, ...], author: str | tuple[str, ...]) -> bool:
    """Whether the name `query` (as a person types it) may be `author` (as a program writes it)."""
    wanted = name_words(query) if isinstance(query, str) else query
    written = name_words(author) if isinstance(author, str) else author
    if not wanted or not written or wanted[-1] != written[-1]:
        return False
    if len(wanted) == 1:
        return True
    return len(written) > 1 and _agree(wanted[0], written[0])


@dataclass(frozen=True)
class AuthorMatch:
    """The presentations of a person, with the names the program writes them under."""

    query: str
    names: tuple[str, ...]
    """Every spelling in the program that matched, most presentations first."""
    presentations: tuple[Presentation, ...]
    """In program order."""


def author(program: Program, name: str) -> AuthorMatch:
    """Everything `name` is an author of in `program`."""
    wanted = name_words(name)
    spellings: dict[str, int] = {}
    found: list[Presentation] = []
    for presentation in program.presentations:
        matched = [written for written in presentation.authors if same_person(wanted, written)]
        if matched:
            found.append(presentation)
            for written in matched:
                spellings[written] = spellings.get(written, 0) + 1
    names = tuple(sorted(spellings, key=lambda written: (-spellings[written], written)))
    return AuthorMatch(name, names, tuple(found))


class Following:
    """The names a person follows, to ask of any presentation whether one of them wrote it."""

    def __init__(self, names: Iterable[str]) -> None:
        self.names = tuple(names)
        # By family name, so asking of an author costs one look-up.
        self._by_family: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        for name in self.names:
            words = name_words(name)
            if words:
                self._by_family.setdefault(words[-1], []).append((name, words))

    def __bool__(self) -> bool:
        return bool(self._by_family)

    def followed_in(self, authors: Sequence[str]) -> list[str]:
        """The authors among `authors` that someone followed may be, as the program writes them."""
        if not self._by_family:
            return []
        found = []
        for written in authors:
            words = name_words(written)
            if words and any(same_person(wanted, words) for _, wanted in self._by_family.get(words[-1], ())):
                found.append(written)
        return found


def by_followed(program: Program, following: Iterable[str]) -> dict[str, list[str]]:
    """The presentations someone in `following` wrote, by id, with those authors as the program writes them."""
    people = Following(following)
    if not people:
        return {}
    found = {}
    for presentation in program.presentations:
        names = people.followed_in(presentation.authors)
        if names:
            found[presentation.id] = names
    return found
