"""After a set, while its rest runs: what was really done, if not the plan.

As in every dialog, the left button is what Escape does (keep the plan).
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from coach.domain.runner import SetResult
from coach.interface.live import LiveRun


class CorrectScreen(ModalScreen[str | None]):
    """Dismisses with the line now recorded, or None when left as it was."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "leave", "Keep as planned")]

    def __init__(self, live: LiveRun, result: SetResult) -> None:
        super().__init__()
        self.live = live
        self.result = result

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="-correct"):
            yield Static("What did you do?", id="question")
            yield Static(self.live.describe(self.result), id="recorded", markup=False)
            yield Input(placeholder="8, or 8 @ 57.5 kg, or @60", id="typed")
            yield Static(
                "Enter saves it; Escape keeps the plan. The rest goes on meanwhile.",
                id="problem",
                markup=False,
            )
            with Horizontal(id="choices"):
                yield Button("Keep the plan (Esc)", id="keep")
                yield Button("Save (Enter)", id="save", variant="primary")

    @on(Input.Submitted, "#typed")
    def submitted(self, event: Input.Submitted) -> None:
        self._save(event.value)

    @on(Button.Pressed, "#save")
    def save(self) -> None:
        self._save(self.query_one("#typed", Input).value)

    @on(Button.Pressed, "#keep")
    def keep(self) -> None:
        self.dismiss(None)

    def _save(self, typed: str) -> None:
        from coach.services.journal import CorrectionError

        try:
            noted = self.live.correct(typed, self.result)
        except (CorrectionError, LookupError) as exc:
            self.query_one("#problem", Static).update(str(exc))
            self.query_one("#problem").add_class("-error")
            return
        self.dismiss(noted)

    def action_leave(self) -> None:
        self.dismiss(None)
