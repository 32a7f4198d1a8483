"""The count, as big as the room it is given.

The count is what a person reads from across the room, so it takes whatever the panel has
left: one plain line in a tiny terminal, Textual's three-row digits in a small one, and
in a larger one a block font that grows by whole steps (each step five rows taller) up
to the biggest that fits (`block_font`). The size is chosen for the widest usual count
("0:00"), so it stays put as the count runs from 1:00 to 59; only a count wider than
that (10:00 and more) can make it a step smaller.
"""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from textual.app import RenderResult as TextualRenderResult
from textual.geometry import Size
from textual.renderables.digits import Digits as DigitsFont
from textual.widget import Widget

from coach.interface.widgets import block_font

REFERENCE = "0:00"  # the widest count most phases show: the size is chosen for it


def digit_rows(text: str) -> list[str]:
    """`text` in Textual's three-row digits."""
    rows = [""]
    for piece in DigitsFont(text).render(Style(bold=True)):
        assert isinstance(piece, Segment)  # the digits are drawn as plain segments
        if piece.text == "\n":
            rows.append("")
        else:
            rows[-1] += piece.text
    return rows[:3]


def rows_for(text: str, width: int, height: int) -> list[str]:
    """`text` drawn as big as fits in `width` x `height`: the block font at the largest
    step that fits (chosen for `REFERENCE`, smaller if `text` is wider), else three-row
    digits, else the text itself."""
    if block_font.can_draw(text):
        for_reference = width // block_font.width(REFERENCE, 1)
        step = min(block_font.largest_step(text, width, height), for_reference)
        if step >= 1:
            return block_font.rows(text, step)
    if height >= 3 and DigitsFont.get_width(text) <= width:
        return digit_rows(text)
    return [text]


class _Drawn:
    def __init__(self, rows: list[str], style: Style) -> None:
        self.rows = rows
        self.style = style

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        height = options.height or len(self.rows)
        top = max(0, (height - len(self.rows)) // 2)
        blank = Segment(" " * width, self.style)
        for n in range(height):
            r = n - top
            if 0 <= r < len(self.rows):
                row = self.rows[r][:width]
                left = (width - len(row)) // 2
                yield Segment(" " * left + row + " " * (width - left - len(row)), self.style)
            else:
                yield blank
            yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        width = max((len(row) for row in self.rows), default=0)
        return Measurement(width, width)


class BigCount(Widget):
    """A count ("42", "1:30") drawn as big as the widget's size allows, centred."""

    DEFAULT_CSS = """
    BigCount {
        width: 1fr;
        height: 1fr;
        min-height: 1;
    }
    """

    def __init__(self, value: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._value = value
        self._rows: list[str] = [value]

    @property
    def value(self) -> str:
        return self._value

    @property
    def rows(self) -> int:
        """How many rows tall the count was last drawn: 1, 3, or a multiple of 5."""
        return len(self._rows)

    def update(self, value: str) -> None:
        if value != self._value:
            self._value = value
            self.refresh()

    def render(self) -> TextualRenderResult:
        size = self.content_region.size
        self._rows = rows_for(self._value, size.width, size.height)
        return _Drawn(self._rows, self.rich_style)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._rows)
