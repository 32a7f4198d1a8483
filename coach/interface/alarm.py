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
import threading
import time
from collections.abc import Callable


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
