"""`coach run SESSION --plain`: the workout as one line per moment, and the same sounds.

For screen readers, scripts and terminals too small for the app. A line is written (and
flushed) as each segment starts: every phase of every counted rep, each rest, round and
get-ready. The app's keys are typed as lines: Enter ends a manual set (or starts a set
now during its get-ready), a number ends a manual set with that many reps, `n` next,
`b` back, `p` pause or go on, `+`/`-` change a rest, `q` stops; during a rest, `8` or
`8 @ 57.5 kg` corrects the set just done. With no input at all (stdin closed, or
redirected from a file that ends), a manual set ends by itself after its estimate, so
the workout never waits for a key no one can press.

No event loop here: the loop sleeps in `select` until the workout's next wake-up, a
line, or a signal, whichever comes first. Signals only set a flag (and wake the
`select` through a pipe): Ctrl-C, SIGTERM and SIGHUP stop the workout at the next step
with one closing line; SIGTSTP pauses it from that instant and stops the process.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import select
import signal
import sys
import time
from collections.abc import Callable, Iterator
from types import FrameType
from typing import TextIO

from coach.domain.corrections import CorrectionError
from coach.domain.counting import counted
from coach.domain.durations import describe_duration, format_duration
from coach.domain.loading import LoadedSession
from coach.domain.records import SetKey
from coach.domain.runner import SegmentStarted, SessionFinished, SetResult
from coach.domain.timeline import Phase, Segment
from coach.interface.cli import CheckFailed
from coach.interface.closing import EXIT_STATUS, closing_line, stopped_line
from coach.interface.wording import compact, following_work, reps_word, work_label
from coach.services.journal import RunBusy
from coach.services.workout import (
    Frame,
    NeedsConfirmation,
    NothingToCorrect,
    Offer,
    Starter,
    Workout,
)

Wait = Callable[[float | None], str | None]
"""Wait up to `timeout` seconds (None: for ever) for a line of input; return it (without
its newline; "" for a bare Enter), or None when the time ran out first."""

EXIT_STOPPED = 130
REST_STEP = 15  # seconds + and - add to or take from a rest
LAST_SET_WAIT = 60.0  # seconds the finished workout waits for a correction of its last set


class KeyWaiter:
    """Reads lines from a file descriptor without blocking past a deadline; notices when
    the input has ended."""

    def __init__(self, fd: int | None, wake_fd: int | None = None) -> None:
        self.fd = fd
        self.wake_fd = wake_fd  # readable when a signal arrived: the wait ends early
        self.closed = fd is None
        self._pending = b""

    @classmethod
    def for_stdin(cls, wake_fd: int | None = None) -> KeyWaiter:
        stream = sys.stdin
        try:
            fd = stream.fileno() if stream is not None else None
        except (OSError, ValueError):
            fd = None
        return cls(fd, wake_fd)

    def _line(self) -> str | None:
        if b"\n" not in self._pending:
            return None
        line, self._pending = self._pending.split(b"\n", 1)
        return line.decode(errors="replace").strip("\r")

    def ended(self) -> bool:
        """Whether the input has ended, looking without waiting; what is there is kept for
        the next call (stdin from /dev/null is at its end before anything is read)."""
        if not self.closed and self.fd is not None and b"\n" not in self._pending:
            try:
                readable, _, _ = select.select([self.fd], [], [], 0)
                data = os.read(self.fd, 4096) if readable else None
            except (OSError, ValueError):
                data = b""
            if data == b"":
                self.closed = True
                if self._pending:
                    self._pending += b"\n"
            elif data:
                self._pending += data
        return self.closed

    def __call__(self, timeout: float | None) -> str | None:
        ready = self._line()
        if ready is not None:
            return ready
        watched = [fd for fd in (self.wake_fd,) if fd is not None]
        if not self.closed and self.fd is not None:
            watched.append(self.fd)
        if not watched:
            if timeout is not None:
                time.sleep(timeout)
            return None
        try:
            readable, _, _ = select.select(watched, [], [], timeout)
        except (OSError, ValueError):
            self.closed = True
            return None
        if self.wake_fd is not None and self.wake_fd in readable:
            with contextlib.suppress(OSError):
                os.read(self.wake_fd, 512)
            return None
        if not readable or self.fd is None:
            return None
        try:
            data = os.read(self.fd, 4096)
        except OSError:
            data = b""
        if not data:
            self.closed = True  # end of input: from now on nothing will be typed
            if self._pending:  # a last line without its newline still counts
                self._pending += b"\n"
            return self._line()
        self._pending += data
        return self._line()


class PlainCoach:
    def __init__(
        self,
        workout: Workout,
        out: TextIO,
        wait: Wait,
        input_closed: Callable[[], bool] = lambda: False,
        stop_requested: Callable[[], int | None] = lambda: None,
        interactive: bool = False,
    ) -> None:
        self.workout = workout
        self.interactive = interactive  # a person at a terminal (not a script)
        self.out = out
        self.wait = wait
        self.input_closed = input_closed
        self.stop_requested = stop_requested
        self.emom = workout.emom_entries
        self._segment_began = 0.0
        self._unconfirmed: tuple[str, SetKey | None] | None = None  # a load asked about
        self._paused_said = False
        self.last_set: SetKey | None = None  # the set recorded last
        self.output_gone = False  # the lines' reader went away (`| head`): stop there

    def run(self) -> int:
        """The whole workout; 0 at the end or after q, 128 + the signal when one stopped it."""
        workout = self.workout
        try:
            total = workout.timeline.total_seconds
            about = "about " if workout.timeline.estimated else ""
            self._say(
                0.0,
                f"{workout.name} · {about}{describe_duration(total)} · "
                "Enter ends a manual set · n next · b back · p pause · q stops",
            )
            if workout.can_correct and not self.input_closed():
                self._note(
                    "Type what you really did (8, or 8 @ 57.5 kg) and Enter: at a manual "
                    "set it ends the set, during a rest it corrects the set just done."
                )
            self._show(workout.start())
            while not workout.finished:
                stop = self._stop_wanted()
                if stop is not None:
                    return self._stopped(stop)
                if self._step() == "quit":
                    return self._stopped(None)
            self._finish_last_set()
            self._ask_session_note()
            return 0
        except KeyboardInterrupt:
            return self._stopped(signal.SIGINT)

    def _step(self) -> str | None:
        workout = self.workout
        segment = workout.current
        wake = workout.next_wakeup()
        limit = wake
        unattended = segment.kind == "manual" and self.input_closed() and not workout.paused
        if unattended:
            end = self._segment_began + segment.estimate
            limit = end if wake is None else min(wake, end)
        timeout = None if limit is None else max(0.0, limit - workout.clock())
        typed = self.wait(timeout)
        if typed is None:
            if unattended and workout.clock() >= self._segment_began + segment.estimate:
                self._show(workout.done())
            else:
                self._show(workout.poll())
            return None
        return self._command(typed.strip())

    def _command(self, typed: str) -> str | None:
        """One typed line: a key of the app, reps, or a correction."""
        workout = self.workout
        word = typed.lower()
        if word == "q":
            return "quit"
        if word in ("", "n", "b", "p", "+", "-", "="):
            if word == "" and self._unconfirmed is None and workout.paused:
                self._show(workout.toggle_pause())
            elif word == "":
                self._show(workout.done())
            elif word == "n":
                self._show(workout.skip())
            elif word == "b":
                self._show(workout.back())
            elif word == "p":
                self._show(workout.toggle_pause())
            else:
                step = -REST_STEP if word == "-" else REST_STEP
                frame = workout.adjust_rest(step)
                if not frame.acted:
                    self._note("+ and - change a rest; there is none running now")
                self._show(frame)
                view = workout.view()
                if frame.acted and view.segment.kind == "rest" and view.remaining is not None:
                    self._say(
                        workout.elapsed(),
                        f"REST {format_duration(view.remaining)} left ({view.extra:+d}s)",
                    )
            return None
        if word in ("y", "yes") and self._unconfirmed is not None:
            text, key = self._unconfirmed
            self._unconfirmed = None
            self._correct(text, key, confirmed=True)
            return None
        self._unconfirmed = None
        if workout.current.kind == "manual" and not workout.paused:
            self._end_manual_set(typed)
            return None
        self._correct(typed, workout.correctable)
        self._show(workout.poll())
        return None

    def _end_manual_set(self, typed: str) -> None:
        """ "8" (or "8 @ 60 kg") at a manual set: it is done, with those reps."""
        from coach.domain.corrections import parse_correction

        try:
            change = parse_correction(typed)
        except CorrectionError as exc:
            self._note(f"{exc}; Enter alone ends the set as planned")
            return
        key = self.workout.current.key
        if change.reps_done is None:
            self._show(self.workout.done())
        else:
            self._show(self.workout.done_with(change.reps_done))
        if change.load is not None:
            self._correct(typed, key)
        elif change.feel_text():
            self._correct(change.feel_text(), key)  # how it felt; the reps are as typed
        elif key in self.workout.logged:
            self._note(f"noted: {self.workout.describe(key)}")

    def _correct(self, typed: str, key: SetKey | None, *, confirmed: bool = False) -> None:
        target = key
        try:
            line = self.workout.correct(typed, target, confirmed=confirmed)
        except NeedsConfirmation as exc:
            self._unconfirmed = (typed, target)
            self._note(f"{exc}: confirm with y, or type it again")
            return
        except NothingToCorrect:
            self._note("there is no set to correct just now (during a rest, the set just done is)")
            return
        except CorrectionError as exc:
            self._note(str(exc))
            return
        self._note(f"noted: {line}")

    def _finish_last_set(self) -> None:
        """The last set has no rest after it: at a terminal, a correction can still be
        typed for a while. (A manual last set takes its reps as it ends; a script can
        correct any set later with `coach history --edit`.)"""
        last = self.last_set
        if last is None or not self.workout.can_correct or self.input_closed():
            return
        if not self.interactive or last not in self.workout.logged:
            return
        self._note(
            "Type what you did in the last set (8, or 8 @ 57.5 kg rpe 8), or Enter to go on."
        )
        deadline = self.workout.clock() + LAST_SET_WAIT
        while self._stop_wanted() is None:
            typed = self.wait(max(0.0, deadline - self.workout.clock()))
            if typed is None:
                if self.input_closed() or self.workout.clock() >= deadline:
                    return
                continue
            text = typed.strip()
            if not text:
                return
            if text.lower() in ("y", "yes") and self._unconfirmed is not None:
                again, key = self._unconfirmed
                self._unconfirmed = None
                self._correct(again, key, confirmed=True)
            else:
                self._unconfirmed = None
                self._correct(text, last)

    def _ask_session_note(self) -> None:
        """At a terminal, once: a note on the whole session, kept with the run."""
        if not self.interactive or self.input_closed() or not self.workout.keeps_history:
            return
        self._note("A note on the session (slept badly, new shoes)? Type it, or Enter to leave.")
        deadline = self.workout.clock() + LAST_SET_WAIT
        while self._stop_wanted() is None:
            typed = self.wait(max(0.0, deadline - self.workout.clock()))
            if typed is None:
                if self.input_closed() or self.workout.clock() >= deadline:
                    return
                continue
            if typed.strip():
                self.workout.note_session(typed)
                self._note("Noted with the session.")
            return

    # --- lines ------------------------------------------------------------------------

    def _note(self, text: str) -> None:
        self._write(f"       {text}\n")

    def _say(self, elapsed: float, text: str) -> None:
        self._write(f"{format_duration(elapsed):>5}  {text}\n")

    def _write(self, line: str) -> None:
        if self.output_gone:
            return
        try:
            self.out.write(line)
            self.out.flush()
        except BrokenPipeError:
            # Nobody reads the lines any more (`coach run ... --plain | head`): the workout
            # stops at the next step rather than run on unseen and record sets nobody did.
            self.output_gone = True
            with contextlib.suppress(OSError, ValueError):  # what is left in the buffer
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, self.out.fileno())
                os.close(devnull)
        except (OSError, ValueError):
            pass

    def _stop_wanted(self) -> int | None:
        stop = self.stop_requested()
        if stop is None and self.output_gone:
            return signal.SIGPIPE
        return stop

    def _show(self, frame: Frame) -> None:
        workout = self.workout
        for event in frame.events:
            if isinstance(event, SegmentStarted):
                if event.segment.kind == "manual":
                    self._segment_began = event.at
                line = self._line(event.segment)
                if line:
                    self._say(workout.elapsed(event.at), line)
            elif isinstance(event, SessionFinished):
                self._finished(event.at)
        recorded = [e for e in frame.events if isinstance(e, SetResult)]
        if recorded:
            self.last_set = recorded[-1].key
        if workout.paused and not self._paused_said:
            self._paused_said = True
            why = " (the process was stopped)" if workout.suspended else ""
            self._say(workout.elapsed(), f"PAUSED{why} · p or Enter goes on")
        elif not workout.paused and self._paused_said:
            self._paused_said = False
            self._say(workout.elapsed(), "GOING ON")

    def _set_label(self, segment: Segment) -> str:
        return work_label(segment, segment.entry in self.emom, self.workout.beginning.loads)

    def _line(self, segment: Segment) -> str:
        timeline = self.workout.timeline
        kind = segment.kind
        length = compact(segment.estimate)
        if kind == "get_ready":
            work = following_work(timeline, segment.index) or segment
            reps = f" · {reps_word(work)}" if work.reps and not work.round_no else ""
            return f"GET READY {length} · {self._set_label(work)}{reps}"
        if kind == "switch" and segment.phase is Phase.CHANGE:
            return f"NEXT EXERCISE {length} · {self._set_label(segment)} · {reps_word(segment)}"
        if kind == "switch":
            return f"SWITCH SIDES {length} · {segment.title} · {segment.side} side next"
        if kind == "manual" and segment.rep_seconds:
            then = "Enter when done, or type the reps"
            return f"KEEP GOING · {self._set_label(segment)} · {reps_word(segment)} · {then}"
        if kind == "rep":
            target = f"{segment.reps}{'+' if segment.amrap else ''}"
            here = f"{segment.phase.value} {length} · rep {segment.rep_no}/{target}"
            first = segment.rep_no == 1 and timeline.block_of(segment.index).start == segment.index
            return f"{here} · {self._set_label(segment)}" if first else here
        if kind == "manual":
            then = (
                f"moving on after {format_duration(segment.estimate)} (no input)"
                if self.input_closed()
                else "Enter when done, or type the reps"
            )
            return f"GO · {self._set_label(segment)} · {reps_word(segment)} · {then}"
        if kind == "work":
            if segment.entry in self.emom:
                reps = f" · {counted(segment.reps, 'rep')}, then rest" if segment.reps else ""
                return f"WORK {length} · {self._set_label(segment)}{reps}"
            return f"WORK {length} · {self._set_label(segment)}"
        if kind == "rest":
            upcoming = following_work(timeline, segment.index)
            then = f" · next: {self._set_label(upcoming)}" if upcoming is not None else ""
            return f"REST {length}{then}"
        return ""

    def _finished(self, at: float) -> None:
        workout = self.workout
        self._say(workout.elapsed(at), f"DONE · {closing_line(workout)}")
        for tally in workout.counts():
            name = " · ".join(p for p in (tally.title, tally.load) if p)
            unit = "rounds" if tally.interval else "sets"
            skipped = f", {tally.skipped} skipped" if tally.skipped else ""
            self._note(f"{name}: {tally.done} of {tally.planned} {unit}{skipped}")
        for line in workout.new_records():
            self._note(line)

    def _stopped(self, signum: int | None) -> int:
        """One line: where it stopped, what was kept, how to carry on."""
        workout = self.workout
        workout.pause()
        elapsed = workout.elapsed()
        workout.close()  # first: what the history did not take is known only then
        line = stopped_line(workout, signum, lead="STOPPED")
        if self.output_gone:  # said where the person can still see it
            with contextlib.suppress(OSError, ValueError):
                print(f"coach: {line}", file=sys.stderr, flush=True)
        self._say(elapsed, line)
        return EXIT_STATUS.get(signal.Signals(signum), 1) if signum is not None else 0


class Signals:
    """While held, INT, TERM and HUP only ask the workout to stop, and TSTP pauses it from
    that instant before the process stops; each wakes the waiting `select`."""

    def __init__(self) -> None:
        self.stop: int | None = None
        self.workout: Workout | None = None
        self._read, self._write = os.pipe()
        os.set_blocking(self._write, False)
        os.set_blocking(self._read, False)

    @property
    def wake_fd(self) -> int:
        return self._read

    def _stop(self, signum: int, frame: FrameType | None) -> None:
        if self.stop is None:
            self.stop = signum

    def _suspend(self, signum: int, frame: FrameType | None) -> None:
        if self.workout is not None:
            self.workout.note_suspended()
        signal.signal(signal.SIGTSTP, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGTSTP)  # stops here until `fg`
        signal.signal(signal.SIGTSTP, self._suspend)

    @contextlib.contextmanager
    def held(self) -> Iterator[Signals]:
        wanted = [signal.SIGINT, signal.SIGTERM, signal.SIGHUP]
        before = {s: signal.getsignal(s) for s in [*wanted, signal.SIGTSTP]}
        old_fd = signal.set_wakeup_fd(self._write, warn_on_full_buffer=False)
        try:
            for s in wanted:
                signal.signal(s, self._stop)
            signal.signal(signal.SIGTSTP, self._suspend)
            yield self
        finally:
            for s, handler in before.items():
                signal.signal(s, handler)
            signal.set_wakeup_fd(old_fd)
            for fd in (self._read, self._write):
                with contextlib.suppress(OSError):
                    os.close(fd)


def terminal_writer(out: TextIO) -> Callable[[str], None] | None:
    """Where the title and notification escapes go: the terminal, when the lines go to
    one (never into a file or a pipe a script reads)."""
    try:
        if not out.isatty():
            return None
    except (OSError, ValueError):
        return None

    def write(text: str) -> None:
        with contextlib.suppress(OSError, ValueError):
            out.write(text)
            out.flush()

    return write


def _ask(question: str) -> str:
    sys.stderr.write(question)
    sys.stderr.flush()
    return sys.stdin.readline().strip().lower()


def _wait_until_free(starter: Starter, loaded: LoadedSession, offer: Offer) -> Offer | None:
    """Wait for the other coach to let go of the run; Ctrl-C gives up."""
    print(
        f"coach: waiting for process {offer.held_by} to finish this session (Ctrl-C gives up)",
        file=sys.stderr,
        flush=True,
    )
    while offer is not None and offer.held_by is not None:
        time.sleep(1.0)
        offer = starter.unfinished(loaded)  # type: ignore[assignment]
    return offer


def _choose(starter: Starter, loaded: LoadedSession, resume: bool | None) -> bool:
    """Carry on an unfinished run, or start a fresh one: from --resume/--restart, else
    asked on a terminal, else a fresh run (saying so)."""
    offer = starter.unfinished(loaded)
    interactive = sys.stdin is not None and sys.stdin.isatty()
    if offer is not None and offer.held_by is not None:
        if resume:
            raise CheckFailed(
                f"there is {offer.text}; it cannot be carried on from here. Start a "
                "separate run with --restart, or wait until it ends"
            )
        if interactive and not _ask(
            f"There is {offer.text}. Start a separate run (s), or wait for it (w)? [s/w] "
        ).startswith("w"):
            return False
        if not interactive:
            print(f"coach: starting a separate run; there is {offer.text}", file=sys.stderr)
            return False
        offer = _wait_until_free(starter, loaded, offer)
    if resume is not None:
        return resume
    if offer is None:
        return False
    if interactive:
        answer = _ask(f"There is {offer.text}. Carry on from where you stopped? [Y/n] ")
        return not answer.startswith("n")
    print(f"coach: starting over; there is {offer.text} (--resume carries it on)", file=sys.stderr)
    return False


def run_plain_command(loaded: LoadedSession, args: argparse.Namespace) -> int:
    from coach.interface.starting import HistoryStarter, cue_player, read_config, voice_for
    from coach.services.alerts import build_alerts

    config = read_config()
    out = sys.stdout
    with contextlib.suppress(AttributeError, ValueError):
        out.reconfigure(errors="replace", line_buffering=True)  # type: ignore[union-attr]

    def warn(message: str) -> None:
        with contextlib.suppress(OSError, ValueError):
            print(f"coach: {message}", file=sys.stderr, flush=True)

    clock = time.monotonic
    player = cue_player(config, args, loaded, on_warning=warn)
    starter = HistoryStarter(clock, getattr(args, "programs", None), config.equipment)
    workout: Workout | None = None
    try:
        resume = _choose(starter, loaded, getattr(args, "resume", None))
        try:
            beginning = starter.begin(loaded, resume)
        except RunBusy as exc:
            raise CheckFailed(
                f"{exc}; start a separate run with --restart, or wait until it ends"
            ) from None
        for note in beginning.notes:
            warn(note)
        alerts = build_alerts(
            config.alerts, write=terminal_writer(out), on_warning=warn, titles_per_segment=True
        )
        voice = voice_for(config, args, player, on_warning=warn)
        workout = Workout(
            loaded,
            beginning,
            clock=clock,
            player=player,
            on_warning=warn,
            alerts=alerts,
            voice=voice,
        )
        signals = Signals()
        signals.workout = workout
        with signals.held():
            waiter = KeyWaiter.for_stdin(signals.wake_fd)
            coach = PlainCoach(
                workout,
                out,
                waiter,
                input_closed=waiter.ended,
                stop_requested=lambda: signals.stop,
                interactive=sys.stdin is not None and sys.stdin.isatty(),
            )
            return coach.run()
    except KeyboardInterrupt:
        warn("stopped before the workout began; nothing was recorded")
        return EXIT_STOPPED
    finally:
        if workout is not None:
            workout.close()
            for warning in workout.final_warnings:
                warn(warning)
        else:
            player.close()
