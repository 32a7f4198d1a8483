"""A terminal that goes away without a SIGHUP (coach has no controlling terminal, and the
program that opened its pseudo-terminal closes it): the workout ends as on SIGHUP, with
the sets done kept, instead of spinning on the dead terminal for ever."""

from __future__ import annotations

import csv
import fcntl
import io
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

from fixtures.appkit import FIXTURES


def test_a_vanished_terminal_ends_the_workout_with_its_sets_kept(tmp_path: Path):
    env = dict(
        os.environ,
        COACH_DATA_DIR=str(tmp_path / "data"),
        COACH_CACHE_DIR=str(tmp_path / "cache"),
        COACH_CONFIG=str(tmp_path / "config.toml"),
        TERM="xterm-256color",
    )
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    child = subprocess.Popen(
        [sys.executable, "-m", "coach", "run", str(FIXTURES / "short.yaml"), "--audio", "silent"],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,  # no controlling terminal: closing it sends no SIGHUP
    )
    os.close(slave)
    try:
        seen = b""
        limit = time.monotonic() + 30
        while b"\x1b]2;REST" not in seen:  # the title says the set is over: it is kept
            assert time.monotonic() < limit, seen[-2000:]
            if select.select([master], [], [], 0.2)[0]:
                seen = (seen + os.read(master, 65536))[-20000:]
        os.close(master)  # the terminal goes away
        master = -1
        code = child.wait(timeout=15)
    finally:
        if master >= 0:
            os.close(master)
        if child.poll() is None:
            child.kill()
            child.wait()
    assert code == 129
    done = subprocess.run(
        [sys.executable, "-m", "coach", "history", "--csv"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=True,
    )
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert [(r["exercise"], r["set"], r["reps_done"], r["load"]) for r in rows] == [
        ("hip-thrust", "1", "2", "40 kg")
    ]
