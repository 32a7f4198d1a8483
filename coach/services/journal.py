"""The journal: what the live app and the plain mode hold to record a workout.

It opens the history in the user data folder, works out today's targets and where an
interrupted run left off, and writes every finished set the moment the runner reports
it. Writing happens on one background thread, in order, so the screen never waits for
the disk; a problem with the disk becomes a warning, the workout goes on, and the sets
not yet saved are tried again with the next one and at the end.

    journal = Journal()
    offer = journal.unfinished(loaded)          # ask, or obey --resume / --restart
    begun = journal.begin(loaded, resume=True)  # targets, timeline, where to start
    runner = Runner(begun.timeline, clock); runner.start(at_segment=begun.at_segment)
    ... journal.set_finished(result) for each SetResult ...
    journal.correct(entry, set_no, side, reps_done=10)   # the user's after-set fix
    journal.close()
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Collection
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import suppress
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from coach.domain.load import Load, LoadError, parse_load
from coach.domain.loading import LoadedSession
from coach.domain.progression import Advice, advise, advise_from
from coach.domain.records import Run, SetKey, SetRecord
from coach.domain.runner import SetResult
from coach.domain.timeline import Target, Timeline, compile_timeline
from coach.services.history_store import (
    BUSY_TIMEOUT,
    HistoryError,
    HistoryStore,
    open_history,
)
from coach.services.paths import user_data_dir
from coach.services.pending import Kept, keep, move_in, pending_path

RESUME_WINDOW = timedelta(hours=24)  # an older unfinished run is not offered unasked


# --- where a resumed run starts -------------------------------------------------------


def record_keys(timeline: Timeline) -> dict[SetKey, str]:
    """Every set (or interval block) the timeline records, with its exercise id."""
    return {(s.entry, s.set_no, s.side): s.exercise for s in timeline.segments if s.last_of_record}


def resume_point(timeline: Timeline, recorded: Collection[SetKey]) -> int:
    """The segment to start a resumed run at: the first block of the first set not yet
    recorded, stepped back over its get-ready (or side switch). When every set is
    recorded, the finish segment."""
    for segment in timeline.segments:
        if not segment.last_of_record:
            continue
        if (segment.entry, segment.set_no, segment.side) in recorded:
            continue
        first = timeline.block_of(segment.index).start
        if segment.round_no:  # an interval or EMOM block starts with its first round
            first = next(
                s.index for s in timeline.segments if s.entry == segment.entry and s.kind == "work"
            )
            first = timeline.block_of(first).start
        if first > 0 and timeline.segments[first - 1].kind in ("get_ready", "switch"):
            first = timeline.block_of(first - 1).start
        return first
    return len(timeline.segments) - 1


# --- what begin() hands back ----------------------------------------------------------


@dataclass(frozen=True)
class Unfinished:
    """A run of this session that stopped before its end."""

    run: Run
    sets_done: int
    sets_total: int

    @property
    def started(self) -> datetime:
        return self.run.started

    def describe(self) -> str:
        """Like "an unfinished run from Mon 3 Jun 18:02 (5 of 15 sets done)"."""
        when = self.run.started.astimezone()
        return (
            f"an unfinished run from {when:%a} {when.day} {when:%b %H:%M} "
            f"({self.sets_done} of {self.sets_total} sets done)"
        )


@dataclass(frozen=True)
class Begun:
    """Everything a workout needs from the history to start."""

    timeline: Timeline  # compiled with today's targets
    at_segment: int  # pass to Runner.start(): 0, or where a resumed run picks up
    advice: dict[int, Advice]  # per entry: last time, today's target, the reason
    resumed: bool
    sets_done: int  # sets already recorded in the resumed run

    @property
    def targets(self) -> dict[int, Target]:
        return {i: a.target for i, a in self.advice.items() if a.target is not None}


# --- the journal ----------------------------------------------------------------------


class Journal:
    """Records one workout. Every method returns at once; writes happen in order on a
    background thread. Read `warnings` (or `take_warnings()`) to show what went wrong."""

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
        self.store = store
        if store is None:
            try:
                self.store = open_history(folder or user_data_dir(), timeout=timeout)
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
        self._loaded: LoadedSession | None = None
        self._keys: dict[SetKey, str] = {}
        self._run_id: int | None = None
        self._started = self._now()
        self._records: dict[SetKey, SetRecord] = {}
        self._dirty: dict[SetKey, SetRecord] = {}
        self._lock = threading.Lock()
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="coach-history")
        self._closed = False

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

    def _now(self) -> datetime:
        return datetime.fromtimestamp(self.wall(), UTC)

    # --- before the workout -----------------------------------------------------------

    def _session_path(self, loaded: LoadedSession) -> str:
        return str(loaded.path.resolve())

    def unfinished(
        self, loaded: LoadedSession, within: timedelta | None = RESUME_WINDOW
    ) -> Unfinished | None:
        """The session's last run when it stopped before its end with sets recorded
        (and started within `within`; None means any age)."""
        if self.store is None:
            return None
        try:
            run = self.store.latest_run(self._session_path(loaded))
            if run is None or run.state != "active" or run.sets_recorded == 0:
                return None
            if within is not None and self._now() - run.started > within:
                return None
            keys = record_keys(compile_timeline(loaded))
            done = {r.key for r in self.store.run_sets(run.id) if keys.get(r.key) == r.exercise}
        except HistoryError as exc:
            self._warn(str(exc))
            return None
        return Unfinished(run, len(done), len(keys))

    def begin(self, loaded: LoadedSession, resume: bool) -> Begun:
        """Start recording a run of `loaded`: with `resume`, carry on the last unfinished
        run (any age) if there is one; otherwise start a new run, and an unfinished one
        is set aside for good."""
        self._loaded = loaded
        self._started = self._now()
        path = self._session_path(loaded)
        earlier: list[SetRecord] = []
        before: int | None = None
        if self.store is not None:
            try:
                run = self.store.latest_run(path)
                if run is not None and run.state == "active" and run.sets_recorded == 0:
                    self.store.forget_run_if_empty(run.id)
                    run = None
                if run is not None and run.state == "active":
                    if resume:
                        self._run_id = before = run.id
                        earlier = self.store.run_sets(run.id)
                    else:
                        self.store.end_run(run.id, "abandoned", run.ended or self._started)
                advice = advise(loaded, self.store, before)
            except HistoryError as exc:
                self._warn(str(exc))
                advice = advise_from(loaded, [])
        else:
            advice = advise_from(loaded, [])
        targets = {i: a.target for i, a in advice.items() if a.target is not None}
        timeline = compile_timeline(loaded, targets)
        self._keys = record_keys(timeline)
        for record in earlier:
            if self._keys.get(record.key) == record.exercise:
                self._records[record.key] = record
        at = resume_point(timeline, self._records) if self._run_id is not None else 0
        return Begun(timeline, at, advice, self._run_id is not None, len(self._records))

    # --- during the workout -----------------------------------------------------------

    def set_finished(self, result: SetResult) -> None:
        """Record a set the runner reported (again, if it was run again)."""
        loaded = self._loaded
        if loaded is None or self._closed:
            return
        entry = loaded.session.exercises[result.entry]
        offset = self.wall() - self.clock()
        record = SetRecord(
            run_id=self._run_id or 0,
            entry=result.entry,
            exercise=result.exercise,
            variation=entry.variation,
            title=result.title,
            set_no=result.set_no,
            side=result.side,
            reps_planned=result.reps_planned,
            reps_done=result.reps_done,
            rounds_planned=result.rounds_planned,
            rounds_done=result.rounds_done,
            load=_as_load(result.load),
            planned_load=result.load,
            file_load=str(entry.load) if entry.load else "",
            started=datetime.fromtimestamp(result.started + offset, UTC),
            ended=datetime.fromtimestamp(result.ended + offset, UTC),
            skipped=result.skipped,
        )
        self._keep(record)

    def correct(
        self,
        entry: int,
        set_no: int,
        side: str | None,
        reps_done: int | None = None,
        load: Load | str | None = None,
    ) -> SetRecord | None:
        """Change what a recorded set says was done; None if no such set was recorded.
        A `load` given as text is read like a session file's ("57.5 kg"); LoadError
        says what is wrong with it."""
        key = (entry, set_no, side)
        with self._lock:
            record = self._records.get(key)
        if record is None or (reps_done is None and load is None):
            return record
        changed = replace(
            record,
            reps_done=record.reps_done if reps_done is None else max(0, reps_done),
            load=record.load if load is None else parse_load(load),
            corrected=True,
        )
        self._keep(changed)
        return changed

    def record(self, entry: int, set_no: int, side: str | None) -> SetRecord | None:
        """The set as recorded so far (with any correction)."""
        with self._lock:
            return self._records.get((entry, set_no, side))

    def _keep(self, record: SetRecord) -> None:
        with self._lock:
            self._records[record.key] = record
            self._dirty[record.key] = record
        if self.store is not None and not self._closed:
            self._writer.submit(self._write)

    # --- the writer thread ------------------------------------------------------------

    def _write(self) -> None:
        store = self.store
        loaded = self._loaded
        if store is None or loaded is None:
            return
        with self._lock:
            pending = dict(self._dirty)
        if not pending:
            return
        try:
            if self._run_id is None:
                self._run_id = store.start_run(
                    self._session_path(loaded), loaded.session.name, self._started
                )
            run_id = self._run_id
            store.save_sets(replace(r, run_id=run_id) for r in pending.values())
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

    def close(self, finished: bool | None = None) -> Kept | None:
        """Write what is left, mark the run finished (by default: when every set of the
        timeline is recorded) or leave it to resume, and close the file. Sets the file
        did not take go to the pending file: `kept` (also returned) says how many."""
        if self._closed:
            return self.kept
        if self.store is not None:
            self._writer.submit(self._write)
        self._writer.shutdown(wait=True)
        self._closed = True
        store = self.store
        if store is None:
            with suppress(OSError):  # already said: this workout is not being recorded
                kept = self._keep_unsaved(finished)
                if kept is not None:
                    self._warn(f"{kept.describe()}; the next coach start records them")
            return self.kept
        if self._run_id is not None:
            complete = finished if finished is not None else set(self._keys) <= set(self._records)
            try:
                store.end_run(self._run_id, "finished" if complete else "active", self._now())
            except HistoryError as exc:
                self._warn(str(exc))
        if self._dirty:
            try:
                kept = self._keep_unsaved(finished)
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

    def _keep_unsaved(self, finished: bool | None) -> Kept | None:
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
        complete = finished if finished is not None else set(self._keys) <= set(self._records)
        run = Run(
            id=self._run_id or 0,
            session_path=self._session_path(loaded),
            session_name=loaded.session.name,
            started=started,
            ended=self._now(),
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
    loaded: LoadedSession, warn: Callable[[str], None] | None = None
) -> dict[int, Advice]:
    """Last time and today's target per entry, from the user's history (for the picker
    and `coach plan`); without a history, the file's own values."""
    store = _read_store(warn)
    if store is None:
        return advise_from(loaded, [])
    try:
        return advise(loaded, store)
    except HistoryError as exc:
        if warn:
            warn(str(exc))
        return advise_from(loaded, [])
    finally:
        store.close()


def targets_for_plan(
    loaded: LoadedSession, warn: Callable[[str], None] | None = None
) -> dict[int, Target]:
    """The targets `coach plan` shows: the ones `coach run` would use today."""
    return {i: a.target for i, a in advice_for(loaded, warn).items() if a.target is not None}
