"""The program: the model every other package is built on.

Lives here: `model` (Conference, Session, Presentation, Slot, Kind; pydantic, aware datetimes
only), `times` (TimeRange, zones, the one rule for a daylight-saving gap or fold, formatting),
`ids` (stable ids, title normalisation), `program_file` (the normalised program file on disk)
and `memory` (settling a long-running process once its program is loaded).

May import: the standard library, pydantic, zoneinfo, and the ground modules `planner.errors`,
`planner.files` and `planner.json_lines`. Nothing else of planner.
"""
