"""`coach run SESSION --plain`: the workout as one line per moment, and the same sounds.

For screen readers, scripts and terminals too small for the app. A line is written (and
flushed) as each segment starts: every phase of every counted rep, each rest, round and
get-ready. Enter ends a manual set or starts a set now during its get-ready. With no
input at all (stdin closed, or redirected from a file that ends), a manual set ends by
itself after its estimate, so the workout never waits for a key no one can press.

No event loop here: the loop sleeps in `select` until the runner's next wake-up or a
key, whichever comes first.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import select
import sys
import time
from collections.abc import Callable
from typing import TextIO

from coach.domain.durations import describe_duration, format_duration
from coach.domain.loading import LoadedSession
from coach.domain.runner import Event, SegmentStarted, SessionFinished
from coach.domain.timeline import Segment
from coach.interface.live import LiveRun
from coach.interface.screens.summary import summary_line
from coach.interface.wording import compact, following_work, stopped_where, work_label

Wait = Callable[[float | None], str | None]
"""Wait up to `timeout` seconds (None: for ever) for a line of input; return it (without
its newline; "" for a bare Enter), or None when the time ran out first."""

EXIT_STOPPED = 130


class KeyWaiter:
    """Reads lines from a file descriptor without blocking past a deadline; notices when
    the input has ended."""

    def __init__(self, fd: int | None) -> None:
        self.fd = fd
        self.closed = fd is None
        self._pending = b""

    @classmethod
    def for_stdin(cls) -> KeyWaiter:
        stream = sys.stdin
        try:
            fd = stream.fileno() if stream is not None else None
        except (OSError, ValueError):
            fd = None
        return cls(fd)

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
        if self.closed or self.fd is None:
            if timeout is not None:
                time.sleep(timeout)
            return None
        try:
            readable, _, _ = select.select([self.fd], [], [], timeout)
        except (OSError, ValueError):
            self.closed = True
            return None
        if not readable:
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
        live: LiveRun,
        out: TextIO,
        wait: Wait,
        input_closed: Callable[[], bool] = lambda: False,
    ) -> None:
        self.live = live
        self.runner = live.runner
        self.out = out
        self.wait = wait
        self.input_closed = input_closed
        self.emom = live.emom_entries
        self._segment_began = 0.0

    def run(self) -> int:
        """The whole workout; 0 at the end, 130 when stopped with Ctrl-C."""
        try:
            total = self.live.timeline.total_seconds
            about = "about " if self.live.timeline.estimated else ""
            self._say(
                0.0,
                f"{self.live.name} · {about}{describe_duration(total)} · "
                "Enter ends a manual set · Ctrl-C stops",
            )
            if self.live.can_correct and not self.input_closed():
                self._note(
                    "During a rest, type what you really did (8, or 8 @ 57.5 kg) and Enter "
                    "to correct the set."
                )
            self._show(self.live.start())
            while not self.runner.finished:
                self._step()
            return 0
        except KeyboardInterrupt:
            self._stopped()
            return EXIT_STOPPED

    def _step(self) -> None:
        segment = self.runner.current
        wake = self.runner.next_wakeup()
        limit = wake
        unattended = segment.kind == "manual" and self.input_closed()
        if unattended:
            end = self._segment_began + segment.estimate
            limit = end if wake is None else min(wake, end)
        timeout = None if limit is None else max(0.0, limit - self.live.clock())
        typed = self.wait(timeout)
        if typed is not None and self.live.correctable is not None and typed.strip():
            self._correct(typed)
            typed = None
        elif typed is not None or (
            unattended and self.live.clock() >= self._segment_began + segment.estimate
        ):
            self.runner.finish_manual()  # Enter: a manual set is done, a get-ready starts now
        self._show(self.live.poll())
        if typed and segment.kind == "manual" and self.live.correctable is not None:
            self._correct(typed)  # "8" and Enter at the end of a manual set: 8 reps done

    def _correct(self, typed: str) -> None:
        from coach.services.journal import CorrectionError

        try:
            self._note(f"noted: {self.live.correct(typed)}")
        except CorrectionError as exc:
            self._note(str(exc))

    # --- lines ------------------------------------------------------------------------

    def _note(self, text: str) -> None:
        self.out.write(f"       {text}\n")
        self.out.flush()

    def _say(self, elapsed: float, text: str) -> None:
        self.out.write(f"{format_duration(elapsed):>5}  {text}\n")
        self.out.flush()

    def _show(self, happened: list[Event]) -> None:
        for event in happened:
            if isinstance(event, SegmentStarted):
                if event.segment.kind in ("manual",):
                    self._segment_began = event.at
                line = self._line(event.segment)
                if line:
                    self._say(self.runner.elapsed(event.at), line)
            elif isinstance(event, SessionFinished):
                self._finished(event.at)

    def _set_label(self, segment: Segment) -> str:
        return work_label(segment, segment.entry in self.emom)

    def _line(self, segment: Segment) -> str:
        kind = segment.kind
        length = compact(segment.estimate)
        if kind == "get_ready":
            work = following_work(self.runner, segment.index) or segment
            reps = f" · {work.reps} reps" if work.reps and not work.round_no else ""
            return f"GET READY {length} · {self._set_label(work)}{reps}"
        if kind == "switch":
            return f"SWITCH SIDES {length} · {segment.title} · {segment.side} side next"
        if kind == "rep":
            here = f"{segment.phase.value} {length} · rep {segment.rep_no}/{segment.reps}"
            first = (
                segment.rep_no == 1
                and self.runner.timeline.block_of(segment.index).start == segment.index
            )
            return f"{here} · {self._set_label(segment)}" if first else here
        if kind == "manual":
            then = (
                f"moving on after {format_duration(segment.estimate)} (no input)"
                if self.input_closed()
                else "press Enter when done"
            )
            return f"GO · {self._set_label(segment)} · {segment.reps} reps · {then}"
        if kind == "work":
            if segment.entry in self.emom:
                reps = f" · {segment.reps} reps, then rest" if segment.reps else ""
                return f"WORK {length} · {self._set_label(segment)}{reps}"
            return f"WORK {length} · {self._set_label(segment)}"
        if kind == "rest":
            upcoming = following_work(self.runner, segment.index)
            then = f" · next: {self._set_label(upcoming)}" if upcoming is not None else ""
            return f"REST {length}{then}"
        return ""

    def _finished(self, at: float) -> None:
        self._say(self.runner.elapsed(at), f"DONE · {summary_line(self.live)}")
        for tally in self.live.tally():
            name = " · ".join(p for p in (tally.title, tally.load) if p)
            unit = "rounds" if tally.interval else "sets"
            skipped = f", {tally.skipped} skipped" if tally.skipped else ""
            self.out.write(f"       {name}: {tally.done} of {tally.planned} {unit}{skipped}\n")
        self.out.flush()

    def _stopped(self) -> None:
        where = stopped_where(self.runner, self.emom)
        done = sum(t.done for t in self.live.tally() if not t.interval)
        kept = " and kept" if self.live.keeps_history and done else ""
        with contextlib.suppress(OSError, ValueError):
            self._say(
                self.runner.elapsed(),
                f"STOPPED{where} · {done} set{'' if done == 1 else 's'} done{kept}",
            )


def _ask_to_resume(offer: str) -> bool:
    """Ask on the terminal; anything but "n" carries on."""
    sys.stderr.write(f"There is {offer}. Carry on from where you stopped? [Y/n] ")
    sys.stderr.flush()
    answer = sys.stdin.readline().strip().lower()
    return not answer.startswith("n")


def run_plain_command(loaded: LoadedSession, args: argparse.Namespace) -> int:
    from coach.interface.starting import HistoryStarter, cue_player, read_config

    config = read_config()
    out = sys.stdout
    with contextlib.suppress(AttributeError, ValueError):
        out.reconfigure(errors="replace", line_buffering=True)  # type: ignore[union-attr]

    def warn(message: str) -> None:
        print(f"coach: {message}", file=sys.stderr, flush=True)

    clock = time.monotonic
    waiter = KeyWaiter.for_stdin()
    player = cue_player(config, args, loaded, on_warning=warn)
    starter = HistoryStarter(clock)
    resume = getattr(args, "resume", None)
    live: LiveRun | None = None
    try:
        if resume is None:
            offer = starter.unfinished(loaded)
            interactive = sys.stdin is not None and sys.stdin.isatty()
            if offer is not None and interactive:
                resume = _ask_to_resume(offer)
            elif offer is not None:
                warn(f"starting over; there is {offer} (--resume carries it on)")
            resume = bool(resume)
        beginning = starter.begin(loaded, resume)
        for note in beginning.notes:
            warn(note)
        live = LiveRun(loaded, beginning, clock=clock, player=player, on_warning=warn)
        return PlainCoach(live, out, waiter, input_closed=waiter.ended).run()
    except KeyboardInterrupt:
        return EXIT_STOPPED
    finally:
        if live is not None:
            live.close()
            for warning in live.final_warnings:
                warn(warning)
        else:
            player.close()
