"""Rows of text centred in a widget's content area, as the lines Textual paints.

The count and the phase word show the same few values again and again (every rest counts
down through the same seconds), so each keeps the lines drawn for a value (`KEPT` of
them) and paints them again as they are: drawing them through Rich each second was most
of what a second of the workout cost to paint. What a value's lines depend on is all in
the key: the value, the width and height they are centred in, and the style.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

KEPT = 256  # values kept: a session's counts, times and phase words, at two sizes


def centred_lines(
    rows: tuple[str, ...], width: int, height: int, style: Style
) -> tuple[Strip, ...]:
    """`height` lines `width` cells wide: `rows` in the middle (each centred, cut to the
    width), blank lines above and below, all in `style`."""
    if width <= 0:
        return tuple(Strip([], 0) for _ in range(max(0, height)))
    blank = Strip([Segment(" " * width, style)], width)
    top = max(0, (height - len(rows)) // 2)
    lines: list[Strip] = []
    for n in range(max(0, height)):
        r = n - top
        if 0 <= r < len(rows):
            row = rows[r][:width]
            left = (width - len(row)) // 2
            text = " " * left + row + " " * (width - left - len(row))
            lines.append(Strip([Segment(text, style)], width))
        else:
            lines.append(blank)
    return tuple(lines)
