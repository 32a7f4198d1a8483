"""`coach history` as a person types it: tables, the chart, CSV, dates, mistakes."""

import csv
import io
import time
from datetime import UTC, datetime, timedelta

import pytest

from coach.domain.history import FILE_NAME, SetRecord, open_history
from coach.domain.load import parse_load
from coach.interface.cli import main
from coach.interface.commands.history import chart, nice_ticks

DAY0 = datetime(2024, 5, 1, 17, 0, tzinfo=UTC)


def seed(folder, day: int, sets: list[tuple[str, int, str]], session: str = "Legs") -> int:
    """One run `day` days after DAY0 with (exercise, reps, load) sets."""
    store = open_history(folder)
    start = DAY0 + timedelta(days=day)
    run = store.start_run(f"/sessions/{session.lower()}.yaml", session, start)
    counts: dict[str, int] = {}
    records = []
    for n, (exercise, reps, load) in enumerate(sets):
        counts[exercise] = counts.get(exercise, 0) + 1
        records.append(
            SetRecord(
                run_id=run,
                entry=0 if exercise == "hip-thrust" else 1,
                exercise=exercise,
                variation=None,
                title=exercise.replace("-", " ").capitalize(),
                set_no=counts[exercise],
                side=None,
                reps_planned=10,
                reps_done=reps,
                rounds_planned=0,
                rounds_done=0,
                load=parse_load(load),
                planned_load=load,
                file_load=load,
                started=start + timedelta(minutes=3 * n),
                ended=start + timedelta(minutes=3 * n, seconds=45),
                skipped=reps == 0,
            )
        )
    store.save_sets(records)
    store.end_run(run, "finished", start + timedelta(hours=1))
    store.close()
    return run


@pytest.fixture(autouse=True)
def utc(monkeypatch):
    """Tables show local time: pin it, so the dates below read the same everywhere."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def data(user_folders):
    folder = user_folders / "data"
    seed(folder, 0, [("hip-thrust", 10, "60 kg")] * 3 + [("good-morning", 8, "40 kg")] * 2)
    seed(folder, 3, [("hip-thrust", 10, "62.5 kg")] * 2 + [("hip-thrust", 0, "62.5 kg")])
    seed(folder, 7, [("hip-thrust", 12, "65 kg")] * 3 + [("good-morning", 10, "40 kg")])
    return folder


def test_no_history_says_how_to_start_and_creates_nothing(user_folders, capsys):
    assert main(["history"]) == 0
    assert "No workouts recorded yet" in capsys.readouterr().out
    assert not (user_folders / "data").exists()


def test_sessions_table_and_volume_chart(data, capsys):
    assert main(["history"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == "3 sessions, newest first"
    assert lines[2].split() == ["date", "session", "sets", "time", "reps", "volume"]
    newest, middle = lines[3], lines[4]
    assert newest.split()[2:] == ["Legs", "4", "9:45", "46", "2,740", "kg"]
    assert "2 (1 skipped)" in middle
    assert "Volume (kg" in out and "2,000┤" in out.replace(" ", "")
    assert "coach history EXERCISE (good-morning, hip-thrust)" in out
    assert str(data / FILE_NAME) in out


def test_one_exercise_over_time(data, capsys):
    assert main(["history", "hip-thrust", "--last", "2"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Hip thrust: the last 2 of 3 sessions, newest first")
    rows = [line for line in out.splitlines() if line.startswith("2024-")]
    assert [r.split("Legs")[1].split() for r in rows] == [
        ["3", "sets", "of", "12", "×", "65", "kg", "65", "kg", "2,340", "kg"],
        ["2", "sets", "of", "10", "×", "62.5", "kg,", "skipped", "62.5", "kg", "1,250", "kg"],
    ]
    assert "Top load (kg)" in out and "Volume (kg" in out


def test_an_exercise_by_its_shown_name(data, capsys):
    assert main(["history", "Good morning", "--no-chart"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Good morning: 2 sessions") and "Top load" not in out


def test_a_misspelled_exercise_is_a_usage_error_with_a_guess(data, capsys):
    assert main(["history", "hip-trust"]) == 2
    err = capsys.readouterr().err
    assert "did you mean 'hip-thrust'?" in err and "good-morning, hip-thrust" in err


def test_a_library_exercise_without_sets_is_not_an_error(data, capsys):
    assert main(["history", "kettlebell-swing"]) == 0
    assert capsys.readouterr().out == "No sets of kettlebell-swing recorded yet.\n"


def test_since_filters_by_day(data, capsys):
    assert main(["history", "--since", "2024-05-04", "--no-chart"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("2 sessions") and "2024-05-01" not in out
    assert main(["history", "--since", "2030-01-01"]) == 0
    assert capsys.readouterr().out == "No sets recorded since 2030-01-01 yet.\n"


def test_a_bad_date_is_a_usage_error(data, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["history", "--since", "1 May"])
    assert exit_info.value.code == 2
    assert "write it like 2024-05-31" in capsys.readouterr().err


def test_csv_has_a_header_and_every_set(data, capsys):
    assert main(["history", "--csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 12
    first = rows[0]
    assert (first["exercise"], first["set"], first["reps_done"], first["load"]) == (
        "hip-thrust",
        "1",
        "10",
        "60 kg",
    )
    assert (first["load_amount"], first["load_unit"], first["skipped"]) == ("60", "kg", "0")
    assert datetime.fromisoformat(first["started"]) == DAY0
    assert main(["history", "good-morning", "--csv", "--since", "2024-05-02"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["reps_done"] for r in rows] == ["10"]


def test_csv_without_history_is_just_the_header(user_folders, capsys):
    assert main(["history", "--csv"]) == 0
    assert capsys.readouterr().out.startswith("started,ended,seconds,session,")


def test_pounds_are_shown_in_pounds(user_folders, capsys):
    folder = user_folders / "data"
    seed(folder, 0, [("hip-thrust", 10, "135 lb")] * 2)
    seed(folder, 2, [("hip-thrust", 10, "140 lb")] * 2)
    assert main(["history", "hip-thrust"]) == 0
    out = capsys.readouterr().out
    assert "140 lb  2,800 lb" in out and "Top load (lb)" in out


def test_a_damaged_file_is_reported_and_the_recovered_one_shown(data, capsys):
    (data / FILE_NAME).write_bytes(b"scribbled over")
    assert main(["history"]) == 1  # nothing else to show yet: one clear line
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot be read" in err and str(data / FILE_NAME) in err
    open_history(data).close()  # a workout starts a recovered file beside it
    assert main(["history"]) == 0
    captured = capsys.readouterr()
    assert "left as it is" in captured.err and "No sets recorded yet." in captured.out


def test_ticks_are_round_numbers():
    assert nice_ticks(2740) == [0, 1000, 2000, 3000]
    assert nice_ticks(90) == [0, 25, 50, 75, 100]
    assert nice_ticks(0) == [0.0, 1.0]


def test_chart_in_colour_and_bodyweight_reps(user_folders):
    folder = user_folders / "data"
    seed(folder, 0, [("good-morning", 10, "bodyweight")])
    seed(folder, 1, [("good-morning", 12, "bodyweight")])
    from coach.interface.commands.history import by_run

    rows = by_run(open_history(folder).sets())
    text = chart(rows, "kg", with_top=True, colour=True)
    assert "\x1b[" in text and "Reps" in text and "Top load" not in text


def test_each_set_says_reps_times_load_and_what_went_otherwise(user_folders, capsys):
    from dataclasses import replace

    folder = user_folders / "data"
    run = seed(
        folder,
        0,
        [
            ("hip-thrust", 10, "60 kg"),
            ("hip-thrust", 8, "60 kg"),
            ("hip-thrust", 0, "60 kg"),
            ("hip-thrust", 9, "57.5 kg"),
        ],
    )
    store = open_history(folder)
    sets = store.sets()
    # The fourth set was corrected after the fact: 9 reps at 57.5 kg, not the plan.
    store.save_sets([replace(sets[3], corrected=True)])
    store.close()
    assert run
    assert main(["history", "hip-thrust", "--no-chart"]) == 0
    out = capsys.readouterr().out
    assert "sets (reps × load)" in out
    (row,) = [line for line in out.splitlines() if line.startswith("2024-")]
    assert "10 × 60 kg, 8 × 60 kg (cut short), skipped, 9 × 57.5 kg (corrected)" in row, row


def test_the_chart_puts_each_session_s_date_under_it_once(user_folders):
    from coach.interface.commands.history import by_run

    folder = user_folders / "data"
    for day in (0, 1, 2):
        seed(folder, day, [("hip-thrust", 10, f"{60 + 2.5 * day} kg")] * 3)
    rows = by_run(open_history(folder).sets())
    text = chart(rows, "kg", with_top=True, colour=False)
    axes = [line for line in text.splitlines() if "2024-" in line]
    assert len(axes) == 2  # under the top-load line and under the volume bars
    for axis in axes:
        assert axis.split() == ["2024-05-01", "2024-05-02", "2024-05-03"]
    # Both panels put a session at the same column.
    assert [axes[0].index(d) for d in ("2024-05-01", "2024-05-03")] == [
        axes[1].index(d) for d in ("2024-05-01", "2024-05-03")
    ]


@pytest.mark.parametrize(("value", "coloured"), [("", True), ("1", False)])
def test_only_a_non_empty_no_color_takes_the_colour_off_the_chart(
    data, capsys, monkeypatch, value, coloured
):
    import sys

    monkeypatch.setenv("NO_COLOR", value)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert main(["history"]) == 0
    assert ("\x1b[" in capsys.readouterr().out) is coloured
