"""The journal: what the live app and the plain mode hold to record a workout.

It opens the history in the user data folder, works out today's targets and where an
interrupted run left off, and writes every finished set the moment the runner reports
it. Writing happens on one background thread, in order, so the screen never waits for
the disk; a problem with the disk becomes a warning, the workout goes on, and the sets
not yet saved are tried again with the next one and at the end.

    journal = Journal()
    offer = journal.unfinished(loaded)          # ask, or obey --resume / --restart
    begun = journal.begin(loaded, resume=True)  # targets, timeline, where to start
    ... journal.set_finished(result) for each SetResult ...
    journal.correct(logged)                     # the person's fix of a set
    journal.finish(at)                          # the last set ended: finished now
    journal.close()
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import suppress
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from coach.domain.load import Equipment, Load, LoadError, parse_load
from coach.domain.loading import LoadedSession
from coach.domain.personal_records import NewRecord, new_records
from coach.domain.programs import deloaded
from coach.domain.progression import Advice, advise, advise_from
from coach.domain.records import Run, SetKey, SetRecord
from coach.domain.runner import SetResult
from coach.domain.sets import Logged, count, planned_sets, resume_point, totals
from coach.domain.timeline import Target, Timeline, compile_timeline
from coach.services.history_store import (
    BUSY_TIMEOUT,
    HistoryError,
    HistoryStore,
    open_history,
)
from coach.services.paths import user_data_dir
from coach.services.pending import Kept, keep, move_in, pending_path
from coach.services.run_lock import RunLocks

RESUME_WINDOW = timedelta(hours=24)  # an older unfinished run is not offered unasked


# --- what begin() hands back ----------------------------------------------------------


@dataclass(frozen=True)
class Unfinished:
    """A run of this session that stopped before its end, with sets still to do."""

    run: Run
    sets_done: int
    sets_total: int
    sets_skipped: int = 0
    held_by: int | None = None  # another coach's process training it right now
    rounds_done: int = 0
    rounds_total: int = 0

    @property
    def started(self) -> datetime:
        return self.run.started

    def describe(self) -> str:
        """Like "an unfinished run from Mon 3 Jun 18:02 (5 of 15 sets done)"."""
        when = self.run.started.astimezone()
        skipped = f", {self.sets_skipped} skipped" if self.sets_skipped else ""
        if self.rounds_total:
            skipped += f", {self.rounds_done} of {self.rounds_total} rounds"
        if self.held_by is not None:
            return (
                f"a run from {when:%a} {when.day} {when:%b %H:%M} that process "
                f"{self.held_by} is training right now ({self.sets_done} of "
                f"{self.sets_total} sets done{skipped})"
            )
        return (
            f"an unfinished run from {when:%a} {when.day} {when:%b %H:%M} "
            f"({self.sets_done} of {self.sets_total} sets done{skipped})"
        )


@dataclass(frozen=True)
class Begun:
    """Everything a workout needs from the history to start."""

    timeline: Timeline  # compiled with today's targets
    at_segment: int  # pass to Runner.start(): 0, or where a resumed run picks up
    advice: dict[int, Advice]  # per entry: last time, today's target, the reason
    resumed: bool
    sets_done: int  # sets already done in the resumed run (a per-side set is one)
    sets_skipped: int = 0  # and those skipped there


# --- the journal ----------------------------------------------------------------------


class RunBusy(Exception):
    """The run asked for is being trained by another coach right now."""

    def __init__(self, pid: int) -> None:
        super().__init__(f"process {pid} is training this run right now")
        self.pid = pid


def as_logged(record: SetRecord) -> Logged:
    return Logged(
        key=record.key,
        exercise=record.exercise,
        title=record.title,
        load=str(record.load),
        reps_planned=record.reps_planned,
        reps_done=record.reps_done,
        rounds_planned=record.rounds_planned,
        rounds_done=record.rounds_done,
        skipped=record.skipped,
        corrected=record.corrected,
        warmup=record.warmup,
        rpe=record.rpe,
        rir=record.rir,
        note=record.note,
    )


class Journal:
    """Records one workout. Every method returns at once; writes happen in order on a
    background thread. Read `warnings` (or `take_warnings()`) to show what went wrong.

    Times: the wall clock is read once, when the run begins; every later moment is that
    plus the monotonic time since, so a clock change mid-workout cannot reorder or
    stretch what is written."""

    def __init__(
        self,
        folder: Path | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        wall: Callable[[], float] = time.time,
        timeout: float = BUSY_TIMEOUT,
        store: HistoryStore | None = None,
    ) -> None:
        """`clock` must be the runner's clock: set times are converted from it to wall
        time as each set is recorded. `store` replaces opening one in `folder`."""
        self.clock = clock
        self.wall = wall
        self.warnings: list[str] = []
        self._told = 0
        self._said: set[str] = set()
        self.folder = folder or user_data_dir()
        self.store = store
        if store is None:
            try:
                self.store = open_history(self.folder, timeout=timeout)
            except HistoryError as exc:
                self._warn(f"{exc}; this workout is not being recorded")
        self.pending = pending_path(
            self.store.path.parent if self.store is not None else folder or user_data_dir()
        )
        self.kept: Kept | None = None  # sets that went to `pending` at the end
        if self.store is not None:
            for warning in self.store.warnings:
                self._warn(warning)
            self._move_pending_in(self.store)
        self.locks = RunLocks(self.store.path.parent if self.store is not None else self.folder)
        self._loaded: LoadedSession | None = None
        self._keys: dict[SetKey, str] = {}
        self._run_id: int | None = None
        self._offset = self.wall() - self.clock()  # wall time = clock time + offset
        self._started = self._now()
        self._records: dict[SetKey, SetRecord] = {}
        self._earlier: dict[SetKey, Logged] = {}
        self._dirty: dict[SetKey, SetRecord] = {}
        self._finished_at: datetime | None = None
        self._run_note: str | None = None  # said at the end, not yet written
        self._past: list[SetRecord] = []  # earlier runs' sets of the session's exercises
        self._lock = threading.Lock()
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="coach-history")
        # The thread is started now, while coach gets ready: started at the first set's
        # end, the screen's thread would wait for it to begin, one more wake-up mid-workout.
        self._writer.submit(lambda: None)
        self._closed = False
        self._holding = False  # see hold_writes()
        self._due = False  # something to write came in while holding

    # --- warnings -------------------------------------------------------------------

    def _warn(self, message: str) -> None:
        if message not in self._said:
            self._said.add(message)
            self.warnings.append(message)

    def take_warnings(self) -> list[str]:
        """Warnings not handed out by an earlier call."""
        new = self.warnings[self._told :]
        self._told += len(new)
        return new

    @property
    def path(self) -> Path | None:
        """The history file in use (None when nothing is being recorded)."""
        return self.store.path if self.store else None

    @property
    def keeps(self) -> bool:
        return self.store is not None

    @property
    def run_id(self) -> int | None:
        return self._run_id

    def _at(self, clock_time: float) -> datetime:
        return datetime.fromtimestamp(clock_time + self._offset, UTC)

    def _now(self) -> datetime:
        return self._at(self.clock())

    # --- before the workout -----------------------------------------------------------

    def _session_path(self, loaded: LoadedSession) -> str:
        return str(loaded.path.resolve())

    def unfinished(
        self, loaded: LoadedSession, within: timedelta | None = RESUME_WINDOW
    ) -> Unfinished | None:
        """The session's last run when it stopped with sets recorded and sets still to
        do (and started within `within`; None means any age). `held_by` says when
        another coach is training it right now."""
        if self.store is None:
            return None
        try:
            run = self.store.latest_run(self._session_path(loaded))
            if run is None or run.state != "active" or run.sets_recorded == 0:
                return None
            holder = self.locks.holder(run.id)
            if holder is None and within is not None and self._now() - run.started > within:
                return None
            timeline = compile_timeline(loaded)
            keys = {p.key: p for p in planned_sets(timeline)}
            exercises = {s.key: s.exercise for s in timeline.segments if s.last_of_record}
            logged = {
                r.key: as_logged(r)
                for r in self.store.run_sets(run.id)
                if exercises.get(r.key) == r.exercise
            }
        except HistoryError as exc:
            self._warn(str(exc))
            return None
        if holder is None and all(k in logged for k in keys):
            # Nothing left to do: it was finished, only not marked so. Never offered.
            with suppress(HistoryError):
                self.store.end_run(run.id, "finished", run.ended or run.started)
            return None
        sums = totals(count(keys.values(), logged))
        return Unfinished(
            run,
            sums.sets_done,
            sums.sets_planned,
            sums.sets_skipped,
            holder,
            sums.rounds_done,
            sums.rounds_planned,
        )

    def begin(
        self,
        loaded: LoadedSession,
        resume: bool,
        deload: float | None = None,
        light_runs: frozenset[int] = frozenset(),
        equipment: Equipment | None = None,
    ) -> Begun:
        """Start recording a run of `loaded`: with `resume`, carry on the last unfinished
        run (any age) if there is one; otherwise start a new run, and an unfinished one
        is set aside for good, unless another coach is training it (then it is left
        alone, and this is a separate run). Raises RunBusy when asked to resume a run
        another coach holds.

        For a program's session: `deload` scales today's loads (a deload week), and the
        runs in `light_runs` (earlier deload weeks) are not what progression goes on from."""
        self._loaded = loaded
        self._offset = self.wall() - self.clock()
        self._started = self._now()
        path = self._session_path(loaded)
        earlier: list[SetRecord] = []
        before: int | None = None
        if self.store is not None:
            try:
                with self.locks.session(path):
                    run = self.store.latest_run(path)
                    holder = self.locks.holder(run.id) if run is not None else None
                    if run is not None and run.state == "active" and holder is not None:
                        if resume:
                            raise RunBusy(holder)
                        run = None  # someone else's live run: leave it be
                    if run is not None and run.state == "active" and run.sets_recorded == 0:
                        self.store.forget_run_if_empty(run.id)
                        run = None
                    if run is not None and run.state == "active":
                        if resume:
                            self._run_id = before = run.id
                            self.locks.hold(run.id)
                            earlier = self.store.run_sets(run.id)
                        else:  # it ended, as far as anyone knows, with its last set
                            last = max((s.ended for s in self.store.run_sets(run.id)), default=None)
                            self.store.end_run(run.id, "abandoned", last or run.started)
                    if self._run_id is None:
                        self._start_run(loaded)
                previous = [
                    r
                    for r in self.store.session_sets(loaded.session.name, before)
                    if r.run_id not in light_runs
                ]
                advice = advise_from(loaded, previous, equipment)
                self._past = self._past_sets(loaded)
            except HistoryError as exc:
                self._warn(str(exc))
                advice = advise_from(loaded, [], equipment)
        else:
            advice = advise_from(loaded, [], equipment)
        if deload is not None:
            advice = deloaded(advice, deload)
        targets = {i: a.target for i, a in advice.items() if a.target is not None}
        timeline = compile_timeline(loaded, targets)
        self._keys = {s.key: s.exercise for s in timeline.segments if s.last_of_record}
        for record in earlier:
            if self._keys.get(record.key) == record.exercise:
                self._records[record.key] = record
                self._earlier[record.key] = as_logged(record)
        resumed = before is not None
        at = resume_point(timeline, self._records) if resumed else 0
        sums = totals(count(planned_sets(timeline), self._earlier))
        return Begun(timeline, at, advice, resumed, sums.sets_done, sums.sets_skipped)

    def _past_sets(self, loaded: LoadedSession) -> list[SetRecord]:
        """Every earlier set of the exercises in `loaded` (for the records it may beat)."""
        assert self.store is not None
        found: list[SetRecord] = []
        for exercise in dict.fromkeys(e.exercise for e in loaded.session.entries):
            found += [s for s in self.store.sets(exercise) if s.run_id != self._run_id]
        return found

    def new_records(self) -> list[NewRecord]:
        """The personal records this run's sets beat (see `personal_records`)."""
        with self._lock:
            today = list(self._records.values())
        return new_records(self._past, today)

    def _start_run(self, loaded: LoadedSession) -> None:
        """Make the run's row and hold it (the writer does this later when it cannot
        be done now)."""
        assert self.store is not None
        run_id = self.store.start_run(
            self._session_path(loaded), loaded.session.name, self._started
        )
        self.locks.hold(run_id)
        self._run_id = run_id

    def earlier(self) -> dict[SetKey, Logged]:
        """Sets the earlier sittings of a resumed run recorded."""
        return dict(self._earlier)

    # --- during the workout -----------------------------------------------------------

    def set_finished(self, result: SetResult) -> None:
        """Record a set the runner reported (again, if it was run again)."""
        loaded = self._loaded
        if loaded is None or self._closed:
            return
        entry = loaded.session.entries[result.entry]
        record = SetRecord(
            run_id=self._run_id or 0,
            entry=result.entry,
            exercise=result.exercise,
            variation=entry.variation,
            title=result.title,
            set_no=result.key.set_no,
            side=result.side,
            reps_planned=result.reps_planned,
            reps_done=result.reps_done,
            rounds_planned=result.rounds_planned,
            rounds_done=result.rounds_done,
            load=_as_load(result.load),
            planned_load=result.load,
            file_load=str(entry.load) if entry.load else "",
            started=self._at(result.started),
            ended=self._at(result.ended),
            skipped=result.skipped,
            warmup=result.warmup,
        )
        self._keep(record)

    def correct(self, logged: Logged) -> None:
        """Record what the person says a set already recorded really was."""
        with self._lock:
            record = self._records.get(logged.key)
        if record is None:
            return
        self._keep(
            replace(
                record,
                reps_done=logged.reps_done,
                rounds_done=logged.rounds_done,
                load=_as_load(logged.load),
                skipped=logged.skipped,
                corrected=record.corrected or logged.corrected,
                rpe=logged.rpe,
                rir=logged.rir,
                note=logged.note,
            )
        )

    def note_run(self, note: str) -> None:
        """Keep what the person says of the session as a whole with the run."""
        self._run_note = " ".join(note.split())
        self._hand_over()

    def finish(self, at: float) -> None:
        """The last set has ended: the run is finished now, not when coach exits."""
        self._finished_at = self._at(at)
        self._hand_over()

    def _keep(self, record: SetRecord) -> None:
        with self._lock:
            self._records[record.key] = record
            self._dirty[record.key] = record
        self._hand_over()

    def hold_writes(self) -> None:
        """Until `release_writes()`, what comes in is taken in at once but handed to the
        writer thread only at the release. The live screen holds while the clock's wake-up
        ends a set and releases as its thread goes to sleep, the frame out: handed over
        before the frame, the writer took Python's lock from the screen's thread in
        the middle of it, and that thread then slept until it got it back (a wake-up more
        at every set's end). A set held is already in `_dirty`, so closing writes it
        whatever the order."""
        self._holding = True

    @property
    def writes_held(self) -> bool:
        """Something came in since `hold_writes()` and waits for `release_writes()`."""
        return self._holding and self._due

    def release_writes(self) -> None:
        """Hand over what came in while holding (see `hold_writes`)."""
        self._holding = False
        if self._due:
            self._due = False
            self._hand_over()

    def after_writes(self, then: Callable[[], None]) -> None:
        """Call `then` once everything handed over so far has been written (or has
        failed), on the writer's thread; at once when nothing can be written. Never
        waits: for a caller that must not block, such as a process about to stop."""
        if self.store is None or self._closed:
            then()
            return
        try:
            written: Future[None] = self._writer.submit(lambda: None)
        except RuntimeError:  # closed in the meantime
            then()
            return
        written.add_done_callback(lambda _: then())

    def _hand_over(self) -> None:
        if self.store is None or self._closed:
            return
        if self._holding:
            self._due = True
            return
        self._writer.submit(self._write)

    # --- the writer thread ------------------------------------------------------------

    def _write(self) -> None:
        store = self.store
        loaded = self._loaded
        if store is None or loaded is None:
            return
        with self._lock:
            pending = dict(self._dirty)
        finished = self._finished_at
        try:
            if self._run_id is None:
                self._start_run(loaded)
            run_id = self._run_id
            assert run_id is not None
            if pending:
                store.save_sets(replace(r, run_id=run_id) for r in pending.values())
            if finished is not None:
                store.end_run(run_id, "finished", finished)
            note = self._run_note
            if note is not None:
                store.note_run(run_id, note)
                if self._run_note == note:
                    self._run_note = None
        except HistoryError as exc:
            self._warn(f"{exc}; the workout goes on, and saving is tried again after each set")
            return
        with self._lock:
            for key, record in pending.items():
                if self._dirty.get(key) is record:
                    del self._dirty[key]

    def flush(self, timeout: float | None = None) -> None:
        """Wait until every set handed over so far has been written (or failed)."""
        if not self._closed:
            done: Future[None] = self._writer.submit(lambda: None)
            done.result(timeout)

    @property
    def unsaved(self) -> int:
        """Sets not yet in the history file (a disk problem, or still on the way)."""
        with self._lock:
            return len(self._dirty)

    @property
    def saved(self) -> int:
        """Sets of this sitting that reached the history file."""
        with self._lock:
            return len(self._records) - len(self._earlier) - len(self._dirty)

    def close(self) -> Kept | None:
        """Write what is left and close the file. A run whose last set has ended was
        marked finished then; any other run stays open for --resume. Sets the file did
        not take go to the pending file: `kept` (also returned) says how many."""
        if self._closed:
            return self.kept
        if self.store is not None:
            self._writer.submit(self._write)
        self._writer.shutdown(wait=True)
        self._closed = True
        store = self.store
        if store is None:
            with suppress(OSError):  # already said: this workout is not being recorded
                kept = self._keep_unsaved()
                if kept is not None:
                    self._warn(f"{kept.describe()}; the next coach start records them")
            return self.kept
        if self._run_id is not None and not self._records:
            with suppress(HistoryError):
                store.forget_run_if_empty(self._run_id)
        if self._dirty:
            try:
                kept = self._keep_unsaved()
            except OSError as exc:
                self._warn(
                    f"{len(self._dirty)} set(s) could not be saved to {store.path}, nor kept "
                    f"in {self.pending} ({exc.strerror or exc})"
                )
            else:
                if kept is not None:
                    self._warn(
                        f"{kept.describe()}; the next coach start moves them into the history"
                    )
        self.locks.release_all()
        store.close()
        return self.kept

    # --- sets kept beside the history while it could not be written -------------------

    def _move_pending_in(self, store: HistoryStore) -> None:
        try:
            moved = move_in(self.pending, store)
        except HistoryError as exc:
            self._warn(f"the sets kept in {self.pending} stay there for now: {exc}")
            return
        except OSError as exc:
            self._warn(f"cannot read {self.pending} ({exc.strerror or exc}); it is left as it is")
            return
        if moved is not None and (moved.count or moved.unreadable):
            self._warn(moved.describe())

    def _keep_unsaved(self) -> Kept | None:
        """Put the sets the history did not take into the pending file."""
        loaded = self._loaded
        if loaded is None or not self._dirty:
            return None
        started = self._started
        if self._run_id is not None and self.store is not None:
            try:  # a resumed run started in an earlier sitting
                known = self.store.run(self._run_id)
                started = known.started if known is not None else started
            except HistoryError:
                pass
        complete = self._finished_at is not None
        run = Run(
            id=self._run_id or 0,
            session_path=self._session_path(loaded),
            session_name=loaded.session.name,
            started=started,
            ended=self._finished_at or self._now(),  # a finished run ended with its last set
            state="finished" if complete else "active",
        )
        self.kept = keep(self.pending, run, list(self._dirty.values()))
        return self.kept


def _as_load(text: str) -> Load:
    try:
        return parse_load(text) if text else Load()
    except LoadError:
        return Load(words=text)


# --- for commands that only read ------------------------------------------------------


def _read_store(warn: Callable[[str], None] | None = None) -> HistoryStore | None:
    try:
        store = open_history(user_data_dir(), create=False)
    except HistoryError as exc:
        if warn:
            warn(str(exc))
        return None
    if store is not None and warn:
        for warning in store.warnings:
            warn(warning)
    return store


def advice_for(
    loaded: LoadedSession,
    warn: Callable[[str], None] | None = None,
    equipment: Equipment | None = None,
) -> dict[int, Advice]:
    """Last time and today's target per entry, from the user's history (for the picker
    and `coach plan`); without a history, the file's own values."""
    store = _read_store(warn)
    if store is None:
        return advise_from(loaded, [], equipment)
    try:
        return advise(loaded, store, None, equipment)
    except HistoryError as exc:
        if warn:
            warn(str(exc))
        return advise_from(loaded, [], equipment)
    finally:
        store.close()


def targets_for_plan(
    loaded: LoadedSession,
    warn: Callable[[str], None] | None = None,
    equipment: Equipment | None = None,
) -> dict[int, Target]:
    """The targets `coach plan` shows: the ones `coach run` would use today."""
    advice = advice_for(loaded, warn, equipment)
    return {i: a.target for i, a in advice.items() if a.target is not None}
