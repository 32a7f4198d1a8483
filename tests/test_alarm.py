"""The alarm thread that wakes the workout screen: it calls back on the loop, once."""

from __future__ import annotations

import asyncio
import threading

from coach.interface.alarm import Alarm


async def test_calls_back_on_the_loop_once_and_a_cancelled_moment_never_comes():
    loop = asyncio.get_running_loop()
    calls: list[int] = []
    came = asyncio.Event()

    def woken() -> None:
        calls.append(threading.get_ident())
        came.set()

    alarm = Alarm(loop, woken)
    try:
        alarm.set(0.02)
        alarm.cancel()  # this one must never come...
        alarm.set(0.04)  # ...and this one, later than it would have, must
        await asyncio.wait_for(came.wait(), 5)
        assert calls == [threading.get_ident()]  # once, on the loop's own thread

        came.clear()
        alarm.set(0.5)
        alarm.set(-1)  # replaced by a moment already past: at once
        await asyncio.wait_for(came.wait(), 5)
        assert len(calls) == 2
    finally:
        alarm.close()
    assert not alarm._thread.is_alive()


async def test_cancel_alone_clears_the_pending_moment():
    loop = asyncio.get_running_loop()
    came = asyncio.Event()
    alarm = Alarm(loop, came.set)
    try:
        alarm.set(60)
        assert alarm.pending
        alarm.cancel()
        assert not alarm.pending  # nothing is left for the thread to call back
        alarm.set(-1)  # and the alarm still works after a cancel
        await asyncio.wait_for(came.wait(), 5)
    finally:
        alarm.close()
