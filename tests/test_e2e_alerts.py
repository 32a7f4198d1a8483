"""Alerts in a real terminal (tmux): the pane's title during a rest and after coach
leaves, and stand-in `notify-send` and `systemd-inhibit` on PATH that write down how
they were called, so the tests see the notifications sent and the inhibitor ending with
the workout, whichever way it ends (the finish, q, Ctrl-C, SIGTERM)."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
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

SESSION = FIXTURES / "rest.yaml"  # get ready 1 s, a 2 s rep, rest 6 s, again: 12 s

NOTIFY_SEND = """#!/bin/sh
echo "notify-send $*" >> "$ALERTS_LOG"
"""

# Writes its pid and options, then runs the command it was given, as the real one does
# (coach gives it a `cat` that holds on for as long as coach keeps its input open).
SYSTEMD_INHIBIT = """#!/bin/sh
echo "systemd-inhibit $$ $*" >> "$ALERTS_LOG"
while [ $# -gt 0 ]; do case "$1" in --*) shift;; *) break;; esac; done
exec "$@"
"""


class Terminal:
    """A tmux server of our own; coach is typed into a shell whose title is "before"."""

    def __init__(self, command: str) -> None:
        self.socket = f"coach-alerts-{os.getpid()}-{time.monotonic_ns()}"
        self.tmux("new-session", "-d", "-s", "coach", "-x", "100", "-y", "30", "env PS1='$ ' sh")
        self.keys(f"cd {shlex.quote(str(REPO))} && printf '\\033]2;before\\007'", "Enter")
        self.wait_title("before", within=5)
        self.keys(f"{command}; echo EXIT=$?", "Enter")

    def tmux(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, "-f", "/dev/null", *args],
            capture_output=True,
            text=True,
            timeout=10,
        )
        return done.stdout

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "coach", *keys)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "coach")

    def title(self) -> str:
        return self.tmux("display", "-p", "-t", "coach", "#{pane_title}").strip()

    def wait_title(self, pattern: str, within: float) -> str:
        limit = time.monotonic() + within
        while True:
            title = self.title()
            if re.search(pattern, title):
                return title
            if time.monotonic() > limit:
                raise AssertionError(f"title {title!r} never matched {pattern!r}")
            time.sleep(0.05)

    def wait_for(self, text: str, within: float) -> str:
        limit = time.monotonic() + within
        while True:
            screen = self.screen()
            if re.search(text, screen, re.M):
                return screen
            if time.monotonic() > limit:
                raise AssertionError(f"{text!r} did not show within {within} s:\n{screen}")
            time.sleep(0.1)

    def close(self) -> None:
        self.tmux("kill-server")


class StandIns:
    """A folder of stand-in programs put first on PATH, and the log they write."""

    def __init__(self, folder: Path) -> None:
        self.bin = folder / "bin"
        self.bin.mkdir()
        self.log = folder / "calls.log"
        self.log.touch()
        for name, text in (("notify-send", NOTIFY_SEND), ("systemd-inhibit", SYSTEMD_INHIBIT)):
            path = self.bin / name
            path.write_text(text)
            path.chmod(0o755)
        self.config = folder / "config.toml"
        self.config.write_text("[alerts]\nnotify = true\n")
        self.data = folder / "data"

    def env(self) -> str:
        values = {
            "ALERTS_LOG": str(self.log),
            "PATH": f"{self.bin}:{os.environ['PATH']}",
            "COACH_CONFIG": str(self.config),
            "COACH_DATA_DIR": str(self.data),
            "COACH_SESSIONS_DIR": str(self.data / "sessions"),
        }
        return "env " + " ".join(f"{k}={shlex.quote(v)}" for k, v in values.items())

    def calls(self) -> list[str]:
        return self.log.read_text().splitlines()

    def inhibitor_pid(self, within: float = 10) -> int:
        limit = time.monotonic() + within
        while True:
            for line in self.calls():
                if line.startswith("systemd-inhibit "):
                    return int(line.split()[1])
            if time.monotonic() > limit:
                raise AssertionError(f"systemd-inhibit was never started: {self.calls()}")
            time.sleep(0.05)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie has ended; only its parent has not read its status yet.
    stat = Path(f"/proc/{pid}/stat")
    try:
        return stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def wait_gone(pid: int, within: float) -> None:
    limit = time.monotonic() + within
    while alive(pid):
        if time.monotonic() > limit:
            raise AssertionError(f"the inhibitor (pid {pid}) is still running")
        time.sleep(0.05)


def coach_pid(inhibitor: int) -> int:
    """The coach process: the inhibitor's parent."""
    stat = Path(f"/proc/{inhibitor}/stat").read_text()
    return int(stat.rsplit(")", 1)[1].split()[1])


@pytest.fixture
def setup(tmp_path) -> Iterator[tuple[type[Terminal], StandIns]]:
    need(shutil.which("tmux") is not None, "tmux is not installed")
    opened: list[Terminal] = []

    class Opened(Terminal):
        def __init__(self, command: str) -> None:
            super().__init__(command)
            opened.append(self)

    yield Opened, StandIns(tmp_path)
    for term in opened:
        term.close()


def coach_run(stand_ins: StandIns, *more: str) -> str:
    python = shlex.quote(sys.executable)
    return f"{stand_ins.env()} {python} -m coach run {shlex.quote(str(SESSION))} " + " ".join(
        ("--audio", "silent", "--restart", *more)
    )


def test_the_title_counts_the_rest_and_is_given_back(setup):
    terminal, stand_ins = setup
    term = terminal(coach_run(stand_ins))
    inhibitor = stand_ins.inhibitor_pid()
    assert alive(inhibitor)

    first = term.wait_title(r"^REST 0:0[3-6] · Hip thrust 2/2$", within=15)
    later = term.wait_title(r"^REST 0:0[1-4] · Hip thrust 2/2$", within=5)
    assert first != later  # it counts down

    term.wait_title(r"^DONE · Rest check$", within=15)
    wait_gone(inhibitor, within=5)  # the workout is over, though the summary stays
    calls = stand_ins.calls()
    assert "notify-send --app-name=coach -- Rest over Next: Hip thrust 2/2" in calls
    assert "notify-send --app-name=coach -- Workout complete Rest check" in calls
    inhibit = next(c for c in calls if c.startswith("systemd-inhibit"))
    assert "--what=idle:sleep" in inhibit and "--who=coach" in inhibit

    term.wait_for("Press q to leave", within=5)
    term.keys("q")
    after = term.wait_for(r"^EXIT=\d", within=10)
    assert "EXIT=0" in after
    assert term.title() == "before"


def test_q_in_a_rest_gives_back_the_title_and_ends_the_inhibitor(setup):
    terminal, stand_ins = setup
    term = terminal(coach_run(stand_ins))
    inhibitor = stand_ins.inhibitor_pid()
    term.wait_title(r"^REST ", within=15)
    assert alive(inhibitor)
    term.keys("q")
    term.wait_title(r"^PAUSED · REST ", within=5)  # the question pauses the clock at once
    term.keys("y")
    after = term.wait_for(r"^EXIT=\d", within=10)
    assert "EXIT=0" in after and "stopped before Hip thrust" in after
    assert term.title() == "before"
    wait_gone(inhibitor, within=5)
    assert not any("Workout complete" in call for call in stand_ins.calls())


def test_ctrl_c_gives_back_the_title_and_ends_the_inhibitor(setup):
    terminal, stand_ins = setup
    term = terminal(coach_run(stand_ins))
    inhibitor = stand_ins.inhibitor_pid()
    term.wait_title(r"^(LIFT|LOWER) ", within=15)
    assert alive(inhibitor)
    term.keys("C-c")
    after = term.wait_for(r"^EXIT=\d", within=10)
    assert "EXIT=130" in after
    assert term.title() == "before"
    wait_gone(inhibitor, within=5)


def test_sigterm_stops_cleanly_gives_back_the_title_and_ends_the_inhibitor(setup):
    """SIGTERM stops the workout like q: the terminal and its title come back, one closing
    line, exit status 143; the inhibitor ends with it."""
    terminal, stand_ins = setup
    term = terminal(coach_run(stand_ins))
    inhibitor = stand_ins.inhibitor_pid()
    term.wait_title(r"^(GET READY|LIFT|LOWER|REST) ", within=15)
    assert alive(inhibitor)
    coach = coach_pid(inhibitor)
    assert coach != inhibitor and "coach" in Path(f"/proc/{coach}/cmdline").read_text()
    os.kill(coach, signal.SIGTERM)
    after = term.wait_for(r"^EXIT=\d", within=10)
    assert "EXIT=143" in after and "(SIGTERM)" in after
    assert "so nothing was recorded." in after.replace("\n", "")  # stopped before a set
    assert term.title() == "before"
    wait_gone(inhibitor, within=5)


def test_plain_mode_titles_each_moment_and_keeps_awake(setup):
    terminal, stand_ins = setup
    term = terminal(coach_run(stand_ins, "--plain"))
    inhibitor = stand_ins.inhibitor_pid()
    term.wait_title(r"^REST · Hip thrust 2/2$", within=15)  # no count: written once a moment
    term.wait_for("or Enter to go on", within=20)  # at a terminal the last set may be fixed
    term.keys("Enter")
    term.wait_for("or Enter to leave", within=5)  # and a note on the session given
    term.keys("Enter")
    after = term.wait_for(r"^EXIT=\d", within=20)
    assert "EXIT=0" in after
    assert term.title() == "before"
    wait_gone(inhibitor, within=5)
    assert "notify-send --app-name=coach -- Workout complete Rest check" in stand_ins.calls()


def test_ctrl_c_in_plain_mode_gives_back_the_title_and_ends_the_inhibitor(setup):
    terminal, stand_ins = setup
    term = terminal(coach_run(stand_ins, "--plain"))
    inhibitor = stand_ins.inhibitor_pid()
    term.wait_title(r"^REST · ", within=15)
    assert alive(inhibitor)
    term.keys("C-c")
    after = term.wait_for(r"^EXIT=\d", within=10)
    assert "EXIT=130" in after and "STOPPED" in after
    assert term.title() == "before"
    wait_gone(inhibitor, within=5)
