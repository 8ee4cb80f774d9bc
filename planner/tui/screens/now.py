"""Provides NowScreen: what is running now and what starts next, mine first and highlighted, refreshed every minute."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from planner.schedule.now import Happening, NowAndNext, Phase
from planner.tui.messages import RevealAsked
from planner.tui.state import planner_of
from planner.wording.on_the_day import happening_line, moment_text, next_line
from planner.wording.text import one_line

if TYPE_CHECKING:
    from planner.tui.on_the_day import OnTheDay

REFRESH = 20.0
"""Seconds between redraws: the whole minutes shown are never more than this late."""


class NowScreen(Screen[None]):
    """Running and next: my bookmarks first (★), then the whole program; Enter shows one in the program."""

    BINDINGS = [Binding("N,escape", "close", "Back", tooltip="Back to where you were", id="close-now")]

    def __init__(self, on_the_day: OnTheDay) -> None:
        super().__init__()
        self.on_the_day = on_the_day
        """Where the answers come from: the app's present (planner.tui.on_the_day)."""
        self.answer: NowAndNext | None = None
        """What the screen shows: the answer at the last refresh."""
        self._targets: dict[str, Happening] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="now-heading", markup=False)
        yield OptionList(id="now-list")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self.set_interval(REFRESH, self.refresh_now, name="now-view")
        self.watch(self.app, "bookmarks", self.refresh_now, init=False)
        self.watch(self.app, "zones", self.refresh_now, init=False)
        self.refresh_now()

    def refresh_now(self) -> None:
        answer = self.on_the_day.answer()
        if answer is None:
            return
        self.answer = answer
        where = planner_of(self).zones[0]
        self.query_one("#now-heading", Static).update(f"Now: {moment_text(answer.at, where)} · {next_line(answer, where)}")
        listing = self.query_one(OptionList)
        highlighted = listing.highlighted_option.id if listing.highlighted_option is not None else None
        listing.clear_options()
        self._targets = {}
        options: list[Option] = []
        if answer.phase is Phase.AFTER:
            ended = f": it ended {moment_text(answer.last_end, where)}" if answer.last_end else ""
            options.append(_heading(f"The conference is over{ended}."))
        else:
            sections = [
                ("Mine now", answer.my_running, True),
                ("Mine next", answer.my_next, False),
                ("Mine later that day", answer.my_later, False),
                ("Everything now", answer.running, True),
                ("Everything next", answer.next, False),
            ]
            if not (answer.my_running or answer.my_next or answer.my_later):
                options.append(_heading("Nothing of yours running or still to come: b in the program bookmarks a talk."))
            for title, happenings, running in sections:
                if not happenings:
                    continue
                options.append(_heading(title))
                for happening in happenings:
                    mine = happening.presentation.id if happening.presentation is not None else ""
                    key = f"{title}:{mine}:{happening.session.id}"  # stable across refreshes: the cursor stays put
                    self._targets[key] = happening
                    options.append(Option(self._line(happening, answer, running), id=key))
            if answer.unscheduled:
                options.append(_heading(f"{answer.unscheduled} of your bookmarks have no time yet."))
        listing.add_options(options)
        if highlighted not in self._targets:
            highlighted = next(iter(self._targets), None)  # the first of mine, else the first running
        if highlighted is not None:
            listing.highlighted = listing.get_option_index(highlighted)

    def _line(self, happening: Happening, answer: NowAndNext, running: bool) -> Text:
        where = planner_of(self).zones[0]
        text = Text("★ " if happening.mine else "  ", style="bold" if happening.mine else "")
        text.append(happening_line(happening, answer.at, where, running=running), style="bold" if happening.mine else "")
        if answer.in_clash(happening):
            text.append("  ⚠ clash", style="bold red")
        return text

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        happening = self._targets.get(event.option.id or "")
        if happening is None:
            return
        if happening.presentation is not None:
            self.post_message(RevealAsked(presentation_id=happening.presentation.id))
        else:
            self.post_message(RevealAsked(session_id=happening.session.id))

    def action_close(self) -> None:
        self.dismiss()


def _heading(text: str) -> Option:
    return Option(Text(one_line(text), style="bold italic"), disabled=True)
