"""Send the terminal only the cells that changed, as curses does.

Textual repaints a whole widget when any of it changes: a count going from 2 to 1 sends
every row of the big digits, spaces and all, and a border blink sends the border twice.
`CellDiff` keeps what the terminal shows (one character and one style per cell), reads
each update Textual writes (cursor moves, SGR styles and text: the whole of what its
compositor emits) and returns only the cells that differ, each run styled as Textual
would have styled it. What reaches the screen is the same; the bytes are a fraction.

Whatever it cannot read (any other escape sequence) goes out as it came, and every cell
is then taken as unknown, so the next update is written in full. A resize or a return
from suspension does the same through `forget()`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from itertools import repeat

from rich.cells import get_character_cell_size

Cell = tuple[str, str]  # the character (empty for the right half of a wide one), its SGR
UNKNOWN: None = None

# What Textual's compositor writes: cursor moves, SGR, line feeds, text. Anything else
# that starts with ESC (or is a control character) is not understood.
_TOKEN = re.compile(r"\x1b\[(\d+);(\d+)H|\x1b\[([0-9;:]*)m|(\n)|([\x00-\x09\x0b-\x1f\x7f])")
_NARROW = {chr(code) for code in range(0x20, 0x7F)}
"""Characters known to take one cell (printable ASCII, and each one met since)."""
MERGE_GAP = 4
"""Unchanged cells between two changed runs of a row that are sent again rather than
moving the cursor over them (a move costs about as much as four plain cells)."""


class CellDiff:
    """What the terminal shows, and the least that brings it to each new update."""

    def __init__(self) -> None:
        self.width = 0
        self.height = 0
        self._rows: list[list[Cell | None]] = []

    def fit(self, width: int, height: int) -> None:
        """A terminal of this size; a new size forgets everything on the old one."""
        if (width, height) != (self.width, self.height):
            self.width, self.height = width, height
            self.forget()

    def forget(self) -> None:
        """Nothing on the terminal is known any more (it was cleared, resized or left)."""
        self._rows = [[UNKNOWN] * self.width for _ in range(self.height)]

    def update(self, written: str) -> str:
        """The terminal sequence that brings the screen where `written` would; "" when
        nothing would change. `written` is what Textual would have sent."""
        changed = self._apply(written)
        if changed is None:  # not understood: sent as it is, and nothing is known after
            self.forget()
            return written
        return "".join(self._render(changed))

    def _apply(self, written: str) -> dict[int, list[int]] | None:
        """Take `written` into the cells; which cells of each row changed (None: it held
        something this does not read, or wrote outside the screen)."""
        width, height = self.width, self.height
        changed: dict[int, set[int]] = {}
        x = y = 0
        sgr = ""
        at = 0
        for token in _TOKEN.finditer(written):
            text = written[at : token.start()]
            at = token.end()
            if text:
                x = self._put(text, x, y, sgr, changed)
                if x < 0:
                    return None
            row, column, params, newline, control = token.groups()
            if row is not None:
                y, x = int(row) - 1, int(column) - 1
                if not (0 <= y < height and 0 <= x <= width):
                    return None
            elif params is not None:
                # Textual ends each styled run with a reset; styles given one after
                # another without one add up.
                sgr = "" if params in ("", "0") else (f"{sgr};{params}" if sgr else params)
            elif newline is not None:
                y, x = y + 1, 0
            elif control is not None:
                return None
        text = written[at:]
        if text and self._put(text, x, y, sgr, changed) < 0:
            return None
        return {row: sorted(columns) for row, columns in changed.items()}

    def _put(self, text: str, x: int, y: int, sgr: str, changed: dict[int, set[int]]) -> int:
        """Write `text` from (x, y); the column after it, or -1 when it leaves the screen
        or the text holds an escape this does not read."""
        if not 0 <= y < self.height or "\x1b" in text:
            return -1
        row = self._rows[y]
        width = self.width
        marks = changed.setdefault(y, set())
        end = x + len(text)
        if end <= width and _NARROW.issuperset(text):
            # One cell a character: most of what Textual repaints is what the terminal
            # already shows, and a whole run is compared at once.
            cells = list(zip(text, repeat(sgr)))
            if row[x:end] != cells:
                for at, cell in enumerate(cells, x):
                    old = row[at]  # (read afresh: a write can unknow its neighbour)
                    if old == cell:
                        continue
                    if old is None or old[0] in _NARROW:  # nothing wide to take apart
                        row[at] = cell
                        marks.add(at)
                    else:
                        _set(row, at, cell, marks)
            return end
        for char in text:
            size = 1 if " " <= char < "\x7f" else get_character_cell_size(char)
            if size == 0:  # a combining mark joins the cell before it
                if x == 0 or row[x - 1] is None:
                    return -1
                before = row[x - 1]
                assert before is not None
                row[x - 1] = (before[0] + char, before[1])
                marks.add(x - 1)
                continue
            if x + size > width:
                return -1
            if size == 1:
                _NARROW.add(char)
            _set(row, x, (char, sgr), marks)
            if size == 2:
                _set(row, x + 1, ("", sgr), marks)
            x += size
        return x

    def _render(self, changed: dict[int, list[int]]) -> Iterator[str]:
        """The changed runs. A style is set only where it differs from the one before
        (a cursor move keeps it), and reset once at the end, as Textual leaves it."""
        style = ""
        at: tuple[int, int] | None = None  # where the cursor is after a run
        for y, columns in sorted(changed.items()):
            row = self._rows[y]
            known = [x for x in columns if row[x] is not None]
            for start, end in _runs(known, row):
                if start >= end:
                    continue
                if at is not None and at[0] == y and at[1] < start:
                    step = start - at[1]  # further along the same row: a shorter move
                    yield "\x1b[C" if step == 1 else f"\x1b[{step}C"
                else:
                    yield f"\x1b[{y + 1};{start + 1}H"
                # (at the last column the cursor waits to wrap: place the next run afresh)
                at = (y, end) if end < self.width else None
                for text, sgr in _stretches(row, start, end):
                    if sgr != style:
                        yield f"\x1b[{_change(style, sgr)}m"
                        style = sgr
                    yield text
        if style:
            yield "\x1b[0m"


# SGR attributes and the code that turns each off (some share one: 22 ends bold and dim).
_OFF = {"1": "22", "2": "22", "3": "23", "4": "24", "21": "24", "5": "25", "6": "25",
        "7": "27", "8": "28", "9": "29", "51": "54", "52": "54", "53": "55"}  # fmt: skip
_COLOURS = {"38": "39", "48": "49", "58": "59"}  # foreground, background, underline


def _parse(sgr: str) -> tuple[set[str], dict[str, str]] | None:
    """An SGR's attributes and colours (None: something this does not know)."""
    attributes: set[str] = set()
    colours: dict[str, str] = {}
    params = sgr.split(";") if sgr else []
    at = 0
    while at < len(params):
        code = params[at]
        if code in _OFF:
            attributes.add(code)
            at += 1
        elif code in _COLOURS and at + 2 < len(params) and params[at + 1] == "5":
            colours[code] = ";".join(params[at : at + 3])
            at += 3
        elif code in _COLOURS and at + 4 < len(params) and params[at + 1] == "2":
            colours[code] = ";".join(params[at : at + 5])
            at += 5
        elif code.isdigit() and (30 <= int(code) <= 37 or 90 <= int(code) <= 97):
            colours["38"] = code
            at += 1
        elif code.isdigit() and (40 <= int(code) <= 47 or 100 <= int(code) <= 107):
            colours["48"] = code
            at += 1
        else:
            return None
    return attributes, colours


@lru_cache(maxsize=512)  # a screen has a few dozen styles, met again every second
def _change(old: str, new: str) -> str:
    """The SGR parameters that take the terminal from style `old` to style `new`: what
    differs, or a reset and all of `new`, whichever is shorter."""
    if not new:
        return "0"
    whole = f"0;{new}" if old else new
    before, after = _parse(old), _parse(new)
    if before is None or after is None:
        return whole
    (had, old_colours), (has, new_colours) = before, after
    offs = {_OFF[a] for a in had - has}
    ons = [a for a in sorted(has) if a not in had or _OFF[a] in offs]  # re-set what an off ended
    codes = sorted(offs) + ons
    for kind, default in _COLOURS.items():
        if old_colours.get(kind) != new_colours.get(kind):
            codes.append(new_colours.get(kind, default))
    delta = ";".join(codes)
    return delta if len(delta) < len(whole) else whole


def _set(row: list[Cell | None], x: int, cell: Cell, marks: set[int]) -> None:
    """One cell written. Writing over half of a wide character leaves its other half in
    a state terminals do not agree on (xterm blanks it), so that half becomes unknown."""
    old = row[x]
    if old == cell:
        return
    if old is not None:
        if old[0] == "" and cell[0] != "" and x > 0:
            row[x - 1] = UNKNOWN  # the left half of the wide character that was here
        elif old[0] and x + 1 < len(row) and (after := row[x + 1]) is not None and not after[0]:
            row[x + 1] = UNKNOWN  # its right half
    row[x] = cell
    marks.add(x)


def _runs(columns: list[int], row: list[Cell | None]) -> Iterator[tuple[int, int]]:
    """Changed columns as runs [start, end), joined over short gaps of known cells, never
    starting on the right half of a wide character nor ending inside one."""
    start = end = -1
    for x in columns:
        if x < end:
            continue
        if x == end or (start >= 0 and x - end <= MERGE_GAP and None not in row[end:x]):
            end = x + 1
        else:
            if start >= 0:
                yield start, end
            start, end = x, x + 1
        while (cell := row[start]) is not None and cell[0] == "":  # a wide character's right half
            if start > 0 and row[start - 1] is not None:
                start -= 1  # written from its left half
            else:
                start += 1  # (never the case in what Textual writes) nothing to write there
                break
        while end < len(row) and (cell := row[end]) is not None and cell[0] == "":
            end += 1
    if start >= 0:
        yield start, end


def _stretches(row: list[Cell | None], start: int, end: int) -> Iterator[tuple[str, str]]:
    """Cells start..end as text, one piece per stretch of one style."""
    text: list[str] = []
    style = ""
    for x in range(start, end):
        cell = row[x]
        assert cell is not None
        char, sgr = cell
        if sgr != style and text:
            yield "".join(text), style
            text = []
        style = sgr
        text.append(char)
    if text:
        yield "".join(text), style
