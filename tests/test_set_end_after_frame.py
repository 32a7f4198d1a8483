"""At a set's end, the frame goes out before the set is handed to the history's writer,
in the same wake-up. Handed over first, the writer thread took Python's lock from the
screen's thread in the middle of the frame, and that thread slept again to get it back:
a wake-up more at every set's end. The set itself is taken in at once (see
`Journal.hold_writes`: any close writes it)."""

from __future__ import annotations

import asyncio
import signal
from contextlib import asynccontextmanager

from fixtures.appkit import FakeStarter, RecordingJournal, RecordingPlayer, build, settle
from textual.screen import Screen

from coach.interface.before_sleep import before_sleep
from coach.interface.screens.workout import WorkoutScreen

SIZE = (100, 30)


class OrderJournal(RecordingJournal):
    def __init__(self, order: list[str]) -> None:
        super().__init__()
        self.order = order

    def set_finished(self, result) -> None:
        super().set_finished(result)
        self.order.append("set" if not self.holding else "set (held)")

    def hold_writes(self) -> None:
        super().hold_writes()
        self.order.append("hold")

    def release_writes(self) -> None:
        if self.holding:
            self.order.append("release")
        super().release_writes()


@asynccontextmanager
async def workout_on_screen(clock, session: str = "drive", order: list[str] | None = None):  # type: ignore[no-untyped-def]
    """The app on its workout screen, its journal writing down the order of things."""
    order = [] if order is None else order
    starter = FakeStarter(journal=OrderJournal(order))
    app = build(clock, session, starter=starter, player=RecordingPlayer())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, WorkoutScreen)
        yield pilot, screen, starter, order


async def wake_until_a_set_ends(pilot, clock, screen: WorkoutScreen, journal) -> None:
    """Move the clock from wake-up to wake-up, each handed to the screen's own loop as the
    alarm does, until the journal has a set."""
    for _ in range(200):
        if journal.results:
            return
        wake = screen.workout.next_wakeup()
        assert wake is not None
        clock.set(wake)
        screen._woken()
        await pilot.pause()
    raise AssertionError("no set ended")


async def test_a_set_that_ends_on_the_clock_is_handed_over_after_its_frame(clock, monkeypatch):
    order: list[str] = []
    refresh = Screen._compositor_refresh

    def painted(self) -> None:
        order.append("frame")
        refresh(self)

    monkeypatch.setattr(Screen, "_compositor_refresh", painted)
    async with workout_on_screen(clock, order=order) as (pilot, screen, starter, _):
        await wake_until_a_set_ends(pilot, clock, screen, starter.journal)
        assert len(starter.journal.results) == 1
        at = order.index("set (held)")
        assert order[at - 1 : at + 3] == ["hold", "set (held)", "frame", "release"], order
        assert not starter.journal.holding


async def test_a_set_that_ends_without_a_frame_is_handed_over_all_the_same(clock, monkeypatch):
    # Should no frame come (the screen not the one shown), the set is handed over all
    # the same when the thread goes to sleep, not at the next frame.
    async with workout_on_screen(clock) as (pilot, screen, starter, order):
        monkeypatch.setattr(WorkoutScreen, "is_current", property(lambda self: False))
        await wake_until_a_set_ends(pilot, clock, screen, starter.journal)
        assert starter.journal.results
        await pilot.pause()
        after = order[order.index("set (held)") :]
        assert "frame" not in after and "release" in after, order
        assert not starter.journal.holding


async def test_the_last_set_is_handed_over_as_the_workout_ends(clock):
    # The workout screen draws no frame for the last set (the summary comes next): it is
    # handed over as the workout ends.
    async with workout_on_screen(clock, "short") as (pilot, screen, starter, order):
        for _ in range(200):
            wake = screen.workout.next_wakeup()
            if wake is None:
                break
            clock.set(wake)
            screen.tick()  # what the alarm's wake-up runs, here with nothing after it
            if screen.workout.finished:
                assert order[-2:] == ["set (held)", "release"], order
            await pilot.pause()
        assert screen.workout.finished and starter.journal.finished_at is not None
        assert len(starter.journal.results) == 2
        assert not starter.journal.holding


async def test_a_wake_up_that_ends_no_set_holds_nothing_back(clock):
    # Nothing held, nothing to hand over: no timer is left to wake the thread later.
    async with workout_on_screen(clock) as (pilot, screen, starter, _):
        for _ in range(3):  # the get-ready's seconds, and the first rep's start
            wake = screen.workout.next_wakeup()
            assert wake is not None
            clock.set(wake)
            screen.tick()
            assert not starter.journal.results
            assert not starter.journal.holding
            assert not before_sleep(asyncio.get_running_loop())._due
            await pilot.pause()


async def _end_a_set_in_a_tick(pilot, clock, screen: WorkoutScreen, journal) -> None:  # type: ignore[no-untyped-def]
    """Move the clock to the wake-up that ends a set and run it, with nothing after it:
    the set is held, its hand-over still to come."""
    for _ in range(200):
        wake = screen.workout.next_wakeup()
        assert wake is not None
        clock.set(wake)
        screen.tick()
        if journal.results:
            return
        await pilot.pause()
    raise AssertionError("no set ended")


async def test_a_stop_signal_waits_for_a_held_set_to_be_handed_over(clock):
    # A SIGTSTP from outside stops the process in its handler. Right after a set's end
    # on the clock, the set was then still held, and stayed unwritten for as long as the
    # process was stopped (a kill then lost it). Now the stop comes once it is handed over.
    async with workout_on_screen(clock) as (pilot, screen, starter, order):
        app = pilot.app
        app._signal_loop = asyncio.get_running_loop()
        app._tstp_before = lambda signum, frame: order.append("stop")
        await _end_a_set_in_a_tick(pilot, clock, screen, starter.journal)
        assert starter.journal.holding and order[-1] == "set (held)"
        app._suspended(signal.SIGTSTP, None)  # as the signal would, before the loop sleeps
        app._suspended(signal.SIGTSTP, None)  # a second one changes nothing
        assert "stop" not in order
        await pilot.pause()
        assert order[order.index("set (held)") :] == ["set (held)", "release", "stop"], order
        screen.tick()
        assert screen.workout.paused  # from the signal's moment, as before


async def test_a_stop_signal_with_nothing_held_stops_at_once(clock):
    async with workout_on_screen(clock) as (pilot, _screen, _starter, order):
        app = pilot.app
        app._signal_loop = asyncio.get_running_loop()
        app._tstp_before = lambda signum, frame: order.append("stop")
        app._suspended(signal.SIGTSTP, None)
        assert order[-1:] == ["stop"]
