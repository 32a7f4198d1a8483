"""No sound at all: the last resort, which always opens."""

from __future__ import annotations

from coach.services.audio.backend import Sound


class SilentBackend:
    name = "silent"
    detail = "no sound; cues show on screen only"

    @property
    def failure(self) -> str | None:
        return None

    def play(self, sound: Sound, expires: float) -> None:
        return None

    def busy(self) -> bool:
        return False

    def close(self) -> None:
        return None
