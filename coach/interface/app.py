"""The full-screen coach: a picker of sessions, the live workout, and its summary.

Build it with `make_app(...)`; the commands and the tests both do. Everything with a
side effect comes in through the factory: the clock (tests pass one they move by hand),
the sound player, and how a workout begins (today's targets, where a resumed run picks
up, the journal that keeps each finished set).
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from types import FrameType
from typing import TYPE_CHECKING, ClassVar

from rich.console import RenderableType
from textual import events, work
from textual._compositor import CompositorUpdate
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.timer import Timer
from textual.worker import Worker, WorkerState

from coach.domain.loading import LoadedSession
from coach.domain.runner import Clock
from coach.interface import collector
from coach.interface.cell_diff import CellDiff
from coach.interface.closing import EXIT_STATUS, closing_line
from coach.interface.flash import BorderFlash, write_after_exit
from coach.interface.screens.busy import BusyScreen
from coach.interface.screens.resume import ResumeScreen
from coach.interface.screens.waiting import WaitingScreen
from coach.interface.screens.workout import WorkoutScreen
from coach.interface.widgets.notice import Notice
from coach.services.alerts import Alerts
from coach.services.journal import RunBusy
from coach.services.ports import SoundPlayer, Voice
from coach.services.workout import FromTheFile, Offer, Starter, Workout

if TYPE_CHECKING:  # loaded when used: the summary at the end, the catalog for the picker
    from textual.driver import Driver

    from coach.interface.screens.summary import SummaryScreen
    from coach.services.catalog import SessionRef

SoundFactory = Callable[[LoadedSession], SoundPlayer]
AlertsFactory = Callable[[], Alerts]
VoiceFactory = Callable[[SoundPlayer], Voice | None]

UNWRITTEN_S = 0.05
"""The longest a title or a notification waits for a frame to go with."""

REDRAW_EVERY = 1.0
"""The longest the workout screen goes without a redraw while the clock runs. It redraws
when what it shows changes (about once a second), so this is only a ceiling."""

WRITE_BEFORE_STOP_S = 0.5
"""How long a SIGTSTP waits for a set just ended to reach the history before the process
stops all the same (a locked history file: the set is then written after `fg`)."""

WAITING_AFTER_S = 0.2
"""How long getting a workout ready may take before a "Getting ready" screen says so."""


@dataclass(frozen=True)
class _Question:
    """A workout waiting for an answer: carry on the unfinished run, or start over? (Or,
    when another coach is training that run: a separate run, or wait?)"""

    loaded: LoadedSession
    player: SoundPlayer | None
    offer: Offer


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
        Binding("ctrl+q", "leave_now", "Leave", show=False, priority=True, system=True),
        Binding("ctrl+z", "suspend", "Suspend", show=False, priority=True, system=True),
        Binding("ctrl+l", "redraw", "Redraw", show=False, priority=True, system=True),
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
        alerts: AlertsFactory | None = None,
        voice: VoiceFactory | None = None,
    ) -> None:
        super().__init__()
        self.voice_factory = voice
        self.first_session = session
        self.sessions = list(sessions)
        self.clock = clock
        self.sound_factory = sound
        self.starter: Starter = starter or FromTheFile()
        self.resume = resume
        self.redraw_every = redraw_every
        self.alerts_factory = alerts
        self.border_flash = BorderFlash(clock=clock)
        self.workout: Workout | None = None
        self._loop_thread: int | None = None
        self._leaving = False
        self._tstp_before: object = None
        self._signal_loop: asyncio.AbstractEventLoop | None = None
        self._stop_waits = False  # a SIGTSTP waits for a held set to be written
        # Set once a workout stopped by a signal has closed its log: from then on the
        # process may end however Textual fares with the terminal (see run_app).
        self.closed_after_signal = threading.Event()
        self.exit_code = 0
        self._notices: list[str] = []  # warnings for a workout screen not shown yet
        self.cells = CellDiff()  # what the terminal shows: only changed cells are sent
        self._unwritten: list[str] = []  # titles and notifications for the next frame
        self._unwritten_due: asyncio.TimerHandle | None = None
        self._waiting_due: Timer | None = None  # shows "Getting ready…" if it takes long

    # --- start ------------------------------------------------------------------------

    def get_driver_class(self) -> type[Driver]:
        """Textual's driver, but in a Linux terminal one whose key thread sleeps until a
        key comes (Textual's wakes ten times a second): see coach.interface.quiet_input."""
        driver = super().get_driver_class()
        from textual.drivers.linux_driver import LinuxDriver  # loaded by Textual just now

        if driver is LinuxDriver:
            from coach.interface.quiet_input import QuietLinuxDriver

            return QuietLinuxDriver
        return driver

    def on_mount(self) -> None:
        self._loop_thread = threading.get_ident()
        self._catch_signals()
        # Back from Ctrl-Z the terminal shows something else: the next frame goes whole.
        self.app_resume_signal.subscribe(self, lambda _app: self.cells.forget())
        if self.first_session is not None:
            self.start_session(self.first_session)
        else:
            from coach.interface.screens.picker import Advisor, PickerScreen

            advisor = self.starter if isinstance(self.starter, Advisor) else None
            self.push_screen(PickerScreen(self.sessions, advisor))

    def start_session(self, loaded: LoadedSession) -> None:
        """Begin a workout: get sound and history ready off the event loop, then go.
        That usually takes less than a frame's worth of start-up; only when it takes
        longer does a "Getting ready" screen say so."""
        self._prepare(loaded)
        self._waiting_due = self.set_timer(
            WAITING_AFTER_S, lambda: self._show_waiting(loaded.session.name)
        )

    def _stop_waiting_timer(self) -> bool:
        """Drop the timer that would put up "Getting ready"; True if it had not fired."""
        due, self._waiting_due = self._waiting_due, None
        if due is None:
            return False
        due.stop()
        return True

    def _show_waiting(self, name: str) -> None:
        """Put up the "Getting ready" screen now, unless it is up already."""
        if self._stop_waiting_timer() and not self._leaving:
            self.push_screen(WaitingScreen(name))

    def _waiting_done(self) -> bool:
        """Preparing is over: True when the "Getting ready" screen is up (it is replaced
        or taken down), False when it never came (the screen below stays)."""
        return not self._stop_waiting_timer() and isinstance(self.screen, WaitingScreen)

    @work(thread=True, exclusive=True, group="prepare", exit_on_error=False)
    def _prepare(self, loaded: LoadedSession) -> Workout | _Question:
        # Choosing an audio device or reading the history may take a moment.
        player = self.sound_factory(loaded) if self.sound_factory else None
        return self._ask_or_begin(loaded, player, self.resume)

    def _ask_or_begin(
        self, loaded: LoadedSession, player: SoundPlayer | None, resume: bool | None
    ) -> Workout | _Question:
        offer = self.starter.unfinished(loaded)
        if offer is not None and offer.held_by is not None:
            if resume:
                raise RunBusy(offer.held_by)
            return _Question(loaded, player, offer)
        if resume is None and offer is not None:
            return _Question(loaded, player, offer)
        return self._workout(loaded, player, bool(resume))

    def _workout(self, loaded: LoadedSession, player: SoundPlayer | None, resume: bool) -> Workout:
        beginning = self.starter.begin(loaded, resume)
        alerts = self.alerts_factory() if self.alerts_factory is not None else None
        voice = self.voice_factory(player) if self.voice_factory and player else None
        return Workout(
            loaded,
            beginning,
            clock=self.clock,
            player=player,
            on_warning=self.warn,
            alerts=alerts,
            voice=voice,
        )

    @work(thread=True, exclusive=True, group="prepare", exit_on_error=False)
    def _answered(self, question: _Question, resume: bool) -> Workout:
        return self._workout(question.loaded, question.player, resume)

    @work(thread=True, exclusive=True, group="prepare", exit_on_error=False)
    def _wait_for(self, question: _Question) -> Workout | _Question | None:
        """Wait until the other coach lets go of the run, then ask as usual."""
        from textual.worker import get_current_worker

        worker = get_current_worker()
        while not worker.is_cancelled:
            offer = self.starter.unfinished(question.loaded)
            if offer is None or offer.held_by is None:
                return self._ask_or_begin(question.loaded, question.player, self.resume)
            time.sleep(0.5)
        return None

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.group != "prepare":
            return
        # The event's own state: by the time the events of PENDING and RUNNING are
        # handled, the worker itself may already say SUCCESS.
        if event.state == WorkerState.SUCCESS:
            result = worker.result
            if isinstance(result, Workout):
                self._begin(result)
            elif isinstance(result, _Question):
                self._ask(result)
        elif event.state == WorkerState.ERROR:
            # A workout that cannot start is told in one line, and the person is back
            # where they were.
            message = str(worker.error) or type(worker.error).__name__
            if isinstance(worker.error, RunBusy):
                message += "; start a separate run, or wait until it ends"
            if self.first_session is not None:
                self.exit(Outcome("", False, f"coach: {message}"), return_code=1)
            else:
                if self._waiting_done():
                    self.pop_screen()
                self.notify(message, title="Cannot start", severity="error", timeout=10)

    def _ask(self, question: _Question) -> None:
        self._show_waiting(question.loaded.session.name)  # under the question, and after it
        if question.offer.held_by is not None:

            def chosen(choice: str | None) -> None:
                if choice == "wait":
                    self.screen.query_one("#waiting").update(  # type: ignore[attr-defined]
                        f"{question.loaded.session.name}\n\nWaiting for process "
                        f"{question.offer.held_by} to finish this session…\n(q leaves)"
                    )
                    self._wait_for(question)
                elif choice == "separate":
                    self._answered(question, False)
                else:
                    self.leave()

            self.push_screen(BusyScreen(question.offer.text), chosen)
            return

        def answered(resume: bool | None) -> None:
            self._answered(question, bool(resume))

        self.push_screen(ResumeScreen(question.offer.text), answered)

    def _begin(self, workout: Workout) -> None:
        self.workout = workout
        screen = WorkoutScreen(workout, redraw_every=self.redraw_every, notices=self.take_notices())
        if self._waiting_done():
            self.switch_screen(screen)
        else:
            self.push_screen(screen)
        for note in workout.beginning.notes:
            self.notify(note, timeout=6)

    def on_workout_screen_finished(self, message: WorkoutScreen.Finished) -> None:
        from coach.interface.screens.summary import SummaryScreen

        self.switch_screen(SummaryScreen(message.workout))

    def on_summary_screen_leave(self, message: SummaryScreen.Leave) -> None:
        self.leave()

    def on_workout_screen_stop(self, message: WorkoutScreen.Stop) -> None:
        self.leave()

    # --- the terminal -------------------------------------------------------------------

    def _display(self, screen: Screen[object], renderable: RenderableType | None) -> None:
        """Textual's update, cut down to the cells that changed (see cell_diff)."""
        driver = self._driver
        if (
            isinstance(renderable, CompositorUpdate)
            and driver is not None
            and not driver.is_inline
            and not self.is_headless
            and self._running
            and not self._closed
            and not self._batch_count
        ):
            self.cells.fit(*self.size)
            try:
                changed = self.cells.update(renderable.render_segments(self.console))
            except Exception:  # never lose a frame to the diff: send Textual's own
                self.cells.forget()
            else:
                changed = self._take_unwritten() + changed  # in the same write
                if not changed:
                    return  # nothing on the screen would change
                renderable = _Cells(changed)
        super()._display(screen, renderable)
        if (
            collector.holding()
            and screen.id != "_default"
            and not isinstance(screen, WaitingScreen)
        ):
            collector.started()  # the first real screen is out

    def on_resize(self, event: events.Resize) -> None:
        # A size given again (a terminal attached anew, a browser page reconnecting with
        # an empty screen) is a reason to send the whole screen, as Textual would.
        self.cells.forget()

    def action_redraw(self) -> None:
        """Ctrl-L: write the whole screen again (after something else wrote over it)."""
        self.cells.forget()
        self.screen.refresh(repaint=True, layout=True)

    # --- signals ----------------------------------------------------------------------

    def _catch_signals(self) -> None:
        """INT, TERM and HUP stop the workout like q does (sets kept, terminal restored,
        one closing line, exit status 128 + the signal). TSTP pauses the workout from
        that instant, then lets Textual give the terminal back and stop the process."""
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop = asyncio.get_running_loop()
            for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
                loop.add_signal_handler(signum, self.leave, None, signum)
            self._tstp_before = signal.getsignal(signal.SIGTSTP)
            self._signal_loop = loop
            signal.signal(signal.SIGTSTP, self._suspended)

    def _suspended(self, signum: int, frame: FrameType | None) -> None:
        # A signal handler: one assignment in the workout, then Textual's own handler,
        # which stops the process there and then. Unless a set the clock has just ended
        # is still held for the history's writer (see WorkoutScreen.tick): it would wait
        # in memory for as long as the process is stopped, and a kill then would lose
        # it. So the stop waits until the set is written, as a callback on the loop (the
        # way asyncio hands on a signal), for at most WRITE_BEFORE_STOP_S.
        workout = self.workout
        if workout is not None:
            workout.note_suspended()
            loop = self._signal_loop
            if self._stop_waits:
                return  # a second SIGTSTP before the first has stopped the process
            if workout.writes_held and loop is not None and not loop.is_closed():
                self._stop_waits = True
                loop.call_soon_threadsafe(self._write_then_stop, signum)
                return
        self._stop_now(signum, frame)

    def _write_then_stop(self, signum: int) -> None:
        loop = asyncio.get_running_loop()
        stopped = False

        def stop() -> None:
            nonlocal stopped
            if not stopped:
                stopped = True
                self._stop_waits = False
                self._stop_now(signum, None)

        def written() -> None:  # on the writer's thread
            with contextlib.suppress(RuntimeError):  # the loop has closed: nothing to stop
                loop.call_soon_threadsafe(stop)

        loop.call_later(WRITE_BEFORE_STOP_S, stop)  # a history that does not answer
        if self.workout is not None:
            self.workout.release_writes(then=written)
        else:
            stop()

    def _stop_now(self, signum: int, frame: FrameType | None) -> None:
        before = self._tstp_before
        if callable(before):
            before(signum, frame)
        else:
            signal.signal(signal.SIGTSTP, signal.SIG_DFL)
            signal.raise_signal(signal.SIGTSTP)
            signal.signal(signal.SIGTSTP, self._suspended)

    def pause_workout(self) -> None:
        """Pause the workout on screen (the browser showing it went away)."""
        if isinstance(self.screen, WorkoutScreen):
            self.screen.pause_now()
        elif self.workout is not None:
            self.workout.pause()

    def action_suspend(self) -> None:
        """Ctrl-Z: pause the workout, give the terminal back, stop the process."""
        if isinstance(self.screen, WorkoutScreen):
            self.screen.pause_now()
        self.action_suspend_process()

    # --- the tests' way in --------------------------------------------------------------

    def tick(self) -> None:
        """Poll the runner now and redraw (tests call this after moving their clock)."""
        for screen in self.screen_stack:
            if isinstance(screen, WorkoutScreen):
                screen.tick()

    # --- what the sound player asks for ------------------------------------------------

    def warn(self, message: str) -> None:
        """A one-line warning: in the workout's header (out of the count's way) while a
        workout is on or about to start, else in a toast. Safe from any thread."""
        if threading.get_ident() != self._loop_thread:
            self.call_from_thread(self.warn, message)
            return
        for screen in reversed(self.screen_stack):
            if isinstance(screen, WorkoutScreen):
                screen.query_one("#session", Notice).show(message)
                return
        if any(w.group == "prepare" and w.is_running for w in self.workers):
            self._notices.append(message)  # the workout screen shows it when it opens
            return
        self.notify(message, severity="warning", timeout=8)

    def take_notices(self) -> list[str]:
        """The warnings that came while a workout was getting ready (and forget them)."""
        taken, self._notices = self._notices, []
        return taken

    def ring(self) -> None:
        """The terminal bell, rung through the app's own output; safe from any thread."""
        if threading.get_ident() != self._loop_thread:
            self.call_from_thread(self.bell)
        else:
            self.bell()

    def flash(self) -> None:
        """A cue seen: the workout panel's border blinks once; safe from any thread."""
        if threading.get_ident() != self._loop_thread:
            self.call_from_thread(self.flash)
            return
        panels = self.screen.query("#panel")
        if panels:  # only the workout screen has a panel to blink
            self.border_flash(panels.first(), self.theme_variables.get("foreground", "white"))

    def write_terminal(self, text: str) -> None:
        """Send an escape sequence (a title, a notification) to the terminal, in turn
        with the app's own output; safe from any thread, and after the app has ended."""
        if self._driver is None or not self.is_running:
            write_after_exit(text)
        elif threading.get_ident() != self._loop_thread:
            with contextlib.suppress(RuntimeError):  # the app ended meanwhile
                self.call_from_thread(self.write_terminal, text)
        else:
            # Kept for the next frame, to go to the terminal in one write with it: a write
            # of its own would wake Textual's writer thread while this thread still has
            # the frame to draw, and the two would take turns. Never later than a moment.
            self._unwritten.append(text)
            if self._unwritten_due is None:
                self._unwritten_due = asyncio.get_running_loop().call_later(
                    UNWRITTEN_S, self._write_unwritten
                )

    def _take_unwritten(self) -> str:
        """What write_terminal kept, taken (and its deadline dropped)."""
        if self._unwritten_due is not None:
            self._unwritten_due.cancel()
            self._unwritten_due = None
        text = "".join(self._unwritten)
        self._unwritten.clear()
        return text

    def _write_unwritten(self) -> None:
        """Send what write_terminal kept, if the app still has its terminal."""
        text = self._take_unwritten()
        if text and self._driver is not None and self.is_running:
            self._driver.write(text)

    # --- leaving ----------------------------------------------------------------------

    def leave(self, outcome: Outcome | None = None, signum: int | None = None) -> None:
        """Stop the workout, close the journal (off the loop: it writes what is left)
        and the sound, then exit: 0, or 128 + the signal that stopped it."""
        if self._leaving:
            return
        self._leaving = True
        code = EXIT_STATUS.get(signal.Signals(signum), 1) if signum is not None else 0
        self.exit_code = code
        closed = self.closed_after_signal if signum is not None else threading.Event()
        workout = self.workout
        if workout is None:
            closed.set()
            self.exit(outcome, return_code=code)
            return
        workout.pause()
        self._close_then_exit(workout, signum, code, closed)

    @work(thread=True, group="leave")
    def _close_then_exit(
        self, workout: Workout, signum: int | None, code: int, closed: threading.Event
    ) -> None:
        outcome = None
        try:
            workout.close()  # first: what the history did not take is known only then
            line = closing_line(workout, signum)
            outcome = Outcome(workout.name, workout.finished, line)
        finally:
            closed.set()
            self.call_from_thread(self.exit, outcome, code)

    def exit(
        self,
        result: Outcome | None = None,
        return_code: int = 0,
        message: RenderableType | None = None,
    ) -> None:
        self._write_unwritten()  # a title given back on the way out goes out first
        super().exit(result, return_code, message)

    def action_suspend_process(self) -> None:
        self._write_unwritten()
        super().action_suspend_process()

    def action_stop(self) -> None:
        """Ctrl-C: stop now, as SIGINT would."""
        self.leave(signum=signal.SIGINT)

    def action_leave_now(self) -> None:
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


class _Cells(CompositorUpdate):
    """An update already cut down to its changed cells."""

    def __init__(self, sequence: str) -> None:
        self.sequence = sequence

    def render_segments(self, console: object) -> str:
        return self.sequence


def make_app(
    *,
    session: LoadedSession | None = None,
    sessions: Sequence[SessionRef] | None = None,
    clock: Clock = time.monotonic,
    sound: SoundFactory | None = None,
    starter: Starter | None = None,
    resume: bool | None = None,
    redraw_every: float = REDRAW_EVERY,
    alerts: AlertsFactory | None = None,
    voice: VoiceFactory | None = None,
) -> CoachApp:
    """The app, with every outside part passed in.

    `session`: start this workout at once (`coach run`); without it, the picker opens
    on `sessions` (default: every bundled and user session). `clock`: the one source of
    time for the runner and the screen. `sound(loaded)` returns the cue player;
    `starter` reads the history (today's targets, an unfinished run, the journal that
    keeps each set); both are used in a worker thread when a workout starts. Without
    them the workout is silent, runs the file as written, and keeps nothing. `resume`:
    True carries on an unfinished run, False starts over, None asks when there is one.
    `alerts()` makes the workout's title, flash, notifications and keep-awake (none
    without it).
    `voice(player)` returns what speaks the workout (None: beeps only).
    """
    if session is None and sessions is None:
        from coach.services.catalog import list_sessions

        sessions = list_sessions()
    return CoachApp(
        session=session,
        sessions=sessions or [],
        clock=clock,
        sound=sound,
        starter=starter,
        resume=resume,
        redraw_every=redraw_every,
        alerts=alerts,
        voice=voice,
    )
