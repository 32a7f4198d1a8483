"""A built wheel carries the bundled sessions, sounds and schema, and runs from anywhere."""

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(REPO),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return next(out.glob("coach-*.whl"))


def test_wheel_carries_the_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for session in (REPO / "sessions").glob("*.yaml"):
        assert f"coach/sessions/{session.name}" in names
    for sound in (REPO / "sounds").glob("*.wav"):
        assert f"coach/sounds/{sound.name}" in names
    assert "coach/session.schema.json" in names
    assert "coach/domain/exercises.yaml" in names
    for page in (REPO / "coach" / "interface" / "web" / "static").iterdir():
        assert f"coach/interface/web/static/{page.name}" in names  # `coach serve`'s page
    assert any(n.endswith("entry_points.txt") for n in names)


def test_installed_wheel_lists_its_sessions_from_any_folder(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    env = dict(os.environ, PYTHONPATH=str(target))
    where = subprocess.run(
        [sys.executable, "-c", "import coach; print(coach.__file__)"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=True,
    )
    assert where.stdout.startswith(str(target))
    out = subprocess.run(
        [sys.executable, "-m", "coach", "list"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    assert f"bundled: {target / 'coach' / 'sessions'}" in out.stdout
    assert "posterior-chain" in out.stdout and "invalid" not in out.stdout
