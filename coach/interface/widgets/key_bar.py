"""The workout's keys on one line, with the ones that do nothing right now dimmed; given
more rows (a phone held upright), keys that do not fit go on the next row.

The line always fits its width and always keeps Quit: when the full words do not fit,
the short ones are used; when those do not fit either, keys are left out, those that do
nothing right now first, then the least needed, and the command palette's key (which
reaches every action) is labelled "more".

Textual's Footer builds a widget per key and rebuilds them all whenever the keys on offer
change, which on the workout screen is at every get-ready, manual set and rest: measured,
that was a third of the screen's CPU. This bar is one widget of fixed size; a change of
keys is one repaint and never a layout pass. It looks like the compact Footer, and a
click on a key presses it.
"""

from __future__ import annotations

from typing import ClassVar, NamedTuple

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.app import RenderResult
from textual.widget import Widget


class Key(NamedTuple):
    key: str  # what `simulate_key` presses
    display: str  # what the bar shows: "space", "⏎", "+"
    description: str
    enabled: bool
    short: str = ""  # a shorter description for narrow bars ("Go" for "Done/Go")
    rank: int = 0  # 0: always shown; among the others, the highest is left out first


def _words(key: Key, short: bool) -> str:
    return (key.short or key.description) if short else key.description


def _width(keys: list[Key], short: bool) -> int:
    """Cells the keys take, a space between each."""
    return sum(cell_len(k.display) + 1 + cell_len(_words(k, short)) + 1 for k in keys) - 1


def fit(keys: list[Key], width: int, tail: int) -> tuple[list[Key], bool]:
    """The keys that fit in `width` cells beside a right-hand part `tail` cells wide
    (0 for none), and whether to use their short words. Keys of rank 0 are never left
    out; of the others, those disabled go first, then the highest rank."""
    room = width - (tail + 2 if tail else 0)  # a space after the keys, one before the tail
    if _width(keys, short=False) <= room:
        return keys, False
    kept = list(keys)
    droppable = sorted(
        (k for k in keys if k.rank),
        key=lambda k: (k.enabled, -k.rank),
    )
    while _width(kept, short=True) > room and droppable:
        kept.remove(droppable.pop(0))
    return kept, True


class KeyBar(Widget):
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        width: 1fr;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
    }
    KeyBar > .key-bar--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    KeyBar > .key-bar--description {
        color: $footer-description-foreground;
        background: $footer-description-background;
    }
    KeyBar > .key-bar--off {
        text-style: dim;
    }
    KeyBar > .key-bar--edge {
        color: $foreground 20%;
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "key-bar--key",
        "key-bar--description",
        "key-bar--off",
        "key-bar--edge",
    }

    def __init__(self, *, right: Key | None = None, id: str | None = None) -> None:
        super().__init__(id=id)
        self._keys: tuple[Key, ...] = ()
        self._right = right  # kept at the right-hand end: the command palette
        self._spans: list[tuple[int, int, int, Key]] = []  # row, from, to, key
        self._shown: tuple[Key, ...] = ()

    @property
    def keys(self) -> tuple[Key, ...]:
        return self._keys

    @property
    def shown(self) -> tuple[Key, ...]:
        """The keys in the bar as last drawn (fewer than `keys` when it is narrow)."""
        return self._shown

    @property
    def text(self) -> str:
        """The bar as last drawn, as plain text."""
        return str(self.render())

    def show(self, keys: list[Key]) -> None:
        """Show these keys; repaints only when something about them changed."""
        wanted = tuple(keys)
        if wanted != self._keys:
            self._keys = wanted
            self.refresh()

    def render(self) -> RenderResult:
        key_style = self.get_component_rich_style("key-bar--key")
        words_style = self.get_component_rich_style("key-bar--description")
        off_style = self.get_component_rich_style("key-bar--off", partial=True)
        width, rows = self.size.width, max(1, self.size.height)
        lines = [Text(no_wrap=True, overflow="ellipsis", style=self.rich_style)]
        self._spans = []
        right = self._right
        if rows > 1:
            # A bar given more than one row (an upright phone) has room for every key,
            # in its full words: a key that would not fit goes on the next row.
            kept, short = list(self._keys), False
        elif right is not None:
            full = 1 + cell_len(right.display) + 1 + cell_len(right.description)
            kept, short = fit(list(self._keys), width, full)
            if len(kept) < len(self._keys):
                # Some keys are left out: the palette is where they are.
                right = right._replace(description=right.short or right.description)
            tail_width = 1 + cell_len(right.display) + 1 + cell_len(right.description)
            kept, short = fit(list(self._keys), width, tail_width)
            if _width(kept, short) + 2 + tail_width > width:
                right = None  # too narrow for both: Quit matters more than the palette
                kept, short = fit(list(self._keys), width, 0)
        else:
            kept, short = fit(list(self._keys), width, 0)
        self._shown = tuple(kept)
        for key in kept:
            words = f" {_words(key, short)}"
            size = cell_len(key.display) + cell_len(words)
            line = lines[-1]
            if line.cell_len and line.cell_len + size > width and len(lines) < rows:
                line = Text(no_wrap=True, overflow="ellipsis", style=self.rich_style)
                lines.append(line)
            start = line.cell_len
            style = (key_style + off_style, words_style + off_style)
            if key.enabled:
                style = (key_style, words_style)
            line.append(key.display, style[0])
            line.append(words, style[1])
            self._spans.append((len(lines) - 1, start, line.cell_len, key))
            line.append(" ")
        if right is not None:
            tail = Text.assemble(
                ("▏", self.get_component_rich_style("key-bar--edge")),
                (right.display, key_style),
                (f" {right.description}", words_style),
            )
            line = lines[-1]
            if line.cell_len + tail.cell_len >= width and len(lines) < rows:
                line = Text(no_wrap=True, overflow="ellipsis", style=self.rich_style)
                lines.append(line)
            room = width - line.cell_len - tail.cell_len
            if room >= 1:
                start = width - tail.cell_len + 1
                end = start + cell_len(tail.plain) - 1
                self._spans.append((len(lines) - 1, start, end, right))
                line.append(" " * room)
                line.append_text(tail)
        return Text("\n", no_wrap=True).join(lines) if len(lines) > 1 else lines[0]

    def key_at(self, x: int, y: int = 0) -> Key | None:
        return next(
            (key for row, start, end, key in self._spans if row == y and start <= x < end),
            None,
        )

    def on_click(self, event: events.Click) -> None:
        key = self.key_at(event.x, event.y)
        if key is None:
            return
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()
