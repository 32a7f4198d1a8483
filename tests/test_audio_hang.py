"""A sound device that never answers: ALSA's default output is the `file` plugin writing to
a named pipe nobody reads, so opening it blocks for good (in simpleaudio, with Python's
lock held). coach must give up on each backend after a bounded wait, go on with the next,
and stop at once on Ctrl-C meanwhile."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from alsa_capture import REPO
from conftest import need

pytestmark = pytest.mark.alsa

FIXTURES = REPO / "tests" / "fixtures"

HANGING_ASOUNDRC = """\
pcm.!default {{
    type file
    slave.pcm "coach_null"
    file "{fifo}"
    format "raw"
}}
pcm.coach_null {{
    type null
}}
"""

BOUND_S = 15.0
"""Every backend given up on, with room to spare on a busy machine (about 5 s here)."""


def hanging_env(tmp_path: Path) -> dict[str, str]:
    """The environment of a child whose default ALSA device blocks when opened."""
    home = tmp_path / "home"
    home.mkdir()
    fifo = tmp_path / "nobody-reads"
    os.mkfifo(fifo)
    (home / ".asoundrc").write_text(HANGING_ASOUNDRC.format(fifo=fifo), encoding="utf-8")
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    config = tmp_path / "config.toml"
    config.write_text("", encoding="utf-8")
    return {
        "HOME": str(home),
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(REPO),
        "TMPDIR": str(scratch),
        "COACH_CONFIG": str(config),
        "COACH_DATA_DIR": str(tmp_path / "data"),
        "COACH_SESSIONS_DIR": str(tmp_path / "sessions"),
        "LANG": "C.UTF-8",
    }


def left_behind(tmp_path: Path) -> list[str]:
    """Device checks still running (a player or simpleaudio's check, stuck on the pipe)
    that belong to this test: its folder is on their command line or in their
    environment (every child of coach here inherits its HOME)."""
    found = []
    mine = str(tmp_path).encode()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or entry.name == str(os.getpid()):
            continue
        try:
            command = (entry / "cmdline").read_bytes()
            environment = (entry / "environ").read_bytes()
        except OSError:
            continue
        probe = b"simpleaudio" in command or b"probe.wav" in command
        if probe and (mine in command or mine in environment):
            found.append(command.replace(b"\0", b" ").decode(errors="replace"))
    return found


def children(pid: int) -> list[str]:
    """The processes `pid` started, from any of its threads."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += (task / "children").read_text().split()
        except OSError:
            continue
    return found


def test_coach_sounds_passes_over_a_device_that_never_answers(tmp_path: Path) -> None:
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "coach", "sounds", "--volume", "1"],
        env=hanging_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=BOUND_S + 10,
        check=False,
    )
    took = time.monotonic() - started
    assert took < BOUND_S, f"coach sounds took {took:.1f} s"
    lines = done.stdout.splitlines()
    assert lines[0] == "Audio backends, in the order coach tries them:"
    rows = {line.split()[0]: line for line in lines[1:6]}
    assert "the sound device did not answer within 1.5 s" in rows.get("simpleaudio", "") or (
        "not installed" in rows.get("simpleaudio", "")
    ), lines
    assert "did not open within 2 s (the device does not answer)" in rows["miniaudio"], lines
    assert "aplay did not finish a short sound in 1.5 s" in rows["system"], lines
    assert "Using silent" in done.stdout  # no terminal here, so no bell either
    assert done.returncode == 1
    assert done.stderr == "coach: no audio backend can play here; cues will only show on screen\n"
    assert "Traceback" not in done.stderr
    assert left_behind(tmp_path) == []  # no player still stuck on the pipe


def test_plain_mode_starts_the_workout_after_the_bounded_wait(tmp_path: Path) -> None:
    child = subprocess.Popen(
        [sys.executable, "-m", "coach", "run", str(FIXTURES / "short.yaml"), "--plain"],
        env=hanging_env(tmp_path),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    # A coach that hangs is killed, so reading its first line ends either way.
    watchdog = threading.Timer(BOUND_S, child.kill)
    watchdog.start()
    try:
        assert child.stdout is not None
        first = child.stdout.readline()
        assert "Quick check" in first, f"no header within {BOUND_S} s"
    finally:
        watchdog.cancel()
        child.send_signal(signal.SIGINT)
        _out, err = child.communicate(timeout=10)
    assert "No sound" in err and "Traceback" not in err
    assert child.returncode == 130


def test_ctrl_c_stops_plain_mode_while_a_device_hangs(tmp_path: Path) -> None:
    need(
        __import__("importlib").util.find_spec("simpleaudio") is not None,
        "simpleaudio is not installed (pip install '.[simpleaudio]')",
    )
    child = subprocess.Popen(
        [sys.executable, "-m", "coach", "run", str(FIXTURES / "short.yaml"), "--plain"],
        env=hanging_env(tmp_path),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        # The first backend checks the device from a child process: once it exists, coach
        # is waiting on the device that does not answer.
        limit = time.monotonic() + 10
        while not children(child.pid):
            assert child.poll() is None and time.monotonic() < limit, "no device check seen"
            time.sleep(0.01)
        child.send_signal(signal.SIGINT)
        stopped = time.monotonic()
        out, err = child.communicate(timeout=10)
    finally:
        child.kill()
        child.wait()
    assert time.monotonic() - stopped < 5.0  # not the hanging device's wait (for ever)
    assert child.returncode == 130
    assert err == "coach: stopped.\n" and out == ""
    assert left_behind(tmp_path) == []


@pytest.mark.tmux
def test_the_app_quits_at_once_on_ctrl_c_while_a_device_hangs(tmp_path: Path) -> None:
    import shlex
    import shutil

    need(shutil.which("tmux") is not None, "tmux is not installed")
    from test_e2e_tmux import Terminal

    env = " ".join(f"{k}={shlex.quote(v)}" for k, v in hanging_env(tmp_path).items())
    session = shlex.quote(str(FIXTURES / "short.yaml"))
    term = Terminal(f"env {env} {shlex.quote(sys.executable)} -m coach run {session}")
    try:
        term.wait_for("Getting ready", within=15)  # the sound is opening: the device hangs
        term.keys("C-c")
        # The status on a line of its own: "EXIT=" alone is also in the command line, which
        # shows again as soon as coach leaves the alternate screen, before it has ended.
        screen = term.wait_for(r"^^EXIT=\d+$", within=2)
        assert "Traceback" not in screen
    finally:
        term.close()
    assert left_behind(tmp_path) == []
