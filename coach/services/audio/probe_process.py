"""Run a short check in a child process, for a bounded time, leaving nothing behind.

Checking a sound device (playing a few milliseconds of silence) can block for good on a
device that never answers. The child is killed when its time is up, and also when coach
exits first (Ctrl-C while the check runs on a thread nobody waits for), so no player is
left stuck on the device.
"""

from __future__ import annotations

import atexit
import contextlib
import subprocess
import threading
from collections.abc import Sequence

_running: set[subprocess.Popen[bytes]] = set()
_lock = threading.Lock()
_hooked = False
_exiting = False


def run_bounded(command: Sequence[str], timeout: float) -> tuple[int, bytes]:
    """The exit status and standard error of `command` (no input, output dropped).

    Raises subprocess.TimeoutExpired once the child was killed for taking too long, and
    OSError when it cannot start."""
    global _hooked
    # Started and written down under the lock, so an exit that begins meanwhile (Ctrl-C on
    # the main thread) waits for it and kills it, and none starts once the exit has begun.
    with _lock:
        if _exiting:
            raise OSError("coach is exiting")
        if not _hooked:
            atexit.register(_kill_all)
            _hooked = True
        process = subprocess.Popen(
            list(command),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,  # Ctrl-C in the terminal is for coach, which kills it
        )
        _running.add(process)
    try:
        _, error = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise
    finally:
        with _lock:
            _running.discard(process)
    return process.returncode, error


def _kill_all() -> None:
    global _exiting
    with _lock:
        _exiting = True
        left = list(_running)
    for process in left:
        with contextlib.suppress(OSError):
            process.kill()
