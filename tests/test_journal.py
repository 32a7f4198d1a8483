"""The journal under a fake clock: every set written once, corrections, resume, bad disks."""

import sqlite3
import threading
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from coach.domain.corrections import CorrectionError, parse_correction
from coach.domain.load import Load
from coach.domain.loading import load_session
from coach.domain.records import Run, SetRecord
from coach.domain.runner import Runner, SessionFinished, SetResult
from coach.domain.sets import corrected, planned_sets, resume_point
from coach.domain.timeline import compile_timeline
from coach.interface.cli import main
from coach.services.history_store import (
    FILE_NAME,
    HistoryLocked,
    HistoryUnwritable,
    open_history,
)
from coach.services.journal import Journal, as_logged

WALL0 = datetime(2024, 6, 3, 18, 0, tzinfo=UTC).timestamp()

SESSION = """\
name: Legs
defaults: {rest: 30, get_ready: 5}
exercises:
  - exercise: hip-thrust
    sets: 3
    reps: 8-10
    hold: 1
    load: 60 kg
    progression: {rule: double, step: 2.5 kg}
  - exercise: romanian-deadlift
    variation: step
    sets: 1
    reps: 2
    tempo: 1-0-1-0
    per_side: true
  - exercise: kettlebell-swing
    intervals: {work: 20, rest: 10, rounds: 3}
    load: 16 kg
"""


class Wall:
    """Wall time that moves with the fake monotonic clock (plus a different origin)."""

    def __init__(self, clock) -> None:
        self.clock = clock

    def __call__(self) -> float:
        return WALL0 + (self.clock() - 1000.0)


@pytest.fixture
def loaded(write_session):
    return load_session(write_session(SESSION, name="legs.yaml"))


@pytest.fixture
def folder(user_folders):
    return user_folders / "data"


def journal_for(clock, folder, **kw) -> Journal:
    return Journal(folder, clock=clock, wall=Wall(clock), **kw)


def step(runner: Runner, clock, journal: Journal) -> list[SetResult]:
    """Move to the next wakeup (ending manual sets at once) and hand sets to the journal."""
    if runner.current.kind == "manual":
        clock.advance(20)
        runner.finish_manual()
    else:
        wake = runner.next_wakeup()
        assert wake is not None
        clock.set(wake)
    events = runner.poll()
    results = [e for e in events if isinstance(e, SetResult)]
    for result in results:
        journal.set_finished(result)
    for event in events:
        if isinstance(event, SessionFinished):
            journal.finish(event.at)  # as the workout does the moment the last set ends
    return results


def correct(journal: Journal, entry, set_no, side, reps_done=None, load=None):
    """What the workout hands the journal when the person corrects a set."""
    record = journal._records.get((entry, set_no, side))
    if record is None:
        return None
    fixed = corrected(as_logged(record), reps_done, load)
    journal.correct(fixed)
    return journal._records[(entry, set_no, side)]


def run_until(runner, clock, journal, sets: int) -> None:
    done = 0
    while done < sets and not runner.finished:
        done += len(step(runner, clock, journal))


def run_out(runner, clock, journal) -> None:
    while not runner.finished:
        step(runner, clock, journal)


def test_every_set_is_written_once_with_wall_times(loaded, clock, folder):
    journal = journal_for(clock, folder)
    begun = journal.begin(loaded, resume=False)
    assert begun.at_segment == 0 and not begun.resumed
    runner = Runner(begun.timeline, clock)
    runner.start()
    run_out(runner, clock, journal)
    journal.close()

    store = open_history(folder)
    [run] = store.runs()
    assert run.state == "finished" and run.session_name == "Legs"
    sets = store.run_sets(run.id)
    assert [(s.entry, s.set_no, s.side) for s in sets] == [
        (0, 1, None),
        (0, 2, None),
        (0, 3, None),
        (1, 1, "left"),
        (1, 1, "right"),
        (2, 1, None),
    ]
    first = sets[0]
    assert (first.reps_done, str(first.load), first.file_load) == (8, "60 kg", "60 kg")
    assert first.variation is None and sets[3].variation == "step"
    # 5 s get-ready, then 8 reps of 2-0-1-1: the set ran 18:00:05 to 18:00:37.
    assert first.started == datetime(2024, 6, 3, 18, 0, 5, tzinfo=UTC)
    assert first.seconds == pytest.approx(32)
    swings = sets[-1]
    assert (swings.rounds_done, swings.rounds_planned, str(swings.load)) == (3, 3, "16 kg")


def test_a_set_run_again_after_back_is_recorded_once(loaded, clock, folder):
    journal = journal_for(clock, folder)
    runner = Runner(journal.begin(loaded, resume=False).timeline, clock)
    runner.start()
    run_until(runner, clock, journal, 1)
    runner.back()  # during the rest: back to the set just done
    run_until(runner, clock, journal, 1)
    journal.close()
    store = open_history(folder)
    assert [(s.entry, s.set_no) for s in store.sets()] == [(0, 1)]


def test_a_correction_changes_reps_and_load_of_that_set(loaded, clock, folder):
    journal = journal_for(clock, folder)
    runner = Runner(journal.begin(loaded, resume=False).timeline, clock)
    runner.start()
    run_until(runner, clock, journal, 2)
    changed = correct(journal, 0, 2, None, reps_done=7, load="57.5 kg")
    assert changed is not None and changed.corrected
    assert correct(journal, 5, 1, None, reps_done=3) is None  # no such set: nothing happens
    journal.flush()
    store = open_history(folder)
    [one, two] = store.sets()
    assert (one.reps_done, str(one.load), one.corrected) == (8, "60 kg", False)
    assert (two.reps_done, two.load, two.corrected) == (7, Load(57.5, "kg"), True)
    journal.close()


def test_a_correction_to_zero_reps_is_kept(loaded, clock, folder):
    journal = journal_for(clock, folder)
    runner = Runner(journal.begin(loaded, resume=False).timeline, clock)
    runner.start()
    run_until(runner, clock, journal, 1)
    typed = parse_correction("0")
    assert typed.reps_done == 0
    changed = correct(journal, 0, 1, None, reps_done=typed.reps_done)
    assert changed is not None and (changed.reps_done, changed.corrected) == (0, True)
    journal.close()
    [one] = open_history(folder).sets()
    assert (one.reps_done, one.corrected) == (0, True)


def test_corrected_reps_drive_next_time(loaded, clock, folder):
    journal = journal_for(clock, folder)
    runner = Runner(journal.begin(loaded, resume=False).timeline, clock)
    runner.start()
    for n in (1, 2, 3):
        run_until(runner, clock, journal, 1)
        correct(journal, 0, n, None, reps_done=10)  # every set to the top of 8-10
    run_out(runner, clock, journal)
    journal.close()

    begun = journal_for(clock, folder).begin(loaded, resume=False)
    advice = begun.advice[0]
    assert str(advice.last) == "last time 3×10 @ 60 kg"
    assert advice.today() == "today 62.5 kg × 8"
    first = next(s for s in begun.timeline.segments if s.is_work)
    assert (first.load, first.reps) == ("62.5 kg", 8)


def test_a_set_keeps_the_files_load_beside_the_raised_target(loaded, clock, folder):
    # Last time every set reached the top: today's target is 62.5 kg, the file says 60 kg.
    journal = journal_for(clock, folder)
    runner = Runner(journal.begin(loaded, resume=False).timeline, clock)
    runner.start()
    for n in (1, 2, 3):
        run_until(runner, clock, journal, 1)
        correct(journal, 0, n, None, reps_done=10)
    run_out(runner, clock, journal)
    journal.close()

    journal = journal_for(clock, folder)
    runner = Runner(journal.begin(loaded, resume=False).timeline, clock)
    runner.start()
    run_out(runner, clock, journal)
    journal.close()
    store = open_history(folder)
    second = store.run_sets(max(run.id for run in store.runs()))[0]
    assert (str(second.load), second.planned_load, second.file_load) == (
        "62.5 kg",
        "62.5 kg",
        "60 kg",
    )
    # so next time goes on from the raised load instead of starting over from the file
    advice = journal_for(clock, folder).begin(loaded, resume=False).advice[0]
    assert "changed" not in advice.reason and advice.today() == "today 62.5 kg × 9"


def crash_after(loaded, clock, folder, sets: int) -> None:
    """A workout that dies after `sets` sets: nothing is closed."""
    journal = journal_for(clock, folder)
    runner = Runner(journal.begin(loaded, resume=False).timeline, clock)
    runner.start()
    run_until(runner, clock, journal, sets)
    clock.advance(3)  # into the next set's get-ready, or the set itself
    runner.poll()
    journal.flush()


def test_resume_continues_at_the_first_unrecorded_set(loaded, clock, folder):
    crash_after(loaded, clock, folder, 4)  # the hip thrusts and the left side
    clock.advance(600)
    journal = journal_for(clock, folder)
    offer = journal.unfinished(loaded)
    # Three hip thrusts done; the step RDL has its left side only (a per-side set is one
    # set, counted once both sides have ended); the swings block counts rounds.
    assert offer is not None and (offer.sets_done, offer.sets_total) == (3, 4)
    assert "(3 of 4 sets done, 0 of 3 rounds)" in offer.describe()

    begun = journal.begin(loaded, resume=True)
    assert begun.resumed and begun.sets_done == 3
    start = begun.timeline.segments[begun.at_segment]
    assert start.kind == "switch" and start.side == "right"  # lead-in into the right side
    runner = Runner(begun.timeline, clock)
    runner.start(at_segment=begun.at_segment)
    run_out(runner, clock, journal)
    journal.close()

    store = open_history(folder)
    [run] = store.runs()
    assert run.state == "finished"
    keys = [s.key for s in store.run_sets(run.id)]
    assert sorted(keys, key=str) == sorted((p.key for p in planned_sets(begun.timeline)), key=str)
    assert len(keys) == len(set(keys)) == 6
    assert journal_for(clock, folder).unfinished(loaded) is None


def test_resume_keeps_the_targets_of_the_interrupted_run(loaded, clock, folder):
    # An earlier finished run at the top of the range: today is 62.5 kg.
    journal = journal_for(clock, folder)
    runner = Runner(journal.begin(loaded, resume=False).timeline, clock)
    runner.start()
    for n in (1, 2, 3):
        run_until(runner, clock, journal, 1)
        correct(journal, 0, n, None, reps_done=10)
    run_out(runner, clock, journal)
    journal.close()

    crash_after(loaded, clock, folder, 1)
    begun = journal_for(clock, folder).begin(loaded, resume=True)
    segment = begun.timeline.segments[begun.at_segment]
    assert (segment.kind, segment.set_no, segment.load) == ("get_ready", 2, "62.5 kg")


def test_restart_sets_the_unfinished_run_aside(loaded, clock, folder):
    crash_after(loaded, clock, folder, 2)
    last_set = max(s.ended for s in open_history(folder).sets())
    clock.advance(600)  # started over ten minutes later
    journal = journal_for(clock, folder)
    begun = journal.begin(loaded, resume=False)
    assert begun.at_segment == 0 and not begun.resumed
    runner = Runner(begun.timeline, clock)
    runner.start()
    run_until(runner, clock, journal, 1)
    journal.close()
    store = open_history(folder)
    old, new = store.runs()
    assert (old.state, old.sets_recorded) == ("abandoned", 2)
    assert old.ended == last_set  # the last moment it is known to have gone on, not now
    assert (new.state, new.sets_recorded) == ("active", 1)  # quit early: resumable


def test_an_old_unfinished_run_is_not_offered_but_can_be_resumed(loaded, clock, folder):
    crash_after(loaded, clock, folder, 2)
    clock.advance(3 * 24 * 3600)
    journal = journal_for(clock, folder)
    assert journal.unfinished(loaded) is None
    assert journal.unfinished(loaded, within=None) is not None
    assert journal.begin(loaded, resume=True).resumed


def test_opening_and_quitting_leaves_no_run_behind(loaded, clock, folder):
    journal = journal_for(clock, folder)
    journal.begin(loaded, resume=False)
    journal.close()
    assert open_history(folder).runs() == []


def test_resume_point_for_sides_and_interval_blocks(loaded):
    timeline = compile_timeline(loaded)
    keys = [p.key for p in planned_sets(timeline)]
    assert resume_point(timeline, set()) == 0
    at_swings = resume_point(timeline, set(keys[:5]))
    assert timeline.segments[at_swings].kind == "get_ready"
    assert timeline.segments[at_swings + 1].round_no == 1
    assert resume_point(timeline, set(keys)) == len(timeline.segments) - 1


def test_an_unwritable_folder_warns_and_the_workout_goes_on(loaded, clock, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    journal = journal_for(clock, blocker / "data")
    assert journal.path is None
    assert "cannot create the folder" in journal.warnings[0]
    runner = Runner(journal.begin(loaded, resume=False).timeline, clock)
    runner.start()
    run_out(runner, clock, journal)
    journal.close()
    assert len(journal.warnings) == 1


def test_a_full_disk_warns_then_saves_what_was_missed(loaded, clock, folder, monkeypatch):
    journal = journal_for(clock, folder)
    runner = Runner(journal.begin(loaded, resume=False).timeline, clock)
    runner.start()
    run_until(runner, clock, journal, 1)
    journal.flush()
    store = journal.store
    save = store.save_sets

    def full(records):
        raise HistoryUnwritable(f"the disk holding {store.path} is full")

    monkeypatch.setattr(store, "save_sets", full)
    run_until(runner, clock, journal, 2)
    correct(journal, 0, 3, None, reps_done=6)
    journal.flush()
    assert journal.unsaved == 2
    [warning] = journal.take_warnings()  # said once, not once a set
    assert "is full" in warning and "goes on" in warning

    monkeypatch.setattr(store, "save_sets", save)  # space again
    run_out(runner, clock, journal)
    journal.close()
    assert journal.unsaved == 0
    sets = open_history(folder).sets()
    assert len(sets) == 6 and sets[2].reps_done == 6


def test_a_damaged_history_records_beside_it_and_says_where(loaded, clock, folder):
    folder.mkdir(parents=True)
    (folder / FILE_NAME).write_bytes(b"garbage" * 1000)
    journal = journal_for(clock, folder)
    assert journal.path is not None and journal.path.name.startswith("history-recovered-")
    [warning] = journal.take_warnings()
    assert str(journal.path) in warning and str(folder / FILE_NAME) in warning
    runner = Runner(journal.begin(loaded, resume=False).timeline, clock)
    runner.start()
    run_out(runner, clock, journal)
    journal.close()
    assert (folder / FILE_NAME).read_bytes() == b"garbage" * 1000
    assert len(open_history(folder).sets()) == 6


@pytest.mark.parametrize(
    ("typed", "reps", "load"),
    [
        ("", None, None),
        ("10", 10, None),
        ("10 57.5", 10, "57.5 kg"),
        ("10 @ 57.5 kg", 10, "57.5 kg"),
        ("@57.5", None, "57.5 kg"),
        ("57.5", None, "57.5 kg"),
        ("60 kg", None, "60 kg"),
        ("8 135 lb", 8, "135 lb"),
        ("9 100", 9, "100 lb"),
    ],
)
def test_parse_correction(typed, reps, load):
    unit = "lb" if typed == "9 100" else "kg"
    got = parse_correction(typed, unit)
    assert got.reps_done == reps
    assert (str(got.load) if got.load else None) == load


@pytest.mark.parametrize("typed", ["abc", "10 abc", "@", "10 11 12", "kg", "9999"])
def test_parse_correction_says_what_to_type(typed):
    with pytest.raises(CorrectionError, match=r"like 10|more than"):
        parse_correction(typed)


def test_plan_shows_todays_targets(loaded, clock, folder, capsys):
    journal = journal_for(clock, folder)
    runner = Runner(journal.begin(loaded, resume=False).timeline, clock)
    runner.start()
    for n in (1, 2, 3):
        run_until(runner, clock, journal, 1)
        correct(journal, 0, n, None, reps_done=10)
    run_out(runner, clock, journal)
    journal.close()
    assert main(["plan", str(loaded.path)]) == 0
    out = capsys.readouterr().out
    assert "set 1/3 · 8 reps · hold 1 s · 62.5 kg" in out


# --- sets kept beside the history when it cannot be written ---------------------------


def test_a_history_locked_for_the_whole_workout_loses_no_set(loaded, clock, folder):
    open_history(folder).close()
    other = sqlite3.connect(folder / FILE_NAME, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another program holds the file until the end
    journal = journal_for(clock, folder, timeout=0.02)
    runner = Runner(journal.begin(loaded, resume=False).timeline, clock)
    runner.start()
    run_until(runner, clock, journal, 2)
    correct(journal, 0, 2, None, reps_done=0)  # a correction to 0 reps is kept as 0
    run_out(runner, clock, journal)
    kept = journal.close()
    assert kept is not None and (kept.count, kept.path) == (6, folder / "pending-sets.jsonl")
    assert journal.warnings[-1] == (
        f"6 sets kept in {kept.path}; the next coach start moves them into the history"
    )
    assert len(kept.path.read_text().splitlines()) == 6
    other.execute("ROLLBACK")
    other.close()
    assert open_history(folder).sets() == []  # nothing reached the file itself

    again = journal_for(clock, folder)
    assert again.take_warnings() == [f"moved 6 sets kept in {kept.path} into the history"]
    again.close()
    assert not kept.path.exists()
    store = open_history(folder)
    [run] = store.runs()
    assert (run.state, run.session_name, run.started) == ("finished", "Legs", journal._started)
    sets = store.run_sets(run.id)
    assert [(s.entry, s.set_no, s.side, s.reps_done) for s in sets] == [
        (0, 1, None, 8),
        (0, 2, None, 0),
        (0, 3, None, 8),
        (1, 1, "left", 2),
        (1, 1, "right", 2),
        (2, 1, None, 0),
    ]
    assert sets[1].corrected and sets[0].started == datetime(2024, 6, 3, 18, 0, 5, tzinfo=UTC)
    assert journal_for(clock, folder).take_warnings() == []  # moved in once


def test_sets_kept_after_the_run_was_made_join_that_run(loaded, clock, folder, monkeypatch):
    journal = journal_for(clock, folder)
    runner = Runner(journal.begin(loaded, resume=False).timeline, clock)
    runner.start()
    run_until(runner, clock, journal, 2)
    journal.flush()
    store = journal.store

    def busy(*args, **kwargs):
        raise HistoryLocked(f"the history file {store.path} is busy")

    monkeypatch.setattr(store, "save_sets", busy)
    monkeypatch.setattr(store, "end_run", busy)
    run_until(runner, clock, journal, 2)  # stops mid-workout: the run can be resumed
    assert journal.close().count == 2
    monkeypatch.undo()

    resumed = journal_for(clock, folder)
    assert "moved 2 sets" in resumed.take_warnings()[0]
    offer = resumed.unfinished(loaded)
    # the three hip thrusts and one side of the step RDL: 3 of 4 sets (both sides are one)
    assert offer is not None and (offer.sets_done, offer.sets_total) == (3, 4)
    resumed.close()
    [run] = open_history(folder).runs()
    assert len(open_history(folder).run_sets(run.id)) == 4


def test_moving_in_again_after_a_stop_halfway_changes_nothing(loaded, clock, folder, monkeypatch):
    from coach.services import pending

    folder.mkdir(parents=True)
    path = folder / pending.FILE_NAME
    run = Run(0, "/s/legs.yaml", "Legs", datetime(2024, 6, 3, 18, tzinfo=UTC), None, "active")
    records = [_kept_set(n) for n in (1, 2)]
    pending.keep(path, run, records)
    pending.keep(path, replace(run, state="finished"), [_kept_set(2, reps_done=5)])
    store = open_history(folder)

    def stopped(path):
        raise KeyboardInterrupt  # killed after the history took them, before the removal

    monkeypatch.setattr(pending, "_remove", stopped)
    with pytest.raises(KeyboardInterrupt):
        pending.move_in(path, store)
    monkeypatch.undo()
    first = store.sets()
    moved = pending.move_in(path, store)
    assert moved is not None and moved.count == 3 and not path.exists()
    assert store.sets() == first and [s.reps_done for s in first] == [10, 5]
    [only] = store.runs()
    assert only.state == "finished"
    assert pending.move_in(path, store) is None


def test_an_unreadable_pending_line_is_set_aside_not_lost(folder):
    from coach.services import pending

    folder.mkdir(parents=True)
    path = folder / pending.FILE_NAME
    run = Run(0, "/s/legs.yaml", "Legs", datetime(2024, 6, 3, 18, tzinfo=UTC), None, "active")
    pending.keep(path, run, [_kept_set(1)])
    with path.open("ab") as handle:
        handle.write(b'{"run": {"session_pa')  # a write cut off by a crash
    moved = pending.move_in(path, open_history(folder))
    assert moved is not None and (moved.count, moved.unreadable) == (1, 1)
    assert "1 unreadable line(s) are left in" in moved.describe()
    aside = folder / pending.UNREADABLE_NAME
    assert aside.read_bytes() == b'{"run": {"session_pa\n'


def _kept_set(set_no: int, **changes) -> SetRecord:
    values = dict(
        run_id=0,
        entry=0,
        exercise="hip-thrust",
        variation=None,
        title="Hip thrust",
        set_no=set_no,
        side=None,
        reps_planned=10,
        reps_done=10,
        rounds_planned=0,
        rounds_done=0,
        load=Load(60, "kg"),
        planned_load="60 kg",
        file_load="60 kg",
        started=datetime(2024, 6, 3, 18, set_no, tzinfo=UTC),
        ended=datetime(2024, 6, 3, 18, set_no, 40, tzinfo=UTC),
        skipped=False,
    )
    values.update(changes)
    return SetRecord(**values)


def test_the_writer_thread_is_running_before_the_first_set_ends(clock, folder):
    # Started at the first set's end, the screen's thread would wait for it to begin.
    before = {t.ident for t in threading.enumerate()}
    journal = journal_for(clock, folder)
    try:
        started = [t for t in threading.enumerate() if t.ident not in before]
        assert [t.name.split("_")[0] for t in started] == ["coach-history"]
    finally:
        journal.close()


def test_a_set_held_goes_to_the_writer_only_at_the_release(loaded, clock, folder, monkeypatch):
    # The live screen holds while the clock's wake-up ends a set, and releases once its
    # frame is out: the writer must not start on the set before that.
    journal = journal_for(clock, folder)
    runner = Runner(journal.begin(loaded, resume=False).timeline, clock)
    runner.start()
    handed: list[str] = []
    submit = journal._writer.submit
    monkeypatch.setattr(
        journal._writer, "submit", lambda fn, *a: handed.append(fn.__name__) or submit(fn, *a)
    )  # `flush()` hands over a "<lambda>" to wait for the writer
    journal.hold_writes()
    run_until(runner, clock, journal, 1)
    journal.note_run("knees fine")
    assert handed == [] and journal.unsaved == 1
    journal.release_writes()
    assert handed == ["_write"]  # once, for everything that came in while held
    journal.flush()
    assert journal.unsaved == 0 and journal.saved == 1
    run_until(runner, clock, journal, 1)  # no longer held: handed over at once
    assert handed[1:] == ["<lambda>", "_write"]
    journal.close()
    store = open_history(folder)
    assert [(s.entry, s.set_no) for s in store.sets()] == [(0, 1), (0, 2)]
    assert store.runs()[0].note == "knees fine"


def test_a_close_writes_a_set_still_held(loaded, clock, folder):
    # Stopped (a signal, q) between the set's end and the frame: the set is written.
    journal = journal_for(clock, folder)
    runner = Runner(journal.begin(loaded, resume=False).timeline, clock)
    runner.start()
    journal.hold_writes()
    run_until(runner, clock, journal, 1)
    journal.close()
    store = open_history(folder)
    assert [(s.entry, s.set_no, s.reps_done) for s in store.sets()] == [(0, 1, 8)]


def test_after_writes_calls_back_once_what_was_released_is_in_the_file(loaded, clock, folder):
    # For a process about to stop (SIGTSTP): told when the held set is in the file,
    # without waiting for it on the way.
    journal = journal_for(clock, folder)
    runner = Runner(journal.begin(loaded, resume=False).timeline, clock)
    runner.start()
    journal.hold_writes()
    run_until(runner, clock, journal, 1)
    seen: list[int] = []
    written = threading.Event()

    def then() -> None:
        seen.append(len(open_history(folder).sets()))
        written.set()

    journal.release_writes()
    journal.after_writes(then)
    assert written.wait(5)
    assert seen == [1]
    journal.close()
    called: list[bool] = []
    journal.after_writes(lambda: called.append(True))  # closed: at once
    assert called == [True]


def test_a_finished_run_kept_beside_the_history_keeps_its_finish_time(loaded, clock, folder):
    # The history locked from the last set to the moment coach closes, 30 s on the
    # summary later: the run's end is when its last set ended, not when coach closed.
    open_history(folder).close()
    journal = journal_for(clock, folder, timeout=0.02)
    runner = Runner(journal.begin(loaded, resume=False).timeline, clock)
    runner.start()
    run_until(runner, clock, journal, 1)
    journal.flush()
    other = sqlite3.connect(folder / FILE_NAME, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    run_out(runner, clock, journal)
    finished = journal._finished_at
    assert finished is not None
    clock.advance(30)
    kept = journal.close()
    assert kept is not None
    other.execute("ROLLBACK")
    other.close()
    journal_for(clock, folder).close()  # moves the kept sets in
    [run] = open_history(folder).runs()
    assert (run.state, run.ended) == ("finished", finished)
