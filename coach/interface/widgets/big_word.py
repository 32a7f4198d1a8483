"""The phase word in big letters: three rows tall, or in the block font when it is given
the height for it (a large terminal, where the count is large too).

LIFT, HOLD, REST and the rest are what a person glances at from across the room, so they
are drawn big. Only the letters the phase words use are drawn; when the widget is too
narrow or too short (one row, in a tiny terminal) for the big letters, the word is
written plainly. The lines of each word are kept (`centred`) and painted again from there.
"""

from __future__ import annotations

from functools import lru_cache

from rich.style import Style
from textual.geometry import Size
from textual.strip import Strip

from coach.interface.widgets import block_font
from coach.interface.widgets.bare import BareLines
from coach.interface.widgets.centred import KEPT, centred_lines

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


def word_rows(word: str, width: int, height: int) -> list[str]:
    """`word` as big as fits in `width` x `height`: the block font at the largest step
    that fits, else three rows of capitals, else the word itself (in the middle row of
    three when there are three)."""
    step = block_font.largest_step(word, width, height) if height >= 5 else 0
    if step:
        return block_font.rows(word, step)
    if height >= 3 and can_draw(word) and big_width(word) <= width:
        return big_rows(word)
    if height >= 3:
        return ["", word, ""]
    return [word]


@lru_cache(maxsize=KEPT)
def drawn(word: str, width: int, height: int, style: Style) -> tuple[Strip, ...]:
    """The widget's lines showing `word` at this size."""
    return centred_lines(tuple(word_rows(word, width, height)), width, height, style)


class BigWord(BareLines):
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

    def lines(self) -> tuple[Strip, ...]:
        width, height = self.size
        return drawn(self._word, width, height, self.visual_style.rich_style)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return 3
