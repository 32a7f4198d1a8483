"""Where coach finds its bundled files and keeps the user's."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "coach"
_PACKAGE = Path(__file__).resolve().parent.parent


def _bundled(name: str) -> Path:
    # An installed wheel carries the folder inside the package; a source checkout (or an
    # editable install) has it at the top of the repository.
    inside = _PACKAGE / name
    if inside.is_dir():
        return inside
    return _PACKAGE.parent / name


def bundled_sessions_dir() -> Path:
    return _bundled("sessions")


def bundled_sounds_dir() -> Path:
    return _bundled("sounds")


def user_sessions_dir() -> Path:
    """The user's sessions folder; COACH_SESSIONS_DIR overrides it (tests use it too)."""
    override = os.environ.get("COACH_SESSIONS_DIR")
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir(APP)) / "sessions"


def user_data_dir() -> Path:
    override = os.environ.get("COACH_DATA_DIR")
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir(APP))


def user_config_file() -> Path:
    override = os.environ.get("COACH_CONFIG")
    if override:
        return Path(override)
    return Path(platformdirs.user_config_dir(APP)) / "config.toml"


def user_cache_dir() -> Path:
    """Where coach keeps what it can make again (spoken phrases); COACH_CACHE_DIR overrides."""
    override = os.environ.get("COACH_CACHE_DIR")
    if override:
        return Path(override)
    return Path(platformdirs.user_cache_dir(APP))
