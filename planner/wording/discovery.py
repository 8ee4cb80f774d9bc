"""Provides how both front ends say why a presentation is suggested: "like your ★ Reformer and ★ Linformer: attention, …"."""

from __future__ import annotations

from planner.program.model import Program
from planner.search.similar import Related
from planner.wording.text import clip, one_line

SHORT_TITLE = 40


def short_title(title: str) -> str:
    """A title as a person would say it: the name before a colon ("Reformer"), else its start."""
    title = one_line(title)
    head, colon, _ = title.partition(":")
    if colon and 2 <= len(head) <= SHORT_TITLE:
        return head
    return clip(title, SHORT_TITLE)


def _shared(related: Related, most: int) -> str:
    """Keywords first, then terms, none said twice ("graph" after "graph networks" says nothing)."""
    said: list[str] = []
    for item in [*related.keywords, *related.terms]:
        folded = item.casefold()
        if not any(folded in other or other in folded for other in said):
            said.append(folded)
    return one_line(", ".join(said[:most]))


def similar_reason(related: Related) -> str:
    """Why one presentation is like another: shared authors, keywords and distinctive terms."""
    parts = []
    if related.authors:
        parts.append("also by " + ", ".join(one_line(name) for name in related.authors))
    shared = _shared(related, 4)
    if shared:
        parts.append(shared)
    return "; ".join(parts) or "alike in its words"


def suggestion_reason(program: Program, related: Related) -> str:
    """Why a presentation is suggested: the bookmarks it is like, what they share, who wrote it."""
    presentations = program.presentations_by_id
    liked = [f"★ {short_title(presentations[liked].title)}" for liked in related.because_of if liked in presentations]
    shared = _shared(related, 3)
    parts = []
    if liked:
        like = f"like your {' and '.join(liked)}"
        parts.append(f"{like}: {shared}" if shared else like)
    if related.authors:
        parts.append("by " + ", ".join(one_line(name) for name in related.authors) + ", whom you follow")
    return "; ".join(parts) or "like your bookmarks"
