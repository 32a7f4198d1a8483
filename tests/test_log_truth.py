"""The training log tells the truth, as a person sees it: the real program in plain mode,
driven through a pipe, then `coach history` read back.

Only the program is used here (no import of coach), so the same tests run against any
version of it: `PYTHONPATH=<other checkout> pytest tests/test_log_truth.py`."""

from __future__ import annotations

import csv
import io
import os
import queue
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

TRUTH = """\
name: Truth
about: Two counted sets and two manual sets, with long rests that n ends.
defaults:
  get_ready: 0
  rest_after: 30
exercises:
  - exercise: hip-thrust
    sets: 2
    reps: 3
    load: 80 kg
    rest_after: 30
    tempo: 1-0-1-0
  - exercise: good-morning
    sets: 2
    reps: 10
    load: 40 kg
"""

SIDES = """\
name: Sides
about: One per-side set, a manual one.
defaults:
  get_ready: 0
exercises:
  - exercise: romanian-deadlift
    sets: 1
    reps: 6
    load: 12 kg
    per_side: true
"""


class User:
    """Private sessions, history and settings folders, and the program run in them."""

    def __init__(self, home: Path) -> None:
        self.home = home
        (home / "sessions").mkdir(parents=True)
        self.env = dict(
            os.environ,
            COACH_SESSIONS_DIR=str(home / "sessions"),
            COACH_DATA_DIR=str(home / "data"),
            COACH_CONFIG=str(home / "config.toml"),
            COACH_CACHE_DIR=str(home / "cache"),
        )
        for text in (TRUTH, SIDES):
            name = text.split("\n", 1)[0].split(": ")[1].lower()
            (home / "sessions" / f"{name}.yaml").write_text(text)

    def command(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "coach", *args]

    def coach(self, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        # Run outside the source tree, so PYTHONPATH decides which coach runs.
        return subprocess.run(
            self.command(*args),
            input=stdin,
            capture_output=True,
            text=True,
            env=self.env,
            cwd=self.home,
            timeout=60,
        )

    def plain(self, session: str, *extra: str) -> Plain:
        return Plain(
            self.command("run", session, "--plain", "--audio", "silent", *extra),
            self.env,
            self.home,
        )

    def rows(self) -> list[dict[str, str]]:
        done = self.coach("history", "--csv")
        assert done.returncode == 0, done.stderr
        return list(csv.DictReader(io.StringIO(done.stdout)))


class Plain:
    """`coach run SESSION --plain` with its lines read as they come and lines typed."""

    def __init__(self, command: list[str], env: dict[str, str], cwd: Path) -> None:
        self.proc = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=cwd,
        )
        self.lines: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self._queue.put(line.rstrip("\n"))
        self._queue.put(None)

    def expect(self, text: str, within: float = 15.0) -> str:
        """The next line that holds `text` (the lines before it are kept in `lines`)."""
        limit = time.monotonic() + within
        while True:
            try:
                line = self._queue.get(timeout=max(0.01, limit - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"{text!r} never came; so far:\n" + self.text()) from None
            if line is None:
                self._queue.put(None)
                raise AssertionError(f"{text!r} never came; the program ended:\n" + self.text())
            self.lines.append(line)
            if text in line:
                return line

    def type(self, line: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def signal(self, signum: int) -> None:
        self.proc.send_signal(signum)

    def end(self, close_input: bool = True) -> tuple[int, str]:
        """Wait for the program to end: its exit status and what it said on stderr."""
        if close_input and self.proc.stdin is not None:
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=30)
        finally:
            self.proc.kill()
        while (line := self._queue.get(timeout=10)) is not None:
            self.lines.append(line)
        assert self.proc.stderr is not None
        return self.proc.returncode, self.proc.stderr.read()

    def text(self) -> str:
        return "\n".join(self.lines)


@pytest.fixture
def user(tmp_path: Path) -> Iterator[User]:
    yield User(tmp_path / "user")


def brief(rows: list[dict[str, str]]) -> list[tuple[str, str, str, str, str, str]]:
    return [
        (r["exercise"], r["set"], r["reps_done"], r["skipped"], r["load"], r["corrected"])
        for r in rows
    ]


# --- the clean-clone scenario -----------------------------------------------------------


def test_a_workout_as_it_happened_then_fixed_from_the_command_line(user):
    run = user.plain("truth")
    run.expect("LIFT 1s · rep 2/3")  # one rep done: n cuts the set short
    run.type("n")
    run.expect("REST")
    run.type("n")  # n in a rest: the next set now
    run.expect("LIFT 1s · rep 1/3 · Hip thrust · set 2/2")  # before its first rep
    run.type("n")
    run.expect("REST")
    run.type("n")
    run.expect("GO · Good morning · set 1/2")
    run.type("")  # done as planned...
    run.expect("REST")
    run.type("8 @ 42.5")  # ...then corrected during its rest
    run.expect("noted: Good morning set 1: 8 of 10 reps @ 42.5 kg")
    run.type("n")
    run.expect("GO · Good morning · set 2/2")
    run.type("3")  # the final manual set, ended with the reps typed
    done = run.expect("DONE · ")
    status, errors = run.end()
    assert status == 0, errors
    assert "Traceback" not in errors
    assert "3 sets done, 1 skipped" in done

    rows = user.rows()
    assert brief(rows) == [
        ("hip-thrust", "1", "1", "0", "80 kg", "0"),
        ("hip-thrust", "2", "0", "1", "80 kg", "0"),
        ("good-morning", "1", "8", "0", "42.5 kg", "1"),
        ("good-morning", "2", "3", "0", "40 kg", "0"),
    ]
    ids = [r["id"] for r in rows]

    edited = user.coach("history", "--edit", ids[3], "7")
    assert edited.returncode == 0, edited.stderr
    assert brief(user.rows())[3] == ("good-morning", "2", "7", "0", "40 kg", "1")

    deleted = user.coach("history", "--delete", ids[0])
    assert deleted.returncode == 0, deleted.stderr
    assert [r["id"] for r in user.rows()] == ids[1:]

    undone = user.coach("history", "--undo")
    assert undone.returncode == 0, undone.stderr
    assert brief(user.rows())[0] == ("hip-thrust", "1", "1", "0", "80 kg", "0")
    assert [r["id"] for r in user.rows()] == ids

    refused = user.coach("history", "--edit", ids[2], "@600")
    assert refused.returncode != 0
    assert len(refused.stderr.splitlines()) == 1
    assert "600" in refused.stderr and "40" in refused.stderr
    assert brief(user.rows())[2][4] == "42.5 kg"
    accepted = user.coach("history", "--edit", ids[2], "@600", "--yes")
    assert accepted.returncode == 0, accepted.stderr
    assert brief(user.rows())[2][4] == "600 kg"


def drive(run: Plain, *steps: tuple[str, str]) -> None:
    """Wait for each line, then type the answer."""
    for awaited, typed in steps:
        run.expect(awaited)
        run.type(typed)


SKIP_FIRST = ("LIFT 1s · rep 1/3 · Hip thrust · set 1/2", "n")  # before its first rep
SKIP_SECOND = ("LIFT 1s · rep 1/3 · Hip thrust · set 2/2", "n")
REST_ENDS = ("REST", "n")


# --- 2: a skipped set is not done, and a resumed run counts all of its sittings -----------


def test_a_skipped_set_is_not_offered_as_done_and_the_resumed_summary_covers_both_sittings(
    user,
):
    run = user.plain("truth")
    drive(run, SKIP_FIRST, ("REST", "q"))
    status, _ = run.end()
    assert status == 0
    assert brief(user.rows()) == [("hip-thrust", "1", "0", "1", "80 kg", "0")]

    again = user.plain("truth", "--resume")
    drive(
        again,
        SKIP_SECOND,
        REST_ENDS,
        ("GO · Good morning · set 1/2", ""),
        REST_ENDS,
        ("GO · Good morning · set 2/2", ""),
    )
    done = again.expect("DONE · ")
    _status, said = again.end()
    assert "Carrying on: 0 sets already done, 1 skipped." in said
    assert "2 sets done, 2 skipped" in done
    assert "       Hip thrust · 80 kg: 0 of 2 sets, 2 skipped" in again.lines


# --- 3: n at a manual set skips it; typed reps count on the final set ----------------------


def test_n_at_a_manual_set_skips_it_and_the_final_sets_typed_reps_count(user):
    run = user.plain("truth")
    drive(
        run,
        SKIP_FIRST,
        REST_ENDS,
        SKIP_SECOND,
        REST_ENDS,
        ("GO · Good morning · set 1/2", "n"),
        REST_ENDS,
        ("GO · Good morning · set 2/2", "4"),
    )
    run.expect("DONE · ")
    status, errors = run.end()
    assert status == 0, errors
    assert not [line for line in run.lines if "is not reps" in line]
    assert brief(user.rows())[2:] == [
        ("good-morning", "1", "0", "1", "40 kg", "0"),
        ("good-morning", "2", "4", "0", "40 kg", "0"),
    ]


def test_a_failed_manual_set_is_done_with_no_rep(user):
    run = user.plain("truth")
    drive(run, SKIP_FIRST, REST_ENDS, SKIP_SECOND, REST_ENDS, ("GO · Good morning · set 1/2", "0"))
    run.expect("REST")
    run.type("q")
    run.end()
    assert brief(user.rows())[2] == ("good-morning", "1", "0", "0", "40 kg", "0")


# --- 6: going back and skipping never overwrites a set that was done -----------------------


def test_back_then_next_keeps_a_done_set_also_across_a_resume(user):
    run = user.plain("truth")
    run.expect("REST")  # all three reps of set 1 done
    run.type("b")
    run.expect("LIFT 1s · rep 1/3 · Hip thrust · set 1/2")  # back at set 1's start
    run.type("n")
    run.expect("REST")
    run.type("q")
    run.end()
    assert brief(user.rows()) == [("hip-thrust", "1", "3", "0", "80 kg", "0")]

    again = user.plain("truth", "--resume")
    again.expect("LIFT 1s · rep 1/3 · Hip thrust · set 2/2")
    again.type("b")
    again.type("b")  # the set's start, then the set before
    again.expect("LIFT 1s · rep 1/3 · Hip thrust · set 1/2")
    again.type("n")
    again.expect("REST")
    again.type("q")
    again.end()
    assert brief(user.rows())[0] == ("hip-thrust", "1", "3", "0", "80 kg", "0")


# --- 9: one count everywhere; a per-side set is one set ------------------------------------


def test_a_per_side_set_is_one_set_in_the_closing_line_and_the_history(user):
    run = user.plain("sides")
    drive(run, ("GO · ", ""), ("GO · ", ""))
    done = run.expect("DONE · ")
    run.end()
    assert "1 set done" in done
    table = user.coach("history")
    assert table.returncode == 0, table.stderr
    assert "2 sets" not in table.stdout


# --- 10: an implausible load is asked again, not taken ------------------------------------


def test_an_implausible_load_typed_in_a_rest_needs_a_yes(user):
    run = user.plain("truth")
    drive(run, SKIP_FIRST, REST_ENDS, SKIP_SECOND, REST_ENDS, ("GO · Good morning · set 1/2", ""))
    run.expect("REST")
    run.type("@600")
    asked = run.expect("confirm with y")
    assert "600" in asked and "40" in asked
    run.type("q")
    run.end()
    assert brief(user.rows())[2][4] == "40 kg"

    again = user.plain("truth", "--restart")
    drive(again, SKIP_FIRST, REST_ENDS, SKIP_SECOND, REST_ENDS, ("GO · Good morning · set 1/2", ""))
    again.expect("REST")
    again.type("@600")
    again.expect("confirm with y")
    again.type("y")
    again.expect("noted: Good morning set 1: 10 of 10 reps @ 600 kg")
    again.type("q")
    again.end()
    assert brief(user.rows())[-1][4:] == ("600 kg", "1")


# --- 13: a history locked by another program for the whole workout loses nothing ------------


def test_a_history_locked_for_the_whole_workout_keeps_every_set_beside_it(user):
    run = user.plain("truth")
    drive(run, SKIP_FIRST, ("REST", "q"))
    run.end()
    other = sqlite3.connect(user.home / "data" / "history.sqlite3", isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # held until the workout ends
    try:
        locked = user.plain("truth", "--restart")
        drive(
            locked,
            SKIP_FIRST,
            REST_ENDS,
            SKIP_SECOND,
            REST_ENDS,
            ("GO · Good morning · set 1/2", "5"),
            REST_ENDS,
            ("GO · Good morning · set 2/2", "6"),
        )
        done = locked.expect("DONE · ")
        status, errors = locked.end()
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert status == 0
    said = done + "\n" + errors
    assert "could not be saved" not in said
    assert "4 sets kept in" in said, said
    rows = user.rows()  # the next start moves them in
    assert brief(rows)[1:] == [
        ("hip-thrust", "1", "0", "1", "80 kg", "0"),
        ("hip-thrust", "2", "0", "1", "80 kg", "0"),
        ("good-morning", "1", "5", "0", "40 kg", "0"),
        ("good-morning", "2", "6", "0", "40 kg", "0"),
    ]


# --- 15: one live run per session -----------------------------------------------------


def test_a_second_coach_cannot_take_over_a_run_in_progress(user):
    first = user.plain("truth")
    first.expect("LIFT 1s · rep 2/3")
    first.type("n")  # set 1: one rep
    first.expect("REST")
    try:
        taken = user.coach("run", "truth", "--plain", "--audio", "silent", "--resume", stdin="")
        assert taken.returncode != 0
        assert len(taken.stderr.splitlines()) == 1
        assert str(first.proc.pid) in taken.stderr
        assert "separate run" in taken.stderr

        beside = user.plain("truth")  # not a terminal: a separate run, saying so
        drive(beside, SKIP_FIRST, ("REST", "q"))
        _status, said = beside.end()
        assert str(first.proc.pid) in said and "separate run" in said
    finally:
        first.type("q")
        first.end()
    runs = {}
    for row in user.rows():
        runs.setdefault(row["run"], []).append(brief([row])[0])
    assert sorted(runs.values()) == [
        [("hip-thrust", "1", "0", "1", "80 kg", "0")],
        [("hip-thrust", "1", "1", "0", "80 kg", "0")],
    ]


# --- 17: a workout that is not recorded says so ----------------------------------------


def test_a_workout_that_cannot_be_recorded_says_so_at_the_end(user):
    (user.home / "data").write_text("")  # a file where the history's folder goes
    run = user.plain("sides")
    drive(run, ("GO · ", ""), ("GO · ", ""))
    done = run.expect("DONE · ")
    status, errors = run.end()
    assert status == 0
    assert "Traceback" not in errors
    assert "1 set done; not recorded" in done
    assert len(errors.splitlines()) == 1 and "not being recorded" in errors


# --- 16: a clock change mid-workout reorders and stretches nothing --------------------------

FAKETIME = Path("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1")


def test_the_wall_clock_set_back_an_hour_mid_workout_changes_no_time_in_the_log(user, tmp_path):
    from conftest import need

    if not FAKETIME.exists():
        need(False, "libfaketime is not installed (apt package faketime)")
    offset = tmp_path / "offset"
    offset.write_text("+0\n")
    user.env.update(
        LD_PRELOAD=str(FAKETIME),
        FAKETIME_TIMESTAMP_FILE=str(offset),
        FAKETIME_NO_CACHE="1",
        FAKETIME_DONT_FAKE_MONOTONIC="1",  # only the wall clock moves
    )
    run = user.plain("truth")
    run.expect("LIFT 1s · rep 2/3")
    run.type("n")
    run.expect("REST")
    offset.write_text("-1h\n")  # the clock is put back an hour, between two sets
    run.type("n")
    run.expect("LIFT 1s · rep 1/3 · Hip thrust · set 2/2")
    run.expect("LIFT 1s · rep 2/3")
    run.type("n")
    run.expect("REST")
    run.type("q")
    run.end()
    del user.env["LD_PRELOAD"]
    first, second = user.rows()
    began = [datetime.fromisoformat(r["started"]) for r in (first, second)]
    ended = [datetime.fromisoformat(r["ended"]) for r in (first, second)]
    assert began[0] <= ended[0] <= began[1] <= ended[1]
    assert (ended[1] - began[0]).total_seconds() < 60
    assert 1.5 <= float(first["seconds"]) < 4 and 1.5 <= float(second["seconds"]) < 4
    table = user.coach("history")
    assert "59:" not in table.stdout and "1:00:" not in table.stdout


# --- 11, 14: signals in plain mode ------------------------------------------------------


@pytest.mark.parametrize(
    ("signum", "status", "word"),
    [(signal.SIGTERM, 143, "SIGTERM"), (signal.SIGHUP, 129, "SIGHUP")],
)
def test_sigterm_and_sighup_stop_plain_mode_with_a_closing_line(user, signum, status, word):
    run = user.plain("truth")
    run.expect("LIFT 1s · rep 2/3")
    run.signal(signum)
    code, errors = run.end(close_input=False)
    assert code == status
    assert "Traceback" not in errors
    assert (
        run.lines[-1]
        .split(maxsplit=1)[1]
        .startswith("STOPPED at Hip thrust · set 1/2 · 80 kg after 0:0")
    )
    assert run.lines[-1].endswith(f"({word}); 0 sets done, so nothing was recorded.")


def test_a_suspended_plain_coach_is_paused_and_records_nothing_while_stopped(user):
    run = user.plain("truth")
    run.expect("LIFT 1s · rep 1/3")
    run.signal(signal.SIGTSTP)
    time.sleep(7)  # longer than the set: nobody lifts while the process is stopped
    woke = time.time()
    run.signal(signal.SIGCONT)
    run.expect("PAUSED (the process was stopped) · p or Enter goes on")
    time.sleep(1)
    assert user.rows() == []  # still nothing done
    run.type("p")
    run.expect("GOING ON")
    run.expect("REST")
    run.type("q")
    run.end()
    [row] = user.rows()
    assert (row["reps_done"], row["skipped"]) == ("3", "0")
    assert datetime.fromisoformat(row["ended"]).timestamp() > woke + 2


def test_plus_and_minus_in_a_rest_say_the_rest_left(user):
    run = user.plain("truth")
    run.expect("REST 1:00")  # set 1 done, all three reps
    run.type("+")
    assert run.expect("REST ").endswith(" left (+15s)")
    run.type("-")
    run.type("-")
    run.expect("(+0s)")
    assert run.expect("REST ").endswith(" left (-15s)")
    run.type("q")
    run.end()
    assert brief(user.rows()) == [("hip-thrust", "1", "3", "0", "80 kg", "0")]
