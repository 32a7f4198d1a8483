"""Wake the event loop at a moment, to a fraction of a millisecond.

The event loop's own timers wait in `epoll`, whose timeout is whole milliseconds rounded
up: a wake-up lands on average half a millisecond late and up to a whole one. For the
cues that count a set, that was the largest share of their lateness. An alarm thread
waits on a condition instead (its timeout is kept to the microsecond) and, when the moment
comes, hands the callback to the loop through `call_soon_threadsafe`, which wakes `epoll`
at once. The thread only sleeps and hands over: everything else stays on the loop.
"""

from __future__ import annotations

import asyncio
import ctypes
import os
import sys
import threading
import time
from collections.abc import Callable
from functools import cache


class Alarm:
    """One pending moment at a time; `set` replaces it, `cancel` clears it."""

    def __init__(self, loop: asyncio.AbstractEventLoop, callback: Callable[[], None]) -> None:
        self._loop = loop
        self._callback = callback
        self._changed = threading.Condition()
        self._when: float | None = None  # time.monotonic()
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="coach-alarm", daemon=True)
        self._thread.start()

    def set(self, delay: float) -> None:
        """Call back in `delay` seconds (at once if it is 0 or less)."""
        with self._changed:
            self._when = time.monotonic() + max(0.0, delay)
            self._changed.notify()

    @property
    def pending(self) -> bool:
        """True while a moment is set and has not yet been handed to the loop."""
        with self._changed:
            return self._when is not None

    def cancel(self) -> None:
        with self._changed:
            self._when = None
            self._changed.notify()

    def close(self, wait: float = 1.0) -> None:
        """Stop the thread; wait up to `wait` seconds for it (0 from the event loop)."""
        with self._changed:
            self._closed = True
            self._when = None
            self._changed.notify()
        if wait > 0:
            self._thread.join(wait)

    def _run(self) -> None:
        with self._changed:
            while not self._closed:
                if self._when is None:
                    self._changed.wait()
                    continue
                left = self._when - time.monotonic()
                if left > 0:
                    self._changed.wait(left)
                    continue
                self._when = None
                try:
                    self._loop.call_soon_threadsafe(self._callback)
                except RuntimeError:  # the loop has closed: nobody is left to wake
                    return


class KernelAlarm:
    """The same, with no thread: a Linux timerfd the loop watches. The kernel wakes `epoll`
    at the moment to the microsecond, so nothing else holds the interpreter when the loop
    wakes (the alarm thread, handing the moment over, sometimes still did, and the loop's
    thread then slept a second time waiting for it)."""

    def __init__(self, loop: asyncio.AbstractEventLoop, callback: Callable[[], None]) -> None:
        self._loop = loop
        self._callback = callback
        self._when: float | None = None
        timerfd = _timerfd()
        if timerfd is None:
            raise OSError("no timerfd here")
        self._timerfd = timerfd
        self._fd = timerfd.create()
        try:
            loop.add_reader(self._fd, self._ready)
        except BaseException:  # (a loop that cannot watch a fd): nothing is left open
            os.close(self._fd)
            raise

    def set(self, delay: float) -> None:
        """Call back in `delay` seconds (at once if it is 0 or less)."""
        now = time.monotonic()
        self._when = now + max(0.0, delay)
        # An absolute moment already past expires at once (zero would disarm instead).
        self._timerfd.arm(self._fd, max(self._when, 1e-6))

    @property
    def pending(self) -> bool:
        return self._when is not None

    def cancel(self) -> None:
        self._when = None
        self._timerfd.arm(self._fd, 0.0)
        self._timerfd.drain(self._fd)  # an expiry not yet handed over never comes

    def close(self, wait: float = 1.0) -> None:
        if self._fd < 0:
            return
        self._when = None
        self._loop.remove_reader(self._fd)
        os.close(self._fd)
        self._fd = -1

    def _ready(self) -> None:
        if not self._timerfd.drain(self._fd) or self._when is None:
            return
        self._when = None
        self._callback()


class _TimerFd:
    """timerfd_create and timerfd_settime from the C library (Linux)."""

    CLOCK_MONOTONIC = 1  # the clock of time.monotonic() on Linux
    TFD_TIMER_ABSTIME = 1
    FLAGS = os.O_NONBLOCK | os.O_CLOEXEC  # TFD_NONBLOCK, TFD_CLOEXEC

    def __init__(self) -> None:
        libc = ctypes.CDLL(None, use_errno=True)
        self._create = libc.timerfd_create
        self._settime = libc.timerfd_settime

    def create(self) -> int:
        fd = int(self._create(self.CLOCK_MONOTONIC, self.FLAGS))
        if fd < 0:
            raise OSError(ctypes.get_errno(), "timerfd_create failed")
        return fd

    def arm(self, fd: int, when: float) -> None:
        """Expire at monotonic time `when` (0: disarm)."""
        seconds = int(when)
        value = _ItimerSpec(_TimeSpec(0, 0), _TimeSpec(seconds, int((when - seconds) * 1e9)))
        flags = self.TFD_TIMER_ABSTIME if when else 0
        if self._settime(fd, flags, ctypes.byref(value), None) != 0:
            raise OSError(ctypes.get_errno(), "timerfd_settime failed")

    @staticmethod
    def drain(fd: int) -> bool:
        """Take an expiry off the fd; False when there was none."""
        try:
            return len(os.read(fd, 8)) == 8
        except BlockingIOError:
            return False


class _TimeSpec(ctypes.Structure):
    _fields_ = [("tv_sec", ctypes.c_long), ("tv_nsec", ctypes.c_long)]


class _ItimerSpec(ctypes.Structure):
    _fields_ = [("it_interval", _TimeSpec), ("it_value", _TimeSpec)]


@cache
def _timerfd() -> _TimerFd | None:
    """The C library's timerfd, looked up once, when a workout first needs an alarm."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        loaded = _TimerFd()
        os.close(loaded.create())
    except (OSError, AttributeError):
        return None
    return loaded


def make_alarm(
    loop: asyncio.AbstractEventLoop, callback: Callable[[], None]
) -> Alarm | KernelAlarm:
    """A KernelAlarm where the kernel has timerfd and the loop can watch it, else the
    alarm thread."""
    try:
        return KernelAlarm(loop, callback)
    except (OSError, NotImplementedError):  # no timerfd, or a loop that cannot watch a fd
        return Alarm(loop, callback)
