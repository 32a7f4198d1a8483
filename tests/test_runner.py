"""The runner under a fake clock: pause, skip, back, manual sets, sides, EMOM, drift."""

import pytest

from coach.domain.loading import load_session
from coach.domain.runner import CueDue, Runner, SegmentStarted, SessionFinished, SetResult
from coach.domain.timeline import Phase, compile_timeline, iter_cues


def make(write_session, clock, body: str, defaults: str = ""):
    text = f"name: T\n{defaults}exercises:\n{body}"
    timeline = compile_timeline(load_session(write_session(text)))
    runner = Runner(timeline, clock)
    return timeline, runner


def run_to_end(runner: Runner, clock, limit: int = 100_000) -> list:
    """Jump the clock from wakeup to wakeup, as the app's scheduler does."""
    events = []
    for _ in range(limit):
        if runner.finished:
            return events
        wake = runner.next_wakeup()
        assert wake is not None, "a timed session must always have a next wakeup"
        clock.set(wake)
        events += runner.poll()
    raise AssertionError("session did not finish")


HOLD_SET = "  - {exercise: hip-thrust, sets: 2, reps: 2, hold: 4, rest: 30}\n"


def test_pause_in_the_middle_of_a_hold_stops_every_clock(write_session, clock):
    timeline, runner = make(write_session, clock, HOLD_SET)
    runner.start()
    clock.advance(5 + 1 + 2)  # get ready 5, lift 1, two seconds into the 4 s hold
    runner.poll()
    view = runner.view()
    assert view.segment.phase is Phase.HOLD and view.remaining == pytest.approx(2)
    runner.pause()
    clock.advance(600)  # ten minutes on the phone
    assert runner.poll() == []
    paused = runner.view()
    assert paused.paused and paused.remaining == pytest.approx(2)
    assert paused.elapsed == pytest.approx(8)
    runner.resume()
    clock.advance(1)
    cues = [e for e in runner.poll() if isinstance(e, CueDue)]
    assert [c.name for c in cues] == ["tick"]  # the hold's 3rd second, 1 s after resuming
    assert runner.view().remaining == pytest.approx(1)
    events = run_to_end(runner, clock)
    assert any(isinstance(e, SessionFinished) for e in events)
    assert runner.elapsed() == pytest.approx(timeline.total_seconds)


def test_skip_during_rest_starts_the_next_set_now(write_session, clock):
    _, runner = make(write_session, clock, HOLD_SET)
    runner.start()
    clock.advance(5 + 2 * 7 + 10)  # into the rest by 10 s
    runner.poll()
    assert runner.current.kind == "rest"
    runner.skip()
    events = runner.poll()
    started = [e.segment.kind for e in events if isinstance(e, SegmentStarted)]
    assert started == ["get_ready"]
    assert runner.view().remaining == pytest.approx(5)
    assert runner.status[runner.index - 1] == "skipped"


def test_back_at_the_very_start_stays_at_the_start(write_session, clock):
    _, runner = make(write_session, clock, HOLD_SET)
    runner.start()
    runner.back()
    runner.back()
    assert runner.index == 0 and runner.view().remaining == pytest.approx(5)
    clock.advance(1)
    runner.poll()
    assert runner.view().remaining == pytest.approx(4)


def test_back_restarts_a_set_then_goes_to_the_previous_one(write_session, clock):
    _, runner = make(write_session, clock, HOLD_SET)
    runner.start()
    clock.advance(5 + 14 + 30 + 5 + 3)  # 3 s into set 2
    runner.poll()
    assert runner.current.set_no == 2 and runner.current.kind == "rep"
    runner.back()  # more than 2 s in: restart set 2 from its get-ready
    assert runner.current.kind == "get_ready"
    assert runner.segments[runner.index + 1].set_no == 2
    runner.back()  # at the start: go to set 1
    assert runner.segments[runner.index + 1].set_no == 1


def test_back_at_exactly_two_seconds_into_a_set_goes_to_the_previous_set(write_session, clock):
    # BACK_RESTART_AFTER is 2 s: "back" restarts a set only when more than 2 s have gone.
    _, runner = make(write_session, clock, HOLD_SET)
    runner.start()
    clock.advance(5 + 14 + 30 + 5 + 2)  # exactly 2 s into set 2
    runner.poll()
    set_2 = next(s for s in runner.segments if s.set_no == 2 and s.is_work)
    assert runner.current.set_no == 2 and runner.view().elapsed - set_2.start == 2.0
    runner.back()
    assert runner.current.kind == "get_ready"
    assert runner.segments[runner.index + 1].set_no == 1


def test_manual_set_waits_for_enter_and_records_the_reps(write_session, clock):
    _, runner = make(write_session, clock, "  - {exercise: good-morning, sets: 1, reps: 10}\n")
    runner.start()
    clock.advance(5)
    events = runner.poll()
    assert runner.current.kind == "manual"
    assert [e.name for e in events if isinstance(e, CueDue)][-1] == "go"
    assert runner.next_wakeup() is None  # nothing to wait for but the user
    clock.advance(300)
    assert runner.poll() == [] and runner.current.kind == "manual"
    assert runner.view().remaining is None and runner.view().in_segment == pytest.approx(300)
    assert runner.finish_manual()
    events = runner.poll()
    result = next(e for e in events if isinstance(e, SetResult))
    assert (result.reps_done, result.skipped, result.ended - result.started) == (10, False, 300)
    assert runner.finished


def test_enter_during_get_ready_starts_now(write_session, clock):
    _, runner = make(write_session, clock, HOLD_SET)
    runner.start()
    clock.advance(1)
    assert runner.finish_manual()
    runner.poll()
    assert runner.current.phase is Phase.LIFT


def test_per_side_sets_record_each_side(write_session, clock):
    body = "  - {exercise: romanian-deadlift, sets: 2, reps: 2, tempo: 2-0-1-0, per_side: true, rest: 10}\n"
    _, runner = make(write_session, clock, body)
    runner.start()
    results = [e for e in run_to_end(runner, clock) if isinstance(e, SetResult)]
    assert [(r.set_no, r.side, r.reps_done) for r in results] == [
        (1, "left", 2),
        (1, "right", 2),
        (2, "left", 2),
        (2, "right", 2),
    ]


def test_emom_rounds_each_start_with_go(write_session, clock):
    body = "  - {exercise: kettlebell-swing, emom: {every: 30, rounds: 3, reps: 8}}\n"
    _, runner = make(write_session, clock, body)
    runner.start()
    events = run_to_end(runner, clock)
    gos = [e.deadline - 1000 for e in events if isinstance(e, CueDue) and e.name == "go"]
    assert gos == [5, 35, 65]
    result = next(e for e in events if isinstance(e, SetResult))
    assert (result.rounds_done, result.rounds_planned, result.reps_done) == (3, 3, 24)


def test_rest_plus_and_minus_move_the_countdown(write_session, clock):
    _, runner = make(write_session, clock, HOLD_SET, "defaults: {get_ready: 0}\n")
    runner.start()
    clock.advance(2 * 7 + 1)  # 1 s into the 30 s rest
    runner.poll()
    assert runner.adjust_rest(15)
    assert runner.view().remaining == pytest.approx(44)
    assert runner.adjust_rest(-15) and runner.adjust_rest(-15)
    assert runner.view().remaining == pytest.approx(14)
    clock.advance(14)
    pips = [
        e.deadline - 1000
        for e in runner.poll()
        if isinstance(e, CueDue) and e.name == "rest-ending"
    ]
    assert pips == [26, 27, 28]  # the last three seconds of the shortened rest (ends at 29)
    assert runner.current.kind == "rep"
    assert not runner.adjust_rest(15)  # only a rest can be changed


def test_minus_past_the_end_ends_the_rest_now(write_session, clock):
    _, runner = make(write_session, clock, HOLD_SET, "defaults: {get_ready: 0}\n")
    runner.start()
    clock.advance(2 * 7 + 20)
    runner.poll()
    assert runner.adjust_rest(-15)
    assert runner.current.kind == "rep" and runner.current.set_no == 2


def test_cutting_a_set_short_records_it_done_with_the_reps_counted(write_session, clock):
    _, runner = make(
        write_session, clock, "  - {exercise: hip-thrust, sets: 1, reps: 5, tempo: 1-0-1-0}\n"
    )
    runner.start()
    clock.advance(5 + 2 * 2 + 1)  # two reps done, the third under way
    runner.poll()
    runner.skip()
    result = next(e for e in runner.poll() if isinstance(e, SetResult))
    assert (result.reps_done, result.skipped) == (2, False)


def test_skipping_a_set_before_its_first_rep_records_it_skipped(write_session, clock):
    _, runner = make(
        write_session, clock, "  - {exercise: hip-thrust, sets: 1, reps: 5, tempo: 1-0-1-0}\n"
    )
    runner.start()
    clock.advance(5 + 1)  # into the first rep
    runner.poll()
    runner.skip()
    result = next(e for e in runner.poll() if isinstance(e, SetResult))
    assert (result.reps_done, result.skipped) == (0, True)


def test_an_hour_of_cues_lands_exactly_on_the_plan(write_session, clock):
    body = (
        "  - {exercise: hip-thrust, sets: 5, reps: 12, tempo: 3-1-1-2, rest: 1:30, per_side: true}\n"
        "  - {exercise: kettlebell-swing, intervals: {work: 40, rest: 20, rounds: 15}, rest_after: 2m}\n"
        "  - {exercise: back-extension, sets: 4, reps: 15, hold: 3, rest: 75}\n"
        "  - {exercise: kettlebell-swing, emom: {every: 60, rounds: 10, reps: 12}}\n"
        "  - {exercise: romanian-deadlift, sets: 4, reps: 10, tempo: 4-1-1-1, rest: 2m}\n"
    )
    timeline, runner = make(write_session, clock, body)
    assert timeline.total_seconds >= 3600
    runner.start()
    # Poll late and irregularly (a busy laptop): deadlines must not drift.
    fired = []
    step = 0.37
    while not runner.finished:
        clock.advance(step)
        step = 0.37 if step > 1 else step + 0.29
        fired += [
            (round(e.deadline - 1000, 6), e.name) for e in runner.poll() if isinstance(e, CueDue)
        ]
    planned = [(float(at), name) for at, name, _ in iter_cues(timeline)]
    assert fired == planned
    assert runner.elapsed() == pytest.approx(timeline.total_seconds, abs=2)
