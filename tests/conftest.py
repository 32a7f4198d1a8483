"""Shared fixtures: a clock tests move by hand, and isolated user folders."""

from __future__ import annotations

from pathlib import Path

import pytest


class FakeClock:
    """A monotonic clock that only moves when a test says so."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds

    def set(self, moment: float) -> None:
        self.now = moment


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(autouse=True)
def user_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own sessions, data, config and cache folders."""
    home = tmp_path / "user"
    monkeypatch.setenv("COACH_SESSIONS_DIR", str(home / "sessions"))
    monkeypatch.setenv("COACH_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("COACH_CONFIG", str(home / "config.toml"))
    monkeypatch.setenv("COACH_CACHE_DIR", str(home / "cache"))
    return home


@pytest.fixture
def settle_now(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files written by the test count as settled at once for the cache (they are, in
    real use, after two seconds)."""
    from coach.services import session_cache

    monkeypatch.setattr(session_cache, "SETTLE_NS", 0)


REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def write_session(tmp_path: Path):
    """Write YAML text to a session file and return its path."""

    def write(text: str, name: str = "s.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


def need(condition: bool, reason: str) -> None:
    """Skip a test whose tool is missing, except in CI (COACH_REQUIRE_ALL=1), where the
    missing tool is a failure: .ci/run installs everything the suite needs."""
    import os

    if condition:
        return
    if os.environ.get("COACH_REQUIRE_ALL") == "1":
        pytest.fail(f"needed for this test: {reason}")
    pytest.skip(reason)
