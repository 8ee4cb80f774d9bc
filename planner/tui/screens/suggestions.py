"""Provides SuggestionsScreen: what else to see, from your bookmarks and the authors you follow, by day and session.

`f` keeps only what fits your free time (no overlap with your plan, by the clash rules); the
app's keys (b, p, n) act on the suggestion under the cursor; Enter shows it in the program.
"""

from __future__ import annotations

from datetime import date, datetime

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from planner.plurals import plural
from planner.program.model import Presentation, Slot
from planner.program.times import format_range
from planner.schedule.timetable import SlotRow
from planner.tui.messages import RevealAsked
from planner.tui.screens.listing import ListingScreen
from planner.wording.text import one_line

SHOWN = 40
"""Suggestions worked out at once: a screenful or two, grouped."""


class SuggestionsScreen(ListingScreen):
    """Suggestions from the bookmarks, grouped by day and session, with why each is there."""

    BINDINGS = [
        Binding("g,escape", "close", "Back", tooltip="Back to the program", id="close-suggestions"),
        Binding("f", "toggle_fits", "Fits my time", tooltip="Only what overlaps nothing in your plan, or everything", id="fits"),
        Binding("enter", "show", "Show in the program", show=False, id="show-suggestion"),
    ]

    def __init__(self, *, fits: bool = False) -> None:
        super().__init__()
        self.fits = fits
        """Only suggestions that fit the reader's free time."""
        self.shown: dict[str, Presentation] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Working out suggestions…", id="suggestions-head", markup=False)
        yield OptionList(id="suggestions")
        yield Footer()

    def on_mount(self) -> None:
        self.watch(self.planner, "bookmarks", self._bookmarks_changed, init=False)
        self.watch(self.planner, "similarity_index", self._bookmarks_changed, init=False)
        self.query_one(OptionList).focus()
        self._work_out(self.planner.bookmarks, self.fits)

    def _bookmarks_changed(self, _: object) -> None:
        self._work_out(self.planner.bookmarks, self.fits)

    @property
    def current_presentation(self) -> Presentation | None:
        """The suggestion the app's keys (bookmark, priority, note) act on."""
        listing = self.query_one(OptionList)
        if listing.highlighted is None:
            return None
        return self.shown.get(listing.get_option_at_index(listing.highlighted).id or "")

    @property
    def current_row(self) -> SlotRow | None:
        return None  # a suggestion is a presentation, not one of its slots: nothing for `s` to pin

    def action_close(self) -> None:
        self.dismiss()

    def action_toggle_fits(self) -> None:
        self.fits = not self.fits
        self._work_out(self.planner.bookmarks, self.fits)

    def action_show(self) -> None:
        presentation = self.current_presentation
        if presentation is not None:
            self.post_message(RevealAsked(presentation_id=presentation.id))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.action_show()

    @work(thread=True, exclusive=True, group="suggestions", description="work out suggestions")
    def _work_out(self, bookmarks, fits: bool) -> None:
        from planner.schedule.suggestions import fitting_slots, suggest
        from planner.wording.discovery import suggestion_reason

        program = self.planner.program
        if bookmarks is None or program is None:
            self.app.call_from_thread(self._show, [], fits)
            return
        found = suggest(program, bookmarks, SHOWN, fits=fits, index=self.planner.similarity_index)
        entries = []
        for related in found:
            presentation = program.presentations_by_id[related.id]
            slots = fitting_slots(program, bookmarks, related.id) if fits else presentation.slots
            slot = next((slot for slot in slots if program.when(slot)), None)
            entries.append((presentation, slot, suggestion_reason(program, related)))
        self.app.call_from_thread(self._show, entries, fits, len(bookmarks.bookmarks))

    def _show(self, entries: list[tuple[Presentation, Slot | None, str]], fits: bool, bookmarked: int = 0) -> None:
        if fits != self.fits:
            return  # toggled again meanwhile; that answer is on its way
        program = self.planner.opened
        where = self.planner.zones[0] if self.planner.zones else program.conference.zone
        listing = self.query_one(OptionList)
        kept = self.current_presentation
        listing.clear_options()
        self.shown = {presentation.id: presentation for presentation, _, _ in entries}
        groups: dict[tuple, list[tuple[Presentation, str]]] = {}
        headings: dict[tuple, str] = {}
        for presentation, slot, reason in entries:
            span = program.when(slot) if slot is not None else None
            if span is None or slot is None:
                key: tuple = (1, date.max, datetime.max.timestamp(), "")
                headings[key] = "No time yet"
            else:
                day = program.conference.day_of(span.start)
                session = program.sessions_by_id[slot.session]
                key = (0, day, span.start.timestamp(), session.id)
                headings[key] = (
                    f"{day:%a %-d %b}  {format_range(session.span or span, where, with_date=False)}  {one_line(session.title)}"
                )
            groups.setdefault(key, []).append((presentation, reason))
        for key in sorted(groups):
            listing.add_option(Option(headings[key], disabled=True))
            for presentation, reason in groups[key]:
                mark = "★" if self.planner.bookmark_of(presentation) else " "
                listing.add_option(Option(f" {mark} {one_line(presentation.title)}\n     {reason}", id=presentation.id))
        fitting = "that fit your free time " if fits else ""
        if entries:
            head = (
                f"{plural(len(entries), 'suggestion')} {fitting}from {plural(bookmarked, 'bookmark')} — "
                f"f: {'show all' if fits else 'only what fits'}, Enter: show in the program"
            )
        elif not bookmarked and not (self.planner.bookmarks and self.planner.bookmarks.following):
            head = "Nothing to go on yet: bookmark a few presentations (b) and come back."
        else:
            head = (
                "Nothing fits your free time — f shows everything."
                if fits
                else "Nothing in the program is much like your bookmarks."
            )
        self.query_one("#suggestions-head", Static).update(head)
        if kept is not None and kept.id in self.shown:
            listing.highlighted = next(
                index for index in range(listing.option_count) if listing.get_option_at_index(index).id == kept.id
            )
        elif entries:
            listing.highlighted = 1
