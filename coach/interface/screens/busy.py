"""Asked when another coach is training this session's run right now: a separate run,
or wait for it to end?"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class BusyScreen(ModalScreen[str]):
    """Dismisses with "separate", "wait" or "leave"."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "answer('separate')", "Separate run"),
        Binding("w", "answer('wait')", "Wait"),
        Binding("escape,q", "answer('leave')", "Leave"),
    ]

    def __init__(self, offer: str) -> None:
        super().__init__()
        self.offer = offer

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="-resume"):
            yield Static("This session is being trained right now", id="question")
            yield Static(
                f"There is {self.offer}. Two coaches cannot write one run: start a "
                "separate run (both are kept), or wait until the other one ends.",
                id="reassurance",
                markup=False,
            )
            with Horizontal(id="choices"):
                yield Button("Separate run (s)", id="separate", variant="primary")
                yield Button("Wait (w)", id="wait")

    def on_mount(self) -> None:
        self.query_one("#separate", Button).focus()

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id or "leave")

    def action_answer(self, choice: str) -> None:
        self.dismiss(choice)
