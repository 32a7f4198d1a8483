"""The real program in a real terminal (tmux): a short session in real time, from the
first set to the summary, resized on the way; and Ctrl-C in the middle of a set."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import need
from fixtures.appkit import FIXTURES

REPO = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.tmux


class Terminal:
    """One tmux server of our own, with a single window running one command."""

    def __init__(self, command: str, size: tuple[int, int] = (100, 30)) -> None:
        self.socket = f"coach-test-{os.getpid()}-{time.monotonic_ns()}"
        env = " ".join(
            f"{k}={shlex.quote(v)}" for k, v in os.environ.items() if k.startswith("COACH_")
        )
        # A shell first, at its final size; coach is typed into it once the window has
        # settled (a program started with the window may see the size tmux starts with).
        # The shell stays after coach exits, so the screen it leaves can be read.
        self.tmux(
            "new-session",
            "-d",
            "-s",
            "coach",
            "-x",
            str(size[0]),
            "-y",
            str(size[1]),
            "env PS1='$ ' sh",
        )
        self.tmux(
            "send-keys",
            "-t",
            "coach",
            f"cd {shlex.quote(str(REPO))} && env {env} {command}; echo EXIT=$?",
            "Enter",
        )

    def tmux(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, "-f", "/dev/null", *args],
            capture_output=True,
            text=True,
            timeout=10,
        )
        return done.stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "coach")

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "coach", *keys)

    def resize(self, width: int, height: int) -> None:
        self.tmux("resize-window", "-t", "coach", "-x", str(width), "-y", str(height))

    def wait_for(self, text: str, within: float) -> str:
        """The screen once `text` shows on it (a regular expression if it starts with ^)."""
        limit = time.monotonic() + within
        while True:
            screen = self.screen()
            if re.search(text[1:], screen, re.M) if text.startswith("^") else text in screen:
                return screen
            if time.monotonic() > limit:
                raise AssertionError(f"{text!r} did not show within {within} s:\n{screen}")
            time.sleep(0.1)

    def close(self) -> None:
        self.tmux("kill-server")


@pytest.fixture
def terminal() -> Iterator[type[Terminal]]:
    need(shutil.which("tmux") is not None, "tmux is not installed")
    opened: list[Terminal] = []

    class Opened(Terminal):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            opened.append(self)

    yield Opened
    for term in opened:
        term.close()


def coach_run(session: str) -> str:
    return f"{shlex.quote(sys.executable)} -m coach run {shlex.quote(session)} --audio silent"


def test_a_short_session_to_the_summary(terminal):
    term = terminal(coach_run(str(FIXTURES / "short.yaml")))
    screen = term.wait_for("q Quit", within=15)  # the footer: the first frame is whole
    assert "Quick check" in screen and "space Pause" in screen and "Hip thrust · 40 kg" in screen

    screen = term.wait_for("Rep 1 of 2", within=5)  # the set has begun
    term.resize(40, 12)
    small = term.wait_for("Rep", within=3)
    assert "Traceback" not in small
    term.resize(200, 60)
    big = term.wait_for("Drive through your heels", within=3)  # room for the form cues again
    term.resize(100, 30)
    term.wait_for("Kettlebell swing · 16 kg", within=15)
    term.wait_for("Round 2 of 2", within=10)

    summary = term.wait_for("Press q to leave", within=15)
    assert "Quick check" in summary
    assert "Hip thrust · 40 kg" in summary and "1 of 1 sets" in summary
    assert "Kettlebell swing · 16 kg" in summary and "2 of 2 rounds" in summary
    assert "Time 0:1" in summary  # about fourteen seconds, whatever the resizing did
    assert "Time 0:14" in summary or "Time 0:15" in summary, big

    time.sleep(1.5)  # it stays until the person leaves
    assert "Press q to leave" in term.screen()
    term.keys("q")
    after = term.wait_for(r"^EXIT=\d", within=10)
    assert "EXIT=0" in after
    assert "Quick check: finished in 0:1" in after
    assert "Traceback" not in after


def test_ctrl_c_mid_set_restores_the_terminal(terminal):
    term = terminal(coach_run(str(FIXTURES / "short.yaml")))
    term.wait_for("Rep 1 of 2", within=15)
    term.keys("C-c")
    after = term.wait_for(r"^EXIT=\d", within=10)
    assert "EXIT=130" in after
    assert "Quick check: stopped at Hip thrust · set 1/1 · 40 kg after 0:0" in after
    assert "Traceback" not in after
    assert "Press q to leave" not in after  # the app's screen is gone: the shell is back


def test_plain_mode_in_a_terminal(terminal):
    term = terminal(coach_run(str(FIXTURES / "tiny.yaml")) + " --plain")
    screen = term.wait_for("Enter when done", within=15)
    assert "LIFT 1s · rep 1/1 · Hip thrust · set 1/1" in screen
    term.keys("Enter")
    # At a terminal the last set can still be put right, as the app's summary allows.
    term.wait_for("Type what you did in the last set", within=10)
    term.keys("0", "Enter")  # it failed after all
    term.wait_for("noted: Good morning set 1: 0 of 1 reps", within=10)
    term.keys("Enter")
    term.wait_for("A note on the session", within=10)  # asked once, at a terminal only
    term.keys("felt fine", "Enter")
    after = term.wait_for(r"^EXIT=\d", within=10)
    assert "DONE · Tiny: finished in" in after and "EXIT=0" in after
    assert "Noted with the session." in after


def test_no_sound_device_and_a_40x12_terminal_still_run_to_the_end(terminal, tmp_path):
    """Every audio backend fails (no card, no sound server): the session still runs, counted
    on screen, in the smallest terminal we support, from the first set to the summary."""
    alsa = tmp_path / "asound.conf"
    alsa.write_text("pcm.!default { type hw; card 7 }\nctl.!default { type hw; card 7 }\n")
    no_device = f"env ALSA_CONFIG_PATH={shlex.quote(str(alsa))} PULSE_SERVER=unix:/nonexistent"
    command = f"{no_device} {shlex.quote(sys.executable)} -m coach run "
    term = terminal(command + shlex.quote(str(FIXTURES / "short.yaml")), size=(40, 12))

    told = term.wait_for("No sound", within=15)  # said once, in a toast
    assert "Traceback" not in told
    term.wait_for("Rep 1 of 2", within=10)
    summary = term.wait_for("WORKOUT DONE", within=25)
    assert "Time 0:1" in summary
    term.keys("q")
    after = term.wait_for(r"^EXIT=\d", within=10)
    assert "EXIT=0" in after and "Traceback" not in after
    assert "finished in 0:1" in after


def _coach_pids(data: Path) -> set[int]:
    """The coach processes using the history folder `data` (this test's own)."""
    found = set()
    mark = f"COACH_DATA_DIR={data}".encode()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes().split(b"\0")
                env = (entry / "environ").read_bytes().split(b"\0")
            except OSError:
                continue
            if b"coach" in command and b"run" in command and mark in env:
                found.add(int(entry.name))
    return found


def test_a_terminal_that_closes_mid_set_ends_coach_and_keeps_the_run(terminal, user_folders):
    """The window closes (SIGHUP, and a terminal that is gone): coach must not hang on its
    last writes to it, holding the run; the finished set is kept and the run resumable."""
    data = user_folders / "data"
    term = terminal(coach_run(str(FIXTURES / "drive.yaml")))
    term.wait_for("Up next: Set 2 of 2", within=30)  # set 1 is done: its rest
    ours = _coach_pids(data)
    assert ours, "coach did not start"
    term.close()  # tmux kill-server: the pane's terminal goes away
    limit = time.monotonic() + 20
    while ours & _coach_pids(data):
        assert time.monotonic() < limit, "coach kept running after its terminal closed"
        time.sleep(0.1)
    from coach.services.history_store import open_history

    store = open_history(user_folders / "data", create=False)
    assert store is not None
    [run] = store.runs()
    assert run.state == "active"  # stopped part-way: it can be carried on
    assert [s.key for s in store.run_sets(run.id)][:1] == [(0, 1, None)]
    store.close()


def test_after_many_changed_cells_the_terminal_matches_a_whole_repaint(terminal):
    """Only changed cells are sent (cell_diff); tmux is a real terminal reading them. After
    phases, counts, a blink and a resize, what it shows, colours included, is what a whole
    repaint (ctrl+l) shows."""
    term = terminal(coach_run(str(FIXTURES / "drive.yaml")))
    term.wait_for("q Quit", within=15)
    term.wait_for("Rep 2 of 2", within=15)  # get ready, go (a blink), lift, hold, lower...
    term.resize(90, 28)
    term.wait_for("LOWER", within=10)
    term.keys("space")  # paused: nothing moves from here on
    term.wait_for("paused in", within=5)
    time.sleep(1.5)  # a blink still lit ends by itself (1.2 s at most)
    diffed = term.tmux("capture-pane", "-p", "-e", "-t", "coach")
    term.keys("C-l")
    time.sleep(1.0)
    whole = term.tmux("capture-pane", "-p", "-e", "-t", "coach")
    assert "paused in" in whole
    assert diffed == whole
