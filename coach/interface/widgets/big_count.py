"""The count, as big as the room it is given.

The count is what a person reads from across the room, so it takes whatever the panel has
left: one plain line in a tiny terminal, Textual's three-row digits in a small one, and
in a larger one a block font that grows by whole steps (each step five rows taller) up
to the biggest that fits (`block_font`). The size is chosen for the widest usual count
("0:00"), so it stays put as the count runs from 1:00 to 59; only a count wider than
that (10:00 and more) can make it a step smaller.

The lines of each value are kept (`centred`): a value shown again is painted from them.
"""

from __future__ import annotations

from functools import lru_cache

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.renderables.digits import Digits as DigitsFont
from textual.strip import Strip

from coach.interface.widgets import block_font
from coach.interface.widgets.bare import BareLines
from coach.interface.widgets.centred import KEPT, centred_lines

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


@lru_cache(maxsize=KEPT)
def drawn(text: str, width: int, height: int, style: Style) -> tuple[int, tuple[Strip, ...]]:
    """How many rows `text` takes at this size, and the widget's lines showing it."""
    rows = rows_for(text, width, height)
    return len(rows), centred_lines(tuple(rows), width, height, style)


class BigCount(BareLines):
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
        self._rows = 1

    @property
    def value(self) -> str:
        return self._value

    @property
    def rows(self) -> int:
        """How many rows tall the count was last drawn: 1, 3, or a multiple of 5."""
        return self._rows

    def update(self, value: str) -> None:
        if value != self._value:
            self._value = value
            self.refresh()

    def lines(self) -> tuple[Strip, ...]:
        width, height = self.size
        self._rows, lines = drawn(self._value, width, height, self.visual_style.rich_style)
        return lines

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self._rows
