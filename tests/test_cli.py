"""The commands as a person types them: output, exit status, no tracebacks."""

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from coach.interface.cli import main

REPO = Path(__file__).resolve().parent.parent


def coach(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "coach", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=60,
        stdin=subprocess.DEVNULL,
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
    assert main(["validate", "beginner-holds", str(broken), str(tmp_path / "none.yaml")]) == 1
    out = capsys.readouterr()
    # Problems and summary on stdout, in order, as linters do; a missing file has no lines.
    assert out.out.splitlines() == [
        f'{broken}:5:12: tempo "3-1-x" needs four parts lower-bottom-lift-top, like 3-1-1-0',
        f"{tmp_path / 'none.yaml'}: no such file",
        "2 of 3 files invalid (2 problems)",
    ]
    assert out.err == ""


def test_validate_takes_names_and_says_which_are_unknown(capsys):
    assert main(["validate", "posterior-chain", "swing-intervals"]) == 0
    assert capsys.readouterr().out == "2 files valid\n"
    assert main(["validate", "posterior-chian"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(
        "posterior-chian: no session called 'posterior-chian' (did you mean 'posterior-chain'?); "
        "known: "
    )
    assert lines[1] == "1 of 1 file invalid (1 problem)"


@pytest.mark.parametrize("command", ["validate", "plan", "run"])
def test_a_fifo_is_refused_at_once(tmp_path, command):
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)  # reading it would wait for a writer for ever
    out = coach(command, str(fifo))
    assert out.returncode == 1
    said = (out.stdout + out.stderr).strip().splitlines()
    assert said[0].endswith(
        "pipe.yaml: this is a named pipe (FIFO), not a session file; give a .yaml file"
    )


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
    # Relative to the session: no path into the package, nothing to break on upgrade.
    assert text.splitlines()[0] == "# yaml-language-server: $schema=session.schema.json"
    schema_copy = path.parent / "session.schema.json"
    assert schema_copy.read_text() == (REPO / "coach" / "session.schema.json").read_text()
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


def test_an_unknown_name_lists_sessions_apart_from_programs_and_guesses_a_typo(
    user_folders, capsys
):
    """A program cannot be run as a session: it is named as a program, not offered."""
    sessions = user_folders / "sessions"
    sessions.mkdir(parents=True)
    (sessions / "legs-plan.yaml").write_text(
        "program: Legs plan\nrotation: [beginner-holds, swing-intervals]\n", encoding="utf-8"
    )
    assert main(["run", "posterior-chian"]) == 2
    err = capsys.readouterr().err
    assert err == (
        "coach: no session called 'posterior-chian' (did you mean 'posterior-chain'?); "
        "known: beginner-holds, posterior-chain, swing-intervals; programs (coach today "
        "PROGRAM): legs-plan (or give a path to a .yaml file)\n"
    )


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
    from coach.services.workout import Workout

    assert crash_line(None).startswith("coach: something went wrong inside coach")
    loaded = fixture_session()
    workout = Workout(loaded, FakeStarter().begin(loaded, resume=False), clock=clock)
    workout.start()
    workout.skip()  # past the get-ready
    clock.advance(4)  # the first rep is done
    workout.skip()  # ends the first set with its one rep: it is recorded
    line = crash_line(workout)
    assert "1 set done in this run, kept in your history" in line
    assert f"`coach run {loaded.path} --resume` carries on." in line


BROKEN = {
    "empty-reps": "name: A\nexercises:\n  - {exercise: hip-thrust, reps: ~}\n",
    "empty-intervals": "name: B\nexercises:\n  - exercise: kettlebell-swing\n    intervals:\n",
    "deep": "name: " + "[" * 3000 + "]" * 3000 + "\n",
    "deep-keys": "".join(" " * i + f"k{i}:\n" for i in range(1300)) + " " * 1300 + "v: 1\n",
}


def write_broken(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for key, text in BROKEN.items():
        (folder / f"{key}.yaml").write_text(text, encoding="utf-8")
    os.mkfifo(folder / "pipe.yaml")
    (folder / "loop.yaml").symlink_to(folder / "loop.yaml")
    (folder / os.fsdecode(b"caf\xe9.yaml")).write_text("name: [\n", encoding="utf-8")


def test_one_bad_file_never_takes_the_list_down(user_folders, capsys):
    write_broken(user_folders / "sessions")
    assert main(["list"]) == 0
    rows = {line.split()[0]: line for line in capsys.readouterr().out.splitlines() if line}
    assert "40 min" in rows["posterior-chain"]  # the bundled sessions are still there
    assert rows["empty-reps"].endswith(
        "cannot be used: 'reps' has no value; write one after the colon, or remove the line"
    )
    assert "cannot be used: lists and mappings nest more than 64 levels" in rows["deep"]
    assert "cannot be used: lists and mappings nest more than 64 levels" in rows["deep-keys"]
    assert "cannot be used: this is a named pipe (FIFO)" in rows["pipe"]
    assert "cannot be used: symbolic links that lead in a loop" in rows["loop"]
    assert "cannot be used: YAML syntax" in rows["'caf'$'\\351'"]
    assert "Traceback" not in str(rows)


@pytest.mark.parametrize("command", ["plan", "run"])
@pytest.mark.parametrize("name", ["empty-reps", "empty-intervals", "deep"])
def test_plan_and_run_refuse_a_bad_file_in_one_line(user_folders, command, name):
    folder = user_folders / "sessions"
    folder.mkdir(parents=True)
    (folder / f"{name}.yaml").write_text(BROKEN[name], encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-m", "coach", command, name, "--plain"][: 5 if command == "plan" else 6],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "COACH_SESSIONS_DIR": str(folder)},
    )
    assert out.returncode == 1, out.stdout
    assert "Traceback" not in out.stderr
    assert out.stderr.startswith(f"coach: {folder / name}.yaml:")


def test_schema_prints_the_schema_and_the_path_of_the_users_copy(capsys, user_folders):
    assert main(["schema"]) == 0
    printed = capsys.readouterr().out
    assert json.loads(printed)["title"] == "coach session"
    assert main(["schema", "--path"]) == 0
    copy = Path(capsys.readouterr().out.strip())
    assert copy == user_folders / "sessions" / "session.schema.json"
    assert copy.read_text() == printed


def test_an_old_copy_of_the_schema_is_refreshed(capsys, user_folders):
    copy = user_folders / "sessions" / "session.schema.json"
    copy.parent.mkdir(parents=True)
    copy.write_text('{"title": "an older coach"}')
    assert main(["validate", "beginner-holds"]) == 0
    assert json.loads(copy.read_text())["title"] == "coach session"
    copy.write_text('{"title": "an older coach"}')
    assert main(["schema", "--path"]) == 0
    assert json.loads(copy.read_text())["title"] == "coach session"
    copy.unlink()  # a folder made by hand, a bundled session copied in: list writes it
    assert main(["list"]) == 0
    assert json.loads(copy.read_text())["title"] == "coach session"


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
        workout = None
        return_code = 0
        closed_after_signal = threading.Event()
        exit_code = 0

        def run(self):
            return None

    def make_app(**kwargs):
        seen["no_color"] = real(**kwargs).no_color
        return Stub()

    monkeypatch.setattr(app_module, "make_app", make_app)
    assert run_command.run_app(run_command.argparse.Namespace(audio="silent")) == 0
    assert seen["no_color"] is monochrome


def test_the_resume_hint_names_a_session_by_the_name_that_runs_it(user_folders, tmp_path):
    # It printed the full path into the installed package for a bundled session.
    from types import SimpleNamespace

    from coach.interface.closing import resume_hint
    from coach.services.catalog import bundled_sessions_dir, shortest_name

    bundled = bundled_sessions_dir() / "posterior-chain.yaml"
    assert shortest_name(bundled) == "posterior-chain"
    stopped = SimpleNamespace(loaded=SimpleNamespace(path=bundled))
    assert resume_hint(stopped) == "`coach run posterior-chain --resume` carries on"
    mine = user_folders / "sessions" / "legs.yaml"
    mine.parent.mkdir(parents=True)
    mine.write_text("name: Legs\nexercises:\n  - {exercise: hip-thrust, reps: 8}\n")
    assert shortest_name(mine) == "legs"
    elsewhere = tmp_path / "other" / "legs.yaml"  # "legs" runs the file above, not this
    elsewhere.parent.mkdir()
    elsewhere.write_text(mine.read_text())
    assert shortest_name(elsewhere) == str(elsewhere)
    hidden = user_folders / "sessions" / "posterior-chain.yaml"  # yours wins the name
    hidden.write_text(mine.read_text())
    assert shortest_name(bundled) == str(bundled)


def test_a_new_session_named_like_a_bundled_one_says_which_one_the_name_runs(user_folders, capsys):
    # It took the name without a word, and `coach list` then showed two of that name.
    assert main(["new", "posterior-chain"]) == 0
    out = capsys.readouterr().out
    assert "note: coach comes with a session called posterior-chain too" in out
    assert main(["list"]) == 0
    bundled = [
        line
        for line in capsys.readouterr().out.splitlines()
        if line.startswith("posterior-chain") and "bundled" in line
    ]
    assert bundled and bundled[0].endswith("(yours is the one `coach run posterior-chain` runs)")
    assert main(["new", "my legs"]) == 0
    assert "note:" not in capsys.readouterr().out


@pytest.mark.parametrize("valid", [True, False])
def test_validate_keeps_its_status_when_the_reader_leaves_early(tmp_path, valid):
    # `coach validate x.yaml | head -1`: a problem found stays status 1 (it was 0).
    session = tmp_path / "x.yaml"
    key = "reps" if valid else "rpes"
    session.write_text(f"name: X\nexercises:\n  - {{exercise: hip-thrust, {key}: 8}}\n")
    read, write = os.pipe()
    os.close(read)  # the reader is gone before the first line
    try:
        done = subprocess.run(
            [sys.executable, "-m", "coach", "validate", str(session)],
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    finally:
        os.close(write)
    assert done.returncode == (0 if valid else 1), done.stderr
    assert "Traceback" not in done.stderr
