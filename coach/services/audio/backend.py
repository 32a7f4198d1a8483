"""What every audio backend offers, and the sound format they all play."""

from __future__ import annotations

import atexit
import contextlib
import weakref
from dataclasses import dataclass
from typing import Any, Protocol

RATE = 44100
"""Samples per second of every loaded cue."""
SAMPLE_WIDTH = 2
"""Bytes per sample: signed 16-bit, in the machine's byte order."""
CHANNELS = 1


@dataclass(frozen=True, eq=False)
class Sound:
    """One cue ready to play: mono signed 16-bit PCM at `RATE`, volume already applied."""

    name: str
    pcm: bytes

    @property
    def seconds(self) -> float:
        return len(self.pcm) / (RATE * SAMPLE_WIDTH * CHANNELS)


class BackendUnavailable(Exception):
    """A backend cannot play on this machine; the message says why, for `coach sounds`."""


class BackendFailed(Exception):
    """A backend that worked stopped working (the device went away, the player broke)."""


class Backend(Protocol):
    """One way of making sound. Opening it (the constructor) proves it can play here."""

    name: str
    detail: str
    """What was opened, in a few words, for `coach sounds` (e.g. "ALSA, default device")."""

    @property
    def failure(self) -> str | None:
        """Why the backend stopped working since it opened, or None while it works.

        Playback happens off the caller's thread, so a device that fails later reports it
        here; the player checks before each cue and moves to the next backend.
        """
        ...

    def play(self, sound: Sound, expires: float) -> None:
        """Start `sound` and return at once. Drop it if it cannot start by `expires`
        (a `time.monotonic()` value). May raise BackendFailed if the failure is known now."""
        ...

    def busy(self) -> bool:
        """True while a cue is still sounding (as far as the backend can tell)."""
        ...

    def close(self) -> None:
        """Stop and release everything; safe with sound in flight and safe to call twice."""
        ...


_open: weakref.WeakSet[Any] = weakref.WeakSet()
_hooked = False


def close_at_exit(backend: Any) -> None:
    """Close `backend` when the interpreter exits, if nobody closed it before.

    Audio threads that call back into Python while the interpreter shuts down are what
    crash a program at exit; closing first stops them.
    """
    global _hooked
    if not _hooked:
        atexit.register(_close_all)
        _hooked = True
    _open.add(backend)


def _close_all() -> None:
    for backend in list(_open):
        with contextlib.suppress(Exception):
            backend.close()
