"""Provides BrowserScreen: the whole program by day and session, narrowed by day, kind and search, with the detail beside it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.reactive import var
from textual.widgets import Footer, Header, Input
from textual.worker import get_current_worker

from planner.plurals import noun
from planner.program.model import Kind
from planner.schedule.timetable import Row, Timetable
from planner.search.index import FIRST_PAGE
from planner.tui import discovery
from planner.tui.discovery import RELATED
from planner.tui.messages import PresentationChosen, PresentationHighlighted
from planner.tui.screens.listing import ListingScreen
from planner.tui.widgets.filter_bar import FilterBar
from planner.tui.widgets.presentation_detail import PresentationDetail
from planner.tui.widgets.program_list import ProgramList

NARROW = 110
"""Below this many columns the list and the detail take turns instead of standing side by side."""


@dataclass(frozen=True)
class Filters:
    """What the list is narrowed to, and what the search has found so far."""

    day: date | None = None
    """The day the list is narrowed to; None: every day."""
    kind: Kind | None = None
    """The kind the list is narrowed to; None: every kind."""
    query: str | None = None
    """The search as typed; None when not searching."""
    found: tuple[str, ...] = ()
    """Ids the search found, best first."""
    searching: bool = False
    """Whether the search's answer so far is only its first screenful."""

    @property
    def rows_key(self) -> tuple[object, ...]:
        """What decides the list's rows: two filters with the same key show the same list."""
        return (self.day, self.kind, self.found if self.query else None)


class BrowserScreen(ListingScreen):
    """Browse and search the program; the app's keys act on the presentation under the cursor."""

    BINDINGS = [
        # A priority binding runs as the key arrives, so what is typed right after "/" lands in the box.
        Binding("slash", "search", "Search", id="search", priority=True),
        Binding("escape", "back", "Back to the list / clear the search", show=False, id="back"),
        Binding("d", "next_day", "Next day", show=False, id="next-day"),
        Binding("k", "next_kind", "Next kind", show=False, id="next-kind"),
        Binding("tab", "switch_pane", "Switch between the list and the detail", show=False, id="switch-pane"),
        *(
            Binding(
                str(number),
                f"bookmark_related({number})",
                "Bookmark a related one",
                show=False,
                key_display=f"1–{RELATED}",
                id=f"related-{number}",
            )
            for number in range(1, RELATED + 1)
        ),
    ]

    filters: var[Filters] = var(Filters(), init=False, always_update=True)
    """What the list shows; every change of it redraws the list (watch_filters)."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(
            placeholder="Search titles, authors, abstracts, keywords — Enter to browse the results, Esc to clear",
            id="search",
            compact=True,
        )
        yield FilterBar(id="filters")
        with Horizontal(id="panes"):
            yield ProgramList(id="program")
            yield PresentationDetail(id="detail")
        yield Footer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            # Escape means something only while reading the detail on a narrow screen, or searching.
            return self.has_class("reading") or self.filters.query is not None
        if action in ("next_day", "next_kind"):
            return self.planner.timetable is not None
        return True

    def on_mount(self) -> None:
        planner = self.planner
        self.query_one("#search", Input).display = False
        listing = self.program_list
        listing.empty_text = (
            f"Laying out {len(planner.opened.presentations):,} {noun(len(planner.opened.presentations), 'presentation')}…"
        )
        listing.set_zones(planner.zones)
        listing.set_marks(planner.marks)
        listing.focus()
        self._describe(0)
        self.watch(planner, "timetable", self._timetable_ready)
        self.watch(planner, "search_index", self._index_ready, init=False)
        self.watch(planner, "marks", self._marks_changed, init=False)
        self.watch(planner, "zones", self._zones_changed, init=False)
        self.watch(planner, "clash_report", self._show_detail, init=False)
        self.watch(planner, "team", self._show_detail, init=False)
        self.watch(planner, "similarity_index", self._show_detail, init=False)

    # State from the app

    def _timetable_ready(self, timetable: Timetable | None) -> None:
        if timetable is not None:
            self._refresh_rows()
            self.refresh_bindings()

    def _index_ready(self, index: object) -> None:
        if index is not None and self.filters.query:
            self._run_search(self.query_one("#search", Input).value)

    def _marks_changed(self) -> None:
        self.program_list.set_marks(self.planner.marks)
        self._show_detail()

    def _zones_changed(self) -> None:
        self.program_list.set_zones(self.planner.zones)
        self._show_detail()
        self._describe(self.program_list.presentation_count)

    # The list

    def watch_filters(self, old: Filters, new: Filters) -> None:
        if old.query is None and old.rows_key == new.rows_key:
            # The search box just opened: the list stays as it is, cursor and scroll included.
            self._describe(self.program_list.presentation_count)
        else:
            # The rest of a search's answer keeps the cursor where the first screenful left it.
            following = old.searching and old.found[:1] == new.found[:1] and (old.day, old.kind) == (new.day, new.kind)
            self._refresh_rows(keep_cursor=following)
        self.refresh_bindings()

    def _refresh_rows(self, *, keep_cursor: bool = False) -> None:
        """Show the program, or the search's results, narrowed by day and kind.

        The cursor stays on its presentation when the list is narrowed or widened, or when the
        rest of a search's answer arrives; a new search starts at its best match.
        """
        timetable, filters = self.planner.timetable, self.filters
        if timetable is None:
            self._describe(self.program_list.presentation_count)
            return
        kinds = frozenset({filters.kind}) if filters.kind else frozenset()
        current = self.current_presentation
        rows: list[Row]
        if filters.query:
            rows = list(timetable.ranked(list(filters.found), day=filters.day, kinds=kinds))
            self.program_list.empty_text = (
                "Nothing matches the search." if self.planner.search_index else "Indexing the program for search…"
            )
        else:
            rows = timetable.narrow(day=filters.day, kinds=kinds)
            self.program_list.empty_text = "Nothing on this day of this kind."
        keep = current.id if current and (keep_cursor or not filters.query) else None
        self.program_list.show(rows, keep=keep)
        self._describe(self.program_list.presentation_count)
        if not rows:
            self._show_detail()

    def _describe(self, count: int) -> None:
        filters = self.filters
        day = f"{filters.day:%a %-d %b}" if filters.day else "every day"
        kind = filters.kind.value if filters.kind else "every kind"
        self.query_one(FilterBar).describe(
            day=day, kind=kind, search=filters.query, count=count, more=filters.searching, zones=self.planner.zone_description
        )

    @on(PresentationHighlighted)
    def _highlighted(self, message: PresentationHighlighted) -> None:
        self._show_detail()

    @on(PresentationChosen)
    def _chosen(self, message: PresentationChosen) -> None:
        if self.has_class("narrow"):
            self.add_class("reading")  # too narrow for both panes: the detail takes the list's place
            self.refresh_bindings()
        self.query_one(PresentationDetail).focus()

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < NARROW, "narrow")
        if not self.has_class("narrow"):
            self.remove_class("reading")

    def action_switch_pane(self) -> None:
        if self.has_class("narrow"):
            if self.has_class("reading"):
                self.action_back()
            elif (current := self.program_list.current) is not None:
                self.post_message(PresentationChosen(current))
        elif self.focused is self.program_list:
            self.query_one(PresentationDetail).focus()
        else:
            self.program_list.focus()

    def action_back(self) -> None:
        if self.has_class("reading"):
            self.remove_class("reading")
            self.program_list.focus()
            self.refresh_bindings()
        else:
            self.action_clear_search()

    def _show_detail(self) -> None:
        presentation, planner = self.current_presentation, self.planner
        self.query_one(PresentationDetail).show(
            planner.opened,
            presentation,
            planner.zones,
            planner.bookmark_of(presentation),
            clashes=planner.clash_lines(presentation),
            going=planner.going(presentation),
            related=discovery.related(planner, presentation),
        )

    def action_bookmark_related(self, number: int) -> None:
        discovery.bookmark_related(self.planner, self.current_presentation, number)

    def reveal(self, *, presentation_id: str | None = None, session_id: str | None = None) -> None:
        """Put the cursor on a presentation or a session, widening the list first if it is narrowed away."""
        listing = self.program_list
        if listing.reveal(presentation_id=presentation_id, session_id=session_id):
            listing.focus()
            return
        self._close_search_box()
        self.filters = Filters()
        listing.reveal(presentation_id=presentation_id, session_id=session_id)
        listing.focus()

    # Filters

    def action_next_day(self) -> None:
        timetable = self.planner.timetable
        choices: list[date | None] = [None, *(timetable.days if timetable else [])]
        self.filters = replace(self.filters, day=choices[(choices.index(self.filters.day) + 1) % len(choices)])

    def action_next_kind(self) -> None:
        timetable = self.planner.timetable
        choices: list[Kind | None] = [None, *(timetable.kinds if timetable else [])]
        self.filters = replace(self.filters, kind=choices[(choices.index(self.filters.kind) + 1) % len(choices)])

    # Search

    def action_search(self) -> None:
        box = self.query_one("#search", Input)
        if self.focused is box:
            # A "/" typed in the search is part of it; queued behind the keys the box has yet to read.
            box.call_later(box.insert_text_at_cursor, "/")
            return
        box.display = True
        self.set_focus(box)
        if self.filters.query is None:
            self.filters = replace(self.filters, query="")

    def action_clear_search(self) -> None:
        if self.filters.query is None:
            return
        self._close_search_box()
        self.filters = replace(self.filters, query=None, found=(), searching=False)

    def _close_search_box(self) -> None:
        box = self.query_one("#search", Input)
        box.value = ""
        box.display = False
        self.program_list.focus()

    @on(Input.Changed, "#search")
    def _typed(self, event: Input.Changed) -> None:
        if self.filters.query is None:
            return  # the box being emptied as the search is cleared
        if not event.value.strip():
            self.filters = replace(self.filters, query=event.value, found=(), searching=False)
            return
        self._run_search(event.value)

    @on(Input.Submitted, "#search")
    def _submitted(self, event: Input.Submitted) -> None:
        self.program_list.focus()

    def _run_search(self, text: str) -> None:
        if self.planner.search_index is None:
            # The list says the index is on its way; the search runs when it is ready.
            self.filters = replace(self.filters, query=text)
            return
        self._search(text)

    @work(thread=True, exclusive=True, group="search")
    def _search(self, text: str) -> None:
        """Search off the UI thread: the first screenful at once, then the whole answer."""
        planner = self.planner
        index = planner.search_index
        if index is None:
            return  # the index is not built yet: nothing to search in
        first = index.search(text, limit=FIRST_PAGE)
        planner.call_from_thread(self._found, text, first, complete=len(first) < FIRST_PAGE)
        if len(first) < FIRST_PAGE or get_current_worker().is_cancelled:
            return  # complete already, or the person has typed on
        planner.call_from_thread(self._found, text, index.search(text), complete=True)

    def _found(self, text: str, found: list[str], *, complete: bool) -> None:
        if self.filters.query is None or text != self.query_one("#search", Input).value:
            return  # the person has typed on since, or left the search
        self.filters = replace(self.filters, query=text, found=tuple(found), searching=not complete)
