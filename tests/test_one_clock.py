"""One clock on the workout screen: the big count, "done" and "to go" move at the same
instant and agree in between, at fractional moments too; and the screen redraws at the
next visible change, not on a fixed beat."""

from __future__ import annotations

import asyncio
import itertools

import pytest
from fixtures.appkit import build, fixture_session, settle, shown

from coach.domain.runner import Runner
from coach.domain.timeline import compile_timeline
from coach.interface.screens.workout import WorkoutScreen
from coach.interface.wording import clock_face

SIZE = (100, 30)


def _seconds(text: str) -> int:
    parts = [int(p) for p in text.split(":")]
    value = 0
    for part in parts:
        value = value * 60 + part
    return value


def _times(app) -> tuple[int, int]:
    """("  0:07 done · 2:15 to go") -> (7, 135)."""
    done, _, to_go = shown(app, "#progress").strip().partition(" · ")
    return _seconds(done.split()[0]), _seconds(to_go.split()[-3])


async def _walk(app, pilot, clock, seconds: float, step: float) -> list[tuple[int, str, str]]:
    seen = []
    for _ in range(round(seconds / step)):
        clock.advance(step)
        app.tick()
        await pilot.pause()
        seen.append((app.workout.current.index, shown(app, "#count"), shown(app, "#progress")))
    return seen


def _moves_alone(seen: list[tuple[int, str, str]]) -> list[tuple[int, str, str]]:
    """The moments the times line changed while the count and the segment did not."""
    return [
        now
        for before, now in itertools.pairwise(seen)
        if now[2] != before[2] and now[:2] == before[:2]
    ]


async def test_the_count_and_the_times_line_move_together_at_fractional_moments(clock):
    app = build(clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        total = app.workout.timeline.total_seconds
        seen = []
        for _ in range(120):  # the get-ready and the first reps, a tenth of a second apart
            clock.advance(0.1)
            app.tick()
            await pilot.pause()
            done, to_go = _times(app)
            # "done" and "to go" are read at one moment: they add up to the whole.
            assert done + to_go == total, (clock.now, shown(app, "#progress"))
            seen.append((app.workout.current.index, shown(app, "#count"), shown(app, "#progress")))
        assert _moves_alone(seen) == []


async def test_after_a_skip_at_a_fractional_moment_the_times_still_follow_the_count(clock):
    app = build(clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        clock.advance(4.37)  # into the first set, between two whole seconds
        app.tick()
        await pilot.pause()
        await pilot.press("n")  # to the rest, which now starts 0.37 s past a whole second
        assert shown(app, "#phase") == "REST"
        seen = await _walk(app, pilot, clock, 6.0, 0.1)
        assert _moves_alone(seen) == []
        counts = [int(count) for _, count, _ in seen]
        to_go = [_seconds(times.strip().partition(" · ")[2].split()[-3]) for _, _, times in seen]
        # Within the rest, "to go" is the count plus what follows it: one number apart.
        assert len({t - c for c, t in zip(counts, to_go, strict=True)}) == 1


def test_the_clock_face_counts_whole_seconds_from_one_moment(clock):
    timeline = compile_timeline(fixture_session())
    runner = Runner(timeline, clock)
    runner.start()
    total = timeline.total_seconds
    for moment in (0.0, 0.01, 0.3, 0.5, 0.7, 0.99, 1.0, 1.5, 2.2, 2.999):
        clock.set(runner.started_at + moment)
        face = clock_face(runner.view())
        assert face.count == str(3 - int(moment)), moment  # a 3 s get-ready, rounded up
        shown_to_go = _seconds(face.to_go)
        assert _seconds(face.done) + shown_to_go == total, moment
        assert face.next_change == pytest.approx(1 - (moment % 1)), moment
    runner.pause()
    assert clock_face(runner.view()).next_change is None  # paused: nothing will move


async def test_the_next_redraw_is_the_next_visible_change(clock):
    app = build(clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # start now, then skip the set: a 20 s rest
        await pilot.press("n")
        assert shown(app, "#phase") == "REST"
        loop = asyncio.get_running_loop()
        clock.advance(5.3)
        before = loop.time()
        app.tick()
        after = loop.time()
        screen = app.screen
        assert isinstance(screen, WorkoutScreen)
        call = screen._redraw_call
        assert call is not None
        # Set during the tick for 0.7 s on: the next whole second of the count, not the
        # next tenth of a second.
        assert call.when() - after <= 0.7 + 1e-6
        assert call.when() - before >= 0.7 - 1e-6
        await pilot.pause()
        await pilot.press("space")  # paused: nothing moves, nothing is redrawn
        assert screen._redraw_call is None
