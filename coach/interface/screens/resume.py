"""Asked when the session has a run that stopped part-way: carry on, or start over?

Escape starts over, the answer that changes nothing already kept: the unfinished run
stays in the history as it was, and today's sets go into a run of their own rather than
into one from another day. As in every dialog, the left button is what Escape does.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class ResumeScreen(ModalScreen[bool]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,c", "answer(True)", "Carry on"),
        Binding("n,s,escape", "answer(False)", "Start over"),
    ]

    def __init__(self, offer: str) -> None:
        super().__init__()
        self.offer = offer

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="-resume"):
            yield Static("Carry on where you stopped?", id="question")
            yield Static(
                f"There is {self.offer}. Carry on from the first set not done, or start "
                "the session over (the sets already done stay in your history).",
                id="reassurance",
                markup=False,
            )
            with Horizontal(id="choices"):
                yield Button("Start over (n)", id="start-over")
                yield Button("Carry on (y)", id="carry-on", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#carry-on", Button).focus()

    @on(Button.Pressed, "#carry-on")
    def carry_on(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#start-over")
    def start_over(self) -> None:
        self.dismiss(False)

    def action_answer(self, resume: bool) -> None:
        self.dismiss(resume)
