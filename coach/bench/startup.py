"""Cost of the commands a person starts: `coach plan` on big sessions, and the time from
process start to the first painted frame of the workout screen in a real terminal."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path


def plan_cost(path: Path, *, json_output: bool = False) -> tuple[float, float]:
    """(wall seconds, peak RSS in MB) of `coach plan` on `path`, in a fresh process."""
    args = [sys.executable, "-m", "coach", "plan", str(path)]
    if json_output:
        args.insert(4, "--json")
    start = time.perf_counter()
    child = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)  # this child's own peak, not the largest so far
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise RuntimeError(f"coach plan {path} failed with status {child.returncode}")
    return wall, usage.ru_maxrss / 1024


def first_frame(
    session: Path,
    marker: bytes = b"Set 1 of",
    timeout: float = 20.0,
    env: dict[str, str] | None = None,
) -> float:
    """Seconds from starting `coach run SESSION` in a 100x30 pseudo-terminal until the
    workout screen's first frame (its "Set 1 of N" line) has been written to the terminal."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    env = dict(env or os.environ, TERM="xterm-256color", COLUMNS="100", LINES="30")
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "coach", "run", str(session), "--mute"],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,
    )
    os.close(slave)
    seen = b""
    try:
        while True:
            left = timeout - (time.perf_counter() - start)
            if left <= 0:
                raise RuntimeError("the workout screen did not appear in time")
            ready, _, _ = select.select([master], [], [], left)
            if not ready:
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:
                raise RuntimeError("coach exited before drawing the workout screen") from None
            seen = (seen + chunk)[-4096:]
            if marker in seen:
                return time.perf_counter() - start
    finally:
        os.killpg(child.pid, signal.SIGTERM)
        try:
            child.wait(timeout=5)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()
        os.close(master)
