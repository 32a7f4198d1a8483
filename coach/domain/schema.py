"""The JSON Schema of a session file, generated from the models.

`python -m coach.domain.schema > coach/session.schema.json` rewrites the committed copy;
a test fails when that copy is stale.
"""

from __future__ import annotations

import json
from typing import Any

from coach.domain.models import Session

SCHEMA_FILE_NAME = "session.schema.json"


def session_schema() -> dict[str, Any]:
    schema = Session.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "coach session",
        "description": "A training session for coach: exercises with sets, tempo, holds, "
        "rests and intervals.",
        **{k: v for k, v in schema.items() if k not in ("title", "description")},
    }


def session_schema_text() -> str:
    return json.dumps(session_schema(), indent=2, sort_keys=True) + "\n"


if __name__ == "__main__":
    print(session_schema_text(), end="")
