"""A one-line bar for how much of the session is behind you."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import RenderResult
from textual.reactive import reactive
from textual.widget import Widget


class ProgressLine(Widget):
    """Fills from the left as `fraction` goes from 0 to 1; as wide as it is given."""

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
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"progress-line--todo"}

    fraction: reactive[float] = reactive(0.0)

    def validate_fraction(self, value: float) -> float:
        return min(1.0, max(0.0, value))

    def show(self, fraction: float) -> None:
        """Set the fraction, but repaint only when a cell more (or less) is filled: the
        screen redraws once a second and the bar moves far more slowly."""
        width = max(1, self.size.width)
        if round(self.validate_fraction(fraction) * width) != round(self.fraction * width):
            self.fraction = fraction

    def render(self) -> RenderResult:
        width = self.size.width
        done = round(self.fraction * width)
        todo_style = self.get_component_rich_style("progress-line--todo")
        line = Text("━" * done, no_wrap=True)
        line.append("━" * (width - done), style=todo_style)
        return line
