"""Provides counted nouns ("1 bookmark", "3 bookmarks"), so no sentence spells its own plural."""

from __future__ import annotations


def noun(count: int, word: str, many: str | None = None) -> str:
    """`word` as it reads after `count`: `many` (or `word` + "s") unless there is exactly one."""
    return word if count == 1 else many or word + "s"


def plural(count: int, word: str, many: str | None = None) -> str:
    """`count` and its noun: "1 bookmark", "0 bookmarks", "2 tight changes"."""
    return f"{count} {noun(count, word, many)}"


def plural_is(count: int, word: str, many: str | None = None) -> str:
    """`count`, its noun and the verb to be: "1 bookmark is", "3 bookmarks are"."""
    return f"{plural(count, word, many)} {'is' if count == 1 else 'are'}"
