"""The training log tells the truth in a real terminal (tmux): signals stop the app the
same way as plain mode (terminal restored, one closing line, the conventional exit
status), a run whose summary is showing is finished, and a suspension is a pause.

Only the program is used here (no import of coach), so the same tests run against any
version of it: `PYTHONPATH=<other checkout> pytest tests/test_log_truth_tmux.py`."""

from __future__ import annotations

import csv
import io
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from conftest import need
from test_log_truth import SIDES, TRUTH

pytestmark = pytest.mark.tmux
WIDTH = 160


class Terminal:
    """A tmux server of our own running a shell in private user folders; coach is typed
    into the shell, which stays after coach ends so its last lines can be read."""

    def __init__(self, home: Path) -> None:
        self.home = home
        (home / "sessions").mkdir(parents=True)
        (home / "sessions" / "truth.yaml").write_text(TRUTH)
        (home / "sessions" / "sides.yaml").write_text(SIDES)
        self.env = dict(
            os.environ,
            COACH_SESSIONS_DIR=str(home / "sessions"),
            COACH_DATA_DIR=str(home / "data"),
            COACH_CONFIG=str(home / "config.toml"),
            COACH_CACHE_DIR=str(home / "cache"),
        )
        self.socket = f"coach-truth-{os.getpid()}-{time.monotonic_ns()}"
        self.tmux("new-session", "-d", "-s", "t", "-x", str(WIDTH), "-y", "40", "env PS1='$ ' sh")
        exports = " ".join(
            f"{k}={shlex.quote(v)}"
            for k, v in self.env.items()
            if k.startswith("COACH_") or k == "PYTHONPATH"
        )
        self.type(f"cd {shlex.quote(str(home))} && export {exports}")

    def tmux(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, "-f", "/dev/null", *args],
            capture_output=True,
            text=True,
            timeout=10,
        )
        return done.stdout

    def type(self, line: str) -> None:
        self.tmux("send-keys", "-t", "t", line, "Enter")

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "t", *keys)

    def clear(self) -> None:
        self.type("clear")
        # A line typed while `clear` runs is echoed first and then wiped with the screen,
        # and the closing line would follow the bare prompt: wait for the clean screen.
        limit = time.monotonic() + 10
        while self.screen().strip() != "$":
            if time.monotonic() > limit:
                raise AssertionError(f"the screen did not clear:\n{self.screen()}")
            time.sleep(0.02)
        self.tmux("clear-history", "-t", "t")

    def coach_app(self, session: str) -> None:
        """The app, with its process id written down, then the exit status and whether
        the terminal has echo and canonical mode back."""
        self.clear()
        self.type(
            f"sh -c 'echo $$ > pid; exec {shlex.quote(sys.executable)} -m coach run "
            f"{session} --audio silent'; echo EXIT=$?; "
            "echo MODES $(stty -a | tr ' ;' '\\n\\n' | grep -x -e echo -e -echo "
            "-e icanon -e -icanon)"
        )

    def pid(self) -> int:
        limit = time.monotonic() + 10
        while not (self.home / "pid").exists() or not (self.home / "pid").read_text().strip():
            if time.monotonic() > limit:
                raise AssertionError("coach never started")
            time.sleep(0.05)
        return int((self.home / "pid").read_text())

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-J", "-t", "t")

    def wait_for(self, pattern: str, within: float = 15.0) -> str:
        limit = time.monotonic() + within
        while True:
            screen = self.screen()
            if re.search(pattern, screen, re.M):
                return screen
            if time.monotonic() > limit:
                raise AssertionError(f"{pattern!r} did not show within {within} s:\n{screen}")
            time.sleep(0.1)

    def coach(self, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "coach", *args],
            input=stdin,
            capture_output=True,
            text=True,
            env=self.env,
            cwd=self.home,
            timeout=60,
        )

    def rows(self) -> list[dict[str, str]]:
        done = self.coach("history", "--csv")
        assert done.returncode == 0, done.stderr
        return list(csv.DictReader(io.StringIO(done.stdout)))


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    if shutil.which("tmux") is None:
        need(False, "tmux is not installed")
    term = Terminal(tmp_path / "user")
    try:
        yield term
    finally:
        term.tmux("kill-server")


STATUS = {signal.SIGTERM: 143, signal.SIGHUP: 129, signal.SIGINT: 130}
WORD = {signal.SIGTERM: "SIGTERM", signal.SIGHUP: "SIGHUP", signal.SIGINT: "Ctrl-C"}


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_signal_mid_set_restores_the_terminal_with_a_closing_line(terminal, signum):
    terminal.coach_app("truth")
    terminal.wait_for(r"Set 1 of 2 · Rep 2 of 3")
    os.kill(terminal.pid(), signum)
    screen = terminal.wait_for(r"^MODES ")
    assert f"EXIT={STATUS[signum]}" in screen
    assert re.search(r"^MODES (icanon echo|echo icanon)$", screen, re.M), screen
    assert re.search(
        rf"^Truth: stopped at Hip thrust · set 1/2 · 80 kg after 0:0\d \({WORD[signum]}\); "
        r"0 sets done, so nothing was recorded\.$",
        screen,
        re.M,
    ), screen
    assert "Traceback" not in screen


@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGTERM])
def test_a_sigcont_right_behind_the_signal_changes_nothing(terminal, signum):
    # A closing terminal sends SIGHUP and SIGCONT together. The SIGCONT used to take the
    # terminal up again after coach had given it back (raw mode left behind), and could
    # start a key thread that kept coach from ending at all.
    terminal.coach_app("truth")
    terminal.wait_for(r"Set 1 of 2 · Rep 2 of 3")
    pid = terminal.pid()
    os.kill(pid, signum)
    os.kill(pid, signal.SIGCONT)
    screen = terminal.wait_for(r"^MODES ", within=10)
    assert f"EXIT={STATUS[signum]}" in screen
    assert re.search(r"^MODES (icanon echo|echo icanon)$", screen, re.M), screen
    assert f"({WORD[signum]}); 0 sets done, so nothing was recorded." in screen
    assert "Traceback" not in screen
    assert terminal.rows() == []  # and indeed nothing was


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_on_the_summary_leaves_the_run_finished(terminal, signum):
    terminal.coach_app("sides")
    terminal.wait_for(r"Left side(?s:.*)Enter when done")
    terminal.keys("Enter")
    terminal.wait_for(r"Right side(?s:.*)Enter when done")
    terminal.keys("Enter")
    terminal.wait_for(r"(?i)finished|summary")
    os.kill(terminal.pid(), signum)
    screen = terminal.wait_for(r"^MODES ")
    assert re.search(r"^MODES (icanon echo|echo icanon)$", screen, re.M), screen
    assert "Sides: finished" in screen
    again = terminal.coach("run", "sides", "--plain", "--audio", "silent", stdin="q\n")
    assert "unfinished" not in again.stderr, again.stderr
    assert "Carrying on" not in again.stderr


def test_ctrl_z_then_fg_is_a_pause_in_the_app(terminal):
    terminal.coach_app("truth")
    terminal.wait_for(r"Set 1 of 2 · Rep 1 of 3")
    terminal.keys("C-z")
    terminal.wait_for(r"(?i)stopped")
    time.sleep(7)  # the suspension, longer than the set: nobody is lifting
    woke = time.time()
    terminal.type("fg")
    screen = terminal.wait_for(r"(?i)paused")
    assert "Rep 1 of 3" in screen or "Rep 2 of 3" in screen
    time.sleep(2)  # still paused: no key has gone on with it
    assert "Set 1 of 2" in terminal.screen()
    terminal.keys("space")  # go on
    limit = time.monotonic() + 15
    while not (rows := terminal.rows()) and time.monotonic() < limit:
        time.sleep(0.2)  # until set 1 is in the history
    os.kill(terminal.pid(), signal.SIGTERM)
    terminal.wait_for(r"^MODES ")
    [row] = rows
    assert row["reps_done"] == "3" and row["skipped"] == "0"
    # Done after `fg` and going on, not while the process was stopped.
    assert datetime.fromisoformat(row["ended"]).timestamp() > woke + 2
