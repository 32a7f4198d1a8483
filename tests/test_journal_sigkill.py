"""The real program killed mid-set: `--resume` carries on, and every set is kept once.

Manual sets with no rests or get-readies keep this fast: the workout moves only when the
test presses Enter, so nothing waits for a timer.
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

from coach.services.history_store import open_history

REPO = Path(__file__).resolve().parent.parent

SESSION = """\
name: Kill test
defaults: {rest: 0, get_ready: 0}
exercises:
  - exercise: good-morning
    sets: 3
    reps: 5
    load: 40 kg
  - exercise: romanian-deadlift
    variation: step
    sets: 2
    reps: 4
    per_side: true
    switch: 0
    load: 20 kg
"""
ALL_SETS = {
    (0, 1, None),
    (0, 2, None),
    (0, 3, None),
    (1, 1, "left"),
    (1, 1, "right"),
    (1, 2, "left"),
    (1, 2, "right"),
}


class Coach:
    """`coach run --plain` in a subprocess, its lines read with a deadline."""

    def __init__(self, session: Path, *flags: str) -> None:
        command = [sys.executable, "-m", "coach", "run", str(session), "--plain"]
        self.proc = subprocess.Popen(
            [*command, "--audio", "silent", *flags],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=REPO,
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line)
        self.lines.put(None)

    def next_go(self, timeout: float = 20) -> str:
        """Wait for the next manual set to start; its line."""
        deadline = time.monotonic() + timeout
        while True:
            line = self.lines.get(timeout=max(0.01, deadline - time.monotonic()))
            assert line is not None, f"coach ended early: {''.join(self.seen)}"
            self.seen.append(line)
            if " GO · " in line:
                return line

    def enter(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write("\n")
        self.proc.stdin.flush()

    def finish(self, timeout: float = 20) -> tuple[int, str]:
        assert self.proc.stderr is not None
        self.proc.wait(timeout)
        return self.proc.returncode, self.proc.stderr.read()


def recorded(folder: Path) -> list[tuple[int, int, str | None]]:
    store = open_history(folder, create=False)
    if store is None:
        return []
    try:
        return [s.key for s in store.sets()]
    finally:
        store.close()


def wait_for_sets(folder: Path, count: int, timeout: float = 10) -> list:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        keys = recorded(folder)
        if len(keys) >= count:
            return keys
        time.sleep(0.02)
    raise AssertionError(f"{count} sets were not saved in time: {recorded(folder)}")


def test_sigkill_mid_set_then_resume_records_every_set_exactly_once(tmp_path, user_folders):
    session = tmp_path / "kill.yaml"
    session.write_text(SESSION)
    data = user_folders / "data"

    first = Coach(session)
    try:
        for _ in range(3):  # three good mornings, each ended with Enter
            assert "Good morning" in first.next_go()
            first.enter()
        in_progress = first.next_go()  # the step RDL's left side is under way
        assert "Step Romanian deadlift · set 1/2 · left" in in_progress
        saved = wait_for_sets(data, 3)
        os.kill(first.proc.pid, signal.SIGKILL)
        code, _ = first.finish()
    finally:
        first.proc.kill()
    assert code == -signal.SIGKILL
    assert sorted(saved) == [(0, 1, None), (0, 2, None), (0, 3, None)]

    second = Coach(session, "--resume")
    try:
        opening = second.next_go()  # straight back to the set that was lost
        assert "Step Romanian deadlift · set 1/2 · left" in opening
        second.enter()
        for _ in range(3):
            second.next_go()
            second.enter()
        code, errors = second.finish()
    finally:
        second.proc.kill()
    assert code == 0, errors
    assert "Traceback" not in errors and "Carrying on: 3 sets" in errors
    assert not any("Good morning" in line for line in second.seen)

    counts = Counter(recorded(data))
    assert set(counts) == ALL_SETS
    assert all(n == 1 for n in counts.values()), counts  # nothing recorded twice
    store = open_history(data, create=False)
    [run] = store.runs()  # the same run, carried on to its end
    assert run.state == "finished"
    store.close()
