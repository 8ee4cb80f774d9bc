"""Search: finding presentations in a program.

Lives here: `finding` (filters by day, kind and session; a presentation or session named by id,
prefix or words) and `index` (the full-text index: words of titles, authors, keywords and
abstracts, ranked; one rule for the command line and the TUI).

May import: `planner.program` and the ground modules.
"""
