"""The workout's keys on one line, with the ones that do nothing right now dimmed; given
more rows (a phone held upright), keys that do not fit go on the next row.

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

    @property
    def keys(self) -> tuple[Key, ...]:
        return self._keys

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
        for key in self._keys:
            words = f" {key.description}"
            size = cell_len(key.display) + cell_len(words)
            line = lines[-1]
            # Given more than one row (a narrow screen), a key that would not fit goes on
            # the next; the last row takes what is left, cut short.
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
        if self._right is not None:
            tail = Text.assemble(
                ("▏", self.get_component_rich_style("key-bar--edge")),
                (self._right.display, key_style),
                (f" {self._right.description}", words_style),
            )
            line = lines[-1]
            if line.cell_len + tail.cell_len >= width and len(lines) < rows:
                line = Text(no_wrap=True, overflow="ellipsis", style=self.rich_style)
                lines.append(line)
            room = width - line.cell_len - tail.cell_len
            if room >= 1:
                start = width - tail.cell_len + 1
                end = start + cell_len(tail.plain) - 1
                self._spans.append((len(lines) - 1, start, end, self._right))
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
