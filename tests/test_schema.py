"""The committed JSON Schema matches the models, and the bundled sessions point at it."""

import json
from pathlib import Path

import jsonschema
import yaml

from coach.domain.schema import session_schema_text

REPO = Path(__file__).resolve().parent.parent
COMMITTED = REPO / "coach" / "session.schema.json"
MODELINE = "# yaml-language-server: $schema=../coach/session.schema.json"


def test_committed_schema_is_current():
    assert COMMITTED.read_text(encoding="utf-8") == session_schema_text(), (
        "coach/session.schema.json is stale: run "
        "python -m coach.domain.schema > coach/session.schema.json"
    )


def test_bundled_sessions_name_the_schema_and_satisfy_it():
    schema = json.loads(COMMITTED.read_text(encoding="utf-8"))
    files = sorted((REPO / "sessions").glob("*.yaml"))
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert text.splitlines()[0] == MODELINE, path
        jsonschema.validate(yaml.safe_load(text), schema)


def test_schema_catches_what_an_editor_should_flag():
    schema = json.loads(COMMITTED.read_text(encoding="utf-8"))
    bad = {"name": "X", "exercises": [{"exercise": "hip-thrust", "reps": 5, "tmepo": "2-0-1-0"}]}
    validator = jsonschema.Draft202012Validator(schema)
    assert any("tmepo" in e.message for e in validator.iter_errors(bad))
