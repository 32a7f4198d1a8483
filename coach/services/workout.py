"""One workout in progress: the only thing the faces (the app, the plain mode, the
benchmark) talk to.

A `Workout` owns the runner, the journal and the sound player. Every action (done,
skip, back, pause, resume, rest ±, correct) first brings the clock to the present and
delivers what happened (a due cue to the speaker, a finished set to the journal), then
acts, delivers again, and returns a `Frame`: what happened and when to wake next. A face
never touches the runner or the journal, so no set can fall between a face's call and
its next poll.

A suspended process (Ctrl-Z, SIGTSTP) is a pause from the instant it stopped:
`note_suspended` is safe to call from a signal handler, and freezes the workout's clock
at that instant until the next action turns it into a pause.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from coach.domain.corrections import parse_correction
from coach.domain.cue_plan import PlannedCue, upcoming_cues
from coach.domain.load import Load, LoadError, parse_load
from coach.domain.loading import LoadedSession
from coach.domain.personal_records import announce
from coach.domain.plausible import implausible
from coach.domain.records import SetKey
from coach.domain.runner import (
    Clock,
    CueDue,
    Event,
    Runner,
    SegmentStarted,
    SessionFinished,
    SetResult,
    View,
)
from coach.domain.sets import (
    EntryCount,
    Logged,
    Totals,
    corrected,
    count,
    keeps_earlier,
    planned_sets,
    totals,
)
from coach.domain.timeline import Segment, Timeline, compile_timeline
from coach.services.alerts import Alerts
from coach.services.ports import Journal, NoJournal, SilentPlayer, SoundPlayer, Voice


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
    # Entry → its load as a set shows it (nearest loadable weight, plates per side).
    loads: Mapping[tuple[int, str], str] = field(default_factory=dict)


@dataclass(frozen=True)
class Offer:
    """An earlier run of the session that stopped part-way, described for a person
    ("an unfinished run from Mon 3 Jun 18:02 (5 of 15 sets done)"). `held_by`: the
    process id of another coach training it right now (then it cannot be carried on,
    only waited for, or left alone by starting a separate run)."""

    text: str
    held_by: int | None = None


class Starter(Protocol):
    """How a workout begins. Both calls may be slow (they read the history): the app
    makes them off the event loop."""

    def unfinished(self, loaded: LoadedSession) -> Offer | None:
        """The run an earlier sitting left unfinished, if any."""
        ...

    def begin(self, loaded: LoadedSession, resume: bool) -> Beginning:
        """Start a run: carry on the unfinished one when `resume`, else a fresh one.
        Raises RunBusy when that run is held by another coach."""
        ...


class FromTheFile:
    """The file as written, from its first set, keeping nothing."""

    def unfinished(self, loaded: LoadedSession) -> Offer | None:
        return None

    def begin(self, loaded: LoadedSession, resume: bool) -> Beginning:
        return Beginning(compile_timeline(loaded))


@dataclass(frozen=True)
class Frame:
    """What an action (or the clock) did: the events in order, whether the action did
    anything, and the clock time to wake next (None: nothing is scheduled)."""

    events: list[Event]
    wake: float | None
    acted: bool = True

    @property
    def finished(self) -> bool:
        return any(isinstance(e, SessionFinished) for e in self.events)


class NeedsConfirmation(ValueError):
    """A correction whose load looks wrong; the message names both numbers."""


class NothingToCorrect(LookupError):
    """No such set in this run (yet)."""


class Workout:
    def __init__(
        self,
        loaded: LoadedSession,
        beginning: Beginning,
        *,
        clock: Clock = time.monotonic,
        player: SoundPlayer | None = None,
        on_warning: Callable[[str], None] | None = None,
        alerts: Alerts | None = None,
        voice: Voice | None = None,
    ) -> None:
        self.loaded = loaded
        self.beginning = beginning
        self.timeline = beginning.timeline
        self.clock = clock
        self._suspended_at: float | None = None
        self.runner = Runner(self.timeline, self._now)
        self.player: SoundPlayer = player or SilentPlayer()
        self.journal: Journal = beginning.journal or NoJournal()
        self.on_warning = on_warning
        self.alerts = alerts  # title, flash, notifications, keep-awake
        self.voice = voice  # speaks in the gaps; told where the run is after each poll
        self.planned = planned_sets(self.timeline)
        self._planned_keys = {p.key for p in self.planned}
        # Every set of the run, earlier sittings included, as the log has it now.
        self.logged: dict[SetKey, Logged] = {
            k: v for k, v in self.journal.earlier().items() if k in self._planned_keys
        }
        self.started_at: float | None = None
        self.finished_at: float | None = None
        self.correctable: SetKey | None = None  # the set whose rest is running
        self.suspended = False  # the last action turned a suspension into a pause
        self._journal_failed = False
        self.final_warnings: list[str] = []
        # Sets the history file did not take, kept in a file beside it: (count, path).
        self.kept_aside: tuple[int, str] | None = None
        self._closed = False

    # --- reading ----------------------------------------------------------------------

    @property
    def name(self) -> str:
        return self.loaded.session.name

    @property
    def keeps_history(self) -> bool:
        return bool(self.journal.keeps)

    @property
    def can_correct(self) -> bool:
        return self.keeps_history

    @property
    def emom_entries(self) -> frozenset[int]:
        exercises = self.loaded.session.entries
        return frozenset(i for i, e in enumerate(exercises) if e.emom is not None)

    @property
    def current(self) -> Segment:
        return self.runner.current

    @property
    def paused(self) -> bool:
        return self.runner.paused

    @property
    def finished(self) -> bool:
        return self.runner.finished

    @property
    def started(self) -> bool:
        return self.runner.started

    @property
    def origin(self) -> float:
        """The clock time the run began: every planned offset counts from it."""
        return self.runner.started_at

    def view(self) -> View:
        return self.runner.view()

    def next_wakeup(self) -> float | None:
        return self.runner.next_wakeup()

    def upcoming_cues(self, until: float) -> list[PlannedCue]:
        """The cues due from now up to `until` (for a player that schedules ahead)."""
        return upcoming_cues(self.runner, until)

    def elapsed(self, at: float | None = None) -> float:
        return self.runner.elapsed(at)

    def open_ended_ahead(self) -> bool:
        return self.runner.open_ended_ahead()

    def counts(self) -> list[EntryCount]:
        """Per exercise, every sitting of the run: planned, done, skipped."""
        return count(self.planned, self.logged)

    def totals(self) -> Totals:
        return totals(self.counts())

    def time_taken(self) -> tuple[float, float]:
        """(active time, paused time) of this sitting, from its start to the finish (or
        to now)."""
        if self.started_at is None:
            return 0.0, 0.0
        end = self.finished_at if self.finished_at is not None else self.runner.now()
        active = self.runner.elapsed(end)
        return active, max(0.0, end - self.started_at - active)

    def describe(self, key: SetKey) -> str:
        logged = self.logged.get(key)
        if logged is None:
            raise NothingToCorrect("that set has not been done yet")
        return logged.describe()

    def done_sets(self) -> list[Logged]:
        """The run's recorded sets, in session order (for the summary's list)."""
        order = {p.key: n for n, p in enumerate(self.planned)}
        return sorted(self.logged.values(), key=lambda x: order.get(x.key, len(order)))

    # --- the clock --------------------------------------------------------------------

    def _now(self) -> float:
        # Frozen at the instant the process was stopped, until that becomes a pause.
        stopped = self._suspended_at
        now = self.clock()
        return now if stopped is None else min(stopped, now)

    def note_suspended(self, at: float | None = None) -> None:
        """The process is being stopped (SIGTSTP). Safe from a signal handler: one
        assignment; the next action or poll turns it into a pause from `at`."""
        if self._suspended_at is None:
            self._suspended_at = self.clock() if at is None else at

    def _settle(self) -> list[Event]:
        """Bring the run to the present and deliver what happened."""
        events: list[Event] = []
        stopped = self._suspended_at
        if stopped is not None:
            if self.runner.started and not self.runner.paused:
                self.runner.pause(at=stopped)
                self.suspended = True
            self._suspended_at = None
        events += self.runner.poll()
        for event in events:
            self._deliver(event)
        if self.voice is not None:
            self.voice.follow(self.runner, events)
        self._pass_on_journal_warnings()
        return events

    def _frame(self, before: list[Event], acted: bool = True) -> Frame:
        events = before + self._settle()
        return Frame(events, self.runner.next_wakeup(), acted)

    def start(self) -> Frame:
        self.started_at = self.clock()
        if self.voice is not None:
            self.voice.open(
                self.timeline,
                start=self.beginning.at_segment,
                emom=self.emom_entries,
                sets_done=lambda: self.totals().sets_done,
                records=lambda: len(self.new_records()),
            )
        self.runner.start(at_segment=self.beginning.at_segment)
        if self.alerts is not None:
            self.alerts.start(self.timeline, self.name, self.emom_entries)
        return self._frame([])

    def poll(self) -> Frame:
        """The clock moved: deliver what is due."""
        return self._frame([])

    def poll_holding_writes(self) -> Frame:
        """`poll()`, with the sets it ends handed to the history's writer only at
        `release_writes()` (the live screen's frame goes out first; see
        `Journal.hold_writes`). When it ended none, nothing is held."""
        self.journal.hold_writes()
        try:
            return self.poll()
        finally:
            if not self.writes_held:
                self.release_writes()

    @property
    def writes_held(self) -> bool:
        return bool(self.journal.writes_held)

    def release_writes(self, then: Callable[[], None] | None = None) -> None:
        """Hand the sets held to the history's writer; `then`, when given, is called
        (on any thread, never waited for here) once they are written or have failed."""
        with contextlib.suppress(Exception):  # what went wrong comes back as a warning
            self.journal.release_writes()
        if then is not None:
            try:
                self.journal.after_writes(then)
            except Exception:
                then()

    # --- the person acts ----------------------------------------------------------------

    def done(self) -> Frame:
        """Enter: a manual set is done (with its planned reps), a get-ready starts now."""
        before = self._settle()
        return self._frame(before, self.runner.finish_manual())

    def done_with(self, reps: int) -> Frame:
        """A manual set ended with the reps the person typed (0: a failed set)."""
        before = self._settle()
        acted = self.runner.current.kind == "manual" and self.runner.finish_manual(reps)
        return self._frame(before, acted)

    def skip(self) -> Frame:
        """n: leave the current set (with the reps counted so far), rest or round."""
        before = self._settle()
        acted = self.runner.started and not self.runner.finished
        self.runner.skip()
        return self._frame(before, acted)

    def back(self) -> Frame:
        before = self._settle()
        self.runner.back()
        if self.runner.finished is False:
            self.finished_at = None
        return self._frame(before)

    def pause(self) -> Frame:
        before = self._settle()
        acted = self.runner.started and not self.runner.finished and not self.runner.paused
        self.runner.pause()
        return self._frame(before, acted)

    def resume(self) -> Frame:
        before = self._settle()
        acted = self.runner.paused
        self.runner.resume()
        self.suspended = False
        return self._frame(before, acted)

    def toggle_pause(self) -> Frame:
        """Space: pause, or go on when paused."""
        before = self._settle()
        if self.runner.paused:
            self.runner.resume()
            self.suspended = False
        else:
            self.runner.pause()
        return self._frame(before)

    def toggle_voice(self) -> bool | None:
        """v: speech off or on again (the beeps go on); True when now off, None when
        this workout has no voice."""
        if self.voice is None:
            return None
        return self.voice.toggle()

    def adjust_rest(self, seconds: int) -> Frame:
        before = self._settle()
        return self._frame(before, self.runner.adjust_rest(seconds))

    # --- what was really done ------------------------------------------------------------

    def correct(self, text: str, key: SetKey | None = None, *, confirmed: bool = False) -> str:
        """Apply what the person typed about a set ("8", "8 @ 57.5 kg", "@60"): by default
        the one whose rest is running. Returns the line now recorded. Raises
        CorrectionError (its message says what to type), NothingToCorrect, and
        NeedsConfirmation for a load far from the plan (unless `confirmed`)."""
        self._settle()
        target = key if key is not None else self.correctable
        logged = self.logged.get(target) if target is not None else None
        if logged is None or not self.can_correct:
            raise NothingToCorrect("there is no finished set to correct just now")
        planned = _load_or_none(logged.load)
        change = parse_correction(text, planned.unit if planned and planned.unit else "kg")
        if change.empty:
            return logged.describe()
        if change.load is not None and not confirmed:
            planned_for = self._planned_load(logged.key)
            problem = implausible(planned_for, change.load)
            if problem is not None:
                raise NeedsConfirmation(problem)
        load = None if change.load is None else str(change.load)
        fixed = corrected(
            logged, change.reps_done, load, rpe=change.rpe, rir=change.rir, note=change.note
        )
        self._apply(fixed)
        return fixed.describe()

    def new_records(self) -> list[str]:
        """The personal records this run beat, a line per exercise ("New record · Hip
        thrust: estimated 1RM 95.3 kg (was 90 kg)"); worked out from memory, at once."""
        try:
            return announce(self.journal.new_records())
        except Exception as exc:
            self._warn_once(f"History: records could not be worked out ({exc}).")
            return []

    def note_session(self, text: str) -> None:
        """Keep a note on the whole session ("slept badly"); blank text keeps none."""
        note = " ".join(text.split())
        if not note:
            return
        try:
            self.journal.note_run(note)
        except Exception as exc:
            self._warn_once(f"History: the session note could not be saved ({exc}).")

    def _planned_load(self, key: SetKey) -> Load | None:
        for planned in self.planned:
            if planned.key == key:
                return _load_or_none(planned.load)
        return None

    def _apply(self, fixed: Logged) -> None:
        self.logged[fixed.key] = fixed
        try:
            self.journal.correct(fixed)
        except Exception as exc:
            self._warn_once(f"History: this correction could not be saved ({exc}).")

    # --- delivery ---------------------------------------------------------------------

    def _deliver(self, event: Event) -> None:
        if self.alerts is not None:
            self.alerts.on_event(event)
        if isinstance(event, CueDue):
            self.player.play(event.name, event.deadline, self.clock())
        elif isinstance(event, SetResult):
            self._record(event)
        elif isinstance(event, SegmentStarted):
            if event.segment.kind != "rest":
                self.correctable = None
        elif isinstance(event, SessionFinished):
            self.finished_at = event.at
            self.correctable = None
            try:
                self.journal.finish(event.at)
            except Exception as exc:
                self._warn_once(f"History: the run could not be marked finished ({exc}).")

    def _record(self, result: SetResult) -> None:
        logged = result.logged()
        earlier = self.logged.get(result.key)
        if keeps_earlier(earlier, logged):
            # Back, then next: the set was done before; skipping it again changes nothing.
            self.correctable = result.key
            return
        self.logged[result.key] = logged
        self.correctable = result.key if self.can_correct else None
        try:
            self.journal.set_finished(result)
        except Exception as exc:
            self._warn_once(f"History: this set could not be saved ({exc}).")

    def _warn_once(self, message: str) -> None:
        if not self._journal_failed and self.on_warning is not None:
            self.on_warning(message)
        self._journal_failed = True

    def _pass_on_journal_warnings(self) -> None:
        if self.on_warning is None:
            return
        for message in self.journal.take_warnings():
            self.on_warning(f"History: {message}")

    # --- the end ----------------------------------------------------------------------

    def close(self) -> None:
        """Deliver what is due, stop sound, close the journal; safe to call twice."""
        if self._closed:
            return
        self._closed = True
        with contextlib.suppress(Exception):
            self._settle()
            self.runner.pause()
        try:
            closed = self.journal.close()
        except Exception as exc:
            self.final_warnings.append(f"History: could not close the journal ({exc}).")
        else:
            count = getattr(closed, "count", 0)
            path = getattr(closed, "path", None)
            if count and path is not None:
                self.kept_aside = (int(count), str(path))
        with contextlib.suppress(Exception):
            self.final_warnings += [f"History: {m}" for m in self.journal.take_warnings()]
        if self.voice is not None:
            with contextlib.suppress(Exception):
                self.voice.close()
        with contextlib.suppress(Exception):
            self.player.close()
        if self.alerts is not None:
            with contextlib.suppress(Exception):
                self.alerts.close()


def _load_or_none(text: str) -> Load | None:
    if not text:
        return None
    try:
        return parse_load(text)
    except LoadError:
        return None
