"""`coach history` as a person types it: tables, the chart, CSV, dates, mistakes."""

import csv
import io
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from coach.domain.load import parse_load
from coach.interface.cli import main
from coach.interface.commands.history import chart, nice_ticks
from coach.services.history_store import FILE_NAME, SetRecord, open_history

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


def test_an_interval_block_counts_as_rounds_and_both_sides_as_one_set(user_folders, capsys):
    # As the closing line says it: "4 sets done, 2 of 2 rounds".
    folder = user_folders / "data"
    run = seed(folder, 0, [("hip-thrust", 10, "60 kg")] * 3)
    store = open_history(folder)
    [first, *_] = store.run_sets(run)
    block = replace(
        first,
        entry=2,
        exercise="kettlebell-swing",
        title="Kettlebell swing",
        set_no=1,
        reps_planned=0,
        reps_done=0,
        rounds_planned=2,
        rounds_done=2,
    )
    sides = [
        replace(first, entry=1, exercise="romanian-deadlift", set_no=1, side=side)
        for side in ("left", "right")
    ]
    store.save_sets([block, *sides])  # a per-side set is one set, as everywhere
    store.close()
    assert main(["history", "--no-chart"]) == 0
    [row] = [line for line in capsys.readouterr().out.splitlines() if line.startswith("2024-")]
    assert "  4, 2 rounds  " in row, row


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
    assert capsys.readouterr().out.startswith("id,started,ended,seconds,session,")


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


# --- the id column, and changing the log after the fact -------------------------------


def csv_rows(capsys) -> list[dict[str, str]]:
    assert main(["history", "--csv"]) == 0
    return list(csv.DictReader(io.StringIO(capsys.readouterr().out)))


def test_csv_ids_are_stable_across_edits(data, capsys):
    rows = csv_rows(capsys)
    assert [r["id"] for r in rows] == [str(n) for n in range(1, 13)]
    assert main(["history", "--edit", "2", "9"]) == 0
    capsys.readouterr()
    again = csv_rows(capsys)
    assert [r["id"] for r in again] == [r["id"] for r in rows]
    assert (again[1]["reps_done"], again[1]["corrected"]) == ("9", "1")


def test_edit_takes_the_live_correction_text(data, capsys):
    assert main(["history", "--edit", "2", "8 @ 57.5 kg"]) == 0
    out = capsys.readouterr().out
    assert out == (
        "Set 2 (Hip thrust, set 2, Legs 2024-05-01 17:03) now says 8 reps @ 57.5 kg "
        "(it said 10 reps @ 60 kg). `coach history --undo` brings it back as it was.\n"
    )
    assert main(["history", "--edit", "3", "@", "62.5"]) == 0  # unquoted; planned unit
    assert main(["history", "--edit", "4", "0"]) == 0  # 0 reps is recorded as 0
    capsys.readouterr()
    rows = csv_rows(capsys)
    assert [(r["reps_done"], r["load"], r["corrected"]) for r in rows[1:4]] == [
        ("8", "57.5 kg", "1"),
        ("10", "62.5 kg", "1"),
        ("0", "40 kg", "1"),
    ]


def test_edit_turns_a_skipped_set_into_a_done_one(data, capsys):
    skipped = next(r for r in csv_rows(capsys) if r["skipped"] == "1")
    assert main(["history", "--edit", skipped["id"], "@60"]) == 1
    assert "was skipped; to record it as done, give what was done" in capsys.readouterr().err
    assert main(["history", "--edit", skipped["id"], "6"]) == 0
    capsys.readouterr()
    done = next(r for r in csv_rows(capsys) if r["id"] == skipped["id"])
    assert (done["skipped"], done["reps_done"], done["load"]) == ("0", "6", "62.5 kg")


def test_an_implausible_load_is_refused_unless_yes(data, capsys):
    assert main(["history", "--edit", "1", "10 @ 600 kg"]) == 1
    assert capsys.readouterr().err == (
        "coach: not changed: 600 kg is more than twice the 60 kg planned for this set; "
        "if that is right, add --yes\n"
    )
    assert main(["history", "--edit", "1", "@130"]) == 1
    assert "130 kg is more than twice the 60 kg planned for this set" in capsys.readouterr().err
    assert main(["history", "--edit", "1", "@25 lb"]) == 1
    err = capsys.readouterr().err
    assert "25 lb (11.3 kg) is less than half the 60 kg planned for this set" in err
    assert csv_rows(capsys)[0]["load"] == "60 kg"  # nothing changed
    assert main(["history", "--edit", "1", "@130", "--yes"]) == 0
    capsys.readouterr()
    assert csv_rows(capsys)[0]["load"] == "130 kg"


def test_delete_and_undo_walk_back_one_change_at_a_time(data, capsys):
    before = csv_rows(capsys)
    assert main(["history", "--edit", "5", "7 @ 42.5"]) == 0
    assert main(["history", "--delete", "5"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[1] == (
        "Deleted Set 5 (Good morning, set 2, Legs 2024-05-01 17:12): 7 reps @ 42.5 kg. "
        "`coach history --undo` brings it back as it was."
    )
    assert "5" not in [r["id"] for r in csv_rows(capsys)]
    assert main(["history", "--undo"]) == 0
    assert capsys.readouterr().out == (
        "Set 5 (Good morning, set 2, Legs 2024-05-01 17:12) is back as it was before "
        "--delete: 7 reps @ 42.5 kg.\n"
    )
    assert main(["history", "--undo"]) == 0
    assert "is back as it was before --edit: 8 reps @ 40 kg." in capsys.readouterr().out
    assert csv_rows(capsys) == before  # exactly as it was
    assert main(["history", "--undo"]) == 1
    assert "nothing to undo" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "code", "said"),
    [
        (["--edit", "99", "8"], 1, "no set has id 99; the id column of `coach history --csv`"),
        (["--delete", "99"], 1, "no set has id 99"),
        (["--delete", "two"], 2, '"two" is not a set id'),
        (["--edit", "2"], 2, "--edit needs a set id and what was done"),
        (["--edit", "2", "lots"], 2, '"lots" is not reps or a load. Type reps and load'),
        (["hip-thrust", "--delete", "2"], 2, "works on one set by its id; leave out EXERCISE"),
    ],
)
def test_changes_that_cannot_be_made_say_why_in_one_line(data, capsys, argv, code, said):
    assert main(["history", *argv]) == code
    err = capsys.readouterr().err
    assert said in err and err.count("\n") == 1


def test_edit_without_a_history_says_so(user_folders, capsys):
    assert main(["history", "--undo"]) == 1
    assert capsys.readouterr().err == "coach: no workouts recorded yet: there is nothing to undo\n"


def test_history_shows_sets_kept_beside_it(data, capsys):
    from coach.domain.records import Run
    from coach.services.pending import keep, pending_path

    store = open_history(data)
    [first] = [r for r in store.sets() if r.id == 1]
    store.close()
    run = Run(0, "/sessions/arms.yaml", "Arms", DAY0 + timedelta(days=9), None, "finished")
    keep(pending_path(data), run, [first])
    assert main(["history", "--no-chart"]) == 0
    captured = capsys.readouterr()
    assert captured.err == f"coach: moved 1 set kept in {pending_path(data)} into the history\n"
    assert "4 sessions" in captured.out
    rows = csv_rows(capsys)
    assert [r["session"] for r in rows].count("Arms") == 1 and len(rows) == 13


def test_a_file_damaged_inside_is_one_line_without_sqlite_internals(data, capsys):
    store = open_history(data)
    store._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    path = data / FILE_NAME
    damaged = bytearray(path.read_bytes())
    page = 4096
    assert len(damaged) >= 4 * page
    damaged[3 * page : 4 * page] = b"\xff" * page  # scribble over a page of the sets
    path.write_bytes(bytes(damaged))
    assert main(["history"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"coach: the history file {path} cannot be read: it is damaged (")
    assert err.count("\n") == 1 and "***" not in err


def test_a_folder_in_place_of_the_file_is_called_a_folder(user_folders, capsys):
    path = user_folders / "data" / FILE_NAME
    path.mkdir(parents=True)
    assert main(["history"]) == 1
    assert capsys.readouterr().err == (
        f"coach: the history file {path} cannot be read: it is a folder, not a file\n"
    )


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


def test_a_second_session_on_a_day_is_labelled_with_its_time_not_the_date_again(
    user_folders,
):
    from coach.interface.commands.history import by_run

    folder = user_folders / "data"
    for day in (0, 0.25, 1):  # two on the first day, six hours apart
        seed(folder, day, [("hip-thrust", 10, "60 kg")] * 2)  # type: ignore[arg-type]
    rows = by_run(open_history(folder).sets())
    later = f"{rows[1].started.astimezone():%H:%M}"
    text = chart(rows, "kg", with_top=True, colour=False)
    axes = [line for line in text.splitlines() if "2024-" in line]
    assert axes and all(axis.split() == [axes[0].split()[0], later, "2024-05-02"] for axis in axes)
    assert axes[0].count(axes[0].split()[0]) == 1  # the first day's date, once


@pytest.mark.parametrize(("value", "coloured"), [("", True), ("1", False)])
def test_only_a_non_empty_no_color_takes_the_colour_off_the_chart(
    data, capsys, monkeypatch, value, coloured
):
    import sys

    monkeypatch.setenv("NO_COLOR", value)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert main(["history"]) == 0
    assert ("\x1b[" in capsys.readouterr().out) is coloured
