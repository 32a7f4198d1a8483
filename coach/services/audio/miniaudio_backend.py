"""Playback through miniaudio: one output stream kept open, cues mixed into it.

Why miniaudio: it is maintained, ships binary wheels for Linux, macOS and Windows (so
`pip install workout-coach` needs no compiler and no ALSA headers), loads the system's audio
library at run time (PulseAudio/PipeWire or ALSA on Linux, Core Audio, WASAPI), and lets us
keep a single low-latency stream open. Starting a cue is then appending to a queue that the
audio thread reads on its next period (20 ms): no device is opened per cue and nothing
blocks the caller.
"""

from __future__ import annotations

import contextlib
import sys
import threading
import time
from array import array
from collections import deque
from collections.abc import Callable, Generator
from typing import Any

from coach.services.audio.alsa_quiet import silence_alsa
from coach.services.audio.backend import (
    RATE,
    SAMPLE_WIDTH,
    BackendUnavailable,
    Sound,
    close_at_exit,
)
from coach.services.audio.deferred import defer

PERIOD_MS = 20
CLOSE_WAIT_S = 0.5
STALL_S = 1.0
"""A cue waiting this long without the device asking for audio means the device is gone."""

# miniaudio's result codes that a person may meet here (miniaudio.h, ma_result).
_RESULTS = {
    -7: "the output device does not exist",
    -203: "no audio backend",
    -204: "no output device",
    -400: "the audio system did not start",
    -401: "cannot open the output device",
    -402: "cannot start the output device",
}


def import_miniaudio() -> Any:
    """The miniaudio module, without the `urllib.request` it loads for playing streams
    from the web (see `deferred`)."""
    if "miniaudio" not in sys.modules:
        defer("urllib.request")
    import miniaudio  # type: ignore[import-untyped]

    return miniaudio


def _backends(miniaudio: Any) -> list[Any] | None:
    # On Linux skip JACK: without a running server its library prints to the terminal.
    # PulseAudio covers PipeWire too (pipewire-pulse).
    if sys.platform.startswith("linux"):
        return [miniaudio.Backend.PULSEAUDIO, miniaudio.Backend.ALSA]
    return None


def _describe(exc: BaseException) -> str:
    # MiniaudioError carries (message, result code).
    match exc.args:
        case (str(message), int(code)):
            return f"{_RESULTS.get(code, message)} (miniaudio code {code})"
    return " ".join(str(exc).split())


class MiniaudioBackend:
    """A single output stream; `play` queues a cue for the audio thread to mix in."""

    name = "miniaudio"

    def __init__(
        self,
        *,
        clock: Callable[[], float] = time.monotonic,
        period_ms: int = PERIOD_MS,
    ) -> None:
        try:
            miniaudio = import_miniaudio()
        except Exception as exc:  # missing, or a wheel that does not load here
            raise BackendUnavailable(f"not importable ({exc})") from None
        silence_alsa()
        self._clock = clock
        self._incoming: deque[tuple[Sound, float]] = deque()
        self._voices: list[list[Any]] = []  # [pcm, position]; touched by the audio thread only
        self._hushed: list[bytes] = []  # sounds to cut off at the next period
        self._last_pull = clock()
        self._stopped = False
        self._closed = False
        self._failure: str | None = None
        try:
            device = miniaudio.PlaybackDevice(
                output_format=miniaudio.SampleFormat.SIGNED16,
                nchannels=1,
                sample_rate=RATE,
                buffersize_msec=period_ms,
                backends=_backends(miniaudio),
                app_name="coach",
            )
        except Exception as exc:
            raise BackendUnavailable(_describe(exc)) from None
        if device.backend.lower() == "null":
            device.close()
            raise BackendUnavailable("only miniaudio's null device is available")
        stream = self._stream()
        next(stream)
        try:
            device.start(stream)
        except Exception as exc:
            device.close()
            raise BackendUnavailable(_describe(exc)) from None
        device.stop_callback = self._on_stop
        self._device: Any = device
        self.detail = f"miniaudio {miniaudio.__version__}, {device.backend}, default device"
        close_at_exit(self)

    @property
    def failure(self) -> str | None:
        if self._failure is None and not self._closed:
            if self._stopped:
                self._failure = "the output device stopped"
            elif self._incoming and self._clock() - self._last_pull > STALL_S:
                self._failure = "the output device stopped asking for sound"
        return self._failure

    def play(self, sound: Sound, expires: float) -> None:
        if self._closed or not sound.pcm:
            return
        self._incoming.append((sound, expires))

    def stop(self, sound: Sound) -> None:
        """Cut `sound` off at the next period, if it is playing."""
        self._hushed.append(sound.pcm)

    def busy(self) -> bool:
        return bool(self._incoming or self._voices)

    def _on_stop(self) -> None:
        if not self._closed:
            self._stopped = True

    def _stream(self) -> Generator[bytes, int, None]:
        # Runs on miniaudio's audio thread. It must never raise: an exception there would
        # be printed over the screen and end the stream.
        frames = yield b""
        while True:
            try:
                chunk = self._render(frames)
            except Exception as exc:
                self._failure = f"mixing failed ({exc})"
                self._voices.clear()
                chunk = b""
            frames = yield chunk

    def _render(self, frames: int) -> bytes:
        now = self._clock()
        self._last_pull = now
        while self._incoming:
            sound, expires = self._incoming.popleft()
            if now <= expires:  # a cue that would start late is dropped, not played late
                self._voices.append([sound.pcm, 0])
        if self._hushed:
            gone, self._hushed = self._hushed, []
            self._voices = [v for v in self._voices if not any(v[0] is pcm for pcm in gone)]
        if not self._voices:
            return b""  # miniaudio fills the rest of the period with silence
        size = frames * SAMPLE_WIDTH
        if len(self._voices) == 1:
            voice = self._voices[0]
            pcm, position = voice
            voice[1] = position + size
            if voice[1] >= len(pcm):
                self._voices.clear()
            return bytes(pcm[position : position + size])
        total = [0] * frames
        for voice in self._voices:
            pcm, position = voice
            part = array("h", pcm[position : position + size])
            for i, value in enumerate(part):
                total[i] += value
            voice[1] = position + size
        self._voices = [voice for voice in self._voices if voice[1] < len(voice[0])]
        return array("h", (max(-32768, min(32767, value)) for value in total)).tobytes()

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        # Closing waits for the audio thread; a device stuck in a write would hold us (and
        # the exit of the program) for as long as it is stuck. Wait a little, then go on.
        closer = threading.Thread(target=self._close_device, name="coach-miniaudio-close")
        closer.daemon = True
        closer.start()
        closer.join(CLOSE_WAIT_S)
        if closer.is_alive():
            _stuck.append(self._device)

    def _close_device(self) -> None:
        with contextlib.suppress(Exception):
            self._device.close()


_stuck: list[Any] = []
"""Devices that did not close in time, kept referenced so nothing closes them again."""
