"""The end of a workout: how long it took and what was done, until the person leaves.

Every set of the run is listed, and any of them can still be corrected (`e`): the last
set of a session has no rest after it, and this is where it is put right. When the run is
kept, a line below takes one note on the whole session.
"""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from coach.domain.durations import format_duration
from coach.domain.sets import EntryCount
from coach.interface.widgets.big_word import BigWord
from coach.services.workout import Workout

# Columns: below this the summary drops the skipped and reps columns (at 60, the four
# columns wrapped "Hip thrust · 40 kg" and "1 of 1 sets" onto two lines each).
NARROW = 72


def _row(tally: EntryCount) -> tuple[str, str, str, str]:
    name = " · ".join(p for p in (tally.title, tally.load) if p)
    unit = "rounds" if tally.interval else "sets"
    done = f"{tally.done} of {tally.planned} {unit}"
    skipped = str(tally.skipped) if tally.skipped else "-"
    reps = str(tally.reps_done) if tally.reps_done else "-"
    return name, done, skipped, reps


class SummaryScreen(Screen[None]):
    class Leave(Message):
        """The person is done with the summary."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q,escape", "leave", "Leave"),
        Binding("enter", "leave", "Leave", priority=True, show=False),
        Binding("e", "correct", "Correct a set"),
    ]

    def __init__(self, workout: Workout) -> None:
        super().__init__()
        self.workout = workout

    def compose(self) -> ComposeResult:
        active, paused = self.workout.time_taken()
        taken = format_duration(active)
        if paused >= 1:
            taken += f"  (and {format_duration(paused)} paused)"
        with VerticalScroll(id="summary"):
            yield BigWord("WORKOUT DONE", id="summary-title")
            yield Static(self.workout.name, id="summary-name", markup=False)
            yield Static(f"Time {taken}", id="summary-time", markup=False)
            yield Static(self._table(narrow=False), id="summary-table")
            records = self.workout.new_records()
            if records:
                yield Static("\n".join(records), id="summary-records", markup=False)
            if self.workout.can_correct:
                yield OptionList(*self._set_options(), id="summary-sets")
            if self.workout.keeps_history:
                yield Input(
                    placeholder="A note on the session (optional): type it, then Enter",
                    id="summary-note",
                )
            kept = "Finished sets are kept. " if self.workout.keeps_history else ""
            fix = "e corrects the set picked above. " if self.workout.can_correct else ""
            with Center():
                yield Static(f"{kept}{fix}Press q to leave.", id="summary-hint")
        yield Footer()

    def on_mount(self) -> None:
        sets = self.query("#summary-sets")
        if sets:
            chosen = sets.first(OptionList)
            if chosen.option_count:
                chosen.highlighted = chosen.option_count - 1  # the last set is the likeliest
            # The arrow keys pick a set from the start; the summary still opens at its top.
            chosen.focus(scroll_visible=False)

    def _set_options(self) -> list[Option]:
        return [Option(x.describe(), id=repr(tuple(x.key))) for x in self.workout.done_sets()]

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
        for tally in self.workout.counts():
            table.add_row(*_row(tally)[: 2 if narrow else 4])
        return table

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "correct":
            return bool(self.workout.can_correct and self.workout.done_sets())
        return True

    def action_correct(self) -> None:
        from coach.interface.screens.correct import CorrectScreen

        sets = self.workout.done_sets()
        if not sets:
            return
        chosen = self.query_one("#summary-sets", OptionList)
        index = chosen.highlighted if chosen.highlighted is not None else len(sets) - 1
        key = sets[index].key

        def noted(line: str | None) -> None:
            if line:
                self.notify(f"Noted: {line}", timeout=4)
            chosen.clear_options()
            chosen.add_options(self._set_options())
            chosen.highlighted = index
            self.query_one("#summary-table", Static).update(
                self._table(narrow=self.has_class("-narrow"))
            )

        self.app.push_screen(CorrectScreen(self.workout, key), noted)

    def action_leave(self) -> None:
        note = self.focused if isinstance(self.focused, Input) else None
        if note is not None and note.id == "summary-note" and not note.disabled:
            self._keep_note(note)
            return
        self.post_message(self.Leave())

    def _keep_note(self, note: Input) -> None:
        """Enter in the note line keeps it (once); an empty line just moves on."""
        if note.value.strip():
            self.workout.note_session(note.value)
            note.disabled = True
            self.notify("Noted with the session.", timeout=4)
        sets = self.query("#summary-sets")
        if sets:
            sets.first(OptionList).focus()
        else:
            self.set_focus(None)
