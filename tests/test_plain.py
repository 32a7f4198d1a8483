"""`coach run SESSION --plain`: a line per moment, the same words and sounds, Enter ends
a manual set, and it copes with no terminal at all."""

from __future__ import annotations

import io
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fixtures.appkit import (
    FIXTURES,
    CorrectingJournal,
    RecordingJournal,
    RecordingPlayer,
    fixture_session,
)

from coach.domain.timeline import compile_timeline
from coach.interface.plain import EXIT_STOPPED, PlainCoach
from coach.services.workout import Beginning, Workout

REPO = Path(__file__).resolve().parent.parent


class Keys:
    """The keyboard, scripted: waiting lets time pass; lines are typed at the given moments
    (seconds since the start; "" is a bare Enter)."""

    def __init__(self, clock, enter_at=(), closed: bool = False, typed=()) -> None:
        self.clock = clock
        self.start = clock()
        self.script = sorted([(t, "") for t in enter_at] + list(typed))
        self.closed = closed

    def __call__(self, timeout: float | None) -> str | None:
        if self.script:
            moment = self.start + self.script[0][0]
            if timeout is None or self.clock() + timeout >= moment:
                self.clock.set(max(moment, self.clock()))
                return self.script.pop(0)[1]
        if timeout is None:
            raise AssertionError("the plain coach would wait for ever")
        self.clock.advance(timeout)
        return None


def coach_for(clock, keys: Keys, name: str = "drive", journal=None):
    loaded = fixture_session(name)
    player = RecordingPlayer()
    journal = journal or RecordingJournal()
    live = Workout(
        loaded, Beginning(compile_timeline(loaded), journal=journal), clock=clock, player=player
    )
    out = io.StringIO()
    return PlainCoach(live, out, keys, input_closed=lambda: keys.closed), out, player, journal


def test_a_line_per_moment_with_the_screen_words(clock):
    keys = Keys(clock, enter_at=[55 + 8])  # the manual set is done after 8 s
    coach, out, player, journal = coach_for(clock, keys)
    assert coach.run() == 0
    lines = out.getvalue().splitlines()[:1] + out.getvalue().splitlines()[2:]
    assert lines[:9] == [
        " 0:00  Test drive · about 2 min · Enter ends a manual set · n next · b back · p pause · q stops",
        " 0:00  GET READY 3s · Hip thrust · set 1/2 · 40 kg · 2 reps",
        " 0:03  LIFT 1s · rep 1/2 · Hip thrust · set 1/2 · 40 kg",
        " 0:04  HOLD 2s · rep 1/2",
        " 0:06  LOWER 1s · rep 1/2",
        " 0:07  LIFT 1s · rep 2/2",
        " 0:08  HOLD 2s · rep 2/2",
        " 0:10  LOWER 1s · rep 2/2",
        " 0:11  REST 20s · next: Hip thrust · set 2/2 · 40 kg",
    ]
    text = out.getvalue()
    assert (
        " 0:55  GO · Good morning · set 1/1 · 20 kg · 5 reps · Enter when done, or type the reps"
        in text
    )
    assert " 1:03  REST 10s · next: Kettlebell swing · round 1/2 · 16 kg" in text
    assert " 1:16  WORK 10s · Kettlebell swing · round 1/2 · 16 kg" in text
    assert " 1:26  REST 5s · next: Kettlebell swing · round 2/2 · 16 kg" in text
    assert " 1:41  DONE · Test drive: finished in 1:41, 3 sets done, 2 of 2 rounds." in text
    assert lines[-3:] == [
        "       Hip thrust · 40 kg: 2 of 2 sets",
        "       Good morning · 20 kg: 1 of 1 sets",
        "       Kettlebell swing · 16 kg: 2 of 2 rounds",
    ]
    # The same sounds as the app: every phase change, the hold's ticks, the countdowns.
    assert player.cues[:6] == ["get-ready", "get-ready", "go", "hold", "tick", "release"]
    assert player.cues[-1] == "finish"
    assert [r.exercise for r in journal.results] == [
        "hip-thrust",
        "hip-thrust",
        "good-morning",
        "kettlebell-swing",
    ]


def test_enter_during_a_get_ready_starts_now(clock):
    keys = Keys(clock, enter_at=[1, 55 + 5])
    coach, out, _player, _journal = coach_for(clock, keys)
    assert coach.run() == 0
    assert " 0:01  LIFT 1s · rep 1/2 · Hip thrust · set 1/2 · 40 kg" in out.getvalue()


def test_with_no_input_a_manual_set_waits_only_its_estimate(clock):
    keys = Keys(clock, closed=True)
    coach, out, _player, journal = coach_for(clock, keys)
    assert coach.run() == 0
    text = out.getvalue()
    assert (
        " 0:55  GO · Good morning · set 1/1 · 20 kg · 5 reps · moving on after 0:15 (no input)"
        in text
    )
    assert " 1:10  REST 10s · next: Kettlebell swing · round 1/2 · 16 kg" in text
    assert journal.results[2].exercise == "good-morning"


def test_typing_during_a_rest_corrects_the_set_just_done(clock):
    journal = CorrectingJournal()
    keys = Keys(clock, typed=[(12, "1"), (14, "two"), (16, "2 @ 42.5"), (55 + 9, "4")])
    coach, out, _player, _journal = coach_for(clock, keys, journal=journal)
    assert coach.run() == 0
    lines = out.getvalue().splitlines()
    assert lines[1] == (
        "       Type what you really did (8, or 8 @ 57.5 kg) and Enter: at a manual set it "
        "ends the set, during a rest it corrects the set just done."
    )
    assert "       noted: Hip thrust set 1: 1 of 2 reps @ 40 kg" in lines
    assert any(line.startswith('       "two" is not reps or a load.') for line in lines)
    assert "       noted: Hip thrust set 1: 2 of 2 reps @ 42.5 kg" in lines
    assert "       noted: Good morning set 1: 4 of 5 reps @ 20 kg" in lines  # typed to end it
    assert [(c.key, c.reps_done, c.load) for c in journal.corrections] == [
        ((0, 1, None), 1, "40 kg"),
        ((0, 1, None), 2, "42.5 kg"),
    ]
    # The manual set ended with the typed reps: recorded so, not as planned.
    assert [(r.exercise, r.reps_done) for r in journal.results][2] == ("good-morning", 4)


def test_ctrl_c_says_where_it_stopped(clock):
    class Interrupting(Keys):
        def __call__(self, timeout):
            if self.clock() - self.start >= 5:
                raise KeyboardInterrupt
            return super().__call__(timeout)

    coach, out, _player, _journal = coach_for(clock, Interrupting(clock))
    assert coach.run() == EXIT_STOPPED
    assert out.getvalue().splitlines()[-1] == (
        " 0:05  STOPPED at Hip thrust · set 1/2 · 40 kg after 0:05 (Ctrl-C); 0 sets done, "
        "0 of 2 rounds, so nothing was recorded."
    )


# --- the real program, in real time (a few seconds each) ------------------------------


def plain(*extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "coach",
        "run",
        str(FIXTURES / "tiny.yaml"),
        "--plain",
        "--audio",
        "silent",
        *extra,
    ]


def test_stdout_to_a_file_and_stdin_closed(tmp_path):
    log = tmp_path / "workout.txt"
    began = time.monotonic()
    with log.open("w") as out:
        done = subprocess.run(
            plain(),
            stdout=out,
            stderr=subprocess.PIPE,
            text=True,
            preexec_fn=lambda: os.close(0),
            timeout=30,
            cwd=REPO,
        )
    took = time.monotonic() - began
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    stamped = [line for line in log.read_text().splitlines() if re.match(r"\s*\d+:\d\d  ", line)]
    words = [line.split()[1] for line in stamped[1:]]
    assert words[:4] == ["LIFT", "LOWER", "GO", "DONE"]
    assert "moving on after 0:03 (no input)" in log.read_text()
    assert took < 5 + 4  # 2 s of reps, a 3 s manual set, and start-up


def test_enter_ends_a_manual_set_early():
    proc = subprocess.Popen(
        plain(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    try:
        seen = []
        for line in proc.stdout:
            seen.append(line)
            if " GO · " in line:
                break
        began = time.monotonic()
        proc.stdin.write("\n")
        proc.stdin.flush()
        rest, errors = proc.communicate(timeout=20)
    finally:
        proc.kill()
    assert proc.returncode == 0, errors
    assert "Enter when done" in seen[-1]
    assert "DONE · Tiny: finished in" in rest
    assert time.monotonic() - began < 2.5  # not the 3 s estimate


def as_from_a_shell(command: list[str]) -> list[str]:
    """`command` started with SIGINT at its default and unblocked, as an interactive shell
    starts it, whatever this process inherited: a parent that ignores SIGINT (a background
    job, nohup, some CI runners) passes SIG_IGN on through fork and exec, and Python then
    leaves Ctrl-C ignored."""
    launcher = (
        "import os, signal, sys\n"
        "signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})\n"
        "signal.signal(signal.SIGINT, signal.SIG_DFL)\n"
        "os.execv(sys.argv[1], sys.argv[1:])\n"
    )
    return [sys.executable, "-c", launcher, *command]


def test_ctrl_c_exits_130_with_one_line_and_no_traceback():
    proc = subprocess.Popen(
        as_from_a_shell(plain()),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    try:
        for line in proc.stdout:
            if "LIFT" in line:
                break
        proc.send_signal(signal.SIGINT)
        rest, errors = proc.communicate(timeout=20)
    finally:
        proc.kill()
    assert proc.returncode == 130
    assert "Traceback" not in errors
    assert rest.splitlines()[-1].split(maxsplit=1)[1].startswith("STOPPED at Hip thrust")


@pytest.mark.parametrize("missing", ["no-such-session"])
def test_an_unknown_session_is_one_line(missing):
    done = subprocess.run(
        [sys.executable, "-m", "coach", "run", missing, "--plain"],
        capture_output=True,
        text=True,
        timeout=30,
        cwd=REPO,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("coach: no session called 'no-such-session'")
    assert len(done.stderr.splitlines()) == 1


def test_the_app_without_a_terminal_points_to_plain_mode():
    done = subprocess.run(
        [sys.executable, "-m", "coach", "run", str(FIXTURES / "tiny.yaml")],
        capture_output=True,
        text=True,
        timeout=30,
        cwd=REPO,
    )
    assert done.returncode == 2
    assert done.stderr == (
        "coach: the full-screen coach needs a terminal; use `coach run SESSION --plain` "
        "for plain lines\n"
    )


def test_no_typing_hint_when_standard_input_is_at_its_end():
    done = subprocess.run(
        plain(),
        stdin=subprocess.DEVNULL,  # open, but nothing will ever come
        capture_output=True,
        text=True,
        timeout=30,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stderr
    assert "type what you really did" not in done.stdout
    assert "(no input)" in done.stdout  # the manual set still moves on by itself


class ReaderGone(io.StringIO):
    """Standard output into a pipe whose reader leaves after `lines` lines (`| head`)."""

    def __init__(self, lines: int) -> None:
        super().__init__()
        self.lines = lines
        self._read, self._write = os.pipe()

    def fileno(self) -> int:
        return self._write

    def write(self, text: str) -> int:
        if self.getvalue().count("\n") >= self.lines:
            raise BrokenPipeError(32, "Broken pipe")
        return super().write(text)

    def close(self) -> None:
        os.close(self._read)
        os.close(self._write)
        super().close()


def test_a_reader_gone_stops_the_workout_and_records_nothing_unseen(clock, capsys):
    # `coach run ... --plain </dev/null | head -3` ran the whole workout unseen and
    # recorded every set of it: nobody did them.
    keys = Keys(clock, closed=True)
    coach, _out, _player, journal = coach_for(clock, keys)
    coach.out = out = ReaderGone(lines=3)
    try:
        assert coach.run() == 141
    finally:
        out.close()
    assert journal.results == [] and journal.closed
    assert capsys.readouterr().err.splitlines()[-1] == (
        "coach: STOPPED at Hip thrust · set 1/2 · 40 kg after 0:04 (its output was closed); "
        "0 sets done, 0 of 2 rounds, so nothing was recorded."
    )
