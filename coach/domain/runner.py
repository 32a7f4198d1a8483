"""Run a timeline against a clock: where we are, what is left, which cues are due.

Time is an input. The runner never counts ticks: a segment ends at its deadline
(`started + duration`), the next one starts at exactly that deadline, and so a long
session accumulates no drift however late or often `poll()` is called. Pausing pushes
the current segment's start back by the paused time.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from coach.domain.cues import CueName
from coach.domain.records import SetKey
from coach.domain.sets import Logged
from coach.domain.timeline import Segment, Timeline, set_key

Clock = Callable[[], float]
Status = Literal["pending", "done", "skipped"]
BACK_RESTART_AFTER = 2.0  # seconds into a block after which "back" restarts it


@dataclass(frozen=True, slots=True)
class CueDue:
    name: CueName
    deadline: float  # clock time the cue belongs at
    segment: int


@dataclass(frozen=True, slots=True)
class SegmentStarted:
    segment: Segment
    at: float


@dataclass(frozen=True, slots=True)
class SetResult:
    """One set (or one interval block) ended: done (in full, or cut short with the reps
    counted so far) or skipped (ended before its first rep, or round)."""

    entry: int
    exercise: str
    title: str
    load: str
    set_no: int
    side: str | None
    reps_planned: int
    reps_done: int
    rounds_planned: int
    rounds_done: int
    started: float
    ended: float
    skipped: bool
    warmup: bool = False

    @property
    def key(self) -> SetKey:
        return set_key(self.entry, self.set_no, self.side, self.warmup)

    def logged(self) -> Logged:
        return Logged(
            key=self.key,
            exercise=self.exercise,
            title=self.title,
            load=self.load,
            reps_planned=self.reps_planned,
            reps_done=self.reps_done,
            rounds_planned=self.rounds_planned,
            rounds_done=self.rounds_done,
            skipped=self.skipped,
            warmup=self.warmup,
        )


@dataclass(frozen=True, slots=True)
class SessionFinished:
    at: float


Event = CueDue | SegmentStarted | SetResult | SessionFinished


@dataclass(frozen=True, slots=True)
class View:
    """What a screen needs to draw the present moment."""

    segment: Segment
    remaining: float | None  # None for an open-ended (manual) segment
    in_segment: float  # seconds spent in the segment (pauses excluded)
    paused: bool
    finished: bool
    elapsed: float  # active time since start
    remaining_total: float  # estimate for the rest of the session
    extra: int  # seconds added to (or taken from) the current rest

    @property
    def progress(self) -> float:
        total = self.elapsed + self.remaining_total
        return 1.0 if total <= 0 else min(1.0, self.elapsed / total)


class Runner:
    def __init__(self, timeline: Timeline, clock: Clock = time.monotonic) -> None:
        self.timeline = timeline
        self.clock = clock
        self.segments = timeline.segments
        self.status: list[Status] = ["pending"] * len(self.segments)
        self.index = 0
        self.started = False
        self.finished = False
        self._seg_start = 0.0  # clock time the current segment began, pauses folded in
        self._paused_at: float | None = None
        self._run_start = 0.0
        self._paused_total = 0.0
        self._extra: dict[int, int] = {}
        self._fired: set[tuple[int, int]] = set()  # (segment, cue index) in this visit
        self._record_start: dict[int, float] = {}  # block -> when its first segment began
        self._outbox: list[Event] = []
        self._manual_reps: dict[int, int] = {}  # a manual set ended with typed reps
        # Planned seconds and open-ended segments from each index to the end. Everything
        # after the current segment is always pending (skip leaves its block, back resets
        # what follows), so the rest of the session costs one lookup, not a scan.
        self._after = [0] * (len(self.segments) + 1)
        self._open_after = [False] * (len(self.segments) + 1)
        for i in range(len(self.segments) - 1, -1, -1):
            self._after[i] = self._after[i + 1] + self.segments[i].estimate
            self._open_after[i] = self._open_after[i + 1] or self.segments[i].duration is None

    # --- starting, reading ------------------------------------------------------------

    def start(self, at_segment: int = 0) -> None:
        """Begin now, at `at_segment` (a resumed run: earlier segments count as done)."""
        now = self.clock()
        self.started = True
        self._run_start = now
        for i in range(at_segment):
            self.status[i] = "done"
        self._enter(at_segment, now)
        self._fire_due(now)

    @property
    def started_at(self) -> float:
        """The clock time the run began (the origin of every planned offset)."""
        return self._run_start

    @property
    def paused(self) -> bool:
        return self._paused_at is not None

    def now(self) -> float:
        """The clock, frozen while paused: every remaining time is computed from it."""
        return self._paused_at if self._paused_at is not None else self.clock()

    @property
    def current(self) -> Segment:
        return self.segments[self.index]

    def deadline(self, index: int | None = None) -> float | None:
        i = self.index if index is None else index
        segment = self.segments[i]
        if segment.duration is None or i != self.index:
            return None
        return self._seg_start + segment.duration + self._extra.get(i, 0)

    def _cue_deadline(self, segment: Segment, k: int) -> float:
        cue = segment.cues[k]
        if cue.from_end and segment.duration is not None:
            end = self._seg_start + segment.duration + self._extra.get(segment.index, 0)
            return end - (segment.duration - cue.at)
        return self._seg_start + cue.at

    def next_wakeup(self) -> float | None:
        """The clock time of the next cue or segment end; None when nothing is scheduled."""
        if not self.started or self.finished or self.paused:
            return None
        segment = self.current
        times = [
            self._cue_deadline(segment, k)
            for k in range(len(segment.cues))
            if (segment.index, k) not in self._fired
        ]
        end = self.deadline()
        if end is not None:
            times.append(end)
        return min(times) if times else None

    def view(self) -> View:
        now = self.now()
        segment = self.current
        end = self.deadline()
        remaining = None if end is None else max(0.0, end - now)
        in_segment = max(0.0, now - self._seg_start)
        if self.finished:
            remaining_total = 0.0
        else:
            here = remaining if remaining is not None else max(0.0, segment.estimate - in_segment)
            remaining_total = here + self._after[self.index + 1]
        return View(
            segment=segment,
            remaining=remaining,
            in_segment=in_segment,
            paused=self.paused,
            finished=self.finished,
            elapsed=self.elapsed(now),
            remaining_total=remaining_total,
            extra=self._extra.get(self.index, 0),
        )

    def open_ended_ahead(self) -> bool:
        """True when a manual set lies ahead (so the time left is an estimate)."""
        return self._open_after[self.index]

    def elapsed(self, now: float | None = None) -> float:
        if not self.started:
            return 0.0
        moment = self.now() if now is None else now
        return max(0.0, moment - self._run_start - self._paused_total)

    # --- the clock moves ----------------------------------------------------------------

    def poll(self, now: float | None = None) -> list[Event]:
        """Advance to the present (or to `now`, a moment not in the past of the last poll);
        return what happened since the last call, in order."""
        if self.started and not self.finished and not self.paused:
            now = self.clock() if now is None else now
            while True:
                end = self.deadline()
                if end is None or end > now:
                    break
                self._fire_due(end)
                self._complete(end)
                if self.finished:
                    break
            if not self.finished:
                self._fire_due(now)
        events, self._outbox = self._outbox, []
        return events

    def _fire_due(self, now: float) -> None:
        segment = self.current
        due = [
            (self._cue_deadline(segment, k), k)
            for k in range(len(segment.cues))
            if (segment.index, k) not in self._fired
        ]
        for deadline, k in sorted(due):
            if deadline <= now:
                self._fired.add((segment.index, k))
                self._outbox.append(CueDue(segment.cues[k].name, deadline, segment.index))

    def _enter(self, index: int, at: float) -> None:
        self.index = index
        self._seg_start = at
        self._fired = {key for key in self._fired if key[0] != index}
        self._extra.pop(index, None)
        segment = self.segments[index]
        if self.timeline.block_starts[segment.block] == index:
            self._record_start[segment.block] = at
        self._outbox.append(SegmentStarted(segment, at))
        if segment.kind == "finish":
            self.status[index] = "done"
            self._fire_due(at)
            self.finished = True
            self._outbox.append(SessionFinished(at))

    def _complete(self, at: float) -> None:
        """The current segment ran its course: it is done, the next begins at `at`."""
        segment = self.current
        self.status[segment.index] = "done"
        if segment.last_of_record:
            self._record(segment, at)
        self._enter(segment.index + 1, at)

    # --- the user acts ----------------------------------------------------------------

    def pause(self, at: float | None = None) -> None:
        """Stop every clock now, or at `at` (a moment already passed: a suspended process
        pauses from the instant it was stopped, and nothing after it counts)."""
        if self.started and not self.finished and not self.paused:
            moment = self.clock() if at is None else at
            self.poll_into_outbox(moment)
            if not self.finished:
                self._paused_at = moment

    def resume(self) -> None:
        if self._paused_at is not None:
            held = self.clock() - self._paused_at
            self._seg_start += held
            self._paused_total += held
            self._paused_at = None

    def toggle_pause(self) -> bool:
        """Pause or resume; returns True when now paused."""
        if self.paused:
            self.resume()
        else:
            self.pause()
        return self.paused

    def poll_into_outbox(self, now: float | None = None) -> None:
        """Bring the state up to the present without handing events out yet."""
        events = self.poll(now)
        self._outbox = events + self._outbox

    def skip(self) -> None:
        """Leave the current block now (its unfinished segments count as skipped)."""
        if not self.started or self.finished:
            return
        self.poll_into_outbox()
        if self.finished:
            return
        now = self.now()
        block = self.timeline.block_of(self.index)
        for i in range(self.index, block.stop):
            self.status[i] = "skipped"
        ending = self.segments[block.stop - 1]
        if ending.last_of_record:
            self._record(ending, now)
        self._jump(block.stop, now)

    def finish_manual(self, reps: int | None = None) -> bool:
        """Enter: end a manual set as done (with its planned reps, or `reps`), or start now
        from a get-ready. False if neither."""
        if not self.started or self.finished:
            return False
        self.poll_into_outbox()
        segment = self.current
        now = self.now()
        if segment.kind == "manual":
            self.status[segment.index] = "done"
            if reps is None:
                reps = segment.reps
                if segment.rep_seconds:  # an AMRAP set: the target, and every rep since
                    reps += int(max(0.0, now - self._seg_start) // segment.rep_seconds)
            self._manual_reps[segment.index] = max(0, reps)
            self._record(segment, now)
            self._jump(segment.index + 1, now)
            return True
        if segment.kind in ("get_ready", "switch"):
            self.status[segment.index] = "skipped"
            self._jump(segment.index + 1, now)
            return True
        return False

    def back(self) -> None:
        """Restart the current work block, or go to the one before it (with its get-ready)."""
        if not self.started:
            return
        self.poll_into_outbox()
        now = self.now()
        block = self.timeline.block_of(self.index)
        since = now - self._record_start.get(self.current.block, now)
        if self.current.is_work and since > BACK_RESTART_AFTER and not self.finished:
            target = block.start
        else:
            target = self._previous_work_block(block.start)
        target = self._with_lead_in(target)
        for i in range(target, len(self.segments)):
            self.status[i] = "pending"
        self.finished = False
        self._jump(target, now)

    def _previous_work_block(self, before: int) -> int:
        for i in range(before - 1, -1, -1):
            if self.segments[i].is_work:
                return self.timeline.block_of(i).start
        return 0

    def _with_lead_in(self, start: int) -> int:
        """Step back over the get-ready (or side switch) that leads into a work block."""
        if start > 0 and self.segments[start - 1].kind in ("get_ready", "switch"):
            return self.timeline.block_of(start - 1).start
        return start

    def adjust_rest(self, seconds: int) -> bool:
        """Add (or with a negative number take) seconds from the current rest."""
        if not self.started or self.finished or self.current.kind != "rest":
            return False
        self.poll_into_outbox()
        if self.current.kind != "rest":
            return False
        now = self.now()
        end = self.deadline()
        assert end is not None
        if end + seconds <= now:
            self.status[self.index] = "done"
            self._jump(self.index + 1, now)
            return True
        index = self.index
        self._extra[index] = self._extra.get(index, 0) + seconds
        segment = self.current
        for k, cue in enumerate(segment.cues):
            if not cue.from_end:
                continue
            # A countdown that moved into the future sounds again at its new time; one
            # that moved into the past is passed over rather than played late.
            if self._cue_deadline(segment, k) > now:
                self._fired.discard((index, k))
            else:
                self._fired.add((index, k))
        return True

    # --- internals ------------------------------------------------------------------

    def _jump(self, index: int, now: float) -> None:
        if self.paused:
            self._paused_at = now
        self._enter(index, now)
        if not self.paused:
            self._fire_due(now)

    def _record(self, last: Segment, at: float) -> None:
        """Report the set (or interval block) that `last` closes."""
        if last.round_no:
            indices = [s.index for s in self.segments if s.entry == last.entry and s.kind == "work"]
            first_block = self.segments[indices[0]].block
            rounds_done = sum(1 for i in indices if self.status[i] == "done")
            reps_done = rounds_done * last.reps
            skipped = rounds_done == 0
            start = self._record_start.get(first_block, at)
            planned_reps = last.reps * last.rounds
        else:
            block = self.timeline.block_of(last.index)
            members = [self.segments[i] for i in block]
            # A rep counts when every one of its phases ran to the end.
            unfinished = {s.rep_no for s in members if self.status[s.index] != "done"}
            reps_done = len({s.rep_no for s in members} - unfinished)
            if last.kind == "manual" and last.rep_seconds:
                # An AMRAP set: Enter gives the reps; cut short, the counted reps stand.
                done = self.status[last.index] == "done"
                counted = len({s.rep_no for s in members if s.kind == "rep"} - unfinished)
                reps_done = self._manual_reps.get(last.index, counted) if done else counted
                skipped = reps_done == 0 and not done
            elif last.kind == "manual":
                done = self.status[last.index] == "done"
                reps_done = self._manual_reps.get(last.index, last.reps) if done else 0
                skipped = not done  # a manual set done with 0 reps is a failed set
            else:
                # Cut short after some reps is still a set done, with those reps.
                skipped = reps_done == 0
            start = self._record_start.get(last.block, at)
            planned_reps = last.reps
            rounds_done = 0
        self._outbox.append(
            SetResult(
                entry=last.entry,
                exercise=last.exercise,
                title=last.title,
                load=last.load,
                set_no=last.set_no,
                side=last.side,
                reps_planned=planned_reps,
                reps_done=reps_done,
                rounds_planned=last.rounds,
                rounds_done=rounds_done,
                started=start,
                ended=at,
                skipped=skipped,
                warmup=last.warmup,
            )
        )
