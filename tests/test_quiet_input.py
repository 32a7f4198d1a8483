"""The key thread sleeps until a key comes (coach.interface.quiet_input), in a real
terminal (tmux): a paused workout makes no wake-ups at all, a lone Escape still reaches
the screen (the one time the thread waits with a time-out), and q / y still end coach with
the terminal given back. Ctrl-Z and fg, which stop and start the thread again, are in
test_log_truth_tmux."""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import need
from test_log_truth_tmux import Terminal

pytestmark = pytest.mark.tmux


@pytest.fixture
def tty(tmp_path: Path) -> Iterator[Terminal]:
    need(shutil.which("tmux") is not None, "tmux is not installed")
    term = Terminal(tmp_path / "user")
    try:
        yield term
    finally:
        term.tmux("kill-server")


def wakeups(pid: int) -> int:
    """Every thread's voluntary context switches: each is one sleep ended by a wake-up."""
    total = 0
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            status = Path(f"/proc/{pid}/task/{task}/status").read_text()
        except OSError:
            continue
        total += int(re.search(r"^voluntary_ctxt_switches:\s+(\d+)", status, re.M)[1])
    return total


def test_a_paused_workout_sleeps_until_a_key(tty: Terminal):
    tty.coach_app("truth")
    tty.wait_for(r"Set 1 of 2 · Rep 1 of 3")
    tty.keys("space")
    tty.wait_for(r"paused in")
    pid = tty.pid()
    time.sleep(0.5)  # the frame that shows the pause, written
    # Work begun before the pause may still end in these moments (a spoken phrase being
    # rendered, under a loaded machine): wait up to 5 s for a quiet half second first. A
    # thread that wakes on a timer never gets one, and is counted below all the same.
    for _ in range(10):
        start = wakeups(pid)
        time.sleep(0.5)
        if wakeups(pid) == start:
            break
    before = wakeups(pid)
    time.sleep(2.0)  # nothing moves while paused: nothing should wake
    woken = wakeups(pid) - before
    # Textual's own key thread wakes ten times a second: 20 here.
    assert woken <= 3, f"{woken} wake-ups in 2 s of a paused workout"
    tty.keys("space")  # and a key still wakes it
    tty.wait_for(r"Rep [23] of 3")
    tty.keys("q")
    tty.wait_for(r"Stop the workout\?")
    tty.keys("y")
    screen = tty.wait_for(r"^MODES ")
    assert "EXIT=0" in screen
    assert re.search(r"^MODES (icanon echo|echo icanon)$", screen, re.M), screen


def test_a_lone_escape_reaches_the_screen(tty: Terminal):
    tty.coach_app("truth")
    tty.wait_for(r"Set 1 of 2")
    tty.keys("q")
    tty.wait_for(r"Stop the workout\?")
    tty.keys("Escape")  # "Keep going": nothing follows it to tell the parser it is alone
    limit = time.monotonic() + 5
    while "Stop the workout?" in tty.screen():
        assert time.monotonic() < limit, "Escape never reached the dialog"
        time.sleep(0.05)
    tty.keys("Left", "q")  # an escape sequence, then a key: the dialog again
    tty.wait_for(r"Stop the workout\?")
    tty.keys("y")
    screen = tty.wait_for(r"^MODES ")
    assert "EXIT=0" in screen
    assert "Traceback" not in screen
