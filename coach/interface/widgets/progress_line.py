"""The session's bottom line: a bar for how much of it is behind you, and its times.

The bar and the times ("12:30 done · 8:05 to go") are one widget: the times change every
second, and one widget a second is painted rather than two and the row that held them.
Its one line is put together from three pieces of text, not laid out as content.
"""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from textual.strip import Strip

from coach.interface.widgets.bare import BareLines


class ProgressLine(BareLines):
    """A bar that fills from the left as the fraction goes from 0 to 1, then the times.
    The bar takes the width the times leave."""

    DEFAULT_CSS = """
    ProgressLine {
        width: 1fr;
        height: 1;
        color: $primary;
        background: $surface;
    }
    ProgressLine > .progress-line--todo {
        color: $foreground 20%;
    }
    ProgressLine > .progress-line--times {
        color: $foreground;
        background: $background;
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"progress-line--todo", "progress-line--times"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._fraction = 0.0
        self._times = ""

    @property
    def times(self) -> str:
        return self._times

    def show(self, fraction: float, times: str) -> None:
        """Set both; repaint only when the times change or a cell more (or less) of the
        bar is filled (the bar moves far more slowly than the clock)."""
        fraction = min(1.0, max(0.0, fraction))
        bar = self._bar_width(times)
        if times != self._times or round(fraction * bar) != round(self._fraction * bar):
            self.refresh()
        self._fraction = fraction
        self._times = times

    def _bar_width(self, times: str) -> int:
        return max(0, self.size.width - cell_len(times))

    def lines(self) -> tuple[Strip, ...]:
        width = self.size.width
        if width <= 0:
            return (Strip.blank(0),)
        bar = self._bar_width(self._times)
        done = round(self._fraction * bar)
        pieces = (
            ("━" * done, self.visual_style),
            ("━" * (bar - done), self.get_visual_style("progress-line--todo")),
            (self._times, self.get_visual_style("progress-line--times")),
        )
        line = [Segment(text, style.rich_style) for text, style in pieces if text]
        return (Strip(line).crop_extend(0, width, self.visual_style.rich_style),)
