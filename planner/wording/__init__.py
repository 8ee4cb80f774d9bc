"""Wording: every sentence both front ends say, so the command line and the TUI say it alike.

Lives here: `clashes` (clashes, their remedies, crowded poster sessions, a plan's verdict),
`bookmark_notes` (what a bookmark file read against a program holds that the program does not),
`discovery` (why a presentation is like another, or suggested) and `text` (program text shown
literally, never interpreted by a terminal). Counted nouns ("1 bookmark", "3 bookmarks") are the
ground module `planner.plurals`, so that the engine's own messages count things the same way.

May import: the engine below it; never a front end.
"""
