"""A moment's screen while the sound and the history get ready."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Center, Middle
from textual.screen import Screen
from textual.widgets import Static


class WaitingScreen(Screen[None]):
    def __init__(self, session_name: str) -> None:
        super().__init__()
        self.session_name = session_name

    def compose(self) -> ComposeResult:
        with Middle(), Center():
            yield Static(f"{self.session_name}\n\nGetting ready…", id="waiting")
