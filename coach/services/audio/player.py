"""The one object the app, the plain mode and the CLI play cues through.

`CuePlayer.play` never blocks and never raises: it drops cues that are too late, respects
mute, and when the backend fails it moves to the next one in the chain and says so once.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Mapping

from coach.services.audio.backend import Backend, Sound
from coach.services.audio.choose import Attempt, BackendChain
from coach.services.audio.silent import SilentBackend

MAX_LATE_S = 0.15
"""A cue that would start later than this after its moment is dropped, not played late."""
SWITCH_WAIT_S = 0.05
"""How long `play` waits for the next backend to open after one fails. Opening can take
longer (the system player is tried by playing a short file); then the switch finishes in
the background and the cue that found the failure is dropped."""


class _Switch:
    """Closing a failed backend and opening the next one, off the caller's thread."""

    def __init__(self, failed: Backend, reason: str, chain: BackendChain) -> None:
        self.failed_name = failed.name
        self.reason = reason
        self.ready = threading.Event()
        self.backend: Backend | None = None
        self.abandoned = False
        self._chain = chain
        self._failed = failed
        threading.Thread(target=self._run, name="coach-audio-switch", daemon=True).start()

    def _run(self) -> None:
        # A device that failed can take a while to let go (miniaudio waits for its thread).
        with contextlib.suppress(Exception):
            self._failed.close()
        try:
            backend = self._chain.open_next()
        except Exception:  # open_next records failures itself; this is a last guard
            backend = SilentBackend()
        self.backend = backend
        self.ready.set()
        if self.abandoned:
            with contextlib.suppress(Exception):
                backend.close()


# What the cues become when every backend that makes a sound failed to open.
ONLY_SIGNS = {  # short: the warning has to fit the header of an 80-column terminal
    "bell": "cues ring the bell and flash",
    "silent": "cues show on screen only",
}


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
        switch_wait: float = SWITCH_WAIT_S,
    ) -> None:
        """`fallbacks` is the chain `backend` came from (its next entries are the fallbacks);
        without one, a failing backend falls to silence. `on_warning` gets the one-line
        messages a person should see: no sound at start-up, or a backend that failed. It is
        only ever called from this constructor, `play` and `toggle_mute`, on the caller's thread."""
        self._backend = backend
        self._sounds = dict(sounds)
        self._chain = fallbacks or BackendChain(("silent",), {})
        self._muted = muted
        self._max_late = max_late
        self._clock = clock
        self._on_warning = on_warning
        self._switch_wait = switch_wait
        self._switch: _Switch | None = None
        self._closed = False
        self.warnings: list[str] = []
        # Said once, when it matters: at start-up, or at the first unmute when muted.
        self._no_sound: str | None = None
        fell_back = any(not a.ok for a in self._chain.attempts)
        if fell_back and backend.name in ONLY_SIGNS:
            self._no_sound = f"No sound here: {ONLY_SIGNS[backend.name]}; `coach sounds` says why."
            if not muted:
                self._say_no_sound()

    @property
    def backend(self) -> Backend:
        return self._backend

    @property
    def backend_name(self) -> str:
        self._finish_switch()
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
        if not self._muted:
            self._say_no_sound()
        return self._muted

    def _say_no_sound(self) -> None:
        if self._no_sound is not None:
            self._warn(self._no_sound)
            self._no_sound = None

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

    def speak(self, sound: Sound) -> bool:
        """Start a spoken phrase now, on the same device as the cues, mixed with them; True
        if a backend that makes sound took it. Never blocks, never raises; safe from the
        voice's own thread. A phrase is never worth a backend switch: on any trouble it is
        dropped, and the next cue finds the failure."""
        if self._closed or self._muted or self._switch is not None:
            return False
        backend = self._backend
        if backend.name in ONLY_SIGNS:
            return False  # a bell or silence cannot speak
        try:
            if backend.failure is not None:
                return False
            backend.play(sound, self._clock() + self._max_late)
        except Exception:
            return False
        return True

    def hush(self, sound: Sound) -> None:
        """Cut a phrase off (pause, skip, back); nothing when it is not playing."""
        stop = getattr(self._backend, "stop", None)
        if stop is not None:
            with contextlib.suppress(Exception):
                stop(sound)

    def _send(self, sound: Sound, expires: float) -> bool:
        # Each failure moves one step down the chain, so this ends.
        for _ in range(len(self._chain.names) + 1):
            if not self._finish_switch():
                return False  # still opening the next backend: this cue is dropped
            reason = self._failure_of(self._backend)
            if reason is None:
                try:
                    self._backend.play(sound, expires)
                    return self._backend.name != "silent"
                except Exception as exc:
                    reason = " ".join(str(exc).split()) or type(exc).__name__
            self._switch = _Switch(self._backend, reason, self._chain)
            self._backend = SilentBackend()
            self._switch.ready.wait(self._switch_wait)
        return False

    def _finish_switch(self) -> bool:
        """Take the next backend if it has opened; False while it is still opening."""
        switch = self._switch
        if switch is None:
            return True
        if not switch.ready.is_set() or switch.backend is None:
            return False
        self._switch = None
        self._backend = switch.backend
        if self._backend.name == "silent":
            then = "no sound from here on; cues show on screen only"
        else:
            then = f"now using {self._backend.name}"
        self._warn(f"Sound: {switch.failed_name} stopped working ({switch.reason}); {then}.")
        return True

    @staticmethod
    def _failure_of(backend: Backend) -> str | None:
        try:
            return backend.failure
        except Exception as exc:
            return f"{type(exc).__name__}: {exc}"

    def _warn(self, message: str) -> None:
        self.warnings.append(message)
        if self._on_warning is not None:
            with contextlib.suppress(Exception):
                self._on_warning(message)

    def busy(self) -> bool:
        """True while a cue is still sounding or a new backend is opening (best effort)."""
        if self._switch is not None and not self._switch.ready.is_set():
            return True
        try:
            return self._backend.busy()
        except Exception:
            return False

    def close(self) -> None:
        """Release the backend. Safe with sound in flight and safe to call twice."""
        if self._closed:
            return
        self._closed = True
        switch = self._switch
        if switch is not None:
            switch.abandoned = True
            if switch.ready.is_set() and switch.backend is not None:
                with contextlib.suppress(Exception):
                    switch.backend.close()
        with contextlib.suppress(Exception):
            self._backend.close()
