"""The JSON Schema of a session file, generated from the models and the built-in library.

`python -m coach.domain.schema > coach/session.schema.json` rewrites the committed copy;
a test fails when that copy is stale. The schema says every rule JSON Schema can say, so
an editor marks what `coach validate` refuses; what it cannot say (a sound file that must
exist, an exercise id defined in the file's own `library:`) the tests list by name.
"""

from __future__ import annotations

import json
from typing import Any

from coach.domain.library import Library, builtin_library
from coach.domain.models import REP_RANGE_SCHEMA, Session
from coach.domain.schema_names import SCHEMA_FILE_NAME as SCHEMA_FILE_NAME


def _tidy(node: Any) -> Any:
    """Drop `null` from every choice (coach reads an empty value as a missing one) and
    name the long rep-range pattern once."""
    if isinstance(node, list):
        return [_tidy(item) for item in node]
    if not isinstance(node, dict):
        return node
    if node == REP_RANGE_SCHEMA:
        return {"$ref": "#/$defs/RepRange"}
    tidy = {key: _tidy(value) for key, value in node.items()}
    choices = tidy.get("anyOf")
    if isinstance(choices, list) and {"type": "null"} in choices:
        rest = [choice for choice in choices if choice != {"type": "null"}]
        del tidy["anyOf"]
        if tidy.get("default", 0) is None:
            del tidy["default"]
        if len(rest) == 1:
            tidy = {**rest[0], **tidy}
        else:
            tidy["anyOf"] = rest
    return tidy


def _exercise_rules(library: Library) -> dict[str, Any]:
    """Built-in ids for completion; without a `library:` only they (and their variations)
    are allowed, and a new library exercise needs its name and where it starts."""
    ids = sorted(library)
    variations = [
        {
            "if": {"required": ["exercise"], "properties": {"exercise": {"const": key}}},
            "then": {
                "properties": {"variation": {"enum": [n for n, _ in library[key].variations]}}
            },
        }
        for key in ids
    ]
    builtin_only: dict[str, Any] = {
        "properties": {"exercise": {"$ref": "#/$defs/BuiltinExercise"}},
        "allOf": variations,
    }
    return {
        "BuiltinExercise": {
            "enum": ids,
            "enumDescriptions": [library[key].name for key in ids],
            "markdownEnumDescriptions": [library[key].name for key in ids],
            "description": "A built-in exercise: "
            + ", ".join(f"{key} ({library[key].name})" for key in ids)
            + ".",
        },
        "OnlyBuiltinExercises": {
            "properties": {
                "exercises": {
                    "items": {
                        **builtin_only,
                        "properties": {
                            **builtin_only["properties"],
                            "superset": {
                                "properties": {"exercises": {"items": builtin_only}},
                            },
                        },
                    }
                }
            }
        },
    }


def session_schema() -> dict[str, Any]:
    library = builtin_library()
    schema = _tidy(Session.model_json_schema())
    defs = schema["$defs"]
    defs["RepRange"] = REP_RANGE_SCHEMA
    defs.update(_exercise_rules(library))
    for model in ("Entry", "Member"):
        exercise = defs[model]["properties"]["exercise"]
        defs[model]["properties"]["exercise"] = {
            "anyOf": [{"$ref": "#/$defs/BuiltinExercise"}, {"type": "string"}],
            **{k: v for k, v in exercise.items() if k not in ("type", "title")},
            "description": "An id from the exercise library, like hip-thrust, or one this "
            "file's library: defines.",
        }
    schema["properties"]["library"] = {
        **schema["properties"]["library"],
        "properties": {key: {"$ref": "#/$defs/ExerciseInfo"} for key in sorted(library)},
        "additionalProperties": {
            "allOf": [{"$ref": "#/$defs/ExerciseInfo"}],
            "required": ["name", "starts"],
        },
    }
    schema["if"] = {"not": {"required": ["library"]}}
    schema["then"] = {"$ref": "#/$defs/OnlyBuiltinExercises"}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "coach session",
        "description": "A training session for coach: exercises with sets, tempo, holds, "
        "rests, intervals, supersets, AMRAP sets and warm-ups.",
        **{k: v for k, v in schema.items() if k not in ("title", "description")},
    }


def session_schema_text() -> str:
    return json.dumps(session_schema(), indent=2, sort_keys=True) + "\n"


if __name__ == "__main__":
    print(session_schema_text(), end="")
