"""Wording: every sentence both front ends say, so the command line and the TUI say it alike.

Lives here: `text` (program text shown literally, never interpreted by a terminal), `discovery`
(why a presentation is like another, or suggested).

May import: every engine package; never a front end.
"""
