"""Serving planner over HTTP: the TUI in a browser, and the calendar as a live subscription.

Lives here: `calendar_feed` (the personal calendar built from the current bookmarks on request,
with its own export memory, ETag and Last-Modified) and `server` (one aiohttp server, built on
textual-serve, that serves the TUI page, its assets and the calendar, and nothing else: loopback
by default, an access token on any other address, the Host and Origin headers checked).

May import: the engine packages (exporters, bookmarks, importing, program) and textual-serve.
Never the TUI's modules: each browser tab runs `planner open` as a process of its own.
"""
