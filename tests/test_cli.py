"""The commands as a person types them: output, exit status, no tracebacks."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from coach.interface.cli import main

REPO = Path(__file__).resolve().parent.parent


def coach(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "coach", *args], capture_output=True, text=True, cwd=cwd, timeout=60
    )


def test_version_and_usage_errors():
    out = coach("--version")
    assert out.returncode == 0 and out.stdout.startswith("coach ")
    bad = coach("frobnicate")
    assert bad.returncode == 2 and "invalid choice" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_validate_reports_and_exits_1(tmp_path, capsys):
    broken = tmp_path / "legs.yaml"
    broken.write_text(
        "name: Legs\nexercises:\n  - exercise: hip-thrust\n    reps: 3\n    tempo: 3-1-x\n"
    )
    good = REPO / "sessions" / "beginner-holds.yaml"
    assert main(["validate", str(good), str(broken), str(tmp_path / "none.yaml")]) == 1
    out = capsys.readouterr()
    assert out.out.splitlines() == [
        f'{broken}:5:12: tempo "3-1-x" needs four parts lower-bottom-lift-top, like 3-1-1-0',
        f"{tmp_path / 'none.yaml'}:1:1: no such file",
    ]
    assert out.err.strip() == "2 of 3 files invalid (2 problems)"


def test_validate_all_good_prints_only_a_summary(capsys):
    files = [str(p) for p in sorted((REPO / "sessions").glob("*.yaml"))]
    assert main(["validate", *files]) == 0
    assert capsys.readouterr().out == f"{len(files)} files valid\n"


def test_list_shows_bundled_and_user_sessions(capsys, user_folders):
    assert main(["new", "Friday pull"]) == 0
    capsys.readouterr()
    assert main(["list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    rows = {
        line.split()[0]: line
        for line in lines
        if line and not line.startswith(("bundled", "yours", "~"))
    }
    assert "40 min" in rows["posterior-chain"] and "bundled" in rows["posterior-chain"]
    assert "user" in rows["friday-pull"]


def test_new_writes_a_valid_commented_starter_and_refuses_to_overwrite(capsys, user_folders):
    assert main(["new", "legs day"]) == 0
    path = user_folders / "sessions" / "legs-day.yaml"
    text = path.read_text()
    assert text.startswith("# yaml-language-server: $schema=")
    schema_path = Path(text.splitlines()[0].split("$schema=")[1])
    assert schema_path.is_file()
    assert main(["validate", str(path)]) == 0
    assert main(["new", "legs day"]) == 1
    assert "already exists" in capsys.readouterr().err
    assert main(["new", "../escape"]) == 2


def test_plan_text_and_json(capsys):
    assert main(["plan", "beginner-holds"]) == 0
    text = capsys.readouterr().out
    assert "Total 15:06" in text and "Hip thrust · set 1/3 · 8 reps · hold 5 s" in text
    assert main(["plan", "--json", "posterior-chain"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["total_seconds"] == 2411 and data["estimated"] is True
    first = data["segments"][0]
    assert {"kind", "start", "duration", "cues"} <= set(first)
    assert first["cues"][0] == {"name": "get-ready", "at": 2}
    ends = [s["start"] + s["duration"] for s in data["segments"]]
    assert ends[-1] == data["total_seconds"]


def test_plan_of_an_unknown_name_is_a_usage_error(capsys):
    assert main(["plan", "no-such-session"]) == 2
    assert "known: beginner-holds, posterior-chain, swing-intervals" in capsys.readouterr().err


def test_plan_of_an_invalid_file_exits_1_with_the_problem(tmp_path, capsys):
    path = tmp_path / "x.yaml"
    path.write_text("name: X\nexercises: []\n")
    assert main(["plan", str(path)]) == 1
    assert f"{path}:2:12: exercises is empty" in capsys.readouterr().err


@pytest.mark.parametrize("args", [["validate"], ["plan"], ["new"]])
def test_missing_arguments_are_usage_errors(args):
    out = coach(*args)
    assert out.returncode == 2 and "usage:" in out.stderr and "Traceback" not in out.stderr


def test_the_picker_takes_the_sound_flags_too(monkeypatch):
    """`coach --mute` opens the picker muted: the flags reach the picker's run."""
    from coach.interface.commands import pick

    seen = {}
    monkeypatch.setattr(pick, "run_app", lambda args: seen.update(vars(args)) or 0)
    assert main(["--mute", "--audio", "silent", "--volume", "0.5"]) == 0
    assert seen["command"] is None
    assert (seen["mute"], seen["audio"], seen["volume"]) == (True, "silent", 0.5)


def test_sound_flags_before_the_command_are_kept():
    from coach.interface.cli import build_parser

    args = build_parser().parse_args(["--mute", "run", "beginner-holds", "--audio", "bell"])
    assert (args.mute, args.audio) == (True, "bell")
    args = build_parser().parse_args(["run", "beginner-holds"])
    assert not hasattr(args, "mute")  # nothing given: the config decides


def test_after_a_crash_the_last_line_says_what_is_kept_and_how_to_carry_on(clock):
    from fixtures.appkit import FakeStarter, fixture_session

    from coach.interface.commands.run import crash_line
    from coach.interface.live import LiveRun

    assert crash_line(None).startswith("coach: something went wrong inside coach")
    loaded = fixture_session()
    live = LiveRun(loaded, FakeStarter().begin(loaded, resume=False), clock=clock)
    live.start()
    live.runner.skip()  # past the get-ready
    live.runner.skip()  # ends the first set: it is recorded
    live.poll()
    line = crash_line(live)
    assert "1 set already in your history" in line
    assert f"`coach run {loaded.path} --resume` carries on." in line


def test_an_unknown_option_shows_the_command_s_own_usage():
    out = coach("plan", "beginner-holds", "--bogus")
    assert out.returncode == 2
    assert out.stderr.startswith("usage: coach plan ")
    assert out.stderr.strip().endswith("coach plan: error: unrecognized arguments: --bogus")


@pytest.mark.parametrize(("value", "monochrome"), [("", False), ("1", True)])
def test_only_a_non_empty_no_color_turns_the_app_monochrome(monkeypatch, value, monochrome):
    import coach.interface.app as app_module
    from coach.interface.commands import run as run_command

    monkeypatch.setenv("NO_COLOR", value)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    seen = {}
    real = app_module.make_app

    class Stub:
        live = None
        return_code = 0

        def run(self):
            return None

    def make_app(**kwargs):
        seen["no_color"] = real(**kwargs).no_color
        return Stub()

    monkeypatch.setattr(app_module, "make_app", make_app)
    assert run_command.run_app(run_command.argparse.Namespace(audio="silent")) == 0
    assert seen["no_color"] is monochrome
