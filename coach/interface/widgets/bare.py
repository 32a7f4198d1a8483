"""Widgets that hand Textual their lines finished.

The count, the phase word and the bottom line are painted every second. Each draws its
own lines, every one exactly the widget's width, in the widget's own colours; none has
padding, a border, an outline, a tint, a hatch or any transparency. For such a widget
Textual's styling pass over each line changes nothing, and it was most of what painting
the count cost: it is skipped, and only the app's line filters (the colour conversions a
terminal may need) are applied, as Textual applies them. Given any of those styles (a
stylesheet may add one), the widget's lines go through Textual's pass as usual.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget


class BareLines(Widget):
    """A widget whose lines are `lines()`: as many as its height, each its width."""

    def lines(self) -> Sequence[Strip]:
        raise NotImplementedError

    def render_line(self, y: int) -> Strip:
        lines = self.lines()
        if 0 <= y < len(lines):
            return lines[y]
        return Strip.blank(self.size.width, self.visual_style.rich_style)

    def is_bare(self) -> bool:
        """True when Textual's styling pass would leave every line as it is."""
        styles = self.styles
        return (
            not any(styles.gutter)
            and not any(edge for edge, _ in styles.outline)
            and not styles.tint.a
            and styles.text_opacity == 1.0
            and not (styles.has_rule("hatch") and styles.hatch != "none")
            and self.opacity == 1.0
        )

    def render_lines(self, crop: Region) -> list[Strip]:
        if not self.is_bare():
            return super().render_lines(crop)
        lines = self.lines()
        if crop.bottom <= len(lines):
            strips = list(lines[crop.y : crop.bottom])
        else:
            strips = [self.render_line(y) for y in crop.line_range]
        filters = self.get_line_filters()
        if filters:
            _, background = self.background_colors
            for f in filters:
                strips = [strip.apply_filter(f, background) for strip in strips]
        if crop.column_span != (0, self.size.width):
            x1, x2 = crop.column_span
            strips = [strip.crop(x1, x2) for strip in strips]
        return strips
