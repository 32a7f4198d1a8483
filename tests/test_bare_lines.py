"""The count, the phase word and the bottom line hand Textual finished lines and skip its
styling pass over each line: what they paint is what that pass would have painted, in
every mood, paused, with the app's colour filters on, cropped, and in a stylesheet that
gives them padding and a border (then the pass is not skipped)."""

from __future__ import annotations

from fixtures.appkit import advance, build, settle
from textual.filter import Monochrome
from textual.geometry import Region
from textual.widget import Widget

from coach.interface.widgets.bare import BareLines

SIZE = (100, 30)
BARE = ("#count", "#phase", "#progress")


def _both_ways(widget: BareLines, crop: Region) -> tuple[list[object], list[object]]:
    ours = widget.render_lines(crop)
    widget._styles_cache.clear()  # Textual's pass, from scratch
    textual = Widget.render_lines(widget, crop)
    as_cells = lambda strips: [[(s.text, s.style) for s in strip] for strip in strips]  # noqa: E731
    return as_cells(ours), as_cells(textual)


async def test_lines_painted_bare_are_those_textual_would_paint(clock):
    app = build(clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        compared = 0
        for step, seconds in enumerate([0.5, 3.0, 1.0, 2.0, 4.0, 30.0, 3.0, 1.0, 1.0]):
            await advance(pilot, clock, seconds)
            if step in (7, 8):
                await pilot.press("space")  # paused, then going again
            if step == 4:
                app._filters.append(Monochrome())  # a filter that changes every colour
            for selector in BARE:
                widget = app.screen.query_one(selector, BareLines)
                assert widget.is_bare(), selector
                whole = widget.region.reset_offset
                ours, textual = _both_ways(widget, whole)
                assert ours == textual, (step, selector)
                assert len(ours) == whole.height
                part = Region(2, 0, max(1, whole.width - 5), whole.height)
                assert _both_ways(widget, part)[0] == _both_ways(widget, part)[1]
                compared += 1
        assert compared == 27


async def test_padding_or_a_border_sends_the_lines_through_textuals_pass(clock):
    app = build(clock)
    app.CSS += "#count { padding: 1 2; border: round red; } #phase { opacity: 50%; }"
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await advance(pilot, clock, 3.5)
        for selector in ("#count", "#phase"):
            widget = app.screen.query_one(selector, BareLines)
            assert not widget.is_bare(), selector
            ours, textual = _both_ways(widget, widget.region.reset_offset)
            assert ours == textual, selector
        count = app.screen.query_one("#count", BareLines)
        painted = "".join(s.text for s in count.render_lines(count.region.reset_offset)[0])
        assert painted.startswith("╭") and painted.endswith("╮")  # the border is drawn
