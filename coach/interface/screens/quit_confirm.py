"""Asked before leaving a workout: the clocks stand still while the person decides.

As in every dialog, the left button is what Escape does (keep going).
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class QuitScreen(ModalScreen[bool]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,q", "answer(True)", "Stop"),
        Binding("n,escape", "answer(False)", "Keep going"),
    ]

    def __init__(self, keeps_history: bool) -> None:
        super().__init__()
        self.keeps_history = keeps_history

    def compose(self) -> ComposeResult:
        kept = "Every finished set is already kept. " if self.keeps_history else ""
        with Vertical(id="dialog"):
            yield Static("Stop the workout?", id="question")
            yield Static(f"{kept}The workout is paused while you decide.", id="reassurance")
            with Horizontal(id="choices"):
                yield Button("Keep going (n)", id="keep", variant="primary")
                yield Button("Stop (y)", id="stop", variant="error")

    def on_mount(self) -> None:
        self.query_one("#keep", Button).focus()

    @on(Button.Pressed, "#stop")
    def stop(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#keep")
    def keep(self) -> None:
        self.dismiss(False)

    def action_answer(self, stop: bool) -> None:
        self.dismiss(stop)
