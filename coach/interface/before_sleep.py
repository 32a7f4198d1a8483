"""Run a callback when the event loop's thread is about to sleep.

The history's writer is a thread of its own. Handed a set while the loop's thread still
has work to do, it takes Python's lock at that thread's next system call, and the loop's
thread then sleeps once more to get the lock back. Handed the set just as the loop's
thread goes to sleep (in `epoll`), it writes while nothing else wants the lock.

asyncio has no public hook for that moment, so this wraps the `select` of the loop's
selector (every selector event loop has one); a loop without one (another loop
implementation) gets `supported = False`, and the caller hands over at once instead.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Callable
from typing import Any

_HOOKS: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, BeforeSleep] = (
    weakref.WeakKeyDictionary()
)


def before_sleep(loop: asyncio.AbstractEventLoop) -> BeforeSleep:
    """The loop's one hook (made on first use)."""
    hook = _HOOKS.get(loop)
    if hook is None:
        hook = _HOOKS[loop] = BeforeSleep(loop)
    return hook


WAIT_AT_MOST_S = 0.05  # a loop that never sleeps runs what is due by then all the same


class BeforeSleep:
    """`call(fn)`: run `fn` once, just before the loop next waits with a time-out other
    than zero (or none), or at its next look past WAIT_AT_MOST_S; calls made until then
    run in order, each once."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._due: list[Callable[[], None]] = []
        self._since = 0.0  # loop time of the first call still due
        selector = getattr(loop, "_selector", None)
        select = getattr(selector, "select", None)
        self.supported = callable(select)
        if not self.supported:
            return
        self._select: Callable[..., Any] = select  # type: ignore[assignment]
        selector.select = self._select_then_sleep  # type: ignore[union-attr]

    def call(self, callback: Callable[[], None]) -> None:
        if not self.supported:
            self._run([callback])
            return
        if not self._due:
            self._since = self._loop.time()
        self._due.append(callback)

    def _select_then_sleep(self, timeout: float | None = None) -> Any:
        if self._due and (
            timeout is None or timeout > 0 or self._loop.time() - self._since >= WAIT_AT_MOST_S
        ):
            due, self._due = self._due, []
            self._run(due)
        return self._select(timeout)

    def _run(self, due: list[Callable[[], None]]) -> None:
        for callback in due:
            try:
                callback()
            except Exception as exc:  # never into the loop's own select
                self._loop.call_exception_handler(
                    {"message": "a before-sleep callback failed", "exception": exc}
                )
