"""`python -m coach.bench --against termdown --seconds N` prints one JSON line of figures
and ratios. Run short here, beside a stand-in countdown (the real termdown is installed
from PyPI by the benchmark itself; the suite stays offline). No timing is asserted: the
shape is."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from coach.bench.against import Sample, Terminal

# Draws a number once a second, as a terminal countdown does; --help prints a line.
STAND_IN = """#!{python}
import sys, time
if "--help" in sys.argv:
    print("usage: termdown [SECONDS]")
    raise SystemExit(0)
left = int(sys.argv[1])
while left > 0:
    sys.stdout.write("\\x1b[H\\x1b[2J" + str(left))
    sys.stdout.flush()
    time.sleep(1)
    left -= 1
"""


def test_the_side_by_side_run_prints_one_json_line_of_ratios(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    stand_in = bin_dir / "termdown"
    stand_in.write_text(STAND_IN.format(python=sys.executable), encoding="utf-8")
    stand_in.chmod(0o755)
    env = dict(os.environ, PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "coach.bench",
            "--against",
            "termdown",
            "--seconds",
            "3",
            "--runs",
            "1",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 1
    figures = json.loads(lines[0])
    assert figures["seconds"] == 3
    keys = {"cpu_percent", "bytes_per_s", "wakeups_per_s", "all_threads_wakeups_per_s"}
    for who in ("coach", "termdown"):
        assert set(figures[who]) == keys
        assert all(value >= 0 for value in figures[who].values())
    assert set(figures["ratios"]) == keys
    assert figures["coach"]["bytes_per_s"] > 0  # the screen was drawn and read
    for who in ("coach", "termdown"):
        counted = figures["counts"][who]
        assert counted["window_s"] >= 3  # each measured over its own window, at least N s
        assert isinstance(counted["main_thread_wakeups"], int)
    assert len(figures["load_average"]) == 3
    startup = figures["startup"]
    assert set(startup["seconds"]) == {
        "termdown --help",
        "coach --help",
        "coach list",
        "coach plan posterior-chain",
    }
    assert startup["ratio_to_termdown_help"]["termdown --help"] == 1.0
    cold = {"coach list", "coach plan posterior-chain"}
    assert set(startup["cold_cache_seconds"]) == set(startup["cold_cache_ratio_to_termdown_help"])
    assert set(startup["cold_cache_seconds"]) == cold
    assert all(value > 0 for value in startup["cold_cache_seconds"].values())
    assert 0 < startup["first_frame_s"] < 30
    assert 0 < startup["first_frame_cold_cache_s"] < 30


def test_seconds_must_be_positive() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "coach.bench", "--against", "termdown", "--seconds", "0"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert "--seconds must be more than 0" in done.stderr


def test_each_program_is_measured_over_its_own_window() -> None:
    # The one that settled first has a longer window: its rates are per second of it.
    early = Terminal("early", [], {})
    early.start, early.end = Sample(1.0, 10, 12, at=100.0), Sample(2.0, 30, 40, at=120.0)
    early.start_bytes, early.end_bytes = 0, 4000
    assert early.figures() == {
        "cpu_percent": 5.0,
        "bytes_per_s": 200.0,
        "wakeups_per_s": 1.0,
        "all_threads_wakeups_per_s": 1.4,
    }
    assert early.counts() == {"window_s": 20.0, "main_thread_wakeups": 20}
