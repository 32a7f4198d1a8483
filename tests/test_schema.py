"""The committed JSON Schema matches the models, and the bundled sessions point at it."""

import json
from pathlib import Path

import jsonschema
import pytest

from coach.domain.schema import session_schema_text
from coach.domain.yaml_reader import read_yaml

REPO = Path(__file__).resolve().parent.parent
COMMITTED = REPO / "coach" / "session.schema.json"
MODELINE = "# yaml-language-server: $schema=session.schema.json"


@pytest.mark.parametrize("copy", ["coach/session.schema.json", "sessions/session.schema.json"])
def test_committed_schema_is_current(copy):
    assert (REPO / copy).read_text(encoding="utf-8") == session_schema_text(), (
        f"{copy} is stale: run python -m coach.domain.schema | "
        "tee coach/session.schema.json sessions/session.schema.json"
    )


def test_bundled_sessions_name_the_schema_beside_them_and_satisfy_it():
    schema = json.loads(COMMITTED.read_text(encoding="utf-8"))
    files = sorted((REPO / "sessions").glob("*.yaml"))
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert text.splitlines()[0] == MODELINE, path
        assert (path.parent / MODELINE.split("$schema=")[1]).is_file()
        jsonschema.validate(read_yaml(text)[0].data, schema)


def test_the_schema_offers_the_built_in_exercises_with_their_names():
    schema = json.loads(COMMITTED.read_text(encoding="utf-8"))
    builtin = schema["$defs"]["BuiltinExercise"]
    assert "hip-thrust" in builtin["enum"]
    names = dict(zip(builtin["enum"], builtin["enumDescriptions"], strict=True))
    assert names["romanian-deadlift"] == "Romanian deadlift"


def test_schema_catches_what_an_editor_should_flag():
    schema = json.loads(COMMITTED.read_text(encoding="utf-8"))
    bad = {"name": "X", "exercises": [{"exercise": "hip-thrust", "reps": 5, "tmepo": "2-0-1-0"}]}
    validator = jsonschema.Draft202012Validator(schema)
    assert any("tmepo" in e.message for e in validator.iter_errors(bad))
