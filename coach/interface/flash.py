"""A cue seen as well as heard: the workout panel's border blinks.

The blink is an inline style on the panel's top and bottom edges (on its sides when a
short terminal hides those), and only those edges are repainted: no class changes (those
restyle everything inside the panel), no layout (each edge keeps its place; an edge the
layout hides stays hidden), and not the panel's inside either (the big count is most of
the screen). Ending the blink drops the inline edges and the mood's border shows again.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

from textual.color import Color
from textual.geometry import Region
from textual.timer import Timer
from textual.widget import Widget

FLASH_S = 0.15  # the shortest blink
LONGEST_S = 1.2  # without a redraw to end it (the workout paused at that moment)
EDGES = ("border_top", "border_bottom")  # two long bars: seen from across a room
SIDES = ("border_left", "border_right")  # where a short terminal hides the bars
LINE = "thick"  # blocks: a change of shape as well as of colour, for NO_COLOR terminals


class BorderFlash:
    """Blinks one widget's border; a blink asked for during one is part of it."""

    def __init__(
        self, seconds: float = LONGEST_S, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.seconds = seconds
        self.clock = clock
        self._lit: Widget | None = None
        self._since = 0.0
        self._edges: tuple[str, ...] = ()
        self._timer: Timer | None = None

    @property
    def lit(self) -> bool:
        return self._lit is not None

    def __call__(self, widget: Widget, colour: str) -> None:
        if self._lit is widget:
            return
        self.end()
        styles = widget.styles
        inline = styles.inline
        # A hidden edge stays hidden: showing it would move the layout.
        lit = [edge for edge in EDGES if getattr(styles, edge)[0]]
        if not lit:
            lit = [edge for edge in SIDES if getattr(styles, edge)[0]]
        for edge in lit:
            # Set on the inline rules (through `styles` it would repaint it all).
            inline.set_rule(edge, (LINE, Color.parse(colour)))
        self._lit, self._edges, self._since = widget, tuple(lit), self.clock()
        _repaint_edges(widget, self._edges)
        self._timer = widget.set_timer(self.seconds, self.end, name="flash")

    def end_with_redraw(self) -> None:
        """The screen is redrawing for its next change (the count's next second): a blink
        shown long enough ends with it, in the same wake-up, rather than on a timer of
        its own."""
        if self._lit is not None and self.clock() - self._since >= FLASH_S:
            self.end()

    def end(self) -> None:
        widget, self._lit = self._lit, None
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if widget is None:
            return
        inline = widget.styles.inline
        for edge in self._edges:
            inline.clear_rule(edge)  # (through `styles` it would ask for a layout)
        _repaint_edges(widget, self._edges)


def _repaint_edges(widget: Widget, edges: tuple[str, ...]) -> None:
    """Repaint the cells of a widget's border edges alone."""
    width, height = widget.outer_size
    if not edges or not width or not height:
        return
    left, top = widget.content_offset  # refresh's regions are relative to the content
    strips = {
        "border_top": Region(0, 0, width, 1),
        "border_bottom": Region(0, height - 1, width, 1),
        "border_left": Region(0, 0, 1, height),
        "border_right": Region(width - 1, 0, 1, height),
    }
    widget.refresh(*(strips[edge].translate((-left, -top)) for edge in edges))


def write_after_exit(text: str, stream: TextIO | None = None) -> None:
    """An escape sequence written once the app has given the terminal back (the app
    writes its screen to stderr; that is where the terminal is)."""
    out = stream if stream is not None else sys.__stderr__
    try:
        if out is not None and out.isatty():
            out.write(text)
            out.flush()
    except (OSError, ValueError):
        pass
