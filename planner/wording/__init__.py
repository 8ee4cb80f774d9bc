"""Wording: every sentence both front ends say, so the command line and the TUI say it alike.

Lives here: `plurals` (counted nouns: "1 bookmark", "3 bookmarks"; no sentence spells its own
plural), `clashes` (clashes, their remedies, crowded poster sessions, a plan's verdict),
`bookmark_notes` (what a bookmark file read against a program holds that the program does not),
`discovery` (why a presentation is like another, or suggested) and `text` (program text shown
literally, never interpreted by a terminal).

May import: the engine below it; never a front end. The engine does not import it, so the few
engine messages that count things (the pipeline's timing notes, the exporters' summaries) still
spell their own plurals.
"""
