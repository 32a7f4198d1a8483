"""Totals and cue offsets, each computed by hand from design.md's timing rules."""

import pytest

from coach.domain.loading import load_session
from coach.domain.timeline import Phase, compile_timeline


def timeline_of(write_session, body: str, defaults: str = ""):
    text = f"name: T\n{defaults}exercises:\n{body}"
    return compile_timeline(load_session(write_session(text)))


def test_counted_sets_rest_and_get_ready(write_session):
    # 3 sets × 10 reps × (2+0+1+2) s, get ready 5 before each, rest 90 between: nothing after.
    t = timeline_of(
        write_session,
        "  - {exercise: hip-thrust, sets: 3, reps: 10, tempo: 2-0-1-2}\n",
        "defaults: {rest: 90}\n",
    )
    assert t.total_seconds == 3 * (5 + 50) + 2 * 90
    assert not t.estimated


def test_rest_after_between_exercises_and_get_ready_off(write_session):
    body = (
        "  - {exercise: hip-thrust, sets: 2, reps: 5, hold: 3, rest: 30, rest_after: 2m}\n"
        "  - {exercise: back-extension, sets: 1, reps: 4, tempo: 1-0-1-0}\n"
    )
    t = timeline_of(write_session, body, "defaults: {get_ready: 0}\n")
    # hold 3 → tempo 2-0-1-3 = 6 s a rep.
    assert t.total_seconds == (2 * 30 + 30) + 120 + 4 * 2
    assert all(s.kind != "get_ready" for s in t.segments)


def test_rest_after_defaults_to_the_exercise_rest(write_session):
    body = (
        "  - {exercise: hip-thrust, sets: 1, reps: 1, tempo: 1-0-1-0, rest: 45}\n"
        "  - {exercise: hip-thrust, sets: 1, reps: 1, tempo: 1-0-1-0}\n"
    )
    t = timeline_of(write_session, body, "defaults: {get_ready: 0}\n")
    assert t.total_seconds == 2 + 45 + 2


def test_manual_sets_are_estimated_at_three_seconds_a_rep(write_session):
    t = timeline_of(write_session, "  - {exercise: good-morning, sets: 2, reps: 10, rest: 60}\n")
    assert t.total_seconds == 2 * (5 + 30) + 60
    assert t.estimated and t.manual_sets == 2
    manual = [s for s in t.segments if s.kind == "manual"]
    assert manual[0].duration is None and manual[0].phase is Phase.GO


def test_per_side_sets_switch_between_sides(write_session):
    body = "  - {exercise: romanian-deadlift, sets: 2, reps: 3, tempo: 3-1-1-0, per_side: true, switch: 4, rest: 20}\n"
    t = timeline_of(write_session, body)
    per_side = 3 * 5
    assert t.total_seconds == 2 * (5 + per_side + 4 + per_side) + 20
    sides = [
        s.side for s in t.segments if s.kind == "rep" and s.rep_no == 1 and s.phase is Phase.LOWER
    ]
    assert sides == ["left", "right", "left", "right"]


def test_intervals_and_emom(write_session):
    body = (
        "  - {exercise: kettlebell-swing, intervals: {work: 20, rest: 10, rounds: 8}, rest_after: 60}\n"
        "  - {exercise: kettlebell-swing, emom: {every: 60, rounds: 5, reps: 10}}\n"
    )
    t = timeline_of(write_session, body)
    tabata = 8 * 20 + 7 * 10
    assert t.total_seconds == 5 + tabata + 60 + 5 + 5 * 60
    emom = [s for s in t.segments if s.kind == "work" and s.reps == 10]
    assert [s.round_no for s in emom] == [1, 2, 3, 4, 5]
    assert all(s.cues[0].name == "go" for s in emom)


def test_phase_order_follows_where_the_movement_starts(write_session):
    body = (
        "  - {exercise: hip-thrust, sets: 1, reps: 1, tempo: 2-1-1-2}\n"
        "  - {exercise: romanian-deadlift, sets: 1, reps: 1, tempo: 2-1-1-2}\n"
    )
    t = timeline_of(write_session, body)
    phases = [[s.phase for s in t.segments if s.kind == "rep" and s.entry == e] for e in (0, 1)]
    assert phases[0] == [Phase.LIFT, Phase.HOLD, Phase.LOWER, Phase.PAUSE]
    assert phases[1] == [Phase.LOWER, Phase.PAUSE, Phase.LIFT, Phase.HOLD]


def test_cues_of_a_rep_with_a_hold(write_session):
    t = timeline_of(write_session, "  - {exercise: hip-thrust, sets: 1, reps: 2, hold: 3}\n")
    cues = [(s.start + c.at, c.name) for s in t.segments for c in s.cues]
    assert cues == [
        (2, "get-ready"),
        (3, "get-ready"),
        (4, "get-ready"),
        (5, "go"),
        (6, "hold"),
        (7, "tick"),
        (8, "tick"),
        (9, "release"),
        (10, "tick"),
        (11, "lift"),
        (12, "hold"),
        (13, "tick"),
        (14, "tick"),
        (15, "release"),
        (16, "tick"),
        (17, "finish"),
    ]


def test_rest_cues_and_countdown(write_session):
    t = timeline_of(
        write_session,
        "  - {exercise: hip-thrust, sets: 2, reps: 1, tempo: 1-0-1-0, rest: 10}\n",
        "defaults: {get_ready: 0}\n",
    )
    rest = next(s for s in t.segments if s.kind == "rest")
    assert [(c.name, c.at) for c in rest.cues] == [
        ("rest", 0),
        ("rest-ending", 7),
        ("rest-ending", 8),
        ("rest-ending", 9),
    ]


@pytest.mark.parametrize("name", ["posterior-chain", "swing-intervals", "beginner-holds"])
def test_bundled_totals(name):
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "sessions" / f"{name}.yaml"
    expected = {"posterior-chain": 2411, "swing-intervals": 1310, "beginner-holds": 906}
    assert compile_timeline(load_session(path)).total_seconds == expected[name]
