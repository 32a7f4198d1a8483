"""A note on the workout screen ("Noted: ...", a warning) stands above the bottom line:
the times stay in sight while it is up, at every size, an upright phone's included."""

from __future__ import annotations

import pytest
from fixtures.appkit import advance, build, settle


def _rows(app) -> list[str]:  # type: ignore[no-untyped-def]
    return ["".join(s.text for s in strip) for strip in app.screen._compositor.render_strips()]


@pytest.mark.parametrize("size", [(100, 30), (80, 24), (60, 20), (70, 16), (50, 40)])
async def test_a_note_leaves_the_times_in_sight(clock, size):
    app = build(clock)
    async with app.run_test(size=size, notifications=True) as pilot:  # toasts are drawn
        await settle(pilot)
        await advance(pilot, clock, 5.5)
        times = app.screen.query_one("#progress").times.strip()
        assert any(times in row for row in _rows(app))
        app.notify("Noted: hip thrust, set 1: 6 reps", timeout=60)
        await pilot.pause()  # the toast is mounted, then laid out
        await pilot.pause()
        rows = _rows(app)
        assert any("Noted: hip thrust" in row for row in rows), size  # the note is up
        assert any(times in row for row in rows), (size, rows[-6:])  # and the times too
