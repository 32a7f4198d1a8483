"""What was really done in one set: reps, load, or both. Opened during the set's rest
(and closed with it), or from the summary for any set of the run.

As in every dialog, the left button is what Escape does (keep it as it is).
"""

from __future__ import annotations

from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from coach.domain.records import SetKey
from coach.services.workout import Workout


class CorrectScreen(ModalScreen[str | None]):
    """Dismisses with the line now recorded, or None when left as it was. A load far
    from the plan is asked about: the same text again keeps it."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "leave", "Keep it")]

    def __init__(self, workout: Workout, key: SetKey) -> None:
        super().__init__()
        self.workout = workout
        self.key = key
        self._asked: str | None = None  # text whose load was asked about

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="-correct"):
            yield Static("What did you do?", id="question")
            yield Static(self.workout.describe(self.key), id="recorded", markup=False)
            yield Input(placeholder="8, or 8 @ 57.5 kg, or @60", id="typed")
            yield Static(
                "Enter saves it; Escape keeps it as it is.",
                id="problem",
                markup=False,
            )
            with Horizontal(id="choices"):
                yield Button("Keep it (Esc)", id="keep")
                yield Button("Save (Enter)", id="save", variant="primary")

    def typed(self) -> str:
        """What is typed in it and not yet saved ("" for nothing)."""
        try:
            return self.query_one("#typed", Input).value.strip()
        except Exception:  # not composed yet, or already taken down
            return ""

    def on_resize(self, event: events.Resize) -> None:
        # Under 30 rows the buttons go (Enter and Escape say the same), and the dialog
        # shrinks to 8 rows: the count of the rest that runs meanwhile stays in sight.
        self.set_class(event.size.height < 30, "-short")

    def _problem(self, text: str) -> None:
        problem = self.query_one("#problem", Static)
        problem.update(text)
        problem.add_class("-error")

    @on(Input.Submitted, "#typed")
    def submitted(self, event: Input.Submitted) -> None:
        self._save(event.value)

    @on(Button.Pressed, "#save")
    def save(self) -> None:
        self._save(self.query_one("#typed", Input).value)

    @on(Button.Pressed, "#keep")
    def keep(self) -> None:
        self.dismiss(None)

    def _save(self, text: str) -> None:
        from coach.domain.corrections import CorrectionError
        from coach.services.workout import NeedsConfirmation, NothingToCorrect

        try:
            noted = self.workout.correct(text, self.key, confirmed=self._asked == text)
        except NeedsConfirmation as exc:
            self._asked = text
            self._problem(f"{exc}. Enter again keeps it; or change it.")
            return
        except (CorrectionError, NothingToCorrect) as exc:
            self._problem(str(exc))
            return
        self.dismiss(noted)

    def action_leave(self) -> None:
        self.dismiss(None)
