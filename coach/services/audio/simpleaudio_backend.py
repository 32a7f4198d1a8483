"""Playback through simpleaudio, where it is installed and safe on this interpreter.

simpleaudio is archived. Its last release, 1.0.4, frees memory from its playback thread
without holding the GIL; from Python 3.12 on that crashes the process. The
`simpleaudio-patched` 1.0.5 build fixes it and installs the same `simpleaudio` module, so
the check looks at which distribution is installed before importing anything.

simpleaudio opens the device for every cue (`play_buffer`), which takes a few
milliseconds and holds the GIL, so cues are handed to one worker thread; the caller only
puts them on a queue.

simpleaudio also keeps the GIL while it opens the device, so a device that never answers
would freeze the whole program, its quit key included, where no timeout on another thread
can help. Before the first open in this process, a child process opens the device and
plays a few milliseconds of silence; if it has not finished within `PROBE_TIMEOUT_S`,
simpleaudio is passed over.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import re
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from types import ModuleType
from typing import Any

from coach.domain.cues import CUE_NAMES
from coach.services.audio.alsa_quiet import silence_alsa
from coach.services.audio.backend import (
    CHANNELS,
    RATE,
    SAMPLE_WIDTH,
    BackendUnavailable,
    Sound,
    close_at_exit,
)
from coach.services.audio.cue_worker import CueWorker
from coach.services.audio.installed import versions
from coach.services.audio.probe_process import run_bounded

STOCK = "simpleaudio"
PATCHED = "simpleaudio-patched"
CLOSE_WAIT_S = 0.5
PROBE_TIMEOUT_S = 1.5
"""Less than the backend chain's wait (2 s), so the child is always stopped here."""

# The child's whole program: import simpleaudio from where this process found it, open the
# device with 10 ms of silence, and leave at once. Only the open is in question: closing a
# device can rightly take a while (a slow sink drains), and is not waited for.
_PROBE = """\
import os, sys
sys.path.insert(0, sys.argv[1])
import simpleaudio
simpleaudio.play_buffer(bytes(882), 1, 2, 44100)
os._exit(0)
"""


def installed_builds() -> dict[str, str]:
    """The simpleaudio distributions installed, by name, with their versions."""
    return versions((STOCK, PATCHED))


def _version_tuple(text: str) -> tuple[int, ...]:
    parts = []
    for piece in text.split("."):
        digits = "".join(ch for ch in piece if ch.isdigit())
        if not digits:
            break
        parts.append(int(digits))
    return tuple(parts)


def refusal(python: tuple[int, int], builds: Mapping[str, str]) -> str | None:
    """Why simpleaudio must not be used on this Python with these builds, or None if it may.

    `python` is (major, minor); `builds` maps distribution name to version.
    """
    if python < (3, 12):
        return None
    where = f"Python {python[0]}.{python[1]}"
    stock = builds.get(STOCK)
    patched = builds.get(PATCHED)
    if stock is not None and patched is not None:
        return (
            f"both {STOCK} {stock} and {PATCHED} {patched} are installed and share one "
            f"module, so the build in use is unknown; uninstall {STOCK}"
        )
    if stock is not None and _version_tuple(stock) <= (1, 0, 4):
        return (
            f"stock {STOCK} {stock} crashes on {where} (its playback thread frees memory "
            f"without the GIL); install {PATCHED} instead"
        )
    if stock is None and patched is None:
        return (
            f"a simpleaudio module of unknown origin is present; "
            f"on {where} only {PATCHED} is trusted"
        )
    return None


def load_module(
    python: tuple[int, int] | None = None,
    builds: Mapping[str, str] | None = None,
    importer: Callable[[str], ModuleType] = importlib.import_module,
) -> tuple[ModuleType, str]:
    """Import simpleaudio if it is installed and safe; return it with a description.

    Raises BackendUnavailable saying why not.
    """
    python = python or (sys.version_info.major, sys.version_info.minor)
    builds = installed_builds() if builds is None else builds
    if not builds and importlib.util.find_spec("simpleaudio") is None:
        raise BackendUnavailable("not installed (pip install 'workout-coach[simpleaudio]')")
    reason = refusal(python, builds)
    if reason:
        raise BackendUnavailable(reason)
    silence_alsa()
    try:
        module = importer("simpleaudio")
    except Exception as exc:  # a broken build: missing libasound, wrong ABI, ...
        raise BackendUnavailable(f"installed but does not import ({exc})") from None
    build = ", ".join(f"{name} {version}" for name, version in builds.items()) or "simpleaudio"
    return module, build


def device_hangs(module: ModuleType, timeout: float = PROBE_TIMEOUT_S) -> bool:
    """True when opening the default device from a child process had not finished in
    `timeout` seconds. Any other outcome (it played, it failed, the child could not start)
    is False: the open in this process then says what it has to say."""
    found = Path(module.__file__ or "").resolve()
    where = str(found.parent.parent if found.name == "__init__.py" else found.parent)
    try:
        run_bounded([sys.executable, "-c", _PROBE, where], timeout)
    except subprocess.TimeoutExpired:
        return True
    except OSError:
        return False
    return False


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    # "Error opening PCM device. -- CODE: -2 -- MSG: No such file or directory"
    match = re.fullmatch(r"(.*?)\.? -- CODE: (-?\d+) -- MSG: (.*)", text)
    if match:
        what, code, message = match.groups()
        return f"{what[:1].lower()}{what[1:]}: {message} (code {code})"
    return text


class SimpleaudioBackend:
    """Plays each cue with `simpleaudio.play_buffer` from a worker thread."""

    name = "simpleaudio"

    def __init__(
        self,
        module: ModuleType | None = None,
        *,
        build: str = "",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if module is None:
            module, build = load_module()
            if device_hangs(module):
                raise BackendUnavailable(
                    f"the sound device did not answer within {PROBE_TIMEOUT_S:g} s"
                )
        self._sa: Any = module
        # Opening the device is the only proof it works: play a few milliseconds of silence.
        try:
            self._sa.play_buffer(bytes(SAMPLE_WIDTH * RATE // 100), CHANNELS, SAMPLE_WIDTH, RATE)
        except Exception as exc:
            raise BackendUnavailable(f"{build} cannot play: {_one_line(exc)}") from None
        self.detail = f"{build}, default device"
        self._playing: list[Any] = []
        self._handles: dict[int, Any] = {}  # id of a sound -> its latest playback
        self._lock = threading.Lock()
        self._closed = False
        self._worker = CueWorker(
            self._start, name="coach-simpleaudio", describe=_one_line, clock=clock
        )
        close_at_exit(self)

    @property
    def failure(self) -> str | None:
        return self._worker.failure

    def play(self, sound: Sound, expires: float) -> None:
        self._worker.play(sound, expires)

    def busy(self) -> bool:
        if self._worker.pending():
            return True
        with self._lock:
            self._playing = [item for item in self._playing if _is_playing(item)]
            return bool(self._playing)

    def _start(self, sound: Sound) -> None:
        handle = self._sa.play_buffer(sound.pcm, CHANNELS, SAMPLE_WIDTH, RATE)
        with self._lock:
            self._playing = [old for old in self._playing if _is_playing(old)]
            self._playing.append(handle)
            if sound.name not in CUE_NAMES:  # a spoken phrase: kept so it can be cut off
                self._handles = {k: h for k, h in self._handles.items() if _is_playing(h)}
                self._handles[id(sound)] = handle

    def stop(self, sound: Sound) -> None:
        """Cut `sound` off, if it is playing."""
        with self._lock:
            handle = self._handles.pop(id(sound), None)
        if handle is not None:
            with contextlib.suppress(Exception):
                handle.stop()

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._worker.close(CLOSE_WAIT_S)
        with contextlib.suppress(Exception):
            self._sa.stop_all()
        # Let the playback threads finish before the interpreter goes away: a thread that
        # wakes up during shutdown and asks for the GIL is what crashes at exit.
        deadline = time.monotonic() + CLOSE_WAIT_S
        while time.monotonic() < deadline:
            with self._lock:
                self._playing = [item for item in self._playing if _is_playing(item)]
                if not self._playing:
                    return
            time.sleep(0.005)


def _is_playing(handle: Any) -> bool:
    try:
        return bool(handle.is_playing())
    except Exception:
        return False
