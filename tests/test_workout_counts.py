"""The workout's counts: one vocabulary for the summary, the exit line and the resume
question, across every sitting of a run."""

from fixtures.appkit import RecordingJournal

from coach.domain.loading import load_session
from coach.domain.records import SetKey
from coach.domain.sets import Logged
from coach.domain.timeline import compile_timeline
from coach.services.workout import Beginning, Workout

SESSION = """\
name: Resumed
defaults: {rest: 10, get_ready: 3}
exercises:
  - exercise: kettlebell-swing
    intervals: {work: 5, rest: 5, rounds: 3}
  - {exercise: hip-thrust, sets: 3, reps: 2, hold: 1}
"""


def run_out(workout, clock) -> None:
    workout.start()
    while not workout.finished:
        wake = workout.next_wakeup()
        assert wake is not None
        clock.set(wake)
        workout.poll()


def test_a_resumed_runs_counts_cover_the_earlier_sitting(write_session, clock):
    loaded = load_session(write_session(SESSION))
    timeline = compile_timeline(loaded)
    # The earlier sitting did the swings and skipped the first hip thrust set.
    swings_key, first_key = SetKey(0, 1, None), SetKey(1, 1, None)
    earlier = {
        swings_key: Logged(swings_key, "kettlebell-swing", "Kettlebell swing", "", 0, 0, 3, 3),
        first_key: Logged(first_key, "hip-thrust", "Hip thrust", "", 2, 0, skipped=True),
    }
    at = next(s.index for s in timeline.segments if s.entry == 1 and s.set_no == 2)
    journal = RecordingJournal(earlier)
    workout = Workout(loaded, Beginning(timeline, at, journal), clock=clock)
    run_out(workout, clock)
    swings, thrusts = workout.counts()
    assert (swings.interval, swings.planned, swings.done, swings.skipped) == (True, 3, 3, 0)
    # The skipped set of the earlier sitting stays skipped; the two done now are done.
    assert (thrusts.planned, thrusts.done, thrusts.skipped) == (3, 2, 1)
    assert workout.totals().sets_phrase() == "2 sets done, 1 skipped"
    assert journal.finished_at is not None  # finished the moment the last set ended
