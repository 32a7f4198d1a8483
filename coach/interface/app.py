"""The full-screen coach: a picker of sessions, the live workout, and its summary.

Build it with `make_app(...)`; the commands and the tests both do. Everything with a
side effect comes in through the factory: the clock (tests pass one they move by hand),
the sound player, and how a workout begins (today's targets, where a resumed run picks
up, the journal that keeps each finished set).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from coach.domain.durations import format_duration
from coach.domain.loading import LoadedSession
from coach.domain.runner import Clock
from coach.interface.live import FromTheFile, LiveRun, Starter
from coach.interface.screens.picker import Advisor, PickerScreen
from coach.interface.screens.resume import ResumeScreen
from coach.interface.screens.summary import summary_line
from coach.interface.screens.waiting import WaitingScreen
from coach.interface.screens.workout import WorkoutScreen
from coach.interface.sound_port import SoundPlayer
from coach.interface.wording import stopped_where
from coach.services.catalog import SessionRef, list_sessions

SoundFactory = Callable[[LoadedSession], SoundPlayer]

REDRAW_EVERY = 0.1
"""Seconds between redraws. Each one reads the count from the runner's deadlines."""


@dataclass(frozen=True)
class _Question:
    """A workout waiting for an answer: carry on the unfinished run, or start over?"""

    loaded: LoadedSession
    player: SoundPlayer | None
    offer: str


@dataclass(frozen=True)
class Outcome:
    """How the app ended, for the line printed once the terminal is back."""

    session: str
    finished: bool
    line: str


class CoachApp(App[Outcome | None]):
    CSS_PATH = "coach.tcss"
    TITLE = "coach"
    # Ctrl-C is how people leave a terminal program: it stops at once and cleanly (the
    # finished sets are already kept) instead of Textual's "press ctrl+q" hint.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+c", "stop", "Stop", show=False, priority=True, system=True),
        Binding("ctrl+q", "stop", "Stop", show=False, priority=True, system=True),
    ]

    def __init__(
        self,
        *,
        session: LoadedSession | None,
        sessions: Sequence[SessionRef],
        clock: Clock,
        sound: SoundFactory | None,
        starter: Starter | None,
        resume: bool | None,
        redraw_every: float = REDRAW_EVERY,
    ) -> None:
        super().__init__()
        self.first_session = session
        self.sessions = list(sessions)
        self.clock = clock
        self.sound_factory = sound
        self.starter: Starter = starter or FromTheFile()
        self.resume = resume
        self.redraw_every = redraw_every
        self.live: LiveRun | None = None
        self._loop_thread: int | None = None
        self._leaving = False

    # --- start ------------------------------------------------------------------------

    def on_mount(self) -> None:
        self._loop_thread = threading.get_ident()
        if self.first_session is not None:
            self.start_session(self.first_session)
        else:
            advisor = self.starter if isinstance(self.starter, Advisor) else None
            self.push_screen(PickerScreen(self.sessions, advisor))

    def start_session(self, loaded: LoadedSession) -> None:
        """Begin a workout: get sound and history ready off the event loop, then go."""
        self.push_screen(WaitingScreen(loaded.session.name))
        self._prepare(loaded)

    @work(thread=True, exclusive=True, group="prepare", exit_on_error=False)
    def _prepare(self, loaded: LoadedSession) -> LiveRun | _Question:
        # Choosing an audio device or reading the history may take a moment.
        player = self.sound_factory(loaded) if self.sound_factory else None
        resume = self.resume
        if resume is None:
            offer = self.starter.unfinished(loaded)
            if offer is not None:
                return _Question(loaded, player, offer)
            resume = False
        return self._live(loaded, player, resume)

    def _live(self, loaded: LoadedSession, player: SoundPlayer | None, resume: bool) -> LiveRun:
        beginning = self.starter.begin(loaded, resume)
        return LiveRun(loaded, beginning, clock=self.clock, player=player, on_warning=self.warn)

    @work(thread=True, exclusive=True, group="prepare", exit_on_error=False)
    def _answered(self, question: _Question, resume: bool) -> LiveRun:
        return self._live(question.loaded, question.player, resume)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.group != "prepare":
            return
        if worker.state == WorkerState.SUCCESS:
            result = worker.result
            if isinstance(result, LiveRun):
                self._begin(result)
            elif isinstance(result, _Question):
                question = result

                def answered(resume: bool | None) -> None:
                    self._answered(question, bool(resume))

                self.push_screen(ResumeScreen(question.offer), answered)
        elif worker.state == WorkerState.ERROR:
            # A workout that cannot start is told in one line, and the person is back
            # where they were.
            message = str(worker.error) or type(worker.error).__name__
            if self.first_session is not None:
                self.exit(Outcome("", False, f"coach: {message}"), return_code=1)
            else:
                self.pop_screen()
                self.notify(message, title="Cannot start", severity="error", timeout=10)

    def _begin(self, live: LiveRun) -> None:
        self.live = live
        self.switch_screen(WorkoutScreen(live, redraw_every=self.redraw_every))
        for note in live.beginning.notes:
            self.notify(note, timeout=6)

    # --- the tests' way in --------------------------------------------------------------

    def tick(self) -> None:
        """Poll the runner now and redraw (tests call this after moving their clock)."""
        for screen in self.screen_stack:
            if isinstance(screen, WorkoutScreen):
                screen.tick()

    # --- what the sound player asks for ------------------------------------------------

    def warn(self, message: str) -> None:
        """A one-line warning in a toast; safe from any thread."""
        if threading.get_ident() == self._loop_thread:
            self.notify(message, severity="warning", timeout=8)
        else:
            self.call_from_thread(self.notify, message, severity="warning", timeout=8)

    def ring(self) -> None:
        """The terminal bell, rung through the app's own output; safe from any thread."""
        if threading.get_ident() != self._loop_thread:
            self.call_from_thread(self.bell)
        else:
            self.bell()

    def flash(self) -> None:
        """The terminal bell's visual half: the workout panel blinks once."""
        if threading.get_ident() != self._loop_thread:
            self.call_from_thread(self.flash)
            return
        panels = self.screen.query("#panel")
        if not panels:
            return  # only the workout screen has a panel to blink
        panel = panels.first()
        panel.add_class("-flash")
        self.set_timer(0.15, lambda: panel.remove_class("-flash"))

    # --- leaving ----------------------------------------------------------------------

    def leave(self, outcome: Outcome | None = None) -> None:
        """Stop the workout, close the journal (off the loop: it writes what is left)
        and the sound, then exit."""
        if self._leaving:
            return
        self._leaving = True
        if outcome is None:
            outcome = self._outcome()
        live = self.live
        if live is None:
            self.exit(outcome)
            return
        live.runner.pause()
        self._close_then_exit(live, outcome)

    @work(thread=True, group="leave")
    def _close_then_exit(self, live: LiveRun, outcome: Outcome | None) -> None:
        try:
            live.close()
        finally:
            self.call_from_thread(self.exit, outcome)

    def _outcome(self) -> Outcome | None:
        live = self.live
        if live is None:
            return None
        if live.runner.finished:
            return Outcome(live.name, True, summary_line(live))
        active, _paused = live.time_taken()
        done = sum(t.done for t in live.tally() if not t.interval)
        where = stopped_where(live.runner, live.emom_entries)
        sets = f"{done} set{'' if done == 1 else 's'} done"
        kept = " and kept" if live.keeps_history and done else ""
        return Outcome(
            live.name,
            False,
            f"{live.name}: stopped{where} after {format_duration(active)}; {sets}{kept}.",
        )

    def action_stop(self) -> None:
        self.leave()

    def action_request_quit(self) -> None:
        """q: during a workout, ask first; anywhere else, leave."""
        if isinstance(self.screen, WorkoutScreen):
            self.screen.action_quit_workout()
        else:
            self.leave()

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        if isinstance(screen, WorkoutScreen):
            yield from screen.commands()
        for command in super().get_system_commands(screen):
            if command.title != "Quit":  # ours asks first during a workout
                yield command
        yield SystemCommand("Quit", "Leave coach; finished sets are kept", self.action_request_quit)


def make_app(
    *,
    session: LoadedSession | None = None,
    sessions: Sequence[SessionRef] | None = None,
    clock: Clock = time.monotonic,
    sound: SoundFactory | None = None,
    starter: Starter | None = None,
    resume: bool | None = None,
    redraw_every: float = REDRAW_EVERY,
) -> CoachApp:
    """The app, with every outside part passed in.

    `session`: start this workout at once (`coach run`); without it, the picker opens
    on `sessions` (default: every bundled and user session). `clock`: the one source of
    time for the runner and the screen. `sound(loaded)` returns the cue player;
    `starter` reads the history (today's targets, an unfinished run, the journal that
    keeps each set); both are used in a worker thread when a workout starts. Without
    them the workout is silent, runs the file as written, and keeps nothing. `resume`:
    True carries on an unfinished run, False starts over, None asks when there is one.
    """
    if session is None and sessions is None:
        sessions = list_sessions()
    return CoachApp(
        session=session,
        sessions=sessions or [],
        clock=clock,
        sound=sound,
        starter=starter,
        resume=resume,
        redraw_every=redraw_every,
    )
