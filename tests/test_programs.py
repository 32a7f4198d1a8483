"""Programs: reading the file, rotation and weekdays, deload weeks, and `coach today`."""

import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import jsonschema
import pytest

from coach.domain.load import Load
from coach.domain.loading import load_session
from coach.domain.problems import SessionFileError
from coach.domain.program_schema import program_schema_text
from coach.domain.programs import (
    DoneRun,
    LoadedProgram,
    Program,
    Slot,
    deloaded,
    is_deload_week,
    lighter,
    rotation_position,
    standing,
    validate_program_text,
)
from coach.domain.progression import advise_from
from coach.domain.records import SetRecord
from coach.domain.yaml_reader import read_yaml
from coach.services.catalog import list_sessions
from coach.services.history_store import open_history
from coach.services.journal import Journal
from coach.services.programs import find_session, program_files, today_first, todays_sessions

REPO = Path(__file__).resolve().parent.parent
A, B, C = Path("/s/lower-a.yaml"), Path("/s/lower-b.yaml"), Path("/s/lower-c.yaml")
MONDAY = date(2026, 11, 30)

LOWER_A = """\
name: Lower A
defaults: {rest: 0, get_ready: 0}
exercises:
  - exercise: hip-thrust
    sets: 1
    reps: 2
    tempo: 1-0-1-0
    load: 60 kg
    progression: {rule: linear, step: 2.5 kg}
"""
LOWER_B = LOWER_A.replace("Lower A", "Lower B").replace("hip-thrust", "good-morning")
PROGRAM = """\
# yaml-language-server: $schema=program.schema.json
program: Posterior chain, two days
rotation: [lower-a.yaml, lower-b]
deload: {every: 4, load: 90%}
"""


def rotation(*paths: Path, deload: dict | None = None, start: str | None = None):
    raw: dict = {"program": "P", "rotation": [p.stem for p in paths]}
    if deload:
        raw["deload"] = deload
    if start:
        raw["start"] = start
    program = Program.model_validate(raw)
    return LoadedProgram(Path("/s/p.yaml"), program, tuple(Slot(p.stem, p) for p in paths))


def run(n: int, path: Path, day: date) -> DoneRun:
    return DoneRun(n, str(path), day)


# --- rotation and weekdays ------------------------------------------------------------


def test_a_rotation_goes_round_in_order():
    slots = rotation(A, B, C).slots
    assert rotation_position(slots, []) == 0
    assert rotation_position(slots, [run(1, A, MONDAY)]) == 1
    assert rotation_position(slots, [run(1, A, MONDAY), run(2, B, MONDAY)]) == 2
    done = [run(1, A, MONDAY), run(2, B, MONDAY), run(3, C, MONDAY)]
    assert rotation_position(slots, done) == 0


def test_a_session_done_out_of_turn_picks_the_rotation_up_from_there():
    slots = rotation(A, B, C).slots
    assert rotation_position(slots, [run(1, A, MONDAY), run(2, C, MONDAY)]) == 0
    assert rotation_position(slots, [run(1, B, MONDAY)]) == 2


def test_a_session_twice_in_the_rotation_is_followed_by_its_own_neighbour():
    slots = rotation(A, B, A, C).slots
    done = [run(1, A, MONDAY), run(2, B, MONDAY), run(3, A, MONDAY)]
    assert rotation_position(slots, done) == 3  # C, not B


def test_standing_names_the_next_session_and_ignores_other_sessions():
    program = rotation(A, B)
    other = run(7, Path("/s/other.yaml"), MONDAY)
    now = standing(program, [run(1, A, MONDAY), other], MONDAY + timedelta(days=2))
    assert now.next.path == B
    assert now.last == run(1, A, MONDAY)
    assert "after lower-a" in now.reason
    assert now.is_today


def test_runs_before_the_start_date_do_not_count():
    program = rotation(A, B, start="2026-12-01")
    now = standing(program, [run(1, A, MONDAY)], MONDAY + timedelta(days=3))
    assert now.next.path == A and now.last is None


def test_weekday_program_names_todays_session_or_the_next_day_with_one():
    program = Program.model_validate({"program": "W", "days": {"mon": "a", "thu": "b"}})
    loaded = LoadedProgram(Path("/s/w.yaml"), program, (Slot("a", A, 0), Slot("b", B, 3)))
    monday = standing(loaded, [], MONDAY)
    assert (monday.next.path, monday.on, monday.is_today) == (A, MONDAY, True)
    tuesday = standing(loaded, [], MONDAY + timedelta(days=1))
    assert (tuesday.next.path, tuesday.on) == (B, MONDAY + timedelta(days=3))
    assert not tuesday.is_today
    assert "Thursday" in tuesday.reason
    done_monday = standing(loaded, [run(1, A, MONDAY)], MONDAY)
    assert done_monday.next.path == B  # Monday's is done: Thursday's is next


# --- deload weeks ----------------------------------------------------------------------


def test_every_fourth_week_is_a_deload_week_counted_from_the_first_run():
    program = rotation(A, B, deload={"every": 4, "load": "90%"})
    first = run(1, A, MONDAY + timedelta(days=2))  # a Wednesday: week 1 began on Monday
    weeks = {}
    for week in range(1, 9):
        day = MONDAY + timedelta(weeks=week - 1, days=4)
        weeks[week] = standing(program, [first], day)
    assert [w for w, s in weeks.items() if s.deload is not None] == [4, 8]
    assert weeks[4].deload == pytest.approx(0.9)
    assert weeks[3].week == 3 and weeks[3].deload is None
    assert not is_deload_week(rotation(A).program, 4)  # no deload: none


def test_runs_in_deload_weeks_are_named_so_progression_can_leave_them_out():
    program = rotation(A, B, deload={"every": 2, "load": 80})
    runs = [
        run(1, A, MONDAY),
        run(2, B, MONDAY + timedelta(weeks=1)),
        run(3, A, MONDAY + timedelta(weeks=2)),
    ]
    assert standing(program, runs, MONDAY + timedelta(weeks=2)).deload_runs == frozenset({2})


@pytest.mark.parametrize(
    ("load", "factor", "light"),
    [
        (Load(100, "kg"), 0.9, Load(90, "kg")),
        (Load(62.5, "kg"), 0.9, Load(55, "kg")),  # 56.25: half-way goes down
        (Load(117.5, "kg"), 0.5, Load(57.5, "kg")),  # 58.75: half-way goes down
        (Load(60, "kg"), 0.9, Load(55, "kg")),  # 54: the nearest step
        (Load(135, "lb"), 0.9, Load(120, "lb")),  # 121.5
        (Load(35, "lb"), 0.8, Load(30, "lb")),  # 28
        (Load(words="bodyweight"), 0.9, Load(words="bodyweight")),
    ],
)
def test_a_deload_load_is_rounded_to_a_loadable_step(load, factor, light):
    assert lighter(load, factor) == light


def test_deload_scales_todays_target_and_keeps_the_reps(write_session):
    loaded = load_session(
        write_session(LOWER_A.replace("reps: 2", "reps: 8-12").replace("linear", "double"))
    )
    advice = advise_from(loaded, [])
    light = deloaded(advice, 0.9)
    assert light[0].load == Load(55, "kg")  # 60 kg at 90% is 54, loaded as 55
    assert light[0].target is not None and light[0].target.load == Load(55, "kg")
    assert light[0].reps == 8
    assert "deload week: 90% of 60 kg" in light[0].reason


def _record(run_id: int, load: float, day: datetime) -> SetRecord:
    return SetRecord(
        run_id=run_id,
        entry=0,
        exercise="hip-thrust",
        variation=None,
        title="Hip thrust",
        set_no=1,
        side=None,
        reps_planned=2,
        reps_done=2,
        rounds_planned=0,
        rounds_done=0,
        load=Load(load, "kg"),
        planned_load=f"{load:g} kg",
        file_load="60 kg",
        started=day,
        ended=day + timedelta(seconds=4),
        skipped=False,
    )


def test_the_journal_deloads_todays_loads_and_progression_skips_deload_runs(
    write_session, user_folders
):
    path = write_session(LOWER_A, name="lower-a.yaml")
    loaded = load_session(path)
    store = open_history(user_folders / "data")
    assert store is not None
    day = datetime(2026, 11, 2, 18, tzinfo=UTC)
    heavy = store.start_run(str(path.resolve()), "Lower A", day)
    store.save_sets([_record(heavy, 60, day)])
    light = store.start_run(str(path.resolve()), "Lower A", day + timedelta(weeks=1))
    store.save_sets([_record(light, 55, day + timedelta(weeks=1))])
    store.close()

    def begin(**kw):
        journal = Journal(user_folders / "data")
        try:
            return journal.begin(loaded, resume=False, **kw)
        finally:
            journal.close()

    assert begin().advice[0].load == Load(57.5, "kg")  # from the light week: 55 + 2.5
    assert begin(light_runs=frozenset({light})).advice[0].load == Load(62.5, "kg")
    begun = begin(deload=0.9, light_runs=frozenset({light}))
    assert begun.advice[0].load == Load(55, "kg")  # 62.5 at 90% is 56.25
    assert {s.load for s in begun.timeline.segments if s.entry == 0} == {"55 kg"}


# --- the file --------------------------------------------------------------------------


def lookup_in(names: dict[str, Path]):
    def lookup(name: str, folder: Path):
        found = names.get(Path(name).stem)
        return found if found else f"no session '{name}'"

    return lookup


def problems(text: str) -> list[str]:
    with pytest.raises(SessionFileError) as caught:
        validate_program_text(Path("p.yaml"), text, lookup_in({"lower-a": A, "lower-b": B}))
    return caught.value.lines()


def test_a_program_names_its_sessions_in_order():
    loaded = validate_program_text(Path("p.yaml"), PROGRAM, lookup_in({"lower-a": A, "lower-b": B}))
    assert loaded.name == "Posterior chain, two days"
    assert [s.path for s in loaded.slots] == [A, B]
    assert loaded.program.deload is not None and loaded.program.deload.load == pytest.approx(0.9)
    assert loaded.describe() == "rotation: lower-a → lower-b; deload every 4 weeks at 90%"


def test_a_session_that_does_not_exist_is_refused_at_its_line():
    text = "program: P\nrotation:\n  - lower-a\n  - lower-c\n"
    assert problems(text) == ["p.yaml:4:5: no session 'lower-c'"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("program: P\n", "p.yaml:1:1: a program needs rotation: [SESSION, ...] or days:"),
        (
            "program: P\nrotation: [lower-a]\ndays: {mon: lower-b}\n",
            "p.yaml:3:1: a program has rotation or days, not both",
        ),
        (
            "program: P\ndays: {mon: lower-a, tues: lower-b}\n",
            "p.yaml:2:22: 'tues' is not a weekday",
        ),
        (
            "program: P\ndays: {mon: lower-a, monday: lower-b}\n",
            "p.yaml:2:30: Monday is given twice",
        ),
        ("program: P\nrotation: []\n", "p.yaml:2:11: rotation is empty"),
        (  # the program's own name, read by YAML as a number
            "program: 12\nrotation: [lower-a]\n",
            'p.yaml:1:10: program must be text; put it in quotes: program: "12"',
        ),
        (
            "program: P\nrotation: [lower-a, 12]\n",
            "p.yaml:2:21: rotation must be text (a session name or path)",
        ),
        (
            "program: P\nrotation: [lower-a]\ndeload: {every: 4, load: 120%}\n",
            "p.yaml:3:26: load 120% is out of range",
        ),
        (  # a fraction where a percent was meant
            "program: P\nrotation: [lower-a]\ndeload: {every: 4, load: 0.9}\n",
            "p.yaml:3:26: load 0.9 reads as 0.9%, out of range; for 90% of the usual load, "
            "write 90%",
        ),
        (
            "program: P\nrotation: [lower-a]\ndeload: {every: 4, load: heavy}\n",
            "p.yaml:3:26: load must be a percent",
        ),
        (
            "program: P\nrotation: [lower-a]\ndeload: {every: 1, load: 90%}\n",
            "p.yaml:3:17: every 1 is out of range",
        ),
        (
            "program: P\nrotation: [lower-a]\ndeload: {load: 90%}\n",
            "p.yaml:3:1: missing 'every' in deload",
        ),
        (
            "program: P\nrotation: [lower-a]\nrotaton: [lower-b]\n",
            "p.yaml:3:1: unknown key 'rotaton' (did you mean 'rotation'?)",
        ),
        (
            "program: P\nrotation: [lower-a]\nstart: next week\n",
            'p.yaml:3:8: start "next week" is not a date',
        ),
        ("program:\nrotation: [lower-a]\n", "p.yaml:1:1: 'program' has no value"),
    ],
)
def test_program_mistakes_are_refused_at_their_line(text, expected):
    assert any(line.startswith(expected) for line in problems(text)), problems(text)


def test_only_a_session_name_is_said_to_be_one():
    # about is free text: "a session name or path" would send the reader the wrong way
    assert problems("program: P\nabout: [a, b]\nrotation: [lower-a]\n") == [
        "p.yaml:2:8: about must be text"
    ]


def test_the_schema_says_what_the_loader_says():
    import json

    schema = json.loads((REPO / "coach" / "program.schema.json").read_text())
    assert (REPO / "coach" / "program.schema.json").read_text() == program_schema_text(), (
        "stale: python -m coach.domain.program_schema > coach/program.schema.json"
    )
    check = jsonschema.Draft202012Validator(schema)
    good = read_yaml(PROGRAM)[0].data
    assert not list(check.iter_errors(good))
    for bad in (
        "program: P\n",
        "program: P\nrotation: [a]\ndays: {mon: b}\n",
        "program: P\ndays: {tues: a}\n",
        "program: P\nrotation: [a]\ndeload: {every: 4, load: 120%}\n",
        "program: P\nrotation: [a]\ndeload: {every: 1, load: 90%}\n",
        "program: P\nrotation: []\n",
        "program: P\nrotation: [a]\nrotaton: [b]\n",
    ):
        assert list(check.iter_errors(read_yaml(bad)[0].data)), bad
        with pytest.raises(SessionFileError):
            validate_program_text(Path("p.yaml"), bad, lookup_in({"a": A, "b": B}))


# --- in the sessions folder ------------------------------------------------------------


@pytest.fixture
def folder(user_folders):
    sessions = user_folders / "sessions"
    sessions.mkdir(parents=True)
    (sessions / "lower-a.yaml").write_text(LOWER_A)
    (sessions / "lower-b.yaml").write_text(LOWER_B)
    (sessions / "posterior.yaml").write_text(PROGRAM)
    return sessions


def test_a_program_file_is_not_listed_as_a_broken_session(folder):
    refs = list_sessions()
    assert "posterior" not in [r.key for r in refs]
    assert all(r.error is None for r in refs)
    [found] = program_files()
    assert found.loaded is not None
    assert [s.path for s in found.loaded.slots] == [
        folder / "lower-a.yaml",
        folder / "lower-b.yaml",
    ]


def test_names_resolve_from_coach_list_or_beside_the_program(folder):
    assert find_session("lower-a", folder) == (folder / "lower-a.yaml").resolve()
    assert find_session("posterior-chain", folder).name == "posterior-chain.yaml"  # bundled
    assert "is a program" in str(find_session("posterior", folder))
    (folder / "broken.yaml").write_text("name: X\nexercises: []\n")
    assert "cannot be used" in str(find_session("broken.yaml", folder))


def test_the_picker_puts_todays_session_first_and_says_why(folder):
    todays = todays_sessions()
    refs = today_first(list_sessions(), todays)
    assert refs[0].key == "lower-a"
    assert refs[0].today == "today in Posterior chain, two days: first in the rotation"
    assert [r.today for r in refs[1:]] == [""] * (len(refs) - 1)


def coach(
    *args: str, env: dict[str, str], stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "coach", *args],
        capture_output=True,
        text=True,
        env=env,
        input=stdin,
        timeout=60,
        cwd=REPO,
    )


def test_after_the_first_session_coach_program_names_the_second(folder, user_folders):
    env = {
        **os.environ,
        "COACH_SESSIONS_DIR": str(folder),
        "COACH_DATA_DIR": str(user_folders / "data"),
        "COACH_CONFIG": str(user_folders / "config.toml"),
    }
    before = coach("program", env=env)
    assert before.returncode == 0, before.stderr
    assert "next: lower-a (today): first in the rotation" in before.stdout
    today = coach("today", "--plain", "--audio", "silent", "--no-voice", env=env, stdin="")
    assert today.returncode == 0, today.stderr
    assert "Lower A: finished" in today.stdout
    assert "today in Posterior chain, two days" in today.stderr
    after = coach("program", env=env)
    assert after.returncode == 0, after.stderr
    assert "next: lower-b (today): next in the rotation after lower-a" in after.stdout
    assert "week 1; last: lower-a on" in after.stdout


def test_running_a_program_by_name_says_what_to_do_instead(folder, capsys):
    from coach.interface.cli import main

    assert main(["run", "posterior", "--plain"]) == 2
    err = capsys.readouterr().err
    assert err == (
        "coach: posterior is a program, not a session; `coach today posterior` runs its next "
        "session, `coach program` shows where it stands\n"
    )
