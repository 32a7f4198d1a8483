"""The end of a workout: how long it took and what was done, until the person leaves."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.table import Table
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from coach.domain.durations import format_duration
from coach.interface.live import ExerciseTally, LiveRun
from coach.interface.widgets.big_word import BigWord

if TYPE_CHECKING:
    from coach.interface.app import CoachApp


NARROW = 60  # columns: below this the summary drops the skipped and reps columns


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary_line(live: LiveRun) -> str:
    """One line for the terminal once the app has gone."""
    active, _paused = live.time_taken()
    sets = [t for t in live.tally() if not t.interval]
    done = sum(t.done for t in sets)
    skipped = sum(t.skipped for t in sets)
    rounds = [t for t in live.tally() if t.interval]
    parts = [f"{live.name}: finished in {format_duration(active)}", _plural(done, "set") + " done"]
    if rounds:
        parts.append(f"{sum(t.done for t in rounds)} of {sum(t.planned for t in rounds)} rounds")
    if skipped:
        parts.append(f"{skipped} skipped")
    return ", ".join(parts) + "."


def _row(tally: ExerciseTally) -> tuple[str, str, str, str]:
    name = " · ".join(p for p in (tally.title, tally.load) if p)
    unit = "rounds" if tally.interval else "sets"
    done = f"{tally.done} of {tally.planned} {unit}"
    skipped = str(tally.skipped) if tally.skipped else "-"
    reps = str(tally.reps_done) if tally.reps_done else "-"
    return name, done, skipped, reps


class SummaryScreen(Screen[None]):
    app: CoachApp

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q,escape,enter", "leave", "Leave"),
    ]

    def __init__(self, live: LiveRun) -> None:
        super().__init__()
        self.live = live

    def compose(self) -> ComposeResult:
        active, paused = self.live.time_taken()
        taken = format_duration(active)
        if paused >= 1:
            taken += f"  (and {format_duration(paused)} paused)"
        with VerticalScroll(id="summary"):
            yield BigWord("WORKOUT DONE", id="summary-title")
            yield Static(self.live.name, id="summary-name", markup=False)
            yield Static(f"Time {taken}", id="summary-time", markup=False)
            yield Static(self._table(narrow=False), id="summary-table")
            kept = "Finished sets are kept. " if self.live.keeps_history else ""
            with Center():
                yield Static(f"{kept}Press q to leave.", id="summary-hint")
        yield Footer()

    def on_resize(self, event: events.Resize) -> None:
        # A narrow terminal keeps the two columns that matter: what, and how much of it.
        narrow = event.size.width < NARROW
        self.set_class(narrow, "-narrow")
        self.query_one("#summary-table", Static).update(self._table(narrow=narrow))

    def _table(self, *, narrow: bool) -> Table:
        table = Table(expand=True, box=None, padding=(0, 1 if narrow else 2), header_style="bold")
        table.add_column("Exercise", ratio=3)
        table.add_column("Done", ratio=2)
        if not narrow:
            table.add_column("Skipped", justify="right")
            table.add_column("Reps", justify="right")
        for tally in self.live.tally():
            table.add_row(*_row(tally)[: 2 if narrow else 4])
        return table

    def action_leave(self) -> None:
        from coach.interface.app import Outcome

        self.app.leave(Outcome(self.live.name, True, summary_line(self.live)))
