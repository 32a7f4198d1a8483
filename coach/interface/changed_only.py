"""Paint only the widgets a change touches.

Textual paints a partial update by drawing every widget whose clip (for most widgets, the
whole screen) meets the box around all the changed regions. On the workout screen that
box runs from the count to the bottom line most seconds, so each second drew all of its
sixteen widgets, header and key bar included, to keep the cells of four or five.

`ChangedOnlyCompositor` draws, for a partial update, only the widgets whose visible part
meets a changed region not already covered by a widget in front: a widget paints every
cell it shows, so the count's container, and the screen behind both, are not drawn when
only the count changed. What reaches the terminal is the same: each cell of a changed
region comes from the frontmost widget there, which is drawn, and the cells of a widget
left out are never written in a partial update (Textual writes only the changed spans).
A full update (a resize, a new screen) draws everything, as before.

It stands on two of Textual's internals (`Compositor._get_renders` and the dirty regions
of `render_partial_update`), pinned by the version range in pyproject.toml.
tests/test_changed_only.py checks each frame of a minute of a session, in a terminal
emulator, against a full paint. Should `Compositor` no longer have `_get_renders`,
`install` leaves the screen with Textual's compositor.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual._compositor import ChopsUpdate, Compositor
from textual.geometry import Region
from textual.screen import Screen
from textual.strip import Strip


class ChangedOnlyCompositor(Compositor):
    """Textual's compositor, drawing only the widgets that meet a changed region."""

    def __init__(self) -> None:
        super().__init__()
        self._changed: list[Region] | None = None

    def render_partial_update(self) -> ChopsUpdate | None:
        self._changed = list(self._dirty_regions)
        try:
            return super().render_partial_update()
        finally:
            self._changed = None

    def _get_renders(
        self, crop: Region | None = None
    ) -> Iterable[tuple[Region, Region, list[Strip]]]:
        changed = self._changed
        if crop is None or not changed:
            yield from super()._get_renders(crop)
            return
        uncovered = list(changed)
        for widget, (region, clip) in self.visible_widgets.items():  # front to back
            shown = region.intersection(clip)
            if not shown.area or not any(shown.overlaps(each) for each in uncovered):
                continue
            within = Region(shown.x - region.x, shown.y - region.y, shown.width, shown.height)
            yield region, clip, widget.render_lines(within)
            # A widget paints every cell it shows: a changed region inside it is whole,
            # and nothing behind it (its container, the screen) is needed there.
            uncovered = [each for each in uncovered if not shown.contains_region(each)]
            if not uncovered:
                return


def install(screen: Screen[Any]) -> None:
    """Give `screen` the compositor above, when Textual's is still the one it knows."""
    current = getattr(screen, "_compositor", None)
    if type(current) is Compositor and hasattr(Compositor, "_get_renders"):
        screen._compositor = ChangedOnlyCompositor()
