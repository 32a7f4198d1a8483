"""Pick the audio backend at start-up, and keep the rest of the line for when it fails.

The order, best first: simpleaudio (where installed and safe), miniaudio (a wheel, one
stream), the system's player, the terminal bell with a screen flash, silence. Each step is
tried by opening it for real; a failure is written down with its reason, and the next one
is tried. Forcing a backend (config or `--audio`) tries that one, then silence.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from coach.services.audio.backend import Backend, BackendUnavailable
from coach.services.audio.silent import SilentBackend

BACKENDS: tuple[str, ...] = ("simpleaudio", "miniaudio", "system", "bell", "silent")
CHOICES: tuple[str, ...] = ("auto", *BACKENDS)

Opener = Callable[[], Backend]


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

    def __init__(self, names: Sequence[str], openers: Mapping[str, Opener]) -> None:
        unknown = [name for name in names if name not in BACKENDS]
        if unknown:
            raise ValueError(f"unknown audio backend {unknown[0]!r}; known: {', '.join(BACKENDS)}")
        self.names: tuple[str, ...] = tuple(names)
        if not self.names or self.names[-1] != "silent":
            self.names += ("silent",)
        self.attempts: list[Attempt] = []
        self._openers = openers
        self._next = 0

    def open_next(self) -> Backend:
        """Open the next backend that works, writing down every attempt."""
        while self._next < len(self.names):
            name = self.names[self._next]
            self._next += 1
            opener = self._openers.get(name, SilentBackend)
            try:
                backend = opener()
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
