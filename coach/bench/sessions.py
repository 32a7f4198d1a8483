"""Generated sessions for the benchmark: real-time runs of a given length, and big plans."""

from __future__ import annotations

from pathlib import Path

HEADER = "# yaml-language-server: $schema=../coach/session.schema.json\n"

# One round of this block lasts 120 s: a counted set with a top hold, a rest, a
# per-side tempo set and a short interval block: every kind of cue the live run plays.
_BLOCK = """\
  - exercise: hip-thrust
    sets: 1
    reps: 4
    hold: 2
    get_ready: 3
    rest_after: 6
  - exercise: romanian-deadlift
    sets: 1
    reps: 2
    tempo: 2-1-1-0
    per_side: true
    switch: 3
    get_ready: 3
    rest_after: 6
  - exercise: kettlebell-swing
    intervals: {work: 10, rest: 5, rounds: 3}
    get_ready: 3
    rest_after: 6
  - exercise: back-extension
    sets: 2
    reps: 3
    tempo: 1-0-1-2
    rest: 8
    get_ready: 2
    rest_after: 6
"""
BLOCK_SECONDS = 142  # what compile_timeline gives one block (tests check it)


def realtime_session(minutes: float) -> str:
    """A session of about `minutes` (never less than one block) with every cue kind."""
    blocks = max(1, round(minutes * 60 / BLOCK_SECONDS))
    return HEADER + f"name: Benchmark {minutes:g} min\nexercises:\n" + _BLOCK * blocks


def big_session(exercises: int) -> str:
    """A session of `exercises` counted entries, for the plan's cost."""
    entry = "  - {exercise: hip-thrust, sets: 3, reps: 10, tempo: 2-0-1-2, rest: 90, load: 60 kg}\n"
    return HEADER + f"name: Big {exercises}\nexercises:\n" + entry * exercises


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path
