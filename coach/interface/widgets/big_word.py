"""The phase word in big letters: three rows tall, or in the block font when it is given
the height for it (a large terminal, where the count is large too).

LIFT, HOLD, REST and the rest are what a person glances at from across the room, so they
are drawn big. Only the letters the phase words use are drawn; when the widget is too
narrow or too short (one row, in a tiny terminal) for the big letters, the word is
written plainly.
"""

from __future__ import annotations

from textual.app import RenderResult as TextualRenderResult
from textual.content import Content
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


def _drawn(word: str, width: int, height: int) -> list[str]:
    """`word` as big as `width` x `height` allows, centred: each row `width` wide."""
    step = block_font.largest_step(word, width, height) if height >= 5 else 0
    if step:
        rows = block_font.rows(word, step)
    elif height >= 3 and can_draw(word) and big_width(word) <= width:
        rows = big_rows(word)
    elif height >= 3:
        rows = ["", word, ""]
    else:
        rows = [word]
    top = max(0, (height - len(rows)) // 2)
    rows = [""] * top + rows + [""] * max(0, height - top - len(rows))
    lines = []
    for row in rows:
        row = row[:width]
        left = (width - len(row)) // 2
        lines.append(" " * left + row + " " * (width - left - len(row)))
    return lines


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
        # Plain content in the widget's own style (Textual draws it for less than a
        # renderable of Rich's: the word changes every second or two).
        size = self.content_region.size
        return Content("\n".join(_drawn(self._word, size.width, size.height or 3)))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return 3
