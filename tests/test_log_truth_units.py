"""Set states, counts and the resume point across two sittings, with a clock the test
moves; and every action of the workout brings the run to the present first."""

from fixtures.appkit import RecordingJournal

from coach.domain.loading import load_session
from coach.domain.records import SetKey
from coach.domain.runner import SetResult
from coach.domain.sets import Logged, count, planned_sets, resume_point, totals
from coach.domain.timeline import compile_timeline
from coach.services.workout import Beginning, Workout

SESSION = """\
name: Two sittings
defaults: {rest: 10, get_ready: 3, rest_after: 10}
exercises:
  - {exercise: hip-thrust, sets: 2, reps: 1, tempo: 1-0-1-0, load: 80 kg}
  - {exercise: romanian-deadlift, sets: 2, reps: 6, per_side: true, load: 40 kg}
"""

SKIPPED = SetKey(0, 1, None)
DONE = SetKey(0, 2, None)
LEFT = SetKey(1, 1, "left")
FIRST = SKIPPED  # hip thrust set 1, when it is done


def first_sitting() -> dict[SetKey, Logged]:
    """Hip thrust set 1 skipped, set 2 done, the deadlift's first set left side only."""
    return {
        SKIPPED: Logged(SKIPPED, "hip-thrust", "Hip thrust", "80 kg", 1, 0, skipped=True),
        DONE: Logged(DONE, "hip-thrust", "Hip thrust", "80 kg", 1, 1),
        LEFT: Logged(LEFT, "romanian-deadlift", "Romanian deadlift", "40 kg", 6, 6),
    }


def test_counts_and_resume_point_after_a_sitting_that_skipped_and_left_one_side(
    write_session,
):
    timeline = compile_timeline(load_session(write_session(SESSION)))
    earlier = first_sitting()
    thrusts, deadlifts = count(planned_sets(timeline), earlier)
    assert (thrusts.planned, thrusts.done, thrusts.skipped, thrusts.left) == (2, 1, 1, 0)
    # One side of a per-side set is not a set yet: neither done nor skipped.
    assert (deadlifts.planned, deadlifts.done, deadlifts.skipped, deadlifts.left) == (2, 0, 0, 2)
    assert totals([thrusts, deadlifts]).sets_phrase() == "1 set done, 1 skipped"
    at = resume_point(timeline, earlier)
    # The right side of the first deadlift set, from its side switch.
    assert timeline.segments[at].kind == "switch"
    assert timeline.segments[at + 1].key == SetKey(1, 1, "right")


def test_the_second_sitting_counts_every_sitting(write_session, clock):
    loaded = load_session(write_session(SESSION))
    timeline = compile_timeline(loaded)
    journal = RecordingJournal(first_sitting())
    at = resume_point(timeline, first_sitting())
    workout = Workout(loaded, Beginning(timeline, at, journal), clock=clock)
    workout.start()
    while not workout.finished:
        if workout.current.kind == "manual":
            clock.advance(5)
            workout.done()
            continue
        wake = workout.next_wakeup()
        assert wake is not None
        clock.set(wake)
        workout.poll()
    assert [r.key for r in journal.results] == [
        SetKey(1, 1, "right"),
        SetKey(1, 2, "left"),
        SetKey(1, 2, "right"),
    ]
    thrusts, deadlifts = workout.counts()
    assert (thrusts.done, thrusts.skipped) == (1, 1)
    assert (deadlifts.done, deadlifts.skipped, deadlifts.reps_done) == (2, 0, 24)
    assert workout.totals().sets_phrase() == "3 sets done, 1 skipped"
    assert journal.finished_at is not None


def test_pause_delivers_the_set_that_ended_before_it(write_session, clock):
    loaded = load_session(write_session(SESSION))
    journal = RecordingJournal()
    workout = Workout(loaded, Beginning(compile_timeline(loaded), journal=journal), clock=clock)
    workout.start()
    clock.advance(3 + 2 + 0.5)  # get ready, one 2 s rep: the set ended half a second ago
    frame = workout.pause()  # no poll in between
    assert [e.key for e in frame.events if isinstance(e, SetResult)] == [FIRST]
    assert [r.key for r in journal.results] == [FIRST]
    assert journal.results[0].reps_done == 1
    assert workout.paused and workout.correctable == FIRST
