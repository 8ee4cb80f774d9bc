"""The importers: one module per source format, text or bytes in, a Program out. Pure.

Each format module (`frab_xml`, `ics_feed`, `virtual_site_json`, …) exposes an `IMPORTER` with a
`sniff` and a `read`; `registry` lists them in detection order; `base` holds what they share
(raw sources, options, notes); `page_times` parses the time strings real pages print;
`feed` and `frab_schedule` are what the feed formats share.

May import: `planner.program` and the ground modules. Never files beyond the source it is
given, bookmarks, search, schedules or exporters: reading several sources, merging them and
applying timing tables is `planner.importing`.
"""

# The format names, for the command line's --format without loading every importer to list them;
# tests/test_detection.py checks they are the registry's.
FORMATS = (
    "miniconf",
    "frab-xml",
    "frab-json",
    "ics",
    "virtual-site-json",
    "virtual-site-page",
    "paper-list-markdown",
    "field-list",
    "blog-post",
)
