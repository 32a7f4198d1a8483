"""`coach run SESSION`: the workout in the full-screen app, or as plain lines."""

from __future__ import annotations

import argparse
import contextlib
import os
import shlex
import sys
import threading
import time
from typing import TYPE_CHECKING

from coach.domain.loading import LoadedSession
from coach.interface.cli import SUMMARY, UsageError
from coach.interface.commands.plan import load_named
from coach.interface.starting import (
    HistoryStarter,
    SoundOpening,
    cue_player,
    read_config,
    voice_for,
)
from coach.services.alerts import build_alerts
from coach.services.audio.settings import add_audio_arguments
from coach.services.ports import SoundPlayer
from coach.services.speech.settings import add_voice_arguments
from coach.services.workout import Workout

if TYPE_CHECKING:
    from coach.interface.app import CoachApp


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "run",
        help=SUMMARY["run"],
        description="Run a session, a name from `coach list` or a path to a .yaml file. "
        "Keys in the app: space pause, enter done/start now, n next, b back, "
        "+/- rest, m mute, q quit.",
    )
    parser.add_argument("session", metavar="SESSION", help="a name from `coach list`, or a path")
    add_run_options(parser)
    parser.set_defaults(func=run)


def add_run_options(parser: argparse.ArgumentParser) -> None:
    """--plain, --resume/--restart and the sound and voice options (`coach today` too)."""
    parser.add_argument(
        "--plain",
        action="store_true",
        help="one line per moment on stdout, for screen readers, scripts and small "
        "terminals; Enter ends a manual set",
    )
    again = parser.add_mutually_exclusive_group()
    again.add_argument(
        "--resume",
        dest="resume",
        action="store_const",
        const=True,
        default=None,
        help="carry on an unfinished run of this session without asking",
    )
    again.add_argument(
        "--restart",
        dest="resume",
        action="store_const",
        const=False,
        help="start over even when a run of this session was left unfinished",
    )
    add_audio_arguments(parser)
    add_voice_arguments(parser)


def run(args: argparse.Namespace) -> int:
    loaded = load_named(args.session)
    if args.plain:
        from coach.interface.plain import run_plain_command

        return run_plain_command(loaded, args)
    return run_app(args, session=loaded)


def run_app(args: argparse.Namespace, session: LoadedSession | None = None) -> int:
    """The full-screen app: a workout when `session` is given, else the picker (with
    each program's session for today first). `args.programs` (`coach today`): the
    program standing behind `session`, by its file."""
    from coach.interface.web.channel import ServedSound, served

    if not served() and not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError(
            "the full-screen coach needs a terminal; use `coach run SESSION --plain` "
            "for plain lines"
        )
    config = read_config()
    # The sound device opens on a thread of its own while Textual loads and the screen is
    # set up: the workout waits for it only if it is not ready by then.
    opened = threading.Event()  # set once the app takes the player: warnings go to it
    held: list[str] = []

    def warn(message: str) -> None:
        if opened.is_set():
            app.warn(message)
        else:
            held.append(message)

    early: SoundOpening | None = None
    if session is not None and not served():
        early = SoundOpening(
            lambda: cue_player(
                config,
                args,
                session,
                on_warning=warn,
                on_flash=lambda: app.flash(),
                ring=lambda: app.ring(),
            )
        )
    from coach.interface.app import make_app

    # The terminal knows its size. A COLUMNS or LINES left in the environment (some shells
    # export them) would pin the screen to that size and make resizing do nothing.
    # (Under `coach serve` COLUMNS is the browser's width, for Textual's web driver.)
    for stale in () if served() else ("COLUMNS", "LINES"):
        os.environ.pop(stale, None)
    # NO_COLOR turns colour off only when it holds something (no-color.org); Textual takes
    # an empty one as set.
    if os.environ.get("NO_COLOR") == "":
        del os.environ["NO_COLOR"]

    clock = time.monotonic
    programs = getattr(args, "programs", None)
    sessions = None
    if session is None:
        from coach.services.catalog import list_sessions
        from coach.services.programs import today_first, todays_sessions

        programs = todays_sessions()
        sessions = today_first(list_sessions(), programs)

    def sound(loaded: LoadedSession) -> SoundPlayer:
        # Called on the app's worker thread, which is cancelled when the app closes.
        from textual.worker import get_current_worker

        nonlocal early
        if web_sound is not None:
            return web_sound(loaded)
        worker = get_current_worker()
        if early is not None and loaded is session:
            opening, early = early, None
            opened.set()
            for message in held:
                app.warn(message)
            return opening.result(lambda: worker.is_cancelled)
        return cue_player(
            config,
            args,
            loaded,
            on_warning=app.warn,
            on_flash=app.flash,
            ring=app.ring,
            cancelled=lambda: worker.is_cancelled,
        )

    app = make_app(
        session=session,
        sessions=sessions,
        clock=clock,
        sound=sound,
        starter=HistoryStarter(clock, programs, config.equipment),
        resume=getattr(args, "resume", None),
        alerts=lambda: build_alerts(
            config.alerts, write=app.write_terminal, flash=app.flash, on_warning=app.warn
        ),
        voice=lambda player: voice_for(config, args, player, on_warning=app.warn),
    )
    # Under `coach serve` the cues play in the browser that shows the workout.
    web_sound = ServedSound(app, config, args, clock) if served() else None
    returned = threading.Event()
    threading.Thread(
        target=_end_anyway, args=(app, returned), name="coach-exit", daemon=True
    ).start()
    if not served():  # a terminal that goes away unannounced ends the workout as SIGHUP
        from coach.interface.hangup import watch_for_hangup

        with contextlib.suppress(OSError, ValueError):  # no descriptor: nothing to watch
            watch_for_hangup(sys.stdin.fileno())
    try:
        outcome = app.run()
    finally:
        returned.set()
        if early is not None:  # the app ended before it asked for the sound
            early.abandon()
    workout = app.workout
    code = app.return_code or 0
    # The terminal may be gone (SIGHUP): the sets are kept whether or not this is read.
    with contextlib.suppress(OSError, ValueError):
        if workout is not None:
            workout.close()  # already closed when the app left normally; this covers the rest
            for warning in workout.final_warnings:
                print(f"coach: {warning}", file=sys.stderr)
        if outcome is not None and outcome.line:
            # (Served, stdout carries the screen to the server; its log is stderr.)
            quiet = code in (0, 130, 143, 129) and not served()
            print(outcome.line, file=sys.stdout if quiet else sys.stderr)
        elif code:
            print(crash_line(workout), file=sys.stderr)
        sys.stdout.flush()
    return code


def crash_line(workout: Workout | None) -> str:
    """What to say after the app failed on a bug of ours (Textual has printed the trace)."""
    from coach.interface.closing import nothing_recorded

    line = "coach: something went wrong inside coach (the trace is above; please report it)."
    if workout is None or not workout.keeps_history or nothing_recorded(workout):
        return line
    done = workout.totals().sets_done
    kept = f"{done} {'set' if done == 1 else 'sets'} done in this run, kept in your history"
    again = f"coach run {shlex.quote(str(workout.loaded.path))} --resume"
    return f"{line} {kept}; `{again}` carries on."


EXIT_GRACE_S = 3.0  # after a signal, once the log is closed, to give the terminal back


def _end_anyway(app: CoachApp, returned: threading.Event) -> None:
    """After a signal, make sure the process ends. Once the log is closed, Textual gets a
    few seconds to give the terminal back: a terminal that has gone (its window closed)
    can block those last writes for ever, and a coach that never ends holds its run."""
    app.closed_after_signal.wait()
    if not returned.wait(EXIT_GRACE_S):
        os._exit(app.exit_code)
