"""Session files: every form accepted, every problem reported with its place."""

import os
import time
from pathlib import Path

import pytest

from coach.domain.loading import load_session, validate_text
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
    # Unquoted, 1:30 is text to YAML 1.2 (and was the number 90 to YAML 1.1): it is a
    # duration either way.
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
        tmp_path / "absent.yaml": " no such file",
        tmp_path: " this is a folder; give a session file (.yaml)",
    }
    binary = tmp_path / "bin.yaml"
    binary.write_bytes(b"\x7fELF\x00\x01")
    cases[binary] = " this is a binary file, not a YAML session"
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)  # opening it would wait for a writer for ever
    cases[fifo] = " this is a named pipe (FIFO), not a session file; give a .yaml file"
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(tmp_path / "loop2.yaml")
    (tmp_path / "loop2.yaml").symlink_to(loop)
    cases[loop] = " symbolic links that lead in a loop; point the link at a file"
    dangling = tmp_path / "dangling.yaml"
    dangling.symlink_to(tmp_path / "gone.yaml")
    cases[dangling] = " a symbolic link to a file that does not exist"
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


def test_values_are_read_the_yaml_1_2_way(write_session):
    text = """\
name: no
about: 1:30
exercises:
  - exercise: hip-thrust
    sets: 010
    reps: 10
    per_side: yes
  - exercise: good-morning
    reps: 0010
    per_side: off
"""
    loaded = load_session(write_session(text))
    assert (loaded.session.name, loaded.session.about) == ("no", "1:30")
    first, second = loaded.session.exercises
    assert (first.sets, first.per_side) == (10, True)  # not 8 sets: no octal
    assert (second.reps.low, second.per_side) == (10, False)
    dated = load_session(write_session(text.replace("name: no", "name: 2024-05-01")))
    assert dated.session.name == "2024-05-01"


def test_text_of_spaces_only_is_blank_and_refused(write_session):
    """A name of spaces shows as nothing on the screen or in the history."""
    assert problems_of(
        write_session, 'name: "   "\nexercises: [{exercise: hip-thrust, reps: 1}]\n'
    ) == ["1:7: name is blank: it holds only spaces"]
    text = (
        'name: Legs\nlibrary: {hip-thrust: {cues: [Brace, "  "]}}\n'
        "exercises: [{exercise: hip-thrust, reps: 1}]\n"
    )
    assert problems_of(write_session, text) == ["2:38: cues item 2 is blank: it holds only spaces"]


def test_a_number_where_text_belongs_says_to_quote_it(write_session):
    assert problems_of(
        write_session, "name: 12\nexercises: [{exercise: hip-thrust, reps: 1}]\n"
    ) == ['1:7: name must be text; put it in quotes: name: "12"']


def test_every_empty_value_is_reported_at_its_line(write_session):
    text = """\
name: X
exercises:
  - exercise: hip-thrust
    reps: ~
  - exercise: kettlebell-swing
    intervals:
  - exercise: good-morning
    reps: 5
    load: null
"""
    assert problems_of(write_session, text) == [
        "4:5: 'reps' has no value; write one after the colon, or remove the line",
        "6:5: 'intervals' has no value; write one after the colon, or remove the line",
        "9:5: 'load' has no value; write one after the colon, or remove the line",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "name: " + "[" * 3000 + "]" * 3000 + "\n",
        "name: " + "{a: " * 3000 + "1" + "}" * 3000 + "\n",
        # As deep as block keys go in a file under 1 MB (one more space each level).
        "".join(" " * i + f"k{i}:\n" for i in range(1300)) + " " * 1300 + "v: 1\n",
        "name: x\nexercises:\n" + "- " * 3000 + "x\n",
    ],
    ids=["flow lists", "flow mappings", "block keys", "block lists"],
)
def test_deep_nesting_is_refused_in_one_line_quickly(write_session, text):
    started = time.perf_counter()
    lines = problems_of(write_session, text)
    elapsed = time.perf_counter() - started
    assert len(lines) == 1
    assert "nest more than 64 levels deep here; a session file needs a handful" in lines[0]
    print(f"refused in {elapsed * 1000:.1f} ms")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "name: X\nexercises:\n\t- exercise: hip-thrust\n",
            "3:1: YAML syntax: a tab; YAML indents with spaces, so replace the tab with spaces",
        ),
        (
            "name: X\nexercises:\n  - exercise: hip-thrust\n    reps: 3\n   sets: 2\n",
            "5:4: YAML syntax: this line is indented differently from the lines above it; "
            "keys of one mapping start in the same column",
        ),
        (
            "base: &b hello\nname: X\nexercises:\n  - <<: *b\n    exercise: hip-thrust\n",
            "4:5: << merges a mapping (key: value lines) into this one; what it names here is "
            "not a mapping",
        ),
    ],
    ids=["tab", "dedent", "merge of text"],
)
def test_yaml_mistakes_in_plain_words(write_session, text, expected):
    lines = problems_of(write_session, text)
    assert lines == [expected]
    assert "<block" not in lines[0] and "'?'" not in lines[0]


def test_pasted_dashes(write_session):
    text = "name: X\nexercises:\n  - {exercise: hip-thrust, reps: 8\u201312, tempo: 3\u20131\u20131\u20130}\n"
    entry = load_session(write_session(text)).session.exercises[0]
    assert (entry.reps.low, entry.reps.high, str(entry.tempo)) == (8, 12, "3-1-1-0")
    pasted = "name: X\nexercises:\n  - {exercise: hip\u2011thrust, reps: 8}\n"
    assert problems_of(write_session, pasted) == [
        "3:16: unknown exercise 'hip\u2011thrust': it has a non-breaking hyphen (U+2011) where "
        "an ordinary hyphen (-) belongs; write 'hip-thrust'"
    ]


def test_a_swapped_pair_of_letters_is_one_slip(write_session):
    text = "name: X\nexercises:\n  - {exercise: hip-thrust, rpes: 8}\n"
    problems = problems_of(write_session, text)
    assert any("unknown key 'rpes' (did you mean 'reps'?)" in p for p in problems)


def test_a_new_library_exercise_lacking_starts_is_said_with_the_other_problems(write_session):
    text = "name: X\nlibrary:\n  plank: {name: Plank, cues: []}\nexercises:\n  - {exercise: plank, reps: 1}\n"
    assert problems_of(write_session, text) == [
        "3:3: library exercise 'plank' needs starts (it is not a built-in exercise to build on)",
        "3:30: cues needs at least 1 item",
    ]


def test_validate_text_never_raises_anything_else(tmp_path):
    for text in ("reps: ~", "name: X\nexercises: [{exercise: ~}]", "? [a]\n: b", "{a: !!binary x}"):
        with pytest.raises(SessionFileError):
            validate_text(tmp_path / "s.yaml", text)


def test_a_file_name_that_is_not_utf8_is_shown_as_ls_shows_it(tmp_path):
    path = Path(os.fsdecode(bytes(tmp_path) + b"/caf\xe9.yaml"))
    path.write_text("name: X\n", encoding="utf-8")
    with pytest.raises(SessionFileError) as err:
        load_session(path)
    assert err.value.lines() == [
        f"'{tmp_path}/caf'$'\\351''.yaml':1:1: missing 'exercises' at the top of the file"
    ]


def test_a_superset_of_one_says_so_and_not_that_the_session_is_empty(write_session):
    # It said "exercises is empty; a session needs at least one exercise".
    one = "name: X\nexercises:\n  - superset:\n      exercises:\n        - {exercise: hip-thrust, reps: 8}\n"
    assert problems_of(write_session, one) == [
        "5:9: a superset needs at least 2 exercises, and this one has 1; an exercise on its "
        "own goes straight under exercises:"
    ]


def test_too_many_cues_are_counted_as_cues(write_session):
    text = "name: X\nlibrary:\n  hip-thrust: {cues: [a, b, c, d, e]}\nexercises:\n  - {exercise: hip-thrust, reps: 8}\n"
    assert problems_of(write_session, text) == ["3:22: cues takes at most 4 items"]


def test_reps_written_plus_first_points_to_the_amrap_form(write_session):
    text = 'name: X\nexercises:\n  - {exercise: hip-thrust, reps: "+8"}\n'
    assert problems_of(write_session, text) == [
        '3:34: reps must be a number like 10, a range like "8-12", or "8+" for as many as you can'
    ]
