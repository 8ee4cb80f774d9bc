"""Following: a program published at a URL, fetched, kept current, and what changed for the person.

Lives here: `fetch` (one HTTP(S) request, conditional, capped, every failure a clear message),
`reading` (a URL read as a program in its format, with the virtual-site abstracts sidecar),
`followed` (the followed programs in the data folder: source, validators, last few versions),
`changes` (two versions compared by stable identity) and `plan` (the person's bookmarks and pins
carried to the new version, and the clashes that are new).

May import: `planner.importing`, `planner.importers`, `planner.bookmarks`, `planner.schedule`,
`planner.program` and the ground modules.
"""
