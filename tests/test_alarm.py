"""The alarms that wake the workout screen (the kernel's timerfd where there is one, else
a thread): each calls back on the loop, once."""

from __future__ import annotations

import asyncio
import os
import sys
import threading

import pytest

from coach.interface.alarm import Alarm, KernelAlarm, make_alarm

KINDS = [Alarm, KernelAlarm] if sys.platform.startswith("linux") else [Alarm]


def closed(alarm: Alarm | KernelAlarm) -> bool:
    if isinstance(alarm, Alarm):
        return not alarm._thread.is_alive()
    return alarm._fd == -1


@pytest.mark.parametrize("kind", KINDS)
async def test_calls_back_on_the_loop_once_and_a_cancelled_moment_never_comes(kind):
    loop = asyncio.get_running_loop()
    calls: list[int] = []
    came = asyncio.Event()

    def woken() -> None:
        calls.append(threading.get_ident())
        came.set()

    alarm = kind(loop, woken)
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
    assert closed(alarm)


@pytest.mark.parametrize("kind", KINDS)
async def test_cancel_alone_clears_the_pending_moment(kind):
    loop = asyncio.get_running_loop()
    came = asyncio.Event()
    alarm = kind(loop, came.set)
    try:
        alarm.set(60)
        assert alarm.pending
        alarm.cancel()
        assert not alarm.pending  # nothing is left for the thread to call back
        alarm.set(-1)  # and the alarm still works after a cancel
        await asyncio.wait_for(came.wait(), 5)
    finally:
        alarm.close()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="timerfd is Linux's")
async def test_on_linux_the_kernel_wakes_the_loop_and_no_thread_is_started():
    loop = asyncio.get_running_loop()
    before = threading.active_count()
    alarm = make_alarm(loop, lambda: None)
    try:
        assert isinstance(alarm, KernelAlarm)
        assert threading.active_count() == before
        alarm.set(0.01)
        expired = alarm._fd
    finally:
        alarm.close()
    with pytest.raises(OSError):
        os.fstat(expired)  # its descriptor is given back


async def test_a_moment_that_expired_but_was_cancelled_before_the_loop_looked_never_comes():
    loop = asyncio.get_running_loop()
    came: list[int] = []
    alarm = make_alarm(loop, lambda: came.append(1))
    try:
        alarm.set(-1)  # expired already...
        alarm.cancel()  # ...but cancelled before the loop ran its callback
        await asyncio.sleep(0.05)
        assert came == []
    finally:
        alarm.close()
