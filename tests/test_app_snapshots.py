"""Pictures of the main screens at 100x30 (the workout also at 60x20, 80x24 and
200x60), with time frozen so they never drift.

Update after an intended change with `pytest tests/test_app_snapshots.py --snapshot-update`
and look at the new SVGs before committing them.
"""

from __future__ import annotations

import pytest
from fixtures.appkit import CorrectingJournal, FakeStarter, advance, build, settle
from test_app_picker import picker_sessions

from coach.interface.screens.summary import SummaryScreen
from coach.interface.widgets.big_count import BigCount
from coach.interface.widgets.key_bar import KeyBar

SIZE = (100, 30)


def snapshot_app(clock, **kwargs):
    # The starter stands in for the history (sets are kept and can be corrected), as the
    # real one does.
    return build(clock, starter=FakeStarter(journal=CorrectingJournal()), **kwargs)


def test_picker(snap_compare, clock):
    app = build(clock, session=None, sessions=picker_sessions())

    async def ready(pilot):
        await settle(pilot)
        await pilot.press("down")

    assert snap_compare(app, terminal_size=SIZE, run_before=ready)


def test_tempo_hold(snap_compare, clock):
    app = snapshot_app(clock)

    async def in_the_hold(pilot):
        await settle(pilot)
        await advance(pilot, clock, 4.5)  # rep 1: LIFT 1 s, then HOLD with 1.5 s left

    assert snap_compare(app, terminal_size=SIZE, run_before=in_the_hold)


COUNT_ROWS: dict[tuple[int, int], int] = {}


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (100, 30), (200, 60)])
def test_workout_at_each_size(snap_compare, clock, size):
    """The count grows with the screen; Quit is always in the key bar."""
    app = snapshot_app(clock)

    async def in_the_hold(pilot):
        await settle(pilot)
        await advance(pilot, clock, 4.5)
        assert "q Quit" in app.screen.query_one(KeyBar).text
        COUNT_ROWS[size] = app.screen.query_one(BigCount).rows

    assert snap_compare(app, terminal_size=size, run_before=in_the_hold)
    smaller = [rows for (w, h), rows in COUNT_ROWS.items() if w < size[0] and h < size[1]]
    assert all(rows <= COUNT_ROWS[size] for rows in smaller), COUNT_ROWS
    if size == (200, 60) and smaller:
        assert COUNT_ROWS[size] > max(smaller), COUNT_ROWS


def test_paused(snap_compare, clock):
    app = snapshot_app(clock)

    async def paused(pilot):
        await settle(pilot)
        await advance(pilot, clock, 4.5)
        await pilot.press("space")
        await advance(pilot, clock, 20)

    assert snap_compare(app, terminal_size=SIZE, run_before=paused)


def test_rest_extended(snap_compare, clock):
    app = snapshot_app(clock)

    async def resting(pilot):
        await settle(pilot)
        await advance(pilot, clock, 11.2)  # set 1 done: the rest begins
        await pilot.press("plus")

    assert snap_compare(app, terminal_size=SIZE, run_before=resting)


def test_interval_work(snap_compare, clock):
    app = snapshot_app(clock)

    async def swinging(pilot):
        await settle(pilot)
        # Skip to the swings: get-ready, set, rest, get-ready, set, rest, get-ready,
        # manual set, rest, get-ready.
        await pilot.press(*["n"] * 10)
        await advance(pilot, clock, 3.4)

    assert snap_compare(app, terminal_size=SIZE, run_before=swinging)


def test_no_color_rest_reads_apart_from_work(snap_compare, clock, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = snapshot_app(clock)

    async def resting(pilot):
        await settle(pilot)
        await advance(pilot, clock, 12)

    assert snap_compare(app, terminal_size=SIZE, run_before=resting)


def test_summary(snap_compare, clock):
    app = snapshot_app(clock)

    async def to_the_end(pilot):
        await settle(pilot)
        await pilot.press("space")  # a break to show in the time taken
        await advance(pilot, clock, 42)
        await pilot.press("space")
        await advance(pilot, clock, 3.0)
        await pilot.press("n")  # set 1 skipped
        for _ in range(200):
            if isinstance(pilot.app.screen, SummaryScreen):
                break
            if pilot.app.workout.current.kind == "manual":
                await advance(pilot, clock, 12)
                await pilot.press("enter")
            else:
                await advance(pilot, clock, 1)
        else:
            pytest.fail("the session never finished")

    assert snap_compare(app, terminal_size=SIZE, run_before=to_the_end)
