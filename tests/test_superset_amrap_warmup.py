"""Supersets, AMRAP sets and warm-ups: the order, the keys, the counts, the loads, the
progression, and the errors at their line."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from coach.domain.load import Load, loadable
from coach.domain.loading import load_session
from coach.domain.models import WarmupStep
from coach.domain.problems import SessionFileError
from coach.domain.progression import advise_from
from coach.domain.records import SetKey, SetRecord
from coach.domain.runner import Runner, SetResult
from coach.domain.sets import count, planned_sets, resume_point, totals
from coach.domain.timeline import Phase, compile_timeline, iter_cues
from coach.domain.warmup import auto_ramp, warmup_sets

REPO = Path(__file__).resolve().parent.parent

SUPERSET = """\
name: Pair
exercises:
  - superset:
      sets: 3
      rest: 90
      exercises:
        - {exercise: hip-thrust, reps: 10, load: 80 kg, tempo: 2-0-1-2}
        - {exercise: back-extension, reps: 12, hold: 2}
  - {exercise: good-morning, reps: 8, sets: 1}
"""


def loaded_from(write_session, text: str):
    return load_session(write_session(text))


def blocks(timeline):
    """Each block in order, named by its first segment: kind and superset place."""
    out = []
    for start in timeline.block_starts:
        s = timeline.segments[start]
        out.append((s.kind, s.superset or s.title) if s.kind != "finish" else ("finish", ""))
    return out


# --- supersets ------------------------------------------------------------------------


def test_a_superset_goes_a1_b1_rest_a2_b2_rest_with_a_short_change_over(write_session):
    loaded = loaded_from(write_session, SUPERSET)
    timeline = compile_timeline(loaded)
    work = [s.superset for s in timeline.segments if s.last_of_record and s.superset]
    assert work == ["A1", "B1", "A2", "B2", "A3", "B3"]
    order = [
        (kind, label)
        for kind, label in blocks(timeline)
        if kind in ("rep", "rest", "switch", "get_ready")
    ]
    assert order[:9] == [
        ("get_ready", "A1"),
        ("rep", "A1"),
        ("switch", "B1"),
        ("rep", "B1"),
        ("rest", "Back extension"),
        ("get_ready", "A2"),
        ("rep", "A2"),
        ("switch", "B2"),
        ("rep", "B2"),
    ]
    change = next(s for s in timeline.segments if s.kind == "switch")
    assert change.phase is Phase.CHANGE and change.duration == 10
    rests = [s.duration for s in timeline.segments if s.kind == "rest"]
    assert rests == [90, 90, 90]  # after rounds 1 and 2, then before the good morning


def test_each_superset_exercise_is_logged_under_its_own_entry(write_session):
    loaded = loaded_from(write_session, SUPERSET)
    assert [e.exercise for e in loaded.session.entries] == [
        "hip-thrust",
        "back-extension",
        "good-morning",
    ]
    timeline = compile_timeline(loaded)
    keys = [p.key for p in planned_sets(timeline)]
    assert keys[:4] == [
        SetKey(0, 1, None),
        SetKey(1, 1, None),
        SetKey(0, 2, None),
        SetKey(1, 2, None),
    ]
    tallies = count(planned_sets(timeline), {})
    assert [(t.title, t.planned) for t in tallies] == [
        ("Hip thrust", 3),
        ("Back extension", 3),
        ("Good morning", 1),
    ]


def test_between_and_skip_move_within_the_round(write_session, clock):
    text = SUPERSET.replace("rest: 90", "rest: 90\n      between: 0\n      get_ready: 0")
    timeline = compile_timeline(loaded_from(write_session, text))
    assert not any(s.kind == "switch" for s in timeline.segments)
    runner = Runner(timeline, clock)
    runner.start()
    runner.skip()  # A1 cut before its first rep
    assert runner.current.superset == "B1"
    runner.back()
    assert runner.current.superset == "A1"


def test_resuming_a_superset_starts_at_the_first_exercise_not_recorded(write_session):
    timeline = compile_timeline(loaded_from(write_session, SUPERSET))
    at = resume_point(timeline, [SetKey(0, 1, None)])
    first = next(s for s in timeline.segments[at:] if s.is_work)
    assert first.superset == "B1"
    assert timeline.segments[at].kind == "switch"  # with its change-over


# --- AMRAP ----------------------------------------------------------------------------

AMRAP = """\
name: Many
defaults: {get_ready: 0}
exercises:
  - {exercise: hip-thrust, reps: 8+, tempo: 1-0-1-0, load: 60 kg}
"""


def test_an_amrap_set_counts_on_past_its_target_until_enter(write_session, clock):
    timeline = compile_timeline(loaded_from(write_session, AMRAP))
    runner = Runner(timeline, clock)
    runner.start()
    clock.advance(8 * 2)  # the 8 target reps, 2 s each
    runner.poll()
    assert runner.current.phase is Phase.MORE and runner.current.duration is None
    clock.advance(2 * 2 + 1)  # two more reps, and half of a third
    cues = [e.name for e in runner.poll() if hasattr(e, "name")]
    assert cues == ["lower", "lift", "lower", "lift", "lower"]  # still counting
    assert runner.finish_manual()
    result = next(e for e in runner.poll() if isinstance(e, SetResult))
    assert (result.reps_planned, result.reps_done, result.skipped) == (8, 10, False)


def test_an_amrap_set_ended_with_typed_reps_or_cut_short(write_session, clock):
    timeline = compile_timeline(loaded_from(write_session, AMRAP))
    runner = Runner(timeline, clock)
    runner.start()
    clock.advance(8 * 2 + 30)
    runner.poll()
    runner.finish_manual(13)
    assert next(e for e in runner.poll() if isinstance(e, SetResult)).reps_done == 13

    runner = Runner(timeline, clock)
    runner.start()
    clock.advance(5 * 2 + 1)
    runner.poll()
    runner.skip()  # gave up during rep 6
    result = next(e for e in runner.poll() if isinstance(e, SetResult))
    assert (result.reps_done, result.skipped) == (5, False)


def test_the_plan_counts_an_amrap_set_at_its_target(write_session):
    timeline = compile_timeline(loaded_from(write_session, AMRAP))
    assert timeline.total_seconds == 16
    assert max(at for at, _, _ in iter_cues(timeline)) <= 16


# --- warm-ups -------------------------------------------------------------------------

WARM = """\
name: Heavy
exercises:
  - exercise: good-morning
    sets: 2
    reps: 5
    load: 100 kg
    rest: 90
    warmup: [50%x5, 73%x3]
"""


def test_warmup_loads_are_percents_rounded_to_a_loadable_weight(write_session):
    entry = loaded_from(write_session, WARM).session.entries[0]
    ramp = warmup_sets(entry, Load(100.0, "kg"), 5)
    assert [(str(w.load), w.reps) for w in ramp] == [("50 kg", 5), ("72.5 kg", 3)]
    assert [str(w.load) for w in warmup_sets(entry, Load(225.0, "lb"), 5)] == ["110 lb", "165 lb"]
    assert loadable(Load(71.25, "kg")) == Load(70.0, "kg")  # half-way: the lighter one
    assert loadable(Load(words="bodyweight")) == Load(words="bodyweight")


def test_auto_warmups_ramp_with_the_load():
    assert auto_ramp(Load(100.0, "kg"), 5) == (
        WarmupStep(40, 5),
        WarmupStep(60, 5),
        WarmupStep(80, 3),
    )
    assert len(auto_ramp(Load(40.0, "kg"), 10)) == 2
    assert len(auto_ramp(Load(45.0, "lb"), 10)) == 1


def test_warmups_come_first_marked_and_are_not_sets(write_session):
    timeline = compile_timeline(loaded_from(write_session, WARM))
    records = [s for s in timeline.segments if s.last_of_record]
    assert [(s.warmup, s.set_no, s.load) for s in records] == [
        (True, 1, "50 kg"),
        (True, 2, "72.5 kg"),
        (False, 1, "100 kg"),
        (False, 2, "100 kg"),
    ]
    assert [s.key for s in records[:2]] == [SetKey(0, -1, None), SetKey(0, -2, None)]
    rests = [s.duration for s in timeline.segments if s.kind == "rest"]
    assert rests == [45, 45, 90]  # half the rest after a warm-up
    planned = planned_sets(timeline)
    assert totals(count(planned, {})).sets_planned == 2
    # warm-ups done: the resume point is the first working set
    at = resume_point(timeline, [SetKey(0, -1, None), SetKey(0, -2, None)])
    first = next(s for s in timeline.segments[at:] if s.is_work)
    assert (first.warmup, first.set_no) == (False, 1)


def record(entry, set_no, reps, load, *, day, warmup=False, planned=8):
    start = datetime(2024, 6, 3, tzinfo=UTC) + timedelta(days=day, minutes=set_no)
    return SetRecord(
        run_id=day + 1,
        entry=entry,
        exercise="hip-thrust",
        variation=None,
        title="Hip thrust",
        set_no=-set_no if warmup else set_no,
        side=None,
        reps_planned=planned,
        reps_done=reps,
        rounds_planned=0,
        rounds_done=0,
        load=Load(load, "kg"),
        planned_load=f"{load:g} kg",
        file_load="60 kg",
        started=start,
        ended=start + timedelta(seconds=30),
        skipped=False,
        warmup=warmup,
    )


PROGRESSING = AMRAP.replace(
    "load: 60 kg}", "load: 60 kg, progression: {rule: linear, step: 2.5 kg}}"
)


@pytest.mark.parametrize(("reps", "today"), [(8, "62.5 kg"), (9, "62.5 kg"), (10, "65 kg")])
def test_an_amrap_set_well_past_its_target_moves_the_load_up_faster(write_session, reps, today):
    loaded = loaded_from(write_session, PROGRESSING)
    advice = advise_from(loaded, [record(0, 1, reps, 60.0, day=0)])
    assert str(advice[0].load) == today


def test_warmups_are_left_out_of_progression(write_session):
    loaded = loaded_from(write_session, PROGRESSING)
    history = [
        record(0, 1, 3, 30.0, day=0, warmup=True),  # a short warm-up is no failed set
        record(0, 1, 8, 60.0, day=0),
    ]
    advice = advise_from(loaded, history)
    assert str(advice[0].load) == "62.5 kg"
    assert "3" not in advice[0].last.summary()


# --- errors at their line -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "where", "words"),
    [
        (
            SUPERSET.replace(
                "        - {exercise: back-extension, reps: 12, hold: 2}\n",
                "        - superset: {exercises: [{exercise: hip-thrust, reps: 1}]}\n",
            ),
            "8:11",
            "a superset cannot hold another superset",
        ),
        (AMRAP.replace("reps: 8+", "reps: 8++"), "4:34", 'reps "8++" must be'),
        (WARM.replace("73%x3", "110%x3"), "8:21", "110% is more than the working load"),
        (WARM.replace("    load: 100 kg\n", ""), "7:5", "warm-ups are percents of the load"),
    ],
)
def test_mistakes_are_refused_at_their_line(write_session, text, where, words):
    with pytest.raises(SessionFileError) as caught:
        load_session(write_session(text))
    lines = caught.value.lines()
    assert len(lines) == 1, lines
    assert f":{where}: " in lines[0] and words in lines[0]


# --- coach plan -------------------------------------------------------------------------


def test_plan_lists_a_superset_a1_b1_rest_a2_b2(write_session, capsys):
    from coach.interface.cli import main

    path = write_session(SUPERSET)
    assert main(["plan", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    named = [
        "A1"
        if "superset A1" in line
        else "B1"
        if "superset B1" in line
        else "A2"
        if "superset A2" in line
        else "B2"
        if "superset B2" in line
        else "next"
        if "NEXT EXERCISE" in line
        else "rest"
        if "REST" in line
        else None
        for line in lines
    ]
    named = [n for n in named if n]
    assert named[:7] == ["A1", "next", "B1", "rest", "A2", "next", "B2"]
    assert main(["plan", str(path), "--json"]) == 0
    segments = json.loads(capsys.readouterr().out)["segments"]
    order = [s["superset"] for s in segments if s["kind"] == "rep" and s.get("rep_no") == 1]
    assert list(dict.fromkeys(order)) == ["A1", "B1", "A2", "B2", "A3", "B3"]


def test_plan_shows_warmups_at_their_loads_and_an_amrap_target(write_session, capsys):
    from coach.interface.cli import main

    path = write_session(WARM.replace("reps: 5\n", "reps: 5+\n"))
    assert main(["plan", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Good morning · warm-up 1/2 · 5 reps · manual (Enter when done) · 50 kg" in out
    assert "Good morning · warm-up 2/2 · 3 reps · manual (Enter when done) · 72.5 kg" in out
    assert "Good morning · set 1/2 · 5+ reps · manual (Enter when done) · 100 kg" in out
    # each load with its own plates: the warm-ups are not shown at the working load's
    assert "72.5 kg · 20 kg bar + 25 + 1.25 each side" in out
    assert main(["plan", str(path), "--json"]) == 0
    plan = json.loads(capsys.readouterr().out)
    warm = [s for s in plan["segments"] if s.get("warmup") and s["kind"] == "manual"]
    assert [s["set_no"] for s in warm] == [1, 2]


# --- the real program through a pipe ------------------------------------------------------

PIPED = """\
name: Pipe
defaults: {get_ready: 0}
exercises:
  - {exercise: hip-thrust, reps: 2+, tempo: 1-0-0-0, load: 60 kg, rest: 0, warmup: [50%x1]}
"""


def test_plain_mode_logs_an_amrap_set_s_extra_reps_and_the_csv_shows_them(write_session):
    path = write_session(PIPED)
    command = [sys.executable, "-m", "coach", "run", str(path), "--plain", "--audio", "silent"]
    proc = subprocess.Popen(
        command,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    try:
        seen = []
        for line in proc.stdout:
            seen.append(line)
            if "KEEP GOING" in line:
                break
        proc.stdin.write("5\n")  # two past the target, then Enter
        proc.stdin.flush()
        rest, errors = proc.communicate(timeout=20)
    finally:
        proc.kill()
    assert proc.returncode == 0, errors
    assert any("warm-up 1/1" in line and "30 kg" in line for line in seen), seen
    assert "2+ reps · Enter when done" in seen[-1]
    assert "DONE" in rest
    history = subprocess.run(
        [sys.executable, "-m", "coach", "history", "--csv"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=30,
    )
    assert history.returncode == 0, history.stderr
    rows = list(csv.DictReader(io.StringIO(history.stdout)))
    assert [
        (r["set"], r["warmup"], r["reps_planned"], r["reps_done"], r["load"]) for r in rows
    ] == [
        ("1", "1", "1", "1", "30 kg"),
        ("1", "0", "2", "5", "60 kg"),
    ]
