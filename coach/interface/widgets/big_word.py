"""The phase word in big letters: three rows tall, or in the block font when it is given
the height for it (a large terminal, where the count is large too).

LIFT, HOLD, REST and the rest are what a person glances at from across the room, so they
are drawn big. Only the letters the phase words use are drawn; when the widget is too
narrow or too short (one row, in a tiny terminal) for the big letters, the word is
written plainly.
"""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from textual.app import RenderResult as TextualRenderResult
from textual.geometry import Size
from textual.widget import Widget

from coach.interface.widgets import block_font

GAP = 1  # columns between letters

_GLYPHS = {
    "A": ("┏━┓", "┣━┫", "╹ ╹"),
    "C": ("┏━╸", "┃  ", "┗━╸"),
    "D": ("┏━╮", "┃ ┃", "┗━╯"),
    "E": ("┏━╸", "┣━╸", "┗━╸"),
    "F": ("┏━╸", "┣━╸", "╹  "),
    "G": ("┏━╸", "┃╺┓", "┗━┛"),
    "H": ("╻ ╻", "┣━┫", "╹ ╹"),
    "I": ("╺┳╸", " ┃ ", "╺┻╸"),
    "K": ("╻ ╻", "┣┳┛", "╹┗╸"),
    "L": ("╻  ", "┃  ", "┗━╸"),
    "M": ("┏┳┓", "┃╹┃", "╹ ╹"),
    "N": ("┏┓╻", "┃┃┃", "╹┗┛"),
    "O": ("┏━┓", "┃ ┃", "┗━┛"),
    "P": ("┏━┓", "┣━┛", "╹  "),
    "R": ("┏━┓", "┣┳┛", "╹┗╸"),
    "S": ("┏━╸", "┗━┓", "╺━┛"),
    "T": ("╺┳╸", " ┃ ", " ╹ "),
    "U": ("╻ ╻", "┃ ┃", "┗━┛"),
    "W": ("╻ ╻", "┃┃┃", "┗┻┛"),
    "Y": ("╻ ╻", "┗┳┛", " ╹ "),
    " ": ("  ", "  ", "  "),
}


def can_draw(word: str) -> bool:
    return all(ch in _GLYPHS for ch in word)


def big_width(word: str) -> int:
    return sum(len(_GLYPHS[ch][0]) for ch in word) + GAP * max(0, len(word) - 1)


def big_rows(word: str) -> list[str]:
    """The three rows of `word` in big letters."""
    rows = ["", "", ""]
    for n, ch in enumerate(word):
        for r in range(3):
            rows[r] += (" " * GAP if n else "") + _GLYPHS[ch][r]
    return rows


class _BigText:
    def __init__(self, word: str, style: Style) -> None:
        self.word = word
        self.style = style

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        height = options.height or 3
        step = block_font.largest_step(self.word, width, height) if height >= 5 else 0
        if step:
            rows = block_font.rows(self.word, step)
        elif height >= 3 and can_draw(self.word) and big_width(self.word) <= width:
            rows = big_rows(self.word)
        elif height >= 3:
            rows = ["", self.word, ""]
        else:
            rows = [self.word]
        top = max(0, (height - len(rows)) // 2)
        rows = [""] * top + rows + [""] * max(0, height - top - len(rows))
        for row in rows:
            row = row[:width]
            left = (width - len(row)) // 2
            yield Segment(" " * left + row + " " * (width - left - len(row)), self.style)
            yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        width = big_width(self.word) if can_draw(self.word) else len(self.word)
        return Measurement(width, width)


class BigWord(Widget):
    """A word (capitals and spaces) three rows tall, centred."""

    DEFAULT_CSS = """
    BigWord {
        width: 1fr;
        height: 3;
    }
    """

    def __init__(self, word: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._word = word

    @property
    def word(self) -> str:
        return self._word

    def update(self, word: str) -> None:
        if word != self._word:
            self._word = word
            self.refresh()

    def render(self) -> TextualRenderResult:
        return _BigText(self._word, self.rich_style)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return 3
