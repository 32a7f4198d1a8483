"""coach's workout screen and `termdown` side by side, each in its own 100x30 pseudo-terminal,
over the same seconds on the same machine: CPU time, bytes written to the terminal and the
main thread's wake-ups, as ratios (coach / termdown).

Absolute figures on a shared machine move with the load; two programs measured over the
same window see the same load, so their ratio is the figure to compare. Both are measured
from one second after each has drawn its first frame (start-up is measured elsewhere), for
`seconds`:

- CPU: user + system time of the process (all its threads), from /proc/PID/stat;
- bytes: everything read from the terminal's master side;
- wake-ups: the main thread's voluntary context switches (/proc/PID/task/PID/status):
  each is one time the thread slept and was woken (a timer, a key, a message); and the
  same summed over every thread (Textual's input thread wakes ten times a second to look
  for keys, termdown's about a hundred times).
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from dataclasses import dataclass, field
from pathlib import Path

from coach.bench.sessions import realtime_session, write

SETTLE_S = 1.0  # after the first frame, before the window opens
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Sample:
    cpu_s: float
    wakeups: int  # the main thread's
    all_wakeups: int  # every thread's (of those alive at the time)
    at: float = 0.0  # time.monotonic() when taken


@dataclass
class Terminal:
    """One program in a 100x30 pseudo-terminal, its output read and counted."""

    name: str
    args: list[str]
    env: dict[str, str]
    proc: subprocess.Popen[bytes] | None = None
    master: int = -1
    bytes_read: int = 0
    first_output: float | None = None
    start: Sample | None = None
    start_bytes: int = 0
    end: Sample | None = None
    end_bytes: int = 0
    tail: bytes = field(default=b"")

    def launch(self) -> None:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        self.proc = subprocess.Popen(
            self.args,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=self.env,
            start_new_session=True,
        )
        os.close(slave)
        self.master = master

    def read(self) -> None:
        try:
            chunk = os.read(self.master, 65536)
        except OSError:
            chunk = b""
        if not chunk:
            raise RuntimeError(f"{self.name} stopped early: {self.tail[-300:]!r}")
        if self.first_output is None:
            self.first_output = time.monotonic()
        self.bytes_read += len(chunk)
        self.tail = (self.tail + chunk)[-2000:]

    def sample(self) -> Sample:
        assert self.proc is not None
        pid = self.proc.pid
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        cpu = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime
        wakeups = all_wakeups = 0
        for task in os.listdir(f"/proc/{pid}/task"):
            try:
                status = Path(f"/proc/{pid}/task/{task}/status").read_text()
            except OSError:
                continue  # a thread that has just ended
            for line in status.splitlines():
                if line.startswith("voluntary_ctxt_switches:"):
                    count = int(line.split()[1])
                    all_wakeups += count
                    if task == str(pid):
                        wakeups = count
        return Sample(cpu, wakeups, all_wakeups, time.monotonic())

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        if self.master >= 0:
            os.close(self.master)
            self.master = -1

    @property
    def window_s(self) -> float:
        """How long this program was measured: from its own start sample to the end. The
        one that settled first is measured a little longer than the other."""
        assert self.start is not None and self.end is not None
        return self.end.at - self.start.at

    def figures(self) -> dict[str, float]:
        """Rates over this program's own window."""
        assert self.start is not None and self.end is not None
        span = self.window_s
        return {
            "cpu_percent": round(100 * (self.end.cpu_s - self.start.cpu_s) / span, 3),
            "bytes_per_s": round((self.end_bytes - self.start_bytes) / span, 1),
            "wakeups_per_s": round((self.end.wakeups - self.start.wakeups) / span, 2),
            "all_threads_wakeups_per_s": round(
                (self.end.all_wakeups - self.start.all_wakeups) / span, 2
            ),
        }

    def counts(self) -> dict[str, float]:
        """The window and the main thread's wake-ups in it, as counted: a program woken
        once a second has one more or one less by where the window falls."""
        assert self.start is not None and self.end is not None
        return {
            "window_s": round(self.window_s, 3),
            "main_thread_wakeups": self.end.wakeups - self.start.wakeups,
        }


def find_termdown(folder: Path) -> list[str] | None:
    """A way to run termdown: on PATH, or installed from PyPI into a throwaway venv."""
    found = shutil.which("termdown")
    if found:
        return [found]
    venv = folder / "termdown-venv"
    try:
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
        subprocess.run(
            [str(venv / "bin" / "pip"), "install", "-q", "termdown"],
            check=True,
            capture_output=True,
            timeout=300,
        )
    except (subprocess.SubprocessError, OSError):
        return None
    program = venv / "bin" / "termdown"
    return [str(program)] if program.exists() else None


def side_by_side(
    seconds: float, termdown: list[str], folder: Path, countdown_only: bool = False
) -> dict[str, object]:
    """Run both for `seconds` past their first frame; their figures and the ratios."""
    # A session that outlasts the window: start-up, the settling second and some margin.
    minutes = (seconds + 60) / 60
    if countdown_only:  # what termdown shows: one rest, counted down, and nothing else
        rest = int(seconds + 60)
        text = (
            "name: One rest\nexercises:\n"
            "  - {exercise: hip-thrust, sets: 2, reps: 1, tempo: 1-0-0-0, get_ready: 0, "
            f"rest: {rest}}}\n"
        )
        session = write(folder, "against", text)
    else:
        session = write(folder, "against", realtime_session(minutes))
    env = dict(_env(folder), TERM="xterm-256color", COLUMNS="100", LINES="30")
    countdown = int(seconds + 60)
    runs = [
        Terminal(
            "coach",
            [sys.executable, "-m", "coach", "run", str(session), "--mute", "--no-voice"],
            env,
        ),
        Terminal("termdown", [*termdown, str(countdown)], env),
    ]
    load_before = os.getloadavg()
    try:
        for run in runs:
            run.launch()
        give_up = time.monotonic() + 30
        window_end: float | None = None
        while True:
            now = time.monotonic()
            for run in runs:
                if run.start is None and run.first_output and now >= run.first_output + SETTLE_S:
                    run.start, run.start_bytes = run.sample(), run.bytes_read
            if window_end is None and all(r.start is not None for r in runs):
                window_end = now + seconds
            if window_end is not None and now >= window_end:
                for run in runs:
                    run.end, run.end_bytes = run.sample(), run.bytes_read
                break
            if window_end is None and now > give_up:
                late = [r.name for r in runs if r.first_output is None]
                raise RuntimeError(f"no first frame from {', '.join(late)} in 30 s")
            ready, _, _ = select.select([r.master for r in runs], [], [], 0.05)
            for run in runs:
                if run.master in ready:
                    run.read()
    finally:
        for run in runs:
            run.stop()
    coach, other = (r.figures() for r in runs)
    return {
        "seconds": seconds,
        "size": "100x30",
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "load_average_before": [round(x, 2) for x in load_before],
        "wakeups_from": "main thread voluntary_ctxt_switches (/proc)",
        "coach": coach,
        "termdown": other,
        "ratios": {key: _ratio(coach[key], other[key]) for key in coach},
        "counts": {run.name: run.counts() for run in runs},
    }


def startup(termdown: list[str], folder: Path, runs: int = 7) -> dict[str, object]:
    """Median wall time of a few short commands, each started `runs` times, beside
    `termdown --help`; and the workout screen's first frame (median of as many: with
    three, two runs of the benchmark twenty minutes apart gave 0.34 and 0.29 s).

    Both programs run with their bytecode compiled, as an installed package has it (into
    `folder`, so a checkout is left as it was, and whatever PYTHONDONTWRITEBYTECODE says),
    after a first run that compiles it. `coach list`, `coach plan` and `coach run` keep
    what they found in the cache folder: `seconds` and `first_frame_s` are with it as the
    previous run left it (files unchanged), `cold_cache_seconds` and
    `first_frame_cold_cache_s` with the cache folder emptied before each run (the first
    run after an edit or an upgrade)."""
    from coach.bench.startup import first_frame

    env = _env(folder)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(folder / "bytecode")
    cold_cache = folder / "cold-cache"  # emptied before each run that starts cold
    cold_env = dict(env, COACH_CACHE_DIR=str(cold_cache))
    session = write(folder, "first-frame", realtime_session(5))
    written = time.monotonic()
    coach = [sys.executable, "-m", "coach"]
    commands = {
        "termdown --help": [*termdown, "--help"],
        "coach --help": [*coach, "--help"],
        "coach list": [*coach, "list"],
        "coach plan posterior-chain": [*coach, "plan", "posterior-chain"],
    }
    cached = ("coach list", "coach plan posterior-chain")

    def timed(args: list[str], env: dict[str, str] = env) -> float:
        start = time.perf_counter()
        subprocess.run(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return time.perf_counter() - start

    for args in commands.values():
        timed(args)  # compiles the bytecode; and what a second run finds
    times: dict[str, list[float]] = {name: [] for name in commands}
    cold: dict[str, list[float]] = {name: [] for name in cached}
    for _ in range(runs):  # interleaved, so a busy moment falls on all of them alike
        for name, args in commands.items():
            times[name].append(timed(args))
        for name in cached:
            shutil.rmtree(cold_cache, ignore_errors=True)
            cold[name].append(timed(commands[name], cold_env))
    medians = {name: statistics.median(values) for name, values in times.items()}
    cold_medians = {name: statistics.median(values) for name, values in cold.items()}
    base = medians["termdown --help"]
    # coach keeps nothing of a file changed within the last two seconds.
    time.sleep(max(0.0, 2.5 - (time.monotonic() - written)))
    frames: list[float] = []
    cold_frames: list[float] = []
    first_frame(session, env=env)  # what a second run finds
    for _ in range(runs):
        frames.append(first_frame(session, env=env))
        shutil.rmtree(cold_cache, ignore_errors=True)
        cold_frames.append(first_frame(session, env=cold_env))
    return {
        "seconds": {name: round(value, 3) for name, value in medians.items()},
        "ratio_to_termdown_help": {
            name: round(value / base, 2) for name, value in medians.items() if base > 0
        },
        "cold_cache_seconds": {name: round(value, 3) for name, value in cold_medians.items()},
        "cold_cache_ratio_to_termdown_help": {
            name: round(value / base, 2) for name, value in cold_medians.items() if base > 0
        },
        "first_frame_s": round(statistics.median(frames), 3),
        "first_frame_cold_cache_s": round(statistics.median(cold_frames), 3),
    }


def _env(folder: Path) -> dict[str, str]:
    """Everything coach keeps, in `folder`: never the person's own history or settings."""
    return dict(
        os.environ,
        COACH_DATA_DIR=str(folder / "data"),
        COACH_CACHE_DIR=str(folder / "cache"),
        XDG_CONFIG_HOME=str(folder / "config"),
    )


def _ratio(a: float, b: float) -> float | None:
    return round(a / b, 3) if b > 0 else None


def against_termdown(
    seconds: float, runs: int = 7, countdown_only: bool = False
) -> dict[str, object] | None:
    """The side-by-side figures, or None (with a line on stderr) when termdown cannot run."""
    with tempfile.TemporaryDirectory(prefix="coach-against-") as name:
        folder = Path(name)
        termdown = find_termdown(folder)
        if termdown is None:
            print(
                "coach.bench: skipped the side-by-side run: termdown is not installed and "
                "`pip install termdown` failed (no network to PyPI?)",
                file=sys.stderr,
            )
            return None
        figures = side_by_side(seconds, termdown, folder, countdown_only)
        figures["session"] = "one rest" if countdown_only else "benchmark"
        figures["startup"] = startup(termdown, folder, runs)
        return figures
