"""Provides BrowserScreen: the whole program by day and session, narrowed by day, kind and search, with the detail beside it."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from textual import events, getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Header, Input
from textual.worker import get_current_worker

from planner.program.model import Kind, Presentation
from planner.schedule.timetable import Row, SlotRow, Timetable
from planner.search.index import FIRST_PAGE
from planner.tui.messages import PresentationChosen, PresentationHighlighted
from planner.tui.widgets.filter_bar import FilterBar
from planner.tui.widgets.presentation_detail import PresentationDetail
from planner.tui.widgets.program_list import ProgramList

NARROW = 110
"""Below this many columns the list and the detail take turns instead of standing side by side."""


if TYPE_CHECKING:
    from planner.tui.app import PlannerApp


class BrowserScreen(Screen[None]):
    """Browse and search the program; the app's keys act on the presentation under the cursor."""

    if TYPE_CHECKING:  # Textual's typed way to the app; imported at run time it would be a cycle
        app = getters.app(PlannerApp)

    BINDINGS = [
        # A priority binding runs as the key arrives, so what is typed right after "/" lands in the box.
        Binding("slash", "search", "Search", id="search", priority=True),
        Binding("escape", "back", "Back to the list / clear the search", show=False, id="back"),
        Binding("d", "next_day", "Next day", show=False, id="next-day"),
        Binding("k", "next_kind", "Next kind", show=False, id="next-kind"),
        Binding("tab", "switch_pane", "Switch between the list and the detail", show=False, id="switch-pane"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.day: date | None = None
        """The day the list is narrowed to; None: every day."""
        self.kind: Kind | None = None
        """The kind the list is narrowed to; None: every kind."""
        self.query_text: str | None = None
        """The search as typed; None when not searching."""
        self.found: list[str] = []
        """Ids the search found, best first."""
        self.searching = False
        """Whether the search's answer so far is only its first screenful."""

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
            return self.has_class("reading") or self.query_text is not None
        if action in ("next_day", "next_kind"):
            return self.app.timetable is not None
        return True

    @property
    def program_list(self) -> ProgramList:
        return self.query_one(ProgramList)

    @property
    def current_presentation(self) -> Presentation | None:
        """The presentation the app's keys (bookmark, priority, note) act on."""
        row = self.program_list.current
        return row.presentation if row else None

    @property
    def current_row(self) -> SlotRow | None:
        """The slot under the cursor, which `s` pins."""
        return self.program_list.current

    def on_mount(self) -> None:
        program = self.app.opened
        self.query_one("#search", Input).display = False
        listing = self.program_list
        listing.empty_text = f"Laying out {len(program.presentations):,} presentations…"
        listing.set_zones(self.app.zones)
        listing.set_marks(self.app.marks)
        listing.focus()
        self._describe(0)
        self.watch(self.app, "timetable", self._timetable_ready)
        self.watch(self.app, "search_index", self._index_ready, init=False)
        self.watch(self.app, "marks", self._marks_changed, init=False)
        self.watch(self.app, "zones", self._zones_changed, init=False)
        self.watch(self.app, "clash_report", self._show_detail, init=False)
        self.watch(self.app, "team", self._show_detail, init=False)

    # State from the app

    def _timetable_ready(self, timetable: Timetable | None) -> None:
        if timetable is not None:
            self._refresh_rows()
            self.refresh_bindings()

    def _index_ready(self, index: object) -> None:
        if index is not None and self.query_text:
            self._run_search(self.query_text)

    def _marks_changed(self) -> None:
        self.program_list.set_marks(self.app.marks)
        self._show_detail()

    def _zones_changed(self) -> None:
        self.program_list.set_zones(self.app.zones)
        self._show_detail()
        self._describe(self.program_list.presentation_count)

    # The list

    def _refresh_rows(self, *, keep_cursor: bool = False) -> None:
        """Show the program, or the search's results, narrowed by day and kind.

        The cursor stays on its presentation when the list is narrowed or widened, or when the
        rest of a search's answer arrives; a new search starts at its best match.
        """
        timetable: Timetable | None = self.app.timetable
        if timetable is None:
            return
        kinds = frozenset({self.kind}) if self.kind else frozenset()
        current = self.current_presentation
        rows: list[Row]
        if self.query_text:
            rows = list(timetable.ranked(self.found, day=self.day, kinds=kinds))
            self.program_list.empty_text = (
                "Nothing matches the search." if self.app.search_index else "Indexing the program for search…"
            )
        else:
            rows = timetable.narrow(day=self.day, kinds=kinds)
            self.program_list.empty_text = "Nothing on this day of this kind."
        keep = current.id if current and (keep_cursor or not self.query_text) else None
        self.program_list.show(rows, keep=keep)
        self._describe(self.program_list.presentation_count)
        if not rows:
            self._show_detail()

    def _describe(self, count: int) -> None:
        day = f"{self.day:%a %-d %b}" if self.day else "every day"
        kind = self.kind.value if self.kind else "every kind"
        self.query_one(FilterBar).describe(
            day=day, kind=kind, search=self.query_text, count=count, more=self.searching, zones=self.app.zone_description
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
        presentation = self.current_presentation
        self.query_one(PresentationDetail).show(
            self.app.opened,
            presentation,
            self.app.zones,
            self.app.bookmark_of(presentation),
            clashes=self.app.clash_lines(presentation),
            going=self.app.going(presentation),
        )

    def reveal(self, *, presentation_id: str | None = None, session_id: str | None = None) -> None:
        """Put the cursor on a presentation or a session, widening the list first if it is narrowed away."""
        listing = self.program_list
        if listing.reveal(presentation_id=presentation_id, session_id=session_id):
            listing.focus()
            return
        self.day = self.kind = None
        self.action_clear_search()
        self._refresh_rows()
        listing.reveal(presentation_id=presentation_id, session_id=session_id)
        listing.focus()

    # Filters

    def action_next_day(self) -> None:
        choices: list[date | None] = [None, *(self.app.timetable.days if self.app.timetable else [])]
        self.day = choices[(choices.index(self.day) + 1) % len(choices)]
        self._refresh_rows()

    def action_next_kind(self) -> None:
        choices: list[Kind | None] = [None, *(self.app.timetable.kinds if self.app.timetable else [])]
        self.kind = choices[(choices.index(self.kind) + 1) % len(choices)]
        self._refresh_rows()

    # Search

    def action_search(self) -> None:
        box = self.query_one("#search", Input)
        if self.focused is box:
            # A "/" typed in the search is part of it; queued behind the keys the box has yet to read.
            box.call_later(box.insert_text_at_cursor, "/")
            return
        box.display = True
        self.set_focus(box)
        if self.query_text is None:
            self.query_text = ""
            self._describe(self.program_list.presentation_count)
            self.refresh_bindings()

    def action_clear_search(self) -> None:
        box = self.query_one("#search", Input)
        if self.query_text is None:
            return
        self.query_text = None
        self.found = []
        self.searching = False
        box.value = ""
        box.display = False
        self.program_list.focus()
        self._refresh_rows()
        self.refresh_bindings()

    @on(Input.Changed, "#search")
    def _typed(self, event: Input.Changed) -> None:
        if self.query_text is None:
            return  # the box being emptied as the search is cleared
        self.query_text = event.value
        if not event.value.strip():
            self.found = []
            self.searching = False
            self._refresh_rows()
            return
        self._run_search(event.value)

    @on(Input.Submitted, "#search")
    def _submitted(self, event: Input.Submitted) -> None:
        self.program_list.focus()

    def _run_search(self, text: str) -> None:
        if self.app.search_index is None:
            self._refresh_rows()  # says the index is on its way; the search runs when it is ready
            return
        self._search(text)

    @work(thread=True, exclusive=True, group="search")
    def _search(self, text: str) -> None:
        """Search off the UI thread: the first screenful at once, then the whole answer."""
        index = self.app.search_index
        if index is None:
            return  # not built yet: the search starts again when it is
        first = index.search(text, limit=FIRST_PAGE)
        self.app.call_from_thread(self._found, text, first, complete=len(first) < FIRST_PAGE)
        if len(first) < FIRST_PAGE or get_current_worker().is_cancelled:
            return  # complete already, or the person has typed on
        self.app.call_from_thread(self._found, text, index.search(text), complete=True)

    def _found(self, text: str, found: list[str], *, complete: bool) -> None:
        if text != self.query_text:
            return  # the person has typed on since
        following = self.found[:1] == found[:1] and self.searching  # the rest of the answer just shown
        self.found = found
        self.searching = not complete
        self._refresh_rows(keep_cursor=following)
