"""`coach list` marks a program that cannot be used, with its first problem and the
command that shows them all, as `coach program` would find it; what it found is kept in
the cache, and any change to the files a program's check reads (the program, a session
it names, a session added to the folder) is seen at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_session_cache import listed, rewrite

from coach.services import program_findings

SESSION = "name: {name}\nexercises:\n  - {{exercise: hip-thrust, sets: 2, reps: 8}}\n"


@pytest.fixture
def folder(user_folders):
    path = user_folders / "sessions"
    path.mkdir(parents=True)
    return path


@pytest.fixture
def checks(monkeypatch):
    """The programs checked afresh (not taken from the cache)."""
    checked: list[Path] = []
    real = program_findings._check
    monkeypatch.setattr(program_findings, "_check", lambda p: checked.append(p) or real(p))
    return checked


def marks(out: str) -> list[str]:
    """The lines under `programs:` that mark one."""
    return [line.strip() for line in out.splitlines() if line.startswith("  ") and "cannot" in line]


def test_a_program_naming_a_missing_session_is_marked_until_it_appears(
    folder, capsys, settle_now, checks
):
    rewrite(folder / "plan-a.yaml", "program: A\nrotation: [lower-a, posterior-chain]\n")
    rewrite(folder / "plan-b.yaml", "program: B\nrotation: [posterior-chain]\n")
    out = listed(capsys)
    assert "programs: plan-a, plan-b" in out
    [mark] = marks(out)
    assert mark.startswith("plan-a cannot be used: no session 'lower-a'")
    assert mark.endswith("; coach validate plan-a")
    checks.clear()
    assert listed(capsys) == out and checks == []  # nothing changed: nothing checked
    rewrite(folder / "lower-a.yaml", SESSION.format(name="Lower A"))
    assert marks(listed(capsys)) == []  # the session appeared: the program can be used
    rewrite(folder / "lower-a.yaml", "name: [\n")  # and now it cannot be
    [mark] = marks(listed(capsys))
    assert mark.startswith("plan-a cannot be used: session 'lower-a' cannot be used")


def test_a_program_with_a_mistake_of_its_own_is_marked(folder, capsys, settle_now):
    rewrite(folder / "plan.yaml", "program: 12\nrotation: [posterior-chain]\n")
    assert marks(listed(capsys)) == [
        'plan cannot be used: program must be text; put it in quotes: program: "12"; '
        "coach validate plan"
    ]


def test_programs_that_can_be_used_are_not_marked(folder, capsys, settle_now):
    rewrite(folder / "plan.yaml", "program: P\ndays: {mon: posterior-chain}\n")
    out = listed(capsys)
    assert "programs: plan" in out and marks(out) == []
