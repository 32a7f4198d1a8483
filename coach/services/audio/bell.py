"""The terminal bell with a screen flash: for machines with no way to play a WAV."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable

from coach.services.audio.backend import BackendUnavailable, Sound


def terminal_ring() -> Callable[[], None] | None:
    """A function that rings the bell of the terminal coach runs in, or None if there is none."""
    for stream in (sys.__stdout__, sys.__stderr__):
        try:
            if stream is not None and stream.isatty():
                fd = stream.fileno()
                return lambda: _write_bell(fd)
        except (OSError, ValueError):
            continue
    return None


def _write_bell(fd: int) -> None:
    with contextlib.suppress(OSError):
        os.write(fd, b"\a")


class BellBackend:
    """Rings the bell and asks the interface to flash for every cue."""

    name = "bell"

    def __init__(
        self,
        ring: Callable[[], None] | None = None,
        on_flash: Callable[[], None] | None = None,
    ) -> None:
        ring = ring or terminal_ring()
        if ring is None:
            raise BackendUnavailable("no terminal to ring (output is not a terminal)")
        self._ring = ring
        self._on_flash = on_flash
        self.detail = "terminal bell" + (" with a screen flash" if on_flash else "")

    @property
    def failure(self) -> str | None:
        return None

    def play(self, sound: Sound, expires: float) -> None:
        self._ring()
        if self._on_flash is not None:
            self._on_flash()

    def busy(self) -> bool:
        return False

    def close(self) -> None:
        return None
