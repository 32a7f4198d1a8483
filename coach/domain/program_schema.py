"""The JSON Schema of a program file, generated from its model.

`python -m coach.domain.program_schema > coach/program.schema.json` rewrites the committed
copy; a test fails when that copy is stale. Whether a named session exists is not a thing
a schema can say: `coach validate` and `coach program` say it at its line.
"""

from __future__ import annotations

import json
from typing import Any

from coach.domain.programs import Program
from coach.domain.schema_names import PROGRAM_SCHEMA_FILE_NAME as PROGRAM_SCHEMA_FILE_NAME


def _tidy(node: Any) -> Any:
    """Drop `null` from every choice: coach reads an empty value as a missing one."""
    if isinstance(node, list):
        return [_tidy(item) for item in node]
    if not isinstance(node, dict):
        return node
    tidy = {key: _tidy(value) for key, value in node.items()}
    choices = tidy.get("anyOf")
    if isinstance(choices, list) and {"type": "null"} in choices:
        rest = [choice for choice in choices if choice != {"type": "null"}]
        del tidy["anyOf"]
        if tidy.get("default", 0) is None:
            del tidy["default"]
        tidy = {**rest[0], **tidy} if len(rest) == 1 else {**tidy, "anyOf": rest}
    return tidy


def program_schema() -> dict[str, Any]:
    schema = _tidy(Program.model_json_schema())
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "coach program",
        "description": "A training program for coach: sessions in rotation or by weekday, "
        "with an optional deload week.",
        **{k: v for k, v in schema.items() if k not in ("title", "description")},
        "oneOf": [{"required": ["rotation"]}, {"required": ["days"]}],
    }


def program_schema_text() -> str:
    return json.dumps(program_schema(), indent=2, sort_keys=True) + "\n"


if __name__ == "__main__":
    print(program_schema_text(), end="")
