"""Playback through the system's command-line player (pw-play, paplay, aplay, afplay).

Each cue is written once to a temporary WAV file; playing it starts the player on that
file without a shell and without waiting for it. Starting a process still takes a moment,
so that happens on a worker thread; the caller only puts the cue on a queue.
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import wave
from array import array
from collections.abc import Callable, Sequence
from pathlib import Path

from coach.services.audio.backend import (
    CHANNELS,
    RATE,
    SAMPLE_WIDTH,
    BackendUnavailable,
    Sound,
    close_at_exit,
)
from coach.services.audio.cue_worker import CueWorker
from coach.services.audio.probe_process import run_bounded

PLAYERS: tuple[tuple[str, ...], ...] = (
    ("pw-play",),
    ("paplay",),
    ("aplay", "-q"),
    ("afplay",),
)
"""Commands tried in order; the WAV file's path is appended."""

PROBE_TIMEOUT_S = 1.5
"""For all the players together: a player that has not played its short silence by then
is stopped, and the search ends before the backend chain stops waiting (2 s), so no player
is left behind."""
FAILURES_TO_GIVE_UP = 2
"""A single failed start can be a busy device; this many in a row means it is gone."""
REAP_EVERY_S = 0.25


def wav_file_bytes(pcm: bytes) -> bytes:
    data = array("h", pcm)
    if sys.byteorder == "big":
        data.byteswap()
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as wav:
        wav.setnchannels(CHANNELS)
        wav.setsampwidth(SAMPLE_WIDTH)
        wav.setframerate(RATE)
        wav.writeframes(data.tobytes())
    return buffer.getvalue()


def _last_line(text: bytes, name: str) -> str:
    """The player's last line of complaint, without its own name and source position."""
    lines = [line.strip() for line in text.decode(errors="replace").splitlines() if line.strip()]
    if not lines:
        return ""
    line = lines[-1]
    if line.startswith(f"{name}: "):
        line = line[len(name) + 2 :]
    return re.sub(r"^\w+:\d+: ", "", line)  # aplay's "main:831: "


class SystemPlayerBackend:
    """Starts the first player found that can play a short silence here."""

    name = "system"

    def __init__(
        self,
        *,
        players: Sequence[Sequence[str]] = PLAYERS,
        which: Callable[[str], str | None] = shutil.which,
        clock: Callable[[], float] = time.monotonic,
        probe_timeout: float = PROBE_TIMEOUT_S,
    ) -> None:
        self._folder = Path(tempfile.mkdtemp(prefix="coach-sounds-"))
        self._files: dict[int, Path] = {}
        try:
            self._command = self._find(players, which, probe_timeout)
        except BackendUnavailable:
            shutil.rmtree(self._folder, ignore_errors=True)
            raise
        self.detail = f"{Path(self._command[0]).name}, started for each cue"
        self._failures_in_a_row = 0
        self._gave_up: str | None = None
        self._running: list[subprocess.Popen[bytes]] = []
        self._by_sound: dict[int, subprocess.Popen[bytes]] = {}
        self._stopped: set[subprocess.Popen[bytes]] = set()
        self._lock = threading.Lock()
        self._closed = False
        self._worker = CueWorker(
            self._start,
            name="coach-player",
            describe=self._describe,
            clock=clock,
            housekeeping=self._reap,
            housekeeping_every=REAP_EVERY_S,
        )
        close_at_exit(self)

    def _find(
        self, players: Sequence[Sequence[str]], which: Callable[[str], str | None], timeout: float
    ) -> list[str]:
        probe = self._folder / "probe.wav"
        probe.write_bytes(wav_file_bytes(bytes(SAMPLE_WIDTH * RATE // 50)))
        reasons = []
        missing = []
        deadline = time.monotonic() + timeout
        for command in players:
            path = which(command[0])
            if path is None:
                missing.append(command[0])
                continue
            full = [path, *command[1:]]
            left = deadline - time.monotonic()
            if left <= 0:
                reasons.append(f"{command[0]} not tried (the players before it took too long)")
                continue
            try:
                status, error = run_bounded([*full, str(probe)], left)
            except subprocess.TimeoutExpired:
                reasons.append(f"{command[0]} did not finish a short sound in {timeout:g} s")
                continue
            except OSError as exc:
                reasons.append(f"{command[0]} does not start ({exc.strerror or exc})")
                continue
            if status == 0:
                return full
            why = _last_line(error, command[0]) or f"exit status {status}"
            reasons.append(f"{command[0]}: {why}")
        if missing:
            reasons.append(f"{', '.join(missing)} not found")
        raise BackendUnavailable("; ".join(reasons))

    @property
    def failure(self) -> str | None:
        return self._gave_up or self._worker.failure

    def play(self, sound: Sound, expires: float) -> None:
        if self._gave_up is None:
            self._worker.play(sound, expires)

    def busy(self) -> bool:
        if self._worker.pending():
            return True
        with self._lock:
            return any(p.poll() is None for p in self._running)

    def _file_for(self, sound: Sound) -> Path:
        key = id(sound)
        path = self._files.get(key)
        if path is None:
            path = self._folder / f"{len(self._files):02d}-{sound.name}.wav"
            path.write_bytes(wav_file_bytes(sound.pcm))
            self._files[key] = path
        return path

    def _start(self, sound: Sound) -> None:
        if self._gave_up is not None:
            return
        process = subprocess.Popen(
            [*self._command, str(self._file_for(sound))],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,  # Ctrl-C in the terminal is for coach
        )
        with self._lock:
            self._running.append(process)
            self._by_sound[id(sound)] = process

    def stop(self, sound: Sound) -> None:
        """Cut `sound` off, if its player is still running."""
        with self._lock:
            process = self._by_sound.pop(id(sound), None)
        if process is not None and process.poll() is None:
            with self._lock:
                self._stopped.add(process)
            with contextlib.suppress(OSError):
                process.terminate()

    def _describe(self, exc: Exception) -> str:
        if isinstance(exc, OSError):
            return f"{self._command[0]} does not start ({exc.strerror or exc})"
        return f"{self._command[0]}: {exc}"

    def _reap(self) -> None:
        with self._lock:
            still = []
            for process in self._running:
                status = process.poll()
                if status is None:
                    still.append(process)
                    continue
                for key in [k for k, p in self._by_sound.items() if p is process]:
                    del self._by_sound[key]
                error = process.stderr.read() if process.stderr else b""
                if process.stderr:
                    process.stderr.close()
                if status == 0 or process in self._stopped:
                    self._stopped.discard(process)  # a phrase cut off on purpose
                    self._failures_in_a_row = 0
                    continue
                self._failures_in_a_row += 1
                if self._failures_in_a_row >= FAILURES_TO_GIVE_UP:
                    name = Path(self._command[0]).name
                    why = _last_line(error, name) or f"exit status {status}"
                    self._gave_up = f"{name}: {why}"
            self._running = still

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._worker.close(0.5)
        with self._lock:
            running, self._running = self._running, []
        for process in running:
            with contextlib.suppress(OSError):
                process.terminate()
        for process in running:
            try:
                process.wait(0.2)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(OSError):
                    process.kill()
            if process.stderr:
                process.stderr.close()
        shutil.rmtree(self._folder, ignore_errors=True)
