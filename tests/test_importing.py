"""Importing Strong, Hevy and coach's own CSV: each layout, the names, twice, and bad files."""

from datetime import datetime
from pathlib import Path

import pytest

from coach.domain.imports import ImportProblem, library_names, match_exercise, read_export
from coach.domain.library import builtin_library
from coach.domain.load import Load
from coach.interface.cli import main
from coach.services.history_store import open_history

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "imports"


def text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def local(*parts: int) -> datetime:
    return datetime(*parts).astimezone()


# --- each layout -----------------------------------------------------------------------


def test_strong_comma_layout():
    log = read_export(text("strong.csv"))
    assert log.layout == "a Strong export"
    lower, upper = log.workouts
    assert lower.name == "Lower, heavy"  # a comma inside quotes
    assert lower.started == local(2024, 3, 4, 18, 30)
    assert lower.ended == local(2024, 3, 4, 19, 35)  # Duration 1h 5m
    assert [(s.exercise, s.reps, s.load, s.rpe) for s in lower.sets] == [
        ("Hip Thrust (Barbell)", 8, Load(100, "kg"), 8.0),
        ("Hip Thrust (Barbell)", 8, Load(100, "kg"), 8.5),
        ("Romanian Deadlift (Dumbbell)", 10, Load(22.5, "kg"), None),
        ("Back Extension", 12, Load(), None),  # an empty weight: no load
    ]
    assert [s.exercise for s in upper.sets] == ["Bench Press (Barbell)"] * 2
    assert log.left_out == {"warm-up": 1, "without reps": 1}  # the Rest Timer row is no set


def test_strong_comma_layout_in_pounds_when_told():
    log = read_export(text("strong.csv"), unit="lb")
    assert log.workouts[0].sets[0].load == Load(100, "lb")


def test_strong_semicolon_layout_with_weight_unit_per_row():
    log = read_export(text("strong-semicolon.csv"))
    assert log.layout == "a Strong export (semicolon layout)"
    leg, swings = log.workouts
    assert [(s.exercise, s.reps, s.load) for s in leg.sets] == [
        ("Deadlift (Barbell)", 5, Load(225, "lb")),
        ("Deadlift (Barbell)", 4, Load(225, "lb")),
        ("Good Morning (Barbell)", 8, Load(40, "kg")),  # "slow; controlled" stays one field
    ]
    assert leg.ended == local(2019, 1, 11, 13, 16, 54)  # Workout Duration 45m
    assert swings.ended is None  # no duration given
    assert swings.sets[0].load == Load(24, "kg")


def test_hevy_in_kilograms():
    log = read_export(text("hevy-kg.csv"))
    assert log.layout == "a Hevy export"
    day1, day2 = log.workouts
    assert (day1.name, day1.started, day1.ended) == (
        "Posterior, day 1",
        local(2024, 3, 5, 18, 0),
        local(2024, 3, 5, 19, 10),
    )
    assert [(s.exercise, s.reps, s.load, s.rpe) for s in day1.sets] == [
        ("Hip Thrust (Barbell)", 10, Load(90, "kg"), 8.5),
        ("Hip Thrust (Barbell)", 9, Load(90, "kg"), 10.0),
        ("Good Morning (Barbell)", 8, Load(50, "kg"), None),
        ("Cable Pull Through", 12, Load(30, "kg"), None),
    ]
    assert day2.sets[0].load == Load()  # bodyweight back extension
    assert log.left_out == {"warm-up": 1, "without reps": 1}


def test_hevy_in_pounds():
    log = read_export(text("hevy-lb.csv"))
    [pull] = log.workouts
    assert {s.load for s in pull.sets} == {Load(135, "lb"), Load(53, "lb")}


def test_names_map_to_the_library_where_they_can():
    names = library_names(builtin_library())
    assert match_exercise("Hip Thrust (Barbell)", names) == ("hip-thrust", None)
    assert match_exercise("Romanian Deadlift (Dumbbell)", names) == ("romanian-deadlift", None)
    assert match_exercise("Step Romanian deadlift", names) == ("romanian-deadlift", "step")
    assert match_exercise("kettlebell-swing", names) == ("kettlebell-swing", None)
    assert match_exercise("Bench Press (Barbell)", names) is None
    assert match_exercise("Deadlift (Barbell)", names) is None  # not the Romanian one


# --- into the history, twice -----------------------------------------------------------


def history(*args: str) -> int:
    return main(["history", *args])


def sets_in_history(user_folders: Path) -> int:
    store = open_history(user_folders / "data", create=False)
    if store is None:
        return 0
    try:
        return len(store.sets())
    finally:
        store.close()


@pytest.mark.parametrize(
    ("name", "workouts", "sets", "kept"),
    [
        ("strong.csv", 2, 6, "Bench Press (Barbell)"),
        ("strong-semicolon.csv", 2, 4, "Deadlift (Barbell)"),
        ("hevy-kg.csv", 2, 5, "Cable Pull Through"),
        ("hevy-lb.csv", 1, 3, None),
    ],
)
def test_importing_twice_adds_nothing_the_second_time(
    name, workouts, sets, kept, user_folders, capsys
):
    assert history("--import", str(FIXTURES / name)) == 0
    first = capsys.readouterr().out
    assert f"added {workouts} workout" in first and f"and {sets} set" in first
    if kept:
        assert f"Kept as they were (not in coach's library): {kept}." in first
    assert sets_in_history(user_folders) == sets
    assert history("--import", str(FIXTURES / name)) == 0
    second = capsys.readouterr().out
    assert "added 0 workouts and 0 sets" in second
    assert f"{workouts} workout{'s' if workouts > 1 else ''} already in the history" in second
    assert sets_in_history(user_folders) == sets


def test_imported_sets_keep_their_dates_and_library_ids(user_folders, capsys):
    assert history("--import", str(FIXTURES / "hevy-kg.csv")) == 0
    store = open_history(user_folders / "data", create=False)
    assert store is not None
    records = store.sets()
    store.close()
    thrusts = [r for r in records if r.exercise == "hip-thrust"]
    assert [r.reps_done for r in thrusts] == [10, 9]
    assert {r.started for r in thrusts} == {local(2024, 3, 5, 18, 0)}
    assert {r.session_name for r in thrusts} == {"Posterior, day 1"}
    assert {r.title for r in records if r.exercise == "Cable Pull Through"} == {
        "Cable Pull Through"
    }


def test_coach_csv_goes_round(user_folders, monkeypatch, capsys, tmp_path):
    assert history("--import", str(FIXTURES / "strong.csv")) == 0
    assert history("--csv") == 0
    capsys.readouterr()
    exported = tmp_path / "coach.csv"
    history("--csv")
    exported.write_text(capsys.readouterr().out)
    monkeypatch.setenv("COACH_DATA_DIR", str(tmp_path / "elsewhere"))
    assert history("--import", str(exported)) == 0
    assert "added 2 workouts and 6 sets" in capsys.readouterr().out
    assert history("--import", str(exported)) == 0
    assert "added 0 workouts" in capsys.readouterr().out
    history("--csv")
    again = capsys.readouterr().out

    def without_ids(csv_text: str) -> list[list[str]]:
        rows = [line.split(",") for line in csv_text.splitlines()]
        return [row[1:6] + row[7:] for row in rows]  # ids and run numbers are the history's

    assert without_ids(again) == without_ids(exported.read_text())


def test_coach_csv_keeps_warm_ups_effort_and_notes_on_the_way_round(
    user_folders, monkeypatch, capsys, tmp_path
):
    """A warm-up must come back a warm-up (not a second set 1 that moves next week's
    load), and the RPE, RIR and note a person wrote must come back with their set."""
    from datetime import UTC, timedelta

    from coach.domain.records import SetRecord

    store = open_history(user_folders / "data")
    start = datetime(2024, 5, 1, 17, 0, tzinfo=UTC)
    run = store.start_run("/s/legs.yaml", "Legs", start)

    def done(set_no: int, reps: int, load: str, **more) -> SetRecord:
        return SetRecord(
            run_id=run, entry=0, exercise="hip-thrust", variation=None, title="Hip thrust",
            set_no=set_no, side=None, reps_planned=reps, reps_done=reps, rounds_planned=0,
            rounds_done=0, load=Load(float(load), "kg"), planned_load=f"{load} kg",
            file_load="80 kg", started=start + timedelta(minutes=abs(set_no)),
            ended=start + timedelta(minutes=abs(set_no), seconds=30), skipped=False, **more,
        )  # fmt: skip

    store.save_sets(
        [
            done(-1, 8, "40", warmup=True),
            done(1, 8, "80", rpe=8.5, rir=1, note="left hip tight"),
        ]
    )
    store.end_run(run, "finished", start + timedelta(minutes=5))
    store.close()
    assert history("--csv") == 0
    exported = tmp_path / "coach.csv"
    exported.write_text(capsys.readouterr().out)
    monkeypatch.setenv("COACH_DATA_DIR", str(tmp_path / "elsewhere"))
    assert history("--import", str(exported)) == 0
    capsys.readouterr()
    again = open_history(tmp_path / "elsewhere", create=False)
    assert again is not None
    rows = sorted(
        (r.set_no, r.warmup, r.reps_done, str(r.load), r.rpe, r.rir, r.note) for r in again.sets()
    )
    again.close()
    assert rows == [
        (-1, True, 8, "40 kg", None, None, ""),
        (1, False, 8, "80 kg", 8.5, 1, "left hip tight"),
    ]


# --- bad files ---------------------------------------------------------------------------

STRONG_HEADER = text("strong.csv").splitlines()[0]
GOOD_ROW = text("strong.csv").splitlines()[2]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "the file is empty (0 bytes)"),
        (b"SQLite format 3\x00\x01\x02", "row 1: this is a binary file, not a CSV export"),
        (b"Date,Workout\n\xff\xfe", "row 2: the file is not UTF-8 text"),
        (
            STRONG_HEADER.replace(",", "\t").encode() + b"\n",
            "row 1: the columns are separated by tabs; a Strong export separates them by commas",
        ),
        (
            f"{STRONG_HEADER}\n{GOOD_ROW}\n{GOOD_ROW.replace(',', ';')}\n".encode(),
            "row 3: 1 fields where the header has 12",
        ),
        (
            STRONG_HEADER.replace(",Reps", "").encode() + b"\n",
            'row 1: missing column "Reps"',
        ),
        (
            f"{STRONG_HEADER}\n{GOOD_ROW.replace(',100,', ',1OO,')}\n".encode(),
            'row 2, column "Weight": "1OO" is not a number',
        ),
        (
            f"{STRONG_HEADER}\n{GOOD_ROW.replace('2024-03-04 18:30:00', '04/03/2024 18:30')}\n".encode(),
            'row 2, column "Date": "04/03/2024 18:30" is not a date coach can read',
        ),
        (
            f"{STRONG_HEADER}\n{GOOD_ROW.replace(',8,0,0,', ',8.5,0,0,')}\n".encode(),
            'row 2, column "Reps": "8.5" is not a whole number',
        ),
        (b"name,when,what\nx,y,z\n", "row 1: this header is not one coach knows"),
        (
            b'"title","start_time","end_time","exercise_title","set_index","set_type","reps"\n',
            'row 1: missing column "weight_kg" (or "weight_lbs")',
        ),
        (b"\n\n  \n", "the file is empty; export your workouts again"),
    ],
)
def test_a_bad_file_is_one_line_and_writes_nothing(
    content, expected, tmp_path, user_folders, capsys
):
    assert history("--import", str(FIXTURES / "hevy-lb.csv")) == 0
    before = sets_in_history(user_folders)
    bad = tmp_path / "bad.csv"
    bad.write_bytes(content)
    capsys.readouterr()
    assert history("--import", str(bad)) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert err.startswith(f"coach: {bad}: {expected}"), err
    assert err.rstrip().endswith("nothing was imported")
    assert sets_in_history(user_folders) == before


def test_a_mistake_late_in_a_file_writes_none_of_it(tmp_path, user_folders, capsys):
    lines = text("hevy-kg.csv").splitlines()
    lines.append(lines[2].replace(",90,10,", ",ninety,10,"))
    bad = tmp_path / "late.csv"
    bad.write_text("\n".join(lines) + "\n")
    assert history("--import", str(bad)) == 1
    assert (
        f'row {len(lines)}, column "weight_kg": "ninety" is not a number' in capsys.readouterr().err
    )
    assert sets_in_history(user_folders) == 0


def test_a_missing_file_is_one_line(tmp_path, capsys):
    assert history("--import", str(tmp_path / "nope.csv")) == 1
    assert (
        capsys.readouterr().err
        == f"coach: {tmp_path / 'nope.csv'}: no such file; nothing was imported\n"
    )


def test_problem_text_names_row_and_column():
    with pytest.raises(ImportProblem) as caught:
        read_export(STRONG_HEADER + "\n" + GOOD_ROW.replace(",8,0,0,", ",-3,0,0,") + "\n")
    assert (caught.value.row, caught.value.column) == (2, "Reps")


def test_the_history_takes_an_import_whole_or_not_at_all(user_folders):
    from coach.domain.records import Run, SetRecord
    from coach.services.history_store import HistoryError

    store = open_history(user_folders / "data")
    assert store is not None
    when = local(2024, 3, 4, 18, 30)

    def one(run_path: str, load: Load) -> tuple[Run, list[SetRecord]]:
        record = SetRecord(
            run_id=0,
            entry=0,
            exercise="hip-thrust",
            variation=None,
            title="Hip thrust",
            set_no=1,
            side=None,
            reps_planned=8,
            reps_done=8,
            rounds_planned=0,
            rounds_done=0,
            load=load,
            planned_load="",
            file_load="",
            started=when,
            ended=when,
            skipped=False,
        )
        return Run(0, run_path, "Lower", when, when, "finished"), [record]

    broken = Load(100, "st")  # type: ignore[arg-type]  # the file refuses this unit
    with pytest.raises(HistoryError):
        store.add_imported([one("strong:A", Load(100, "kg")), one("strong:B", broken)])
    assert store.runs() == [] and store.sets() == []
    assert store.add_imported([one("strong:A", Load(100, "kg"))]) == (1, 1)
    store.close()
