"""The cues a workout will sound soon: what a browser schedules ahead of time."""

import pytest

from coach.domain.cue_plan import upcoming_cues
from coach.domain.loading import load_session
from coach.domain.runner import CueDue, Runner
from coach.domain.timeline import compile_timeline

BODY = (
    "  - {exercise: hip-thrust, sets: 2, reps: 2, hold: 2, rest: 12}\n"
    "  - {exercise: good-morning, sets: 1, reps: 3}\n"
)


def make(write_session, clock):
    text = f"name: T\nexercises:\n{BODY}"
    return Runner(compile_timeline(load_session(write_session(text))), clock)


def fired(runner: Runner, clock, until: float) -> list[tuple[str, float]]:
    """Every cue the runner hands out up to `until`, moving the clock in small steps."""
    out = []
    while clock.now < until and not runner.finished:
        clock.advance(0.05)
        out += [(e.name, e.deadline) for e in runner.poll() if isinstance(e, CueDue)]
    return out


def test_the_plan_names_every_cue_the_runner_will_fire_at_its_time(write_session, clock):
    runner = make(write_session, clock)
    runner.start()
    runner.poll()
    clock.advance(1.02)
    runner.poll()
    planned = [(c.name, c.at) for c in upcoming_cues(runner, clock.now + 40)]
    happened = [c for c in fired(runner, clock, clock.now + 40) if c[1] > 1000 + 1.02]
    assert len(planned) > 10
    assert [n for n, _ in planned] == [n for n, _ in happened]
    for (_, at), (_, deadline) in zip(planned, happened, strict=True):
        assert at == pytest.approx(deadline, abs=1e-6)


def test_nothing_is_planned_while_paused_and_the_plan_moves_with_the_pause(write_session, clock):
    runner = make(write_session, clock)
    runner.start()
    runner.poll()
    before = upcoming_cues(runner, clock.now + 10)
    runner.pause()
    assert upcoming_cues(runner, clock.now + 10) == []
    clock.advance(30)
    runner.resume()
    after = upcoming_cues(runner, clock.now + 10)
    assert [c.key for c in after] == [c.key for c in before]
    assert all(a.at == pytest.approx(b.at + 30) for a, b in zip(after, before, strict=True))


def test_a_longer_rest_moves_its_countdown_and_skip_drops_the_rest(write_session, clock):
    runner = make(write_session, clock)
    runner.start()
    while runner.current.kind != "rest":
        clock.advance(0.5)
        runner.poll()
    assert runner.current.kind == "rest"
    ending = [c for c in upcoming_cues(runner, clock.now + 30) if c.name == "rest-ending"]
    runner.adjust_rest(10)
    later = [c for c in upcoming_cues(runner, clock.now + 30) if c.name == "rest-ending"]
    assert ending and later[0].at == pytest.approx(ending[0].at + 10)
    runner.skip()
    runner.poll()
    assert all(c.name != "rest-ending" for c in upcoming_cues(runner, clock.now + 3))


def test_a_manual_set_ends_the_plan(write_session, clock):
    runner = make(write_session, clock)
    runner.start()
    planned = upcoming_cues(runner, clock.now + 10_000)
    last = planned[-1]
    # Nothing is planned past the manual set's start: its end is the person's to say.
    manual = next(s for s in runner.segments if s.duration is None)
    assert int(last.key.split(".")[0]) <= manual.index
