"""Session files: every form accepted, every problem reported with its place."""

from pathlib import Path

import pytest

from coach.domain.loading import load_session
from coach.domain.problems import SessionFileError

GOOD = """\
name: Legs
about: A test.
defaults: {rest: "1:30", get_ready: 0, switch: 3, rest_after: 2m}
library:
  glute-bridge: {name: Glute bridge, starts: bottom}
  hip-thrust: {cues: [Squeeze at the top]}
sounds: {}
exercises:
  - exercise: hip-thrust
    sets: 3
    reps: 8-12
    tempo: {lower: 2, bottom: 0, lift: X, top: 2}
    load: 60 kg
  - exercise: romanian-deadlift
    variation: step
    sets: 2
    reps: 8
    tempo: 3-1-1-0
    rest: 0:45
    per_side: true
    switch: 1m
  - exercise: glute-bridge
    sets: 1
    reps: 10
    hold: 3
    load: bodyweight
  - exercise: kettlebell-swing
    intervals: {work: 30s, rest: 30, rounds: 10}
    rest_after: 1:30
  - exercise: kettlebell-swing
    emom: {every: 1:00, rounds: 5, reps: 10}
    load: 35 lb
"""


def problems_of(write_session, text: str) -> list[str]:
    path = write_session(text)
    with pytest.raises(SessionFileError) as err:
        load_session(path)
    return [line.split(":", 1)[1] for line in err.value.lines()]  # drop the path


def test_every_form_loads(write_session):
    loaded = load_session(write_session(GOOD))
    entries = loaded.session.exercises
    assert entries[0].reps.low == 8 and entries[0].reps.high == 12
    assert entries[0].tempo.lift == 1 and "lift" in entries[0].tempo.explosive
    assert entries[1].rest == 45 and entries[1].switch == 60
    assert loaded.session.defaults.rest == 90 and loaded.session.defaults.rest_after == 120
    assert loaded.exercise("glute-bridge").starts == "bottom"
    # An override replaces only what it names.
    assert loaded.exercise("hip-thrust").cues == ("Squeeze at the top",)
    assert loaded.exercise("hip-thrust").name == "Hip thrust"
    assert entries[4].emom.rounds == 5


def test_unquoted_clock_durations(write_session):
    # YAML 1.1 reads 1:30 as the number 90 and 0:45 as text: both must work.
    text = GOOD.replace('rest: "1:30"', "rest: 1:30")
    assert load_session(write_session(text)).session.defaults.rest == 90


def test_every_problem_is_reported_with_its_place(write_session):
    lines = problems_of(
        write_session,
        """\
name: Legs
defualts: {rest: 5}
exercises:
  - exercise: hip-trust
    sets: 0
    reps: 10
    tempo: 3-1-x
  - exercise: good-morning
    sets: three
    reps: 10
    reps: 12
    load: 60
""",
    )
    assert lines == [
        "2:1: unknown key 'defualts' (did you mean 'defaults'?); allowed here: about, defaults, "
        "exercises, library, name, sounds",
        "4:15: unknown exercise 'hip-trust' (did you mean 'hip-thrust'?); known: back-extension, "
        "good-morning, hip-thrust, kettlebell-swing, romanian-deadlift",
        "5:11: sets must be at least 1, not 0",
        '7:12: tempo "3-1-x" needs four parts lower-bottom-lift-top, like 3-1-1-0',
        "9:11: sets must be a whole number, like 3",
        "11:5: duplicate key 'reps' (first at line 10); YAML would keep only the last, so remove one",
        '12:11: load 60 needs a unit: write "60 kg" or "60 lb"',
    ]


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        (
            "    intervals: {work: 30, rounds: 3}\n    reps: 5\n",
            "7:5: 'reps' does not go with intervals",
        ),
        (
            "    intervals: {work: 30, rounds: 3}\n    emom: {every: 60, rounds: 3}\n",
            "7:5: an exercise is either intervals or emom, not both",
        ),
        ("    sets: 3\n", "5:5: missing 'reps' in exercise 1 (or give intervals or emom instead)"),
        (
            "    reps: 5\n    tempo: 2-0-1-2\n    hold: 3\n",
            "8:5: tempo already sets the top pause (its fourth part); give either tempo or hold",
        ),
        (
            "    reps: 5\n    variation: deficit\n",
            "7:16: 'hip-thrust' has no variation 'deficit'; its variations: none",
        ),
        ("    reps: 5\n    rest: -3\n", "7:11: rest cannot be negative; use 0 to turn it off"),
        (
            "    reps: 5\n    rest: 99h\n",
            '7:11: rest "99h" is not a duration; write it like 90, "90s", "2m", "1m30s" or "1:30"',
        ),
        (
            "    reps: 5\n    rest: 10000\n",
            "7:11: rest 10000 s is longer than the 3600 s allowed; check the number",
        ),
        ("    reps: 100000\n", "6:11: reps 100000 is more than the 500 allowed; check the number"),
        ("    reps: 5\n    per_side: maybe\n", "7:15: per_side must be true or false"),
        ("    reps: 5\n    switch: 3\n", "7:5: 'switch' only applies with per_side: true"),
        (
            "    reps: 12-8\n",
            '6:11: reps "12-8" goes down; write the smaller number first, like "8-12"',
        ),
    ],
)
def test_entry_problems(write_session, entry, expected):
    text = "name: X\nexercises:\n  - exercise: hip-thrust\n" + entry
    text = text.replace("  - exercise: hip-thrust\n", "\n\n  - exercise: hip-thrust\n")
    assert problems_of(write_session, text) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "1:1: the file is empty; a session needs name and exercises"),
        (
            "- a\n- b\n",
            "1:1: the file holds a list; a session is a mapping with name: and exercises:",
        ),
        (
            "just words\n",
            "1:1: the file holds a single value; a session is a mapping with name: and exercises:",
        ),
        (
            "name: X\nexercises: []\n",
            "2:12: exercises is empty; a session needs at least one exercise",
        ),
        ("name: X\n", "1:1: missing 'exercises' at the top of the file"),
        ("name: [\n", "2:1: YAML syntax: expected the node content, but found the end of the file"),
        (
            "name: X\n---\nname: Y\n",
            "2:1: YAML syntax: found more than one YAML document (---); a session file holds one",
        ),
        ("name: X\nexercises:\n  - 5\n", "3:5: exercise 1 must be a mapping with an exercise: key"),
        (
            "name: X\nlibrary:\n  plank: {name: Plank}\nexercises:\n  - {exercise: plank, reps: 1}\n",
            "3:3: library exercise 'plank' needs starts (it is not a built-in exercise to build on)",
        ),
        (
            "name: X\nsounds: {gong: a.wav}\nexercises:\n  - {exercise: hip-thrust, reps: 1}\n",
            "2:10: unknown cue 'gong' in sounds; the cues are get-ready, go, tick, lift, lower, hold, release, rest, rest-ending, finish",
        ),
    ],
)
def test_file_level_problems(write_session, text, expected):
    assert expected in problems_of(write_session, text)


def test_sound_files_must_exist_and_be_wav(write_session, tmp_path):
    (tmp_path / "text.wav").write_text("not a wave")
    lines = problems_of(
        write_session,
        "name: X\nsounds:\n  go: missing.wav\n  tick: text.wav\nexercises:\n  - {exercise: hip-thrust, reps: 1}\n",
    )
    assert lines[0] == f"3:7: sound for 'go': no such file {tmp_path / 'missing.wav'}"
    assert lines[1].startswith("4:9: sound for 'tick': ") and "not a WAV file" in lines[1]


def test_unreadable_files_get_one_line(tmp_path):
    cases = {
        tmp_path / "absent.yaml": "1:1: no such file",
        tmp_path: "1:1: this is a folder; give a session file (.yaml)",
    }
    binary = tmp_path / "bin.yaml"
    binary.write_bytes(b"\x7fELF\x00\x01")
    cases[binary] = "1:1: this is a binary file, not a YAML session"
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("name: Caf\u00e9\n".encode("latin-1"))
    cases[latin] = "1:10: the file is not UTF-8 text; save it as UTF-8"
    for path, expected in cases.items():
        with pytest.raises(SessionFileError) as err:
            load_session(path)
        assert err.value.lines() == [f"{path}:{expected}"]


def test_alias_bomb_is_refused_quickly(write_session):
    lines = ["a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]"]
    for i, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
    problems = problems_of(write_session, "\n".join(lines) + "\n")
    assert len(problems) == 1
    assert "YAML aliases here repeat more than 20000 values (nested aliases?)" in problems[0]


def test_a_long_honest_file_is_not_mistaken_for_an_alias_bomb(write_session):
    entry = "  - {exercise: hip-thrust, sets: 3, reps: 10, tempo: 2-0-1-2, rest: 90, load: 60 kg}\n"
    loaded = load_session(write_session("name: Big\nexercises:\n" + entry * 5000))
    assert len(loaded.session.exercises) == 5000


def test_merge_keys_and_anchors_work(write_session):
    text = """\
name: X
exercises:
  - &first {exercise: hip-thrust, sets: 3, reps: 10, tempo: 2-0-1-2}
  - {<<: *first, exercise: back-extension}
"""
    second = load_session(write_session(text)).session.exercises[1]
    assert (second.exercise, second.sets, str(second.tempo)) == ("back-extension", 3, "2-0-1-2")


def test_bundled_sessions_are_valid():
    folder = Path(__file__).resolve().parent.parent / "sessions"
    files = sorted(folder.glob("*.yaml"))
    assert len(files) >= 3
    for path in files:
        load_session(path)
