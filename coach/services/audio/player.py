"""The one object the app, the plain mode and the CLI play cues through.

`CuePlayer.play` never blocks and never raises: it drops cues that are too late, respects
mute, and when the backend fails it moves to the next one in the chain and says so once.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Mapping

from coach.services.audio.backend import Backend, Sound
from coach.services.audio.choose import Attempt, BackendChain

MAX_LATE_S = 0.15
"""A cue that would start later than this after its moment is dropped, not played late."""


class CuePlayer:
    """Plays cues by name through a backend, falling back along `fallbacks` on failure."""

    def __init__(
        self,
        backend: Backend,
        sounds: Mapping[str, Sound],
        *,
        fallbacks: BackendChain | None = None,
        muted: bool = False,
        max_late: float = MAX_LATE_S,
        clock: Callable[[], float] = time.monotonic,
        on_warning: Callable[[str], None] | None = None,
    ) -> None:
        """`fallbacks` is the chain `backend` came from (its next entries are the fallbacks);
        without one, a failing backend falls to silence. `on_warning` gets the one-line
        messages a person should see: no sound at start-up, or a backend that failed. It may
        be called from this constructor and from `play`."""
        self._backend = backend
        self._sounds = dict(sounds)
        self._chain = fallbacks or BackendChain(("silent",), {})
        self._muted = muted
        self._max_late = max_late
        self._clock = clock
        self._on_warning = on_warning
        self._closed = False
        self.warnings: list[str] = []
        if backend.name == "silent" and any(not a.ok for a in self._chain.attempts):
            self._warn(
                "No sound: no audio output works here; cues show on screen only "
                "(`coach sounds` says why)."
            )

    @property
    def backend(self) -> Backend:
        return self._backend

    @property
    def backend_name(self) -> str:
        return self._backend.name

    @property
    def attempts(self) -> list[Attempt]:
        """Every backend tried so far, in order, with why it was or was not used."""
        return list(self._chain.attempts)

    @property
    def sounds(self) -> Mapping[str, Sound]:
        return self._sounds

    @property
    def muted(self) -> bool:
        return self._muted

    @muted.setter
    def muted(self, value: bool) -> None:
        self._muted = bool(value)

    def toggle_mute(self) -> bool:
        """Flip mute; returns True when now muted."""
        self._muted = not self._muted
        return self._muted

    def play(self, cue: str, deadline: float | None = None, now: float | None = None) -> bool:
        """Start `cue` now and return at once; True if it was handed to a backend.

        `deadline` is when the cue was due and `now` the current time, both on the
        caller's clock (default: this player's clock). A cue more than `max_late` seconds
        past its deadline is dropped.
        """
        if self._closed or self._muted:
            return False
        sound = self._sounds.get(cue)
        if sound is None:
            return False
        if now is None:
            now = self._clock()
        late = 0.0 if deadline is None else now - deadline
        if late > self._max_late:
            return False
        # The backend judges lateness on this player's clock: hand it the slack that is left.
        expires = self._clock() + (self._max_late - max(late, 0.0))
        return self._send(sound, expires)

    def _send(self, sound: Sound, expires: float) -> bool:
        for _ in range(len(self._chain.names) + 1):
            reason = self._failure_of(self._backend)
            if reason is None:
                try:
                    self._backend.play(sound, expires)
                    return self._backend.name != "silent"
                except Exception as exc:
                    reason = " ".join(str(exc).split()) or type(exc).__name__
            self._fall_over(reason)
        return False

    @staticmethod
    def _failure_of(backend: Backend) -> str | None:
        try:
            return backend.failure
        except Exception as exc:
            return f"{type(exc).__name__}: {exc}"

    def _fall_over(self, reason: str) -> None:
        failed = self._backend
        with contextlib.suppress(Exception):
            failed.close()
        self._backend = self._chain.open_next()
        if self._backend.name == "silent":
            then = "no sound from here on; cues show on screen only"
        else:
            then = f"now using {self._backend.name}"
        self._warn(f"Sound: {failed.name} stopped working ({reason}); {then}.")

    def _warn(self, message: str) -> None:
        self.warnings.append(message)
        if self._on_warning is not None:
            with contextlib.suppress(Exception):
                self._on_warning(message)

    def busy(self) -> bool:
        """True while a cue is still sounding (best effort; the bell and silence never are)."""
        try:
            return self._backend.busy()
        except Exception:
            return False

    def close(self) -> None:
        """Release the backend. Safe with sound in flight and safe to call twice."""
        if self._closed:
            return
        self._closed = True
        with contextlib.suppress(Exception):
            self._backend.close()
