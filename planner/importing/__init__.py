"""Importing: from raw sources on disk to one program, and the programs planner ships.

Lives here: `sources` (read each source in its format, merge them, apply a timing table),
`merge` (the same paper in several sources), `timing` (hand-kept timing tables that give a
paper list its times) and `catalog` (the shipped programs and how a `--program` is found).

May import: `planner.importers`, `planner.program` and the ground modules.
"""
