"""A font of lit pixels, five tall, drawn in full blocks at any whole size.

Each pixel is drawn `step` rows tall and twice as many columns wide, which is about
square in a terminal, so the same letters serve a 5-row count and a 35-row one. Only the
characters the count and the phase words use are here.
"""

from __future__ import annotations

ROWS = 5
GAP = 1  # pixels between characters

# "#" is lit.
_PIXELS: dict[str, tuple[str, ...]] = {
    "0": ("###", "# #", "# #", "# #", "###"),
    "1": (" # ", "## ", " # ", " # ", "###"),
    "2": ("###", "  #", "###", "#  ", "###"),
    "3": ("###", "  #", " ##", "  #", "###"),
    "4": ("# #", "# #", "###", "  #", "  #"),
    "5": ("###", "#  ", "###", "  #", "###"),
    "6": ("###", "#  ", "###", "# #", "###"),
    "7": ("###", "  #", "  #", "  #", "  #"),
    "8": ("###", "# #", "###", "# #", "###"),
    "9": ("###", "# #", "###", "  #", "###"),
    ":": (" ", "#", " ", "#", " "),
    "-": ("   ", "   ", "###", "   ", "   "),
    " ": ("  ", "  ", "  ", "  ", "  "),
    "A": (" # ", "# #", "###", "# #", "# #"),
    "C": ("###", "#  ", "#  ", "#  ", "###"),
    "D": ("## ", "# #", "# #", "# #", "## "),
    "E": ("###", "#  ", "## ", "#  ", "###"),
    "F": ("###", "#  ", "## ", "#  ", "#  "),
    "G": ("###", "#  ", "# #", "# #", "###"),
    "H": ("# #", "# #", "###", "# #", "# #"),
    "I": ("###", " # ", " # ", " # ", "###"),
    "K": ("# #", "# #", "## ", "# #", "# #"),
    "L": ("#  ", "#  ", "#  ", "#  ", "###"),
    "M": ("#   #", "## ##", "# # #", "#   #", "#   #"),
    "N": ("#  #", "## #", "# ##", "#  #", "#  #"),
    "O": ("###", "# #", "# #", "# #", "###"),
    "P": ("###", "# #", "###", "#  ", "#  "),
    "R": ("## ", "# #", "## ", "# #", "# #"),
    "S": ("###", "#  ", "###", "  #", "###"),
    "T": ("###", " # ", " # ", " # ", " # "),
    "U": ("# #", "# #", "# #", "# #", "###"),
    "W": ("#   #", "#   #", "# # #", "## ##", "#   #"),
    "Y": ("# #", "# #", " # ", " # ", " # "),
}


def can_draw(text: str) -> bool:
    return bool(text) and all(ch in _PIXELS for ch in text)


def width(text: str, step: int) -> int:
    """Columns `text` takes at `step` (rows per pixel)."""
    pixels = sum(len(_PIXELS[ch][0]) for ch in text) + GAP * max(0, len(text) - 1)
    return pixels * 2 * step


def rows(text: str, step: int) -> list[str]:
    """The `ROWS * step` rows of `text`."""
    drawn: list[str] = []
    for r in range(ROWS):
        line = ""
        for n, ch in enumerate(text):
            if n:
                line += " " * (GAP * 2 * step)
            line += "".join(("█" if px == "#" else " ") * (2 * step) for px in _PIXELS[ch][r])
        drawn.extend([line] * step)
    return drawn


def largest_step(text: str, columns: int, lines: int) -> int:
    """The largest step at which `text` fits in `columns` x `lines`; 0 if none does."""
    if not can_draw(text):
        return 0
    step = lines // ROWS
    while step >= 1 and width(text, step) > columns:
        step -= 1
    return step
