"""A backend that writes down what was played and when, for benchmarks and tests.

recorder = RecordingBackend()                 # or RecordingBackend(inner=real_backend)
player = CuePlayer(recorder, load_sounds(0.8))
...
recorder.events  # [("go", 12.003), ("tick", 13.001), ...] in time.monotonic() seconds
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from coach.services.audio.backend import Backend, Sound


class RecordingBackend:
    """Records `(cue name, clock())` for each cue handed to it, then passes it on (if asked)."""

    name = "recording"

    def __init__(
        self, inner: Backend | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.inner = inner
        self.detail = f"recording, then {inner.name}" if inner else "recording only"
        self.events: list[tuple[str, float]] = []
        self._clock = clock
        self._lock = threading.Lock()

    @property
    def cues(self) -> list[str]:
        with self._lock:
            return [name for name, _ in self.events]

    @property
    def failure(self) -> str | None:
        return self.inner.failure if self.inner else None

    def play(self, sound: Sound, expires: float) -> None:
        with self._lock:
            self.events.append((sound.name, self._clock()))
        if self.inner is not None:
            self.inner.play(sound, expires)

    def busy(self) -> bool:
        return self.inner.busy() if self.inner else False

    def close(self) -> None:
        if self.inner is not None:
            self.inner.close()
