"""A line that normally shows a name and, for a few seconds, a warning instead.

The workout's warnings (no sound here, a sound device that stopped, a set the history
could not write yet) go in the header rather than in a toast: a toast sits over the
count, which in a small terminal is most of the screen. Warnings that come together are
shown one after the other.
"""

from __future__ import annotations

from collections import deque

from textual.message import Message
from textual.timer import Timer
from textual.widgets import Static

SHOW_FOR_S = 10.0


class Notice(Static):
    class Changed(Message):
        """A warning started (`showing`) or stopped being shown."""

        def __init__(self, showing: bool) -> None:
            super().__init__()
            self.showing = showing

    def __init__(
        self,
        default: str,
        *,
        waiting: list[str] | None = None,
        seconds: float = SHOW_FOR_S,
        id: str | None = None,
    ) -> None:
        super().__init__(default, id=id, markup=False)
        self.default = default
        self.seconds = seconds
        self._queue: deque[str] = deque(waiting or [])
        self._timer: Timer | None = None
        self.message = ""  # the warning shown now, or ""

    def on_mount(self) -> None:
        self._next()

    def show(self, message: str) -> None:
        """Show `message` for a while (after any warning already showing)."""
        self._queue.append(message)
        if self._timer is None:
            self._next()

    def _next(self) -> None:
        self._timer = None
        if self._queue:
            self.message = self._queue.popleft()
            self.update(self.message)
            self.add_class("-notice")
            self._timer = self.set_timer(self.seconds, self._next)
            self.post_message(self.Changed(True))
        elif self.message:
            self.message = ""
            self.update(self.default)
            self.remove_class("-notice")
            self.post_message(self.Changed(False))
