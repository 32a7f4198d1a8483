"""A built wheel carries the bundled sessions, sounds and schema, and runs from anywhere;
installed in a virtual environment of its own, its `coach` command works."""

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
    return next(out.glob("workout_coach-*.whl"))


def test_wheel_carries_the_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for session in (REPO / "sessions").glob("*.yaml"):
        assert f"coach/sessions/{session.name}" in names
    for sound in (REPO / "sounds").glob("*.wav"):
        assert f"coach/sounds/{sound.name}" in names
    assert "coach/session.schema.json" in names
    # Each bundled session's modeline resolves inside the installed package too.
    for session in (REPO / "sessions").glob("*.yaml"):
        modeline = session.read_text(encoding="utf-8").splitlines()[0]
        assert f"coach/sessions/{modeline.split('$schema=')[1]}" in names
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
    assert "posterior-chain" in out.stdout and "cannot be used" not in out.stdout

    assert "posterior-chain" in out.stdout and "invalid" not in out.stdout


def test_the_distribution_is_workout_coach_and_the_command_coach(wheel):
    # "coach" on the package index is an unrelated project: the distribution has its own name.
    assert wheel.name.startswith("workout_coach-")
    names = zipfile.ZipFile(wheel).namelist()
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "coach = coach.interface.cli:main" in text


def test_the_command_of_an_installed_wheel_lists_plans_and_finds_its_data(wheel, tmp_path):
    """The wheel in a fresh virtual environment, run through its own `coach` script from
    an unrelated folder. The environment borrows this one's libraries (a path file), so no
    download is needed, but coach itself comes only from the wheel."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    borrowed = [p for p in sys.path if p.endswith("site-packages")]
    Path(site, "borrowed.pth").write_text("\n".join(borrowed) + "\n", encoding="utf-8")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "-q",
            str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    coach = venv / "bin" / "coach"
    home = tmp_path / "home"
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "LANG": "C.UTF-8",
    }
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [str(coach), *args], capture_output=True, text=True, env=env, cwd=elsewhere, timeout=60
        )
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr
        return done

    package = Path(site) / "coach"
    listed = run("list").stdout
    assert f"bundled: {package / 'sessions'}" in listed
    assert "posterior-chain" in listed and "cannot be used" not in listed
    plan = run("plan", "posterior-chain").stdout
    assert "Hip thrust" in plan and "total" in plan.lower()
    # The cues load from inside the package (listed, then played to no device).
    sounds = run("sounds", "--audio", "silent").stdout
    assert "finish" in sounds
    assert (package / "session.schema.json").is_file()
    assert (package / "sounds" / "go.wav").is_file()
    version = run("--version").stdout
    assert version.startswith("coach ")


def _first_commands(readme: str) -> list[str]:
    """The shell blocks of the README's quick start, in order."""
    quick = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return [block.split("```", 1)[0].strip() for block in quick.split("```sh\n")[1:]]


def test_the_quick_start_commands_are_the_install_script_and_ci():
    first, second = _first_commands((REPO / "README.md").read_text(encoding="utf-8"))[:2]
    assert first == "./install.sh && coach"
    assert second == "bash .ci/run"
    assert os.access(REPO / "install.sh", os.X_OK)
    assert "python -m pytest" in (REPO / ".ci" / "run").read_text(encoding="utf-8")


def test_the_install_script_leaves_a_coach_a_fresh_shell_can_type(tmp_path):
    """./install.sh from a copy of the repository (no .git, no .venv), with its folders in a
    scratch place; then `coach` by name in a new shell, from another folder."""
    import shutil

    clone = tmp_path / "clone"
    shutil.copytree(
        REPO,
        clone,
        ignore=shutil.ignore_patterns(".git", ".venv", "__pycache__", "*.egg-info", "build"),
    )
    prefix, bin_dir = tmp_path / "prefix", tmp_path / "bin"
    env = dict(os.environ, COACH_PREFIX=str(prefix), COACH_BIN=str(bin_dir), PYTHON=sys.executable)
    done = subprocess.run(
        ["./install.sh"], cwd=clone, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert f"the command is {bin_dir / 'coach'}" in done.stderr
    assert "is not on your PATH yet" in done.stderr  # this test's folder is not

    home = tmp_path / "home"
    fresh = {"HOME": str(home), "PATH": f"{bin_dir}:/usr/bin:/bin", "LANG": "C.UTF-8"}
    script = "cd / && command -v coach && coach list && coach plan beginner-holds"
    shell = subprocess.run(
        ["bash", "--noprofile", "--norc", "-c", script],
        env=fresh,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert shell.returncode == 0, shell.stderr
    lines = shell.stdout.splitlines()
    assert lines[0] == str(bin_dir / "coach")
    assert f"bundled: {prefix}" in shell.stdout and "Total 15:06" in shell.stdout

    gone = subprocess.run(
        ["./install.sh", "--uninstall"], cwd=clone, env=env, capture_output=True, text=True
    )
    assert gone.returncode == 0 and not prefix.exists() and not (bin_dir / "coach").exists()
