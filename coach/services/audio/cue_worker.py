"""One thread that starts cues for a backend whose start may take a while.

Opening a device (simpleaudio) or starting a process (the system player) can take
milliseconds, so the caller only puts the cue on a queue; the worker starts it, unless it
expired meanwhile or the backend has already failed. The first error becomes the
backend's `failure`, which the cue player reads to move on to the next backend.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable

from coach.services.audio.backend import Sound


class CueWorker:
    def __init__(
        self,
        start: Callable[[Sound], None],
        *,
        name: str,
        describe: Callable[[Exception], str],
        clock: Callable[[], float] = time.monotonic,
        housekeeping: Callable[[], None] | None = None,
        housekeeping_every: float | None = None,
    ) -> None:
        """`start` plays one sound (on the worker thread); `describe` turns what it raised
        into the failure's words. `housekeeping`, when given, runs before each start and
        every `housekeeping_every` seconds while the queue is empty."""
        self._start = start
        self._describe = describe
        self._clock = clock
        self._housekeeping = housekeeping
        self._every = housekeeping_every if housekeeping is not None else None
        self._queue: queue.SimpleQueue[tuple[Sound, float] | None] = queue.SimpleQueue()
        self._pending = 0
        self._lock = threading.Lock()
        self._closed = False
        self.failure: str | None = None
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def play(self, sound: Sound, expires: float) -> None:
        if self._closed or not sound.pcm:
            return
        with self._lock:
            self._pending += 1
        self._queue.put((sound, expires))

    def pending(self) -> bool:
        """True while a cue waits on the queue or is being started."""
        with self._lock:
            return self._pending > 0

    def close(self, wait: float) -> None:
        """Stop taking cues and let the thread end (waiting at most `wait` seconds)."""
        if self._closed:
            return
        self._closed = True
        self._queue.put(None)
        self._thread.join(wait)

    def _run(self) -> None:
        while True:
            try:
                item = self._queue.get(timeout=self._every)
            except queue.Empty:
                self._tidy()
                continue
            if item is None:
                return
            sound, expires = item
            try:
                self._tidy()
                if self._clock() <= expires and self.failure is None:
                    self._start(sound)
            except Exception as exc:  # the device or the player, failing its own way
                self.failure = self._describe(exc)
            finally:
                with self._lock:
                    self._pending -= 1

    def _tidy(self) -> None:
        if self._housekeeping is not None:
            self._housekeeping()
