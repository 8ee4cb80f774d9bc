"""The schedule: bookmarks placed in time, their clashes and the plan that resolves them.

Lives here: `slots` (a bookmark at one of its slots, the clash engine's integer instants),
`agenda` (the bookmarked slots by day), `clashes` (overlaps, tight changes, crowded poster
sessions and their remedies), `plan` (one slot for each bookmark, missing as little as
possible) and `timetable` (a program laid out as rows by conference day).

May import: `planner.bookmarks`, `planner.search`, `planner.program` and the ground modules.
"""
