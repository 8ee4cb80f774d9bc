"""Bookmarks: the shareable file of what a person wants to see, and everything done with it.

Lives here: `file` (the format: Bookmark, BookmarkFile, priorities), `store` (reading strangers'
files strictly, atomic saves under a lock), `matching` (bookmarks against a program, found again
by title when an id changed), `merge` (a colleague's file: adds, never deletes) and `team` (who
of a group is going to what).

May import: `planner.search`, `planner.program` and the ground modules.
"""
