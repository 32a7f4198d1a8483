"""The count, as large as the space it is given (three rows when that is all it has)."""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from textual.app import RenderResult as TextualRenderResult
from textual.renderables.digits import Digits as DigitsRenderable
from textual.widgets import Digits

from coach.interface.widgets.stretch import fit_scale, stretch


class _Scaled:
    def __init__(self, text: str, style: Style, height: int) -> None:
        self.text = text
        self.style = style
        self.height = height

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        rows: list[str] = [""]
        for segment in DigitsRenderable(self.text).render(self.style):
            if segment.text == "\n":
                rows.append("")
            else:
                rows[-1] += segment.text
        drawn = max((len(r) for r in rows[:3]), default=0)
        rows = [r.ljust(drawn) for r in rows[:3]]
        rows = stretch(rows, fit_scale(drawn, 3, width, self.height))
        top = max(0, (self.height - len(rows)) // 2)
        blank = " " * width
        lines = [blank] * top + rows + [blank] * max(0, self.height - top - len(rows))
        for row in lines[: max(self.height, 3)]:
            row = row[:width]
            left = (width - len(row)) // 2
            yield Segment(" " * left + row + " " * (width - left - len(row)), self.style)
            yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        width = DigitsRenderable.get_width(self.text)
        return Measurement(width, options.max_width)


class BigCount(Digits):
    """Textual's `Digits`, centred, and scaled up to fill its height and width."""

    def render(self) -> TextualRenderResult:
        height = self.content_size.height
        if height <= 3:
            return super().render()  # the usual three rows
        return _Scaled(self.value, self.rich_style, height)
