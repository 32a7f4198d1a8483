"""Keeping the machine from sleeping and the screen from blanking during a workout.

Linux: `systemd-inhibit --what=idle:sleep` holding a `cat` that reads from a pipe only
this process can write to. macOS: `caffeinate -d -i -w PID`. Windows: the
SetThreadExecutionState call. Both helper processes end by themselves when coach ends,
however it ends (a crash or SIGKILL included): `cat` meets the end of its input once the
pipe's last writer is gone, and `caffeinate -w` watches coach's process id. `release()`
ends them sooner, without waiting on the caller's thread.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
from typing import IO, Protocol

REASON = "A workout is running"
EXIT_WAIT_S = 1.0  # how long a helper gets to leave before it is killed


class Inhibitor(Protocol):
    detail: str

    def start(self) -> None: ...

    def release(self) -> None: ...

    def wait(self, timeout: float) -> bool:
        """True once the machine is free to sleep again (within `timeout` seconds)."""
        ...


class NoInhibitor:
    """Nothing keeps the machine awake (turned off, or no way to on this system)."""

    def __init__(self, detail: str) -> None:
        self.detail = detail

    def start(self) -> None:
        return None

    def release(self) -> None:
        return None

    def wait(self, timeout: float) -> bool:
        return True


class HelperInhibitor:
    """A helper process that holds the machine awake for as long as it lives.

    `start` launches it from a thread of its own (starting a process may take a few
    milliseconds, too long for an event loop); `release` closes its input and lets a
    thread end it. Both return at once.
    """

    def __init__(self, command: list[str], detail: str, *, pipe: bool) -> None:
        self.command = command
        self.detail = detail
        self.pipe = pipe
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None
        self._released = False
        self._starting: threading.Thread | None = None
        self._ending: threading.Thread | None = None

    def start(self) -> None:
        self._starting = threading.Thread(target=self._launch, name="keep-awake", daemon=True)
        self._starting.start()

    def _launch(self) -> None:
        with self._lock:
            if self._released:
                return
            try:
                self._process = subprocess.Popen(
                    self.command,
                    stdin=subprocess.PIPE if self.pipe else subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    # Its own session: Ctrl-C at the terminal is for coach, which then
                    # releases the helper itself.
                    start_new_session=True,
                    close_fds=True,
                )
            except OSError:
                self._process = None

    def release(self) -> None:
        with self._lock:
            if self._released:
                return
            self._released = True
            process = self._process
        if process is None:
            return
        stdin: IO[bytes] | None = process.stdin
        if stdin is not None:
            with contextlib.suppress(OSError):
                stdin.close()  # the end of its input: `cat` returns, the inhibitor ends
        self._ending = threading.Thread(
            target=_end, args=(process,), name="keep-awake-end", daemon=True
        )
        self._ending.start()

    def wait(self, timeout: float) -> bool:
        if self._starting is not None:
            self._starting.join(timeout)
        if self._ending is not None:
            self._ending.join(timeout)
        process = self._process
        return process is None or process.poll() is not None


def _end(process: subprocess.Popen[bytes]) -> None:
    try:
        process.wait(EXIT_WAIT_S)
        return
    except subprocess.TimeoutExpired:
        pass
    with contextlib.suppress(OSError):
        process.terminate()
    try:
        process.wait(EXIT_WAIT_S)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(OSError):
            process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(EXIT_WAIT_S)


ES_CONTINUOUS = 0x80000000
ES_SYSTEM_REQUIRED = 0x00000001
ES_DISPLAY_REQUIRED = 0x00000002


class WindowsInhibitor:
    """SetThreadExecutionState on the thread that starts the workout (the state belongs
    to that thread, and Windows drops it when the process ends)."""

    detail = "Windows execution state"

    def __init__(self, call: Callable[[int], int]) -> None:
        self._call = call
        self._held = False

    def start(self) -> None:
        self._held = bool(self._call(ES_CONTINUOUS | ES_SYSTEM_REQUIRED | ES_DISPLAY_REQUIRED))

    def release(self) -> None:
        if self._held:
            self._held = False
            self._call(ES_CONTINUOUS)

    def wait(self, timeout: float) -> bool:
        return not self._held


def choose_inhibitor(
    enabled: bool,
    *,
    platform: str = sys.platform,
    which: Callable[[str], str | None] = shutil.which,
) -> Inhibitor:
    """The way to keep this machine awake, or a NoInhibitor saying why there is none."""
    if not enabled:
        return NoInhibitor("off ([alerts] keep_awake = false)")
    if platform == "darwin":
        caffeinate = which("caffeinate")
        if caffeinate:
            command = [caffeinate, "-d", "-i", "-w", str(os.getpid())]
            return HelperInhibitor(command, "caffeinate", pipe=False)
        return NoInhibitor("caffeinate was not found")
    if platform == "win32":
        try:
            import ctypes

            kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        except (ImportError, AttributeError, OSError):
            return NoInhibitor("the Windows execution-state call is not available")
        return WindowsInhibitor(kernel32.SetThreadExecutionState)
    inhibit = which("systemd-inhibit")
    cat = which("cat")
    if inhibit and cat:
        command = [
            inhibit,
            "--what=idle:sleep",
            "--who=coach",
            f"--why={REASON}",
            "--mode=block",
            cat,
        ]
        return HelperInhibitor(command, "systemd-inhibit", pipe=True)
    return NoInhibitor("systemd-inhibit was not found")
