"""The session schema where editors can find it.

Every session file's first line names the schema by a path relative to the file:
`# yaml-language-server: $schema=session.schema.json`. So a copy lives beside the bundled
sessions (in the package and in the repository), and another in the user's sessions
folder, rewritten whenever it differs from the one this coach ships: an upgrade refreshes
it, and a session copied from the bundled folder to the user's still finds it.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from coach.domain.schema_names import PROGRAM_SCHEMA_FILE_NAME, SCHEMA_FILE_NAME
from coach.services.paths import user_sessions_dir
from coach.services.regular_file import open_regular

PACKAGED_SCHEMA = Path(__file__).resolve().parent.parent / SCHEMA_FILE_NAME
PACKAGED_PROGRAM_SCHEMA = PACKAGED_SCHEMA.with_name(PROGRAM_SCHEMA_FILE_NAME)
MODELINE = f"# yaml-language-server: $schema={SCHEMA_FILE_NAME}"


def schema_text() -> str:
    return PACKAGED_SCHEMA.read_text(encoding="utf-8")


def user_schema_file() -> Path:
    return user_sessions_dir() / SCHEMA_FILE_NAME


def program_schema_text() -> str:
    return PACKAGED_PROGRAM_SCHEMA.read_text(encoding="utf-8")


def ensure_user_program_schema() -> Path:
    """The user's copy of the program schema (program files name it on their first line:
    `# yaml-language-server: $schema=program.schema.json`)."""
    return _ensure(user_sessions_dir() / PROGRAM_SCHEMA_FILE_NAME, program_schema_text())


def ensure_user_schema() -> Path:
    """The user's copy, written or refreshed if needed. Raises OSError when it cannot be."""
    return _ensure(user_schema_file(), schema_text())


def _ensure(target: Path, text: str) -> Path:
    try:
        with open_regular(target) as file:  # a named pipe there is replaced, not waited on
            if file.read().decode("utf-8") == text:
                return target
    except (OSError, UnicodeDecodeError):
        pass
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        partial.write_text(text, encoding="utf-8")
        partial.replace(target)  # an editor never reads half a schema
    finally:
        partial.unlink(missing_ok=True)
    return target


def refresh_user_schema() -> None:
    """Keep the copy current wherever the user's sessions folder exists; never fail a
    command over it."""
    if user_sessions_dir().is_dir():
        with contextlib.suppress(OSError):
            ensure_user_schema()
            ensure_user_program_schema()
