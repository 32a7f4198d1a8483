"""The editor and coach agree: every variation below is read as an editor reads it (YAML
1.2) and checked by the committed JSON Schema and by `coach validate`'s loader. The two
must agree on valid or invalid, except where the schema cannot say the rule (listed with
the reason)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from coach.domain.loading import validate_text
from coach.domain.problems import SessionFileError
from coach.domain.yaml_reader import read_yaml

REPO = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((REPO / "coach" / "session.schema.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def entry(*lines: str, exercise: str = "hip-thrust", reps: str | None = "reps: 10") -> str:
    body = [f"exercise: {exercise}", *([reps] if reps else []), *lines]
    return "name: Legs\nexercises:\n  - " + "\n    ".join(body) + "\n"


def top(*lines: str, exercise: str = "hip-thrust") -> str:
    return "\n".join(lines) + f"\nname: Legs\nexercises:\n  - {{exercise: {exercise}, reps: 10}}\n"


def top_only(*lines: str) -> str:
    return "\n".join(lines) + "\nexercises:\n  - {exercise: hip-thrust, reps: 10}\n"


LIBRARY_AND_VARIATION = (
    "library: {hip-thrust: {cues: [a]}}\nname: Legs\n"
    "exercises:\n  - {exercise: hip-thrust, variation: nope, reps: 10}\n"
)
BLOCK = "intervals: {work: 30, rest: 30, rounds: 10}"


def superset(*members: str, head: str = "sets: 3") -> str:
    """A session of one superset with `members` (flow mappings) and `head` keys."""
    lines = [f"      {line}" for line in head.split("\n") if line]
    items = [f"        - {m}" for m in members]
    return (
        "name: Legs\nexercises:\n  - superset:\n"
        + "\n".join([*lines, "      exercises:", *items])
        + "\n"
    )


A = "{exercise: hip-thrust, reps: 10, load: 80 kg}"
B = "{exercise: back-extension, reps: 12, hold: 2}"

# (the file, whether coach takes it)
CASES: list[tuple[str, bool]] = [
    # durations: every written form, and the limits
    # text must hold more than spaces
    (top_only('name: "   "'), False),
    (top('library: {hip-thrust: {cues: [Brace, "  "]}}'), False),
    (top('library: {hip-thrust: {cues: ["  Brace  "]}}'), True),
    (entry("rest: 2min"), True),
    (entry("rest: 90 sec"), True),
    (entry("rest: 1:30"), True),
    (entry('rest: "1:30"'), True),
    (entry("rest: 1m30s"), True),
    (entry("rest: 1m 30s"), True),
    (entry("rest: 2 MIN"), True),
    (entry("rest: 1:00:00"), True),
    (entry("rest: 0:45"), True),
    (entry("rest: 0"), True),
    (entry("rest: 90.0"), True),
    (entry("rest: 3600"), True),
    (entry("rest: 4000"), False),
    (entry("rest: 1:75"), False),
    (entry("rest: 90.5"), False),
    (entry("rest: -5"), False),
    (entry("rest: 1m30"), False),
    (entry("rest: 3 hours"), False),
    (entry("rest: true"), False),
    (entry("rest: 70m"), False),
    (entry("get_ready: 600"), True),
    (entry("get_ready: 700"), False),
    (entry("rest_after: 2m"), True),
    (top("defaults: {rest: 4000}"), False),
    (top("defaults: {get_ready: 700}"), False),
    (top("defaults: {rest: 90 sec, switch: 3}"), True),
    # per_side and switch
    (entry("per_side: yes"), True),
    (entry("per_side: on"), True),
    (entry("per_side: true"), True),
    (entry('per_side: "true"'), True),
    (entry("per_side: no"), True),
    (entry("per_side: maybe"), False),
    (entry("per_side: 1"), False),
    (entry("per_side: yes", "switch: 3"), True),
    (entry("switch: 3"), False),
    (entry("per_side: no", "switch: 3"), False),
    (entry("switch: 700", "per_side: true"), False),
    # tempo
    (entry("tempo: 3-1-1-0"), True),
    (entry("tempo: 3 - 1 - 1 - 0"), True),
    (entry("tempo: 3-1-x-0"), True),
    (entry("tempo: 3-1-X-0"), True),
    (entry("tempo: 03-1-1-0"), True),
    (entry("tempo: 3\u20131\u20131\u20130"), True),  # en dashes, pasted
    (entry("tempo: {lift: x}"), True),
    (entry("tempo: {lower: '3'}"), True),
    (entry("tempo: {lower: 2, bottom: 0, lift: X, top: 2}"), True),
    (entry("tempo: {lower: 2.0}"), True),
    (entry("tempo: 30-0-0-0"), True),
    (entry("tempo: 45-0-1-0"), False),
    (entry("tempo: 0-0-0-0"), False),
    (entry("tempo: 00-0-0-0"), False),
    (entry("tempo: 3-1-1"), False),
    (entry("tempo: 3-1-1-0-0"), False),
    (entry("tempo: 3-y-1-0"), False),
    (entry("tempo: {}"), False),
    (entry("tempo: {lower: 0}"), False),
    (entry("tempo: {lower: '0', lift: 0}"), False),
    (entry("tempo: {lower: 31}"), False),
    (entry("tempo: {up: 1}"), False),
    (entry("tempo: {lower: true}"), False),
    (entry("tempo: 3010"), False),
    # holds
    (entry("hold: 3"), True),
    (entry("hold: 60"), True),
    (entry("hold: 0"), False),
    (entry("hold: 90"), False),
    (entry("tempo: 3-1-1-0", "hold: 3"), False),
    # reps and sets
    (entry(reps="reps: 8-12"), True),
    (entry(reps="reps: 8 - 12"), True),
    (entry(reps="reps: 8\u201312"), True),  # en dash
    (entry(reps="reps: 08-12"), True),
    (entry(reps="reps: 500"), True),
    (entry(reps="reps: 10.0"), True),
    (entry(reps="reps: 12-8"), False),
    (entry(reps="reps: 0-8"), False),
    (entry(reps="reps: 8-501"), False),
    (entry(reps="reps: 501"), False),
    (entry(reps="reps: 0"), False),
    (entry(reps='reps: "10"'), False),
    (entry(reps="reps: 8-12-14"), False),
    (entry(reps="reps: ~"), False),
    (entry(reps="reps:"), False),
    (entry(reps=None), False),
    (entry("sets: 010"), True),
    (entry("sets: 3.0"), True),
    (entry("sets: 50"), True),
    (entry("sets: 0"), False),
    (entry("sets: 51"), False),
    (entry("sets: 2.5"), False),
    (entry('sets: "3"'), False),
    (entry("sets: 0x10"), True),
    # loads
    (entry("load: 60 kg"), True),
    (entry("load: 22.5kg"), True),
    (entry("load: 135 LBS"), True),
    (entry("load: 1000 kg"), True),
    (entry("load: 2200 lb"), True),
    (entry("load: bodyweight"), True),
    (entry("load: light band"), True),
    (entry("load: 60 kilos"), False),
    (entry("load: 5000 kg"), False),
    (entry("load: 1000.5 kg"), False),
    (entry("load: 2201 lb"), False),
    (entry("load: 60"), False),
    (entry("load: '  '"), False),
    (entry("load: 2 bands"), False),
    # kinds of exercise
    (entry(BLOCK, reps=None), True),
    (entry("emom: {every: 60, rounds: 5, reps: 10}", reps=None), True),
    (entry("emom: {every: 1:00, rounds: 5}", "rest_after: 90", reps=None), True),
    (entry(BLOCK), False),
    (entry(BLOCK, "emom: {every: 60, rounds: 5}", reps=None), False),
    (entry(BLOCK, "rest: 30", reps=None), False),
    (entry(BLOCK, "per_side: true", reps=None), False),
    (entry("intervals: ~", reps=None), False),
    (entry("intervals: {work: 0, rounds: 3}", reps=None), False),
    (entry("intervals: {work: 30, rounds: 501}", reps=None), False),
    (entry("intervals: {work: 30}", reps=None), False),
    (entry("emom: {every: 60, rounds: 5, reps: 12-8}", reps=None), False),
    # progression
    (entry("progression: {rule: linear, step: 2.5 kg}"), True),
    (entry("progression: {rule: double, step: 2.5 kg}", reps="reps: 8-12"), True),
    (entry("progression: {rule: double, step: 2.5 kg}"), False),
    (entry(BLOCK, "progression: {rule: double, step: 2 kg}", reps=None), False),
    (entry(BLOCK, "progression: {rule: linear, step: 2 kg}", reps=None), True),
    (entry("progression: {rule: linear, step: 0 kg}"), False),
    (entry("progression: {rule: linear, step: 0.0 lb}"), False),
    (entry("progression: {rule: linear, step: bodyweight}"), False),
    (entry("progression: {rule: steady, step: 2 kg}"), False),
    # exercises and variations
    (entry(exercise="romanian-deadlift"), True),
    (entry("variation: step", exercise="romanian-deadlift"), True),
    (entry("variation: nope", exercise="romanian-deadlift"), False),
    (entry("variation: step"), False),
    (entry(exercise="hip-trust"), False),
    (entry(exercise="hip\u2011thrust"), False),  # non-breaking hyphen
    (
        top(
            "library: {glute-bridge: {name: Glute bridge, starts: bottom}}", exercise="glute-bridge"
        ),
        True,
    ),
    (top("library: {glute-bridge: {name: Glute bridge}}", exercise="glute-bridge"), False),
    (top("library: {hip-thrust: {cues: [Squeeze]}}"), True),
    (top("library: {hip-thrust: {starts: sideways}}"), False),
    (top("library: {glute-bridge: ~}"), False),
    (
        top(
            "library: {glute-bridge: {name: Glute bridge, starts: bottom}}", exercise="glute-brige"
        ),
        False,
    ),
    (LIBRARY_AND_VARIATION, False),
    # the top level, read the YAML 1.2 way
    (top_only("name: no"), True),
    (top_only("name: 2024-05-01"), True),
    (top_only("name: Legs\nabout: 1:30"), True),
    (top_only("name: 12"), False),
    (top_only("name: ~"), False),
    (top_only("name: Legs\nabout: ~"), False),
    (top_only("name: ''"), False),
    (top("sounds: {gong: a.wav}"), False),
    (top("sounds: {go: missing.wav}"), False),
    (top("colour: red"), False),
    ("name: Legs\nexercises: []\n", False),
    # supersets
    (superset(A, B), True),
    (superset(A, B, head="sets: 3\nrest: 90\nbetween: 15\nrest_after: 2m\nget_ready: 0"), True),
    (superset(A, B, "{exercise: good-morning, reps: 8}", head=""), True),
    (superset(A), False),
    (superset(A, B, head="sets: 0"), False),
    (superset(A, B, head="between: 700"), False),
    (superset(A, B, head="reps: 10"), False),
    (superset(A, "{superset: {exercises: [" + A + ", " + B + "]}}"), False),
    (superset(A, "{exercise: back-extension, reps: 12, sets: 3}"), False),
    (superset(A, "{exercise: back-extension, reps: 12, rest: 30}"), False),
    (superset(A, "{exercise: back-extension, reps: 12, intervals: {work: 5, rounds: 2}}"), False),
    (superset(A, "{exercise: back-extension}"), False),
    (superset(A, "{exercise: back-extnsion, reps: 12}"), False),
    (superset(A, "{exercise: back-extension, reps: 12, hold: 2, tempo: 1-1-1-1}"), False),
    (superset(A, "{exercise: back-extension, reps: 12, switch: 3}"), False),
    (superset(A, "{exercise: back-extension, reps: 12, per_side: yes, switch: 3}"), True),
    (superset(A, "{exercise: back-extension, reps: 8+}"), True),
    (superset(A, "{exercise: good-morning, reps: 8, warmup: auto}"), False),
    (superset(A, "{exercise: good-morning, reps: 8, load: 40 kg, warmup: [50%x5]}"), True),
    (
        superset(
            A, "{exercise: back-extension, reps: 8+, progression: {rule: double, step: 2 kg}}"
        ),
        False,
    ),
    ("name: Legs\nexercises:\n  - {superset: {exercises: []}}\n", False),
    (
        "name: Legs\nexercises:\n  - {superset: {exercises: ["
        + A
        + ", "
        + B
        + "]}, exercise: hip-thrust}\n",
        False,
    ),
    # AMRAP
    (entry(reps="reps: 8+"), True),
    (entry(reps='reps: "8+"'), True),
    (entry(reps="reps: 8 +"), True),
    (entry("tempo: 2-0-1-2", reps="reps: 5+"), True),
    (entry(reps="reps: 8++"), False),
    (entry(reps="reps: '+8'"), False),
    (entry(reps="reps: 0+"), False),
    (entry(reps="reps: 501+"), False),
    (entry(reps="reps: 8-12+"), False),
    (entry("progression: {rule: linear, step: 2.5 kg}", reps="reps: 5+"), True),
    (entry("progression: {rule: double, step: 2.5 kg}", reps="reps: 5+"), False),
    (entry("emom: {every: 60, rounds: 5, reps: 5+}", reps=None), False),
    # warm-ups
    (entry("load: 100 kg", "warmup: [50%x8, 70%x5, 85%x3]"), True),
    (entry("load: 100 kg", "warmup: [50% x 8, 70%X5]"), True),
    (entry("load: 225 lb", "warmup: auto"), True),
    (entry("load: 100 kg", "warmup: [100%x1]"), True),
    (entry("load: 100 kg", "warmup: [110%x3]"), False),
    (entry("load: 100 kg", "warmup: [0%x3]"), False),
    (entry("load: 100 kg", "warmup: [50%x0]"), False),
    (entry("load: 100 kg", "warmup: [50%x31]"), False),
    (entry("load: 100 kg", "warmup: [50x8]"), False),
    (entry("load: 100 kg", "warmup: [50%]"), False),
    (entry("load: 100 kg", "warmup: []"), False),
    (entry("load: 100 kg", "warmup: manual"), False),
    (entry("load: 100 kg", "warmup: 50%x8"), False),
    (entry("warmup: auto"), False),
    (entry("load: bodyweight", "warmup: [50%x8]"), False),
    (entry("load: 100 kg", BLOCK, "warmup: auto", reps=None), False),
]

CANNOT_EXPRESS = {
    entry("rest: 70m"): "the size of a duration written as text (70m is 4200 s)",
    top(
        "library: {glute-bridge: {name: Glute bridge, starts: bottom}}", exercise="glute-brige"
    ): "with a library: in the file, an exercise id must be one of its keys; a schema "
    "cannot compare a value with the keys of another mapping",
    LIBRARY_AND_VARIATION: (
        "a library: may add variations, so the schema checks variations only without one"
    ),
    top("sounds: {go: missing.wav}"): "whether a sound file exists and is a WAV",
}


def coach_takes(text: str, tmp_path: Path) -> bool:
    try:
        validate_text(tmp_path / "s.yaml", text)
    except SessionFileError:
        return False
    return True


def schema_takes(text: str) -> bool:
    return VALIDATOR.is_valid(read_yaml(text)[0].data)


def test_the_table_is_big_and_both_ways():
    assert len(CASES) >= 57
    assert len({text for text, _ in CASES}) == len(CASES), "a case is listed twice"
    assert sum(ok for _, ok in CASES) > 30 and sum(not ok for _, ok in CASES) > 30


@pytest.mark.parametrize(("text", "valid"), CASES, ids=[t.split("  - ")[-1] for t, _ in CASES])
def test_schema_and_coach_agree(text, valid, tmp_path):
    assert coach_takes(text, tmp_path) is valid, "coach's verdict changed"
    if text in CANNOT_EXPRESS:
        assert schema_takes(text) is not valid, f"the schema now expresses: {CANNOT_EXPRESS[text]}"
    else:
        assert schema_takes(text) is valid
