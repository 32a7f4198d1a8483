"""One workout in progress: the runner, and where its events go.

The app and the plain mode both drive a `LiveRun`. It owns the runner and sends every
event to the one place it belongs: a due cue to the sound player (with its deadline, so
a late cue is dropped rather than played late), a finished set to the journal the moment
it ends, and both into the tally the summary shows.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Protocol

from coach.domain.loading import LoadedSession
from coach.domain.runner import (
    Clock,
    CueDue,
    Event,
    Runner,
    SegmentStarted,
    SessionFinished,
    SetResult,
)
from coach.domain.timeline import Timeline, compile_timeline
from coach.interface.sound_port import Journal, NoJournal, SilentPlayer, SoundPlayer, Voice

SetKey = tuple[int, int, str | None]  # entry, set number, side


@dataclass(frozen=True)
class Beginning:
    """What a workout starts from: the timeline (with today's targets), where in it to
    start (a resumed run starts later), where finished sets go, and per exercise a line
    of advice ("last time ... · today ...") to show before its sets."""

    timeline: Timeline
    at_segment: int = 0
    journal: Journal | None = None
    advice: Mapping[int, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()  # said once as the workout opens ("carrying on from ...")


class Starter(Protocol):
    """How a workout begins. Both calls may be slow (they read the history): the app
    makes them off the event loop."""

    def unfinished(self, loaded: LoadedSession) -> str | None:
        """An earlier run of this session that stopped part-way, described for a person
        ("an unfinished run from Mon 3 Jun 18:02 (5 of 15 sets done)"), or None."""
        ...

    def begin(self, loaded: LoadedSession, resume: bool) -> Beginning:
        """Start a run: carry on the unfinished one when `resume`, else a fresh one."""
        ...


class FromTheFile:
    """The file as written, from its first set, keeping nothing."""

    def unfinished(self, loaded: LoadedSession) -> str | None:
        return None

    def begin(self, loaded: LoadedSession, resume: bool) -> Beginning:
        return Beginning(compile_timeline(loaded))


@dataclass(frozen=True)
class ExerciseTally:
    """How one exercise of the session went."""

    entry: int
    title: str
    load: str
    interval: bool  # an interval or EMOM block: rounds, not sets
    planned: int  # sets (both sides count as one each), or rounds
    done: int
    skipped: int
    reps_done: int


class LiveRun:
    def __init__(
        self,
        loaded: LoadedSession,
        beginning: Beginning,
        *,
        clock: Clock = time.monotonic,
        player: SoundPlayer | None = None,
        on_warning: Callable[[str], None] | None = None,
        voice: Voice | None = None,
    ) -> None:
        self.loaded = loaded
        self.beginning = beginning
        self.timeline = beginning.timeline
        self.clock = clock
        self.runner = Runner(self.timeline, clock)
        self.player: SoundPlayer = player or SilentPlayer()
        self.journal: Journal = beginning.journal or NoJournal()
        self.on_warning = on_warning
        self.results: dict[SetKey, SetResult] = {}
        self.started_at: float | None = None
        self.finished_at: float | None = None
        self._journal_failed = False
        self.final_warnings: list[str] = []  # from closing, for after the screen is gone
        self.correctable: SetResult | None = None  # the set just ended, while its rest runs
        self._closed = False
        self.voice = voice  # speaks in the gaps; told where the runner is after each poll

    @property
    def name(self) -> str:
        return self.loaded.session.name

    @property
    def keeps_history(self) -> bool:
        """True when finished sets go somewhere that lasts (so the screen may say so)."""
        return not isinstance(self.journal, NoJournal)

    @property
    def emom_entries(self) -> frozenset[int]:
        """The session's EMOM entries (their rounds are minutes)."""
        exercises = self.loaded.session.exercises
        return frozenset(i for i, e in enumerate(exercises) if e.emom is not None)

    # --- the clock moves --------------------------------------------------------------

    def start(self) -> list[Event]:
        self.started_at = self.clock()
        if self.voice is not None:
            self.voice.open(
                self.timeline,
                start=self.beginning.at_segment,
                emom=self.emom_entries,
                sets_done=self._sets_done,
            )
        self.runner.start(at_segment=self.beginning.at_segment)
        return self.poll()

    def poll(self) -> list[Event]:
        """Bring the runner to the present and deliver what happened; returns the events."""
        events = self.runner.poll()
        for event in events:
            self._deliver(event)
        if self.voice is not None:
            self.voice.follow(self.runner, events)
        self._pass_on_journal_warnings()
        return events

    def _sets_done(self) -> int:
        return sum(1 for r in self.results.values() if not r.skipped and not r.rounds_planned)

    def _pass_on_journal_warnings(self) -> None:
        # The journal writes in the background; what went wrong there surfaces here.
        take = getattr(self.journal, "take_warnings", None)
        if take is None or self.on_warning is None:
            return
        for message in take():
            self.on_warning(f"History: {message}")

    def _deliver(self, event: Event) -> None:
        if isinstance(event, CueDue):
            self.player.play(event.name, event.deadline, self.clock())
        elif isinstance(event, SetResult):
            self.results[(event.entry, event.set_no, event.side)] = event
            self._save(event)
            counted = not event.skipped and not event.rounds_planned
            self.correctable = event if counted and self.can_correct else None
        elif isinstance(event, SegmentStarted):
            if event.segment.kind != "rest":
                self.correctable = None
        elif isinstance(event, SessionFinished):
            self.finished_at = event.at

    def _save(self, result: SetResult) -> None:
        try:
            self.journal.set_finished(result)
        except Exception as exc:
            # The workout goes on; the person hears about it once, not on every set.
            if not self._journal_failed and self.on_warning is not None:
                self.on_warning(f"History: this set could not be saved ({exc}).")
            self._journal_failed = True

    # --- after a set: what was really done ----------------------------------------------

    @property
    def can_correct(self) -> bool:
        """True when the journal takes corrections (the history store does)."""
        return callable(getattr(self.journal, "correct", None))

    def correct(self, text: str, result: SetResult | None = None) -> str:
        """Apply what the person typed about a set ("8", "8 @ 57.5 kg", "@60"): by default
        the one whose rest is running. Returns a line saying what is now recorded; raises
        CorrectionError (its message says what to type) when the text is neither reps nor
        a load, and LookupError when there is no set to correct."""
        from coach.domain.load import LoadError, parse_load
        from coach.services.journal import parse_correction

        target = result or self.correctable
        correct = getattr(self.journal, "correct", None)
        if target is None or not callable(correct):
            raise LookupError("there is no finished set to correct just now")
        try:
            unit = parse_load(target.load).unit if target.load else None
        except LoadError:
            unit = None
        change = parse_correction(text, unit or "kg")
        if change.reps_done is None and change.load is None:
            return self.describe(target)
        correct(target.entry, target.set_no, target.side, change.reps_done, change.load)
        reps = target.reps_done if change.reps_done is None else change.reps_done
        load = target.load if change.load is None else str(change.load)
        fixed = replace(target, reps_done=reps, load=load)
        self.results[(target.entry, target.set_no, target.side)] = fixed
        if self.correctable is target:
            self.correctable = fixed
        return self.describe(fixed)

    @staticmethod
    def describe(result: SetResult) -> str:
        """ "Hip thrust set 2: 8 of 10 reps @ 80 kg"."""
        side = f" {result.side}" if result.side else ""
        load = f" @ {result.load}" if result.load else ""
        return (
            f"{result.title} set {result.set_no}{side}: "
            f"{result.reps_done} of {result.reps_planned} reps{load}"
        )

    # --- reading ----------------------------------------------------------------------

    def time_taken(self) -> tuple[float, float]:
        """(active time, paused time) from the start to the finish (or to now)."""
        if self.started_at is None:
            return 0.0, 0.0
        end = self.finished_at if self.finished_at is not None else self.runner.now()
        active = self.runner.elapsed(end)
        return active, max(0.0, end - self.started_at - active)

    def tally(self) -> list[ExerciseTally]:
        """Per exercise: sets (or rounds) planned, done and skipped, in session order."""
        tallies = []
        for entry_no, entry in enumerate(self.loaded.session.exercises):
            segments = [s for s in self.timeline.segments if s.entry == entry_no]
            if not segments:
                continue
            first = segments[0]
            keys = {(s.set_no, s.side) for s in segments if s.last_of_record}
            found = [self.results[(entry_no, *k)] for k in keys if (entry_no, *k) in self.results]
            # A resumed run starts after sets an earlier sitting finished (and recorded).
            earlier = sum(
                1
                for s in segments
                if s.last_of_record
                and s.index < self.beginning.at_segment
                and (entry_no, s.set_no, s.side) not in self.results
            )
            interval = entry.kind != "sets"
            if interval:
                planned = sum(r.rounds_planned for r in found) or max(
                    (s.rounds for s in segments), default=0
                )
                done = sum(r.rounds_done for r in found) + (planned if earlier else 0)
                skipped = planned - done
            else:
                planned = len(keys)
                done = sum(1 for r in found if not r.skipped) + earlier
                skipped = planned - done
            tallies.append(
                ExerciseTally(
                    entry=entry_no,
                    title=first.title,
                    load=first.load,
                    interval=interval,
                    planned=planned,
                    done=done,
                    skipped=skipped,
                    reps_done=sum(r.reps_done for r in found),
                )
            )
        return tallies

    # --- the end ----------------------------------------------------------------------

    def close(self) -> None:
        """Stop sound and close the journal; safe to call twice."""
        if self._closed:
            return
        self._closed = True
        with contextlib.suppress(Exception):
            self.runner.pause()
        try:
            self.journal.close()
        except Exception as exc:
            self.final_warnings.append(f"History: could not close the journal ({exc}).")
        take = getattr(self.journal, "take_warnings", None)
        if take is not None:
            self.final_warnings += [f"History: {message}" for message in take()]
        if self.voice is not None:
            with contextlib.suppress(Exception):
                self.voice.close()
        with contextlib.suppress(Exception):
            self.player.close()
