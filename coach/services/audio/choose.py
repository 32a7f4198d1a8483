"""Pick the audio backend at start-up, and keep the rest of the line for when it fails.

The order, best first: simpleaudio (where installed and safe), miniaudio (a wheel, one
stream), the system's player, the terminal bell with a screen flash, silence. Each step is
tried by opening it for real; a failure is written down with its reason, and the next one
is tried. Forcing a backend (config or `--audio`) tries that one, then silence.

Opening is bounded: a sound device that never answers (an ALSA output stuck on a pipe
nobody reads, a sound server that hangs) must not hold up the workout or the quit key, so
each backend opens on a thread of its own and is passed over when it has not opened after
`OPEN_TIMEOUT_S`. A backend that opens after all, too late, is closed at once.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from coach.services.audio.backend import Backend, BackendUnavailable
from coach.services.audio.silent import SilentBackend
from coach.services.flags import AUDIO_BACKENDS, AUDIO_CHOICES

BACKENDS = AUDIO_BACKENDS
CHOICES = AUDIO_CHOICES

Opener = Callable[[], Backend]

OPEN_TIMEOUT_S = 2.0
"""How long one backend may take to open before the next one is tried. A working device
opens in milliseconds; a sound server starting on demand can take a second."""


@dataclass(frozen=True)
class Attempt:
    """One line of `coach sounds`: a backend, whether it opened, and why (or what it is)."""

    backend: str
    ok: bool
    reason: str


def default_openers(
    ring: Callable[[], None] | None = None,
    on_flash: Callable[[], None] | None = None,
) -> dict[str, Opener]:
    """How to open each backend for real. `ring`/`on_flash` go to the bell backend."""

    def simpleaudio() -> Backend:
        from coach.services.audio.simpleaudio_backend import SimpleaudioBackend

        return SimpleaudioBackend()

    def miniaudio() -> Backend:
        from coach.services.audio.miniaudio_backend import MiniaudioBackend

        return MiniaudioBackend()

    def system() -> Backend:
        from coach.services.audio.system_player import SystemPlayerBackend

        return SystemPlayerBackend()

    def bell() -> Backend:
        from coach.services.audio.bell import BellBackend

        return BellBackend(ring, on_flash)

    return {
        "simpleaudio": simpleaudio,
        "miniaudio": miniaudio,
        "system": system,
        "bell": bell,
        "silent": SilentBackend,
    }


class BackendChain:
    """Backends in the order they are tried; each `open_next` opens the next that works."""

    def __init__(
        self,
        names: Sequence[str],
        openers: Mapping[str, Opener],
        *,
        open_timeout: float = OPEN_TIMEOUT_S,
    ) -> None:
        unknown = [name for name in names if name not in BACKENDS]
        if unknown:
            raise ValueError(f"unknown audio backend {unknown[0]!r}; known: {', '.join(BACKENDS)}")
        self.names: tuple[str, ...] = tuple(names)
        if not self.names or self.names[-1] != "silent":
            self.names += ("silent",)
        self.attempts: list[Attempt] = []
        self._openers = openers
        self._open_timeout = open_timeout
        self._next = 0

    def open_next(self) -> Backend:
        """Open the next backend that works, writing down every attempt."""
        while self._next < len(self.names):
            name = self.names[self._next]
            self._next += 1
            opener = self._openers.get(name, SilentBackend)
            opening = _Opening(name, opener)
            try:
                backend = opening.result(self._open_timeout)
            except _NoAnswer:
                waited = f"{self._open_timeout:g} s"
                reason = f"did not open within {waited} (the device does not answer)"
                self.attempts.append(Attempt(name, False, reason))
                continue
            except BackendUnavailable as exc:
                self.attempts.append(Attempt(name, False, str(exc)))
                continue
            except Exception as exc:  # a library failing in a way nobody planned for
                self.attempts.append(Attempt(name, False, f"{type(exc).__name__}: {exc}"))
                continue
            self.attempts.append(Attempt(name, True, backend.detail))
            return backend
        backend = SilentBackend()
        self.attempts.append(Attempt(backend.name, True, backend.detail))
        return backend


class _NoAnswer(Exception):
    """The backend was still opening when its time ran out."""


class _Opening:
    """One backend opening on a daemon thread, waited for a bounded time.

    A thread stuck in a library call (or a device that answers much later) is left behind:
    it holds no lock of ours, does not keep the program from exiting, and closes what it
    opened if that happens after it was given up on."""

    def __init__(self, name: str, opener: Opener) -> None:
        self._opener = opener
        self._done = threading.Event()
        self._lock = threading.Lock()
        self._abandoned = False
        self._backend: Backend | None = None
        self._error: BaseException | None = None
        thread = threading.Thread(target=self._run, name=f"coach-open-{name}", daemon=True)
        thread.start()

    def _run(self) -> None:
        backend: Backend | None = None
        try:
            backend = self._opener()
        except BaseException as exc:  # handed to the waiting thread, which sorts it out
            self._error = exc
        with self._lock:
            self._backend = backend
            abandoned = self._abandoned
            self._done.set()
        if abandoned and backend is not None:
            with contextlib.suppress(Exception):
                backend.close()

    def result(self, timeout: float) -> Backend:
        """The opened backend; raises what the opener raised, or _NoAnswer in time."""
        if not self._done.wait(timeout):
            with self._lock:
                if not self._done.is_set():
                    self._abandoned = True
                    raise _NoAnswer
        if self._error is not None:
            raise self._error
        assert self._backend is not None
        return self._backend


def chain_for(preference: str, openers: Mapping[str, Opener] | None = None) -> BackendChain:
    """The chain for a setting: "auto" is the whole line; a backend's name forces it."""
    openers = openers if openers is not None else default_openers()
    if preference == "auto":
        return BackendChain(BACKENDS, openers)
    if preference not in BACKENDS:
        raise ValueError(f"unknown audio backend {preference!r}; choose from {', '.join(CHOICES)}")
    return BackendChain((preference,), openers)


def choose_backend(
    preference: str = "auto",
    *,
    ring: Callable[[], None] | None = None,
    on_flash: Callable[[], None] | None = None,
    openers: Mapping[str, Opener] | None = None,
) -> tuple[Backend, BackendChain]:
    """Open the first backend that works; the chain holds the report and the fallbacks."""
    chain = chain_for(
        preference, openers if openers is not None else default_openers(ring, on_flash)
    )
    return chain.open_next(), chain
