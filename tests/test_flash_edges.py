"""A cue's blink repaints the panel's border and nothing inside it: the big count is
most of the screen, and repainting it with every cue tripled what the terminal was sent."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from coach.interface.flash import BorderFlash


class Panel(App[None]):
    CSS = "#panel { border: round green; padding: 1 2; height: 12; } "

    def compose(self) -> ComposeResult:
        with Vertical(id="panel"):
            yield Static("42", id="inside")


async def test_a_blink_repaints_the_border_edges_alone() -> None:
    app = Panel()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        panel = app.query_one("#panel")
        width, height = panel.outer_size
        flash = BorderFlash(seconds=60)
        for step in ("lit", "ended"):
            panel._dirty_regions.clear()
            if step == "lit":
                flash(panel, "red")
                assert panel.styles.border_top[0] == "thick"
            else:
                flash.end()
                assert panel.styles.border_top[0] == "round"
            dirty = list(panel._dirty_regions)
            assert dirty, step
            # Each dirty strip is one row or one column: an edge, not the inside.
            assert all(r.width == 1 or r.height == 1 for r in dirty), (step, dirty)
            covered = {(r.x, r.y, r.width, r.height) for r in dirty}
            assert (0, 0, width, 1) in covered and (0, height - 1, width, 1) in covered, step
