"""Make box-drawn letters and digits bigger: each cell becomes a k-by-k block.

The glyphs of the big phase word and the count are drawn with box-drawing characters
three rows tall. Scaled up, each character keeps its place in the middle of its block
and its strokes carry on to the block's edges (a "━" arm becomes a run of "━", a "┃"
arm a column of "┃"), so the shapes stay joined at any size.
"""

from __future__ import annotations

import unicodedata
from functools import cache

HORIZONTAL = {"heavy": "━", "double": "═", "light": "─"}
VERTICAL = {"heavy": "┃", "double": "║", "light": "│"}


@cache
def _arms(char: str) -> tuple[frozenset[str], str]:
    """Which sides a box-drawing character reaches, and its line weight."""
    name = unicodedata.name(char, "")
    if not name.startswith("BOX DRAWINGS"):
        return frozenset(), "light"
    words = set(name.split())
    arms = set(words & {"UP", "DOWN", "LEFT", "RIGHT"})
    if "HORIZONTAL" in words:
        arms |= {"LEFT", "RIGHT"}
    if "VERTICAL" in words:
        arms |= {"UP", "DOWN"}
    weight = "heavy" if "HEAVY" in words else "double" if "DOUBLE" in words else "light"
    return frozenset(arms), weight


def stretch(rows: list[str], k: int) -> list[str]:
    """`rows` (of equal width) k times wider and k times taller."""
    if k <= 1:
        return rows
    middle = k // 2
    out: list[str] = []
    for row in rows:
        block = [[" "] * (len(row) * k) for _ in range(k)]
        for x, char in enumerate(row):
            arms, weight = _arms(char)
            left = x * k
            block[middle][left + middle] = char
            for i in range(k):
                if (i < middle and "LEFT" in arms) or (i > middle and "RIGHT" in arms):
                    block[middle][left + i] = HORIZONTAL[weight]
                if (i < middle and "UP" in arms) or (i > middle and "DOWN" in arms):
                    block[i][left + middle] = VERTICAL[weight]
        out += ["".join(line) for line in block]
    return out


def fit_scale(width: int, height: int, room_width: int, room_height: int) -> int:
    """The largest k that fits a width-by-height drawing k times over into the room."""
    if width <= 0 or height <= 0:
        return 1
    return max(1, min(room_width // width, room_height // height))
