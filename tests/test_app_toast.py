"""A note on the workout screen ("Noted: ...", a warning) never covers the count, and
stands above the bottom line so the times stay in sight too, an upright phone's screen
included; in a tiny terminal the only room above it is the count's, so there the note
covers the times instead."""

from __future__ import annotations

import pytest
from fixtures.appkit import advance, build, settle


def _rows(app) -> list[str]:  # type: ignore[no-untyped-def]
    return ["".join(s.text for s in strip) for strip in app.screen._compositor.render_strips()]


@pytest.mark.parametrize(
    ("size", "times_shown"),
    [
        ((100, 30), True),
        ((80, 24), True),
        ((60, 20), True),
        ((50, 40), True),  # an upright phone: three rows of keys
        ((70, 16), False),  # tiny
        ((40, 12), False),
    ],
)
async def test_a_note_leaves_the_count_and_the_times_in_sight(clock, size, times_shown):
    app = build(clock)
    async with app.run_test(size=size, notifications=True) as pilot:  # toasts are drawn
        await settle(pilot)
        await advance(pilot, clock, 15.5)
        times = app.screen.query_one("#progress").times.strip()
        count = app.screen.query_one("#count").region
        before = _rows(app)
        assert any(times in row for row in before)
        app.notify("Noted: hip thrust, set 1: 6 reps", timeout=60)
        await pilot.pause()  # the toast is mounted, then laid out
        await pilot.pause()
        rows = _rows(app)
        assert any("Noted:" in row for row in rows), size  # the note is up
        for y in count.line_range:  # every cell of the count as it was
            assert rows[y][count.x : count.right] == before[y][count.x : count.right], y
        assert any(times in row for row in rows) == times_shown, (size, rows[-6:])
