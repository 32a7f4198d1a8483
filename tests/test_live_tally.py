"""The summary's tally of a resumed run covers the earlier sitting too."""

from coach.domain.loading import load_session
from coach.domain.timeline import compile_timeline
from coach.interface.live import Beginning, LiveRun

SESSION = """\
name: Resumed
defaults: {rest: 10, get_ready: 3}
exercises:
  - exercise: kettlebell-swing
    intervals: {work: 5, rest: 5, rounds: 3}
  - {exercise: hip-thrust, sets: 3, reps: 2, hold: 1}
"""


def test_a_resumed_runs_tally_counts_the_sets_of_the_earlier_sitting(write_session, clock):
    loaded = load_session(write_session(SESSION))
    timeline = compile_timeline(loaded)
    # The earlier sitting did the swings and the first hip thrust set; carry on at set 2.
    at = next(s.index for s in timeline.segments if s.entry == 1 and s.set_no == 2)
    live = LiveRun(loaded, Beginning(timeline, at_segment=at), clock=clock)
    live.start()
    while not live.runner.finished:
        wake = live.runner.next_wakeup()
        assert wake is not None
        clock.set(wake)
        live.poll()
    swings, thrusts = live.tally()
    assert (swings.interval, swings.planned, swings.done, swings.skipped) == (True, 3, 3, 0)
    assert (thrusts.planned, thrusts.done, thrusts.skipped) == (3, 3, 0)
