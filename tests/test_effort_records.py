"""Effort and notes on a set, a note on the session, and personal records."""

from __future__ import annotations

import csv
import io
import os
import sqlite3
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fixtures.appkit import FakeStarter, RecordingJournal, build, settle

from coach.domain.corrections import Correction, CorrectionError, parse_correction
from coach.domain.load import Load, parse_load
from coach.domain.personal_records import announce, bests, epley, new_records
from coach.domain.records import SetKey, SetRecord
from coach.domain.sets import Logged, corrected
from coach.interface.cli import main
from coach.interface.screens.summary import SummaryScreen
from coach.services.history_store import MIGRATIONS, open_history

REPO = Path(__file__).resolve().parent.parent
DAY0 = datetime(2024, 5, 1, 17, 0, tzinfo=UTC)


# --- the grammar ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("8 @ 60 kg rpe 8", Correction(8, Load(60, "kg"), rpe=8.0)),
        ("rir 2", Correction(rir=2)),
        ("note left hip tight", Correction(note="left hip tight")),
        ("8 RPE 7.5 note Left  hip, tight", Correction(8, rpe=7.5, note="Left hip, tight")),
        ("@57.5 rpe9.5 rir 0", Correction(load=Load(57.5, "kg"), rpe=9.5, rir=0)),
        ("10 57,5 rpe 6", Correction(10, Load(57.5, "kg"), rpe=6.0)),
        ("note: 8 @ 60 felt easy", Correction(note="8 @ 60 felt easy")),
    ],
)
def test_effort_and_a_note_follow_reps_and_load(typed, meant):
    assert parse_correction(typed) == meant


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("8 rpe 11", 'RPE "11" is not one: give 6 to 10 in halves'),
        ("8 rpe 7.25", 'RPE "7.25" is not one'),
        ("rpe 5", 'RPE "5" is not one'),
        ("rir 6", 'RIR "6" is not one: give the reps left in reserve, 0 to 5'),
        ("rir 1.5", 'RIR "1.5" is not one'),
        ("8 rpe", "RPE needs a number after it, like rpe 8"),
        ("rpe 8 rpe 9", "RPE is given twice"),
        ("8 note", '"note" needs its text after it'),
        ("eight rpe 8", '"eight" is not reps or a load'),
    ],
)
def test_wrong_effort_is_one_line_saying_what_to_type(typed, says):
    with pytest.raises(CorrectionError) as caught:
        parse_correction(typed)
    assert says in str(caught.value)
    assert "\n" not in str(caught.value)


def test_effort_alone_does_not_mark_a_set_corrected():
    logged = Logged(SetKey(0, 1, None), "hip-thrust", "Hip thrust", "60 kg", 8, 8)
    felt = corrected(logged, None, None, rpe=8.5, note="easy")
    assert (felt.rpe, felt.note, felt.corrected, felt.reps_done) == (8.5, "easy", False, 8)
    assert felt.describe() == "Hip thrust set 1: 8 of 8 reps @ 60 kg, RPE 8.5, note: easy"
    again = corrected(felt, 6, None, rir=1)
    assert (again.rpe, again.rir, again.note, again.corrected) == (8.5, 1, "easy", True)


# --- the store ------------------------------------------------------------------------


def record(run: int, reps: int, load: str, when: datetime, **kw) -> SetRecord:
    values = dict(
        run_id=run,
        entry=0,
        exercise="hip-thrust",
        variation=None,
        title="Hip thrust",
        set_no=1,
        side=None,
        reps_planned=reps,
        reps_done=reps,
        rounds_planned=0,
        rounds_done=0,
        load=parse_load(load),
        planned_load=load,
        file_load=load,
        started=when,
        ended=when + timedelta(seconds=40),
        skipped=False,
    )
    values.update(kw)
    return SetRecord(**values)


def test_effort_a_note_and_a_run_note_are_kept(tmp_path):
    store = open_history(tmp_path)
    run = store.start_run("/s/legs.yaml", "Legs", DAY0)
    store.save_set(record(run, 8, "60 kg", DAY0, rpe=8.5, rir=1, note="left hip tight"))
    store.note_run(run, "slept badly")
    (back,) = store.run_sets(run)
    assert (back.rpe, back.rir, back.note) == (8.5, 1, "left hip tight")
    assert store.run(run).note == "slept badly"
    store.close()


def test_a_history_from_before_effort_opens_with_none_recorded(tmp_path):
    path = tmp_path / "history.sqlite3"
    old = sqlite3.connect(path)
    for step in MIGRATIONS[:3]:
        for statement in step:
            old.execute(statement)
    old.execute("PRAGMA user_version = 3")
    old.execute(
        "INSERT INTO runs (session_path, session_name, started) VALUES ('/s', 'L', '2024-05-01T17:00:00+00:00')"
    )
    old.execute(
        "INSERT INTO sets (run_id, entry, exercise, set_no, reps_done, load, load_amount, "
        "load_unit, started, ended) VALUES (1, 0, 'hip-thrust', 1, 8, '60 kg', 60, 'kg', "
        "'2024-05-01T17:00:00+00:00', '2024-05-01T17:01:00+00:00')"
    )
    old.commit()
    old.close()
    store = open_history(tmp_path)
    (kept,) = store.run_sets(1)
    assert (kept.reps_done, kept.rpe, kept.rir, kept.note) == (8, None, None, "")
    assert store.run(1).note == ""
    store.close()


def test_history_edit_takes_effort_and_csv_and_the_table_show_it(user_folders, capsys):
    store = open_history(user_folders / "data")
    run = store.start_run("/s/legs.yaml", "Legs", DAY0)
    store.save_sets([record(run, 8, "60 kg", DAY0), record(run, 8, "60 kg", DAY0, set_no=2)])
    store.note_run(run, "new shoes")
    store.close()
    assert main(["history", "--edit", "1", "rpe 9 note grindy"]) == 0
    assert 'now says 8 reps @ 60 kg (RPE 9, "grindy")' in capsys.readouterr().out
    assert main(["history", "--edit", "2", "rir 3"]) == 0
    capsys.readouterr()
    assert main(["history", "--csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["rpe"], r["rir"], r["note"]) for r in rows] == [("9", "", "grindy"), ("", "3", "")]
    assert main(["history", "hip-thrust", "--no-chart"]) == 0
    out = capsys.readouterr().out
    assert '8 × 60 kg (corrected, RPE 9, "grindy"), 8 × 60 kg (corrected, RIR 3)' in out
    assert "Session notes:" in out and "Legs: new shoes" in out
    assert main(["history", "--edit", "2", "rpe 12"]) == 2
    assert 'RPE "12" is not one' in capsys.readouterr().err


# --- records --------------------------------------------------------------------------


def test_epley_estimates_a_one_rep_max_from_up_to_12_reps():
    assert epley(100, 1) == 100
    assert epley(100, 5) == pytest.approx(116.67, abs=0.01)
    assert epley(60, 12) == pytest.approx(84)
    assert epley(60, 13) is None
    assert epley(60, 0) is None


def history_of_sets() -> list[SetRecord]:
    return [
        record(1, 10, "60 kg", DAY0),
        record(1, 8, "65 kg", DAY0 + timedelta(minutes=3), set_no=2),
        record(1, 0, "70 kg", DAY0 + timedelta(minutes=6), set_no=3, skipped=True),
        record(2, 5, "70 kg", DAY0 + timedelta(days=2)),
        record(2, 15, "40 kg", DAY0 + timedelta(days=2, minutes=3), set_no=2),
        record(2, 3, "160 lb", DAY0 + timedelta(days=2, minutes=6), set_no=3),  # 72.6 kg
    ]


def test_records_of_an_exercise():
    found = bests(history_of_sets())["hip-thrust"]
    kg, lift = found.e1rm
    assert kg == pytest.approx(82.33, abs=0.01)  # 65 kg x 8; 15 reps at 40 kg are left out
    assert (lift.load, lift.reps) == (Load(65, "kg"), 8)
    assert [(reps, str(lift.load)) for reps, lift in found.rep_maxes()] == [
        (3, "160 lb"),
        (5, "70 kg"),
        (8, "65 kg"),
        (10, "60 kg"),
        (15, "40 kg"),
    ]
    assert [(str(load), lift.reps) for load, lift in found.reps_at_loads()] == [
        ("160 lb", 3),
        ("70 kg", 5),
        ("65 kg", 8),
        ("60 kg", 10),
        ("40 kg", 15),
    ]
    assert found.volume.kg == pytest.approx(5 * 70 + 15 * 40 + 3 * 72.5748, abs=0.01)  # run 2


def test_a_session_that_beats_a_record_says_which():
    earlier = history_of_sets()
    today = [
        record(3, 6, "70 kg", DAY0 + timedelta(days=5)),  # 6 reps at 70: more than 5
        record(3, 11, "60 kg", DAY0 + timedelta(days=5, minutes=3), set_no=2),
    ]
    beaten = {r.kind: r.text for r in new_records(earlier, today)}
    # 6 x 70 + 11 x 60 is 1,080 kg: under the 1,167.7 kg of the second run, so no volume.
    assert beaten == {
        "e1rm": "estimated 1RM 84 kg (was 82.3 kg)",
        "heaviest": "heaviest for 6 reps: 70 kg (was 65 kg)",
        "most_reps": "most reps at 70 kg: 6 (was 5)",
    }
    (line,) = announce(new_records(earlier, today))
    assert line.startswith("New records · Hip thrust: estimated 1RM 84 kg (was 82.3 kg); ")
    more = [*today, record(3, 10, "70 kg", DAY0 + timedelta(days=5, minutes=6), set_no=3)]
    assert "best session volume 1,780 kg (was 1,167.7 kg)" in [
        r.text for r in new_records(earlier, more)
    ]


def test_a_first_session_or_a_lighter_one_sets_no_record():
    assert new_records([], history_of_sets()) == []
    assert new_records(history_of_sets(), [record(4, 5, "50 kg", DAY0 + timedelta(days=9))]) == []
    skipped = record(4, 0, "100 kg", DAY0 + timedelta(days=9), skipped=True)
    assert new_records(history_of_sets(), [skipped]) == []


def test_history_records_lists_each_exercise(user_folders, capsys):
    store = open_history(user_folders / "data")
    for run_no, day in ((1, 0), (2, 2)):
        run = store.start_run("/s/legs.yaml", "Legs", DAY0 + timedelta(days=day))
        store.save_sets([replace_run(r, run) for r in history_of_sets() if r.run_id == run_no])
    store.close()
    assert main(["history", "--records"]) == 0
    out = capsys.readouterr().out
    assert "estimated 1RM by the Epley formula, from sets of 1 to 12 reps" in out
    assert "Hip thrust (hip-thrust)" in out
    assert "  estimated 1RM  82.3 kg, from 8 × 65 kg on 2024-05-01" in out
    assert "  heaviest for  3 reps: 160 lb · 5 reps: 70 kg · 8 reps: 65 kg" in out
    assert "  best volume   1,167.7 kg on 2024-05-03 (Legs)" in out


def replace_run(item: SetRecord, run: int) -> SetRecord:
    return replace(item, run_id=run)


# --- at the end of a workout ----------------------------------------------------------


async def test_the_summary_takes_one_session_note_and_shows_new_records(clock):
    journal = RecordingJournal()
    journal.records = new_records(
        history_of_sets(), [record(3, 6, "70 kg", DAY0 + timedelta(days=5))]
    )
    app = build(clock, starter=FakeStarter(journal=journal))
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        for _ in range(40):  # skip everything: straight to the summary
            if isinstance(app.screen, SummaryScreen):
                break
            await pilot.press("n")
        await settle(pilot)
        records = str(app.screen.query_one("#summary-records").render())
        assert "New records · Hip thrust: estimated 1RM 84 kg (was 82.3 kg)" in records
        note = app.screen.query_one("#summary-note")
        note.focus()
        await pilot.press(*"quads sore", "enter")
        await settle(pilot)
        assert journal.notes == ["quads sore"]
        assert note.disabled
        assert isinstance(app.screen, SummaryScreen)  # Enter kept the note, not left
        await pilot.press("q")
        await settle(pilot)
    assert journal.notes == ["quads sore"]


def plain_run(folder: Path, session: Path, load: str) -> str:
    """`coach run --plain` through pipes: Enter at each GO, and during the first rest a
    correction with effort and a note."""
    env = dict(
        os.environ,
        COACH_DATA_DIR=str(folder / "data"),
        COACH_CONFIG=str(folder / "config.toml"),
        COACH_SESSIONS_DIR=str(folder / "sessions"),
    )
    session.write_text(
        "name: Records drill\nexercises:\n  - exercise: hip-thrust\n    sets: 2\n"
        f"    reps: 3\n    load: {load}\n    rest: 3\n    get_ready: 1\n",
        encoding="utf-8",
    )
    command = [sys.executable, "-m", "coach", "run", str(session), "--plain"]
    proc = subprocess.Popen(
        [*command, "--audio", "silent", "--no-voice"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=REPO,
    )
    assert proc.stdin is not None and proc.stdout is not None
    seen, gos = [], 0
    try:
        for line in proc.stdout:
            seen.append(line)
            if " GO · " in line:
                gos += 1
                proc.stdin.write("\n")
                proc.stdin.flush()
            elif " REST " in line and gos == 1:
                proc.stdin.write(f"3 @ {load} rpe 8.5 note left hip tight\n")
                proc.stdin.flush()
            elif " DONE " in line:
                break
        proc.stdin.close()
        rest = proc.stdout.read()
        errors = proc.stderr.read() if proc.stderr else ""
        proc.wait(timeout=20)
    finally:
        proc.kill()
    assert proc.returncode == 0, errors
    assert "Traceback" not in errors
    return "".join(seen) + rest


def test_a_plain_run_with_an_rpe_correction_then_csv_and_records(tmp_path, user_folders, capsys):
    user_folders.mkdir(parents=True, exist_ok=True)
    first = plain_run(user_folders, tmp_path / "drill.yaml", "60 kg")
    assert "noted: Hip thrust set 1: 3 of 3 reps @ 60 kg, RPE 8.5, note: left hip tight" in first
    assert "New record" not in first  # nothing to beat the first time
    assert main(["history", "--csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["set"], r["rpe"], r["note"]) for r in rows] == [
        ("1", "8.5", "left hip tight"),
        ("2", "", ""),
    ]
    second = plain_run(user_folders, tmp_path / "drill.yaml", "70 kg")
    assert "New records · Hip thrust: estimated 1RM 77 kg (was 66 kg)" in second
    assert main(["history", "--records"]) == 0
    out = capsys.readouterr().out
    assert "Hip thrust (hip-thrust)" in out
    assert "  heaviest for  3 reps: 70 kg" in out


def test_the_voice_says_a_new_record_at_the_end():
    from coach.domain.phrases import finished

    assert finished(8) == ("Workout complete: 8 sets", "Workout complete")
    assert finished(8, 1)[0] == "Workout complete: 8 sets, and a new personal record"
    assert finished(1, 2)[0] == "Workout complete: 1 set, and new records in 2 exercises"
    assert finished(8, 1)[-1] == "Workout complete"  # the short form when time is short


def test_the_workout_tells_the_voice_how_many_records_fell(clock):
    from fixtures.appkit import fixture_session

    from coach.domain.phrases import segment_lines
    from coach.domain.timeline import compile_timeline
    from coach.services.workout import Beginning, Workout

    class Voice:
        def open(self, timeline, **kw):
            self.records = kw["records"]

        def follow(self, runner, events=()):
            pass

        def close(self):
            pass

    loaded = fixture_session("drive")
    journal = RecordingJournal()
    voice = Voice()
    timeline = compile_timeline(loaded)
    live = Workout(loaded, Beginning(timeline, journal=journal), clock=clock, voice=voice)
    live.start()
    assert voice.records() == 0
    journal.records = new_records(
        history_of_sets(), [record(3, 6, "70 kg", DAY0 + timedelta(days=5))]
    )
    assert voice.records() == 1  # one exercise set records
    finish = timeline.segments[-1].index
    (line,) = segment_lines(timeline, finish, records=voice.records())
    assert line.forms[0].endswith(", and a new personal record")
    live.close()
