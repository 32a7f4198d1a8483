"""`coach run SESSION`: the workout in the full-screen app, or as plain lines."""

from __future__ import annotations

import argparse
import os
import shlex
import sys
import time

from coach.domain.loading import LoadedSession
from coach.interface.cli import UsageError
from coach.interface.commands.plan import load_named
from coach.interface.live import LiveRun
from coach.interface.starting import HistoryStarter, cue_player, read_config
from coach.services.audio.settings import add_audio_arguments


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "run",
        help="run a session: the full-screen coach, or --plain lines",
        description="Run a session, a name from `coach list` or a path to a .yaml file. "
        "Keys in the app: space pause, enter done/start now, n next, b back, "
        "+/- rest, m mute, q quit.",
    )
    parser.add_argument("session", metavar="SESSION", help="a name from `coach list`, or a path")
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
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    loaded = load_named(args.session)
    if args.plain:
        from coach.interface.plain import run_plain_command

        return run_plain_command(loaded, args)
    return run_app(args, session=loaded)


def run_app(args: argparse.Namespace, session: LoadedSession | None = None) -> int:
    """The full-screen app: a workout when `session` is given, else the picker."""
    from coach.interface.web.channel import ServedSound, served

    if not served() and not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError(
            "the full-screen coach needs a terminal; use `coach run SESSION --plain` "
            "for plain lines"
        )
    from coach.interface.app import make_app

    # The terminal knows its size. A COLUMNS or LINES left in the environment (some shells
    # export them) would pin the screen to that size and make resizing do nothing.
    # (Under `coach serve` COLUMNS is the browser's width, for Textual's web driver.)
    for stale in () if served() else ("COLUMNS", "LINES"):
        os.environ.pop(stale, None)

    config = read_config()
    clock = time.monotonic
    app = make_app(
        session=session,
        clock=clock,
        sound=lambda loaded: (
            web_sound(loaded)
            if web_sound is not None
            else cue_player(
                config,
                args,
                loaded,
                on_warning=app.warn,
                on_flash=app.flash,
                ring=app.ring,
            )
        ),
        starter=HistoryStarter(clock),
        resume=getattr(args, "resume", None),
    )
    # Under `coach serve` the cues play in the browser that shows the workout.
    web_sound = ServedSound(app, config, args, clock) if served() else None
    outcome = app.run()
    live = app.live
    if live is not None:
        live.close()  # already closed when the app left normally; this covers the rest
        for warning in live.final_warnings:
            print(f"coach: {warning}", file=sys.stderr)
    if outcome is not None and outcome.line:
        # (Served, stdout carries the screen to the server; its log is stderr.)
        print(outcome.line, file=sys.stderr if app.return_code or served() else sys.stdout)
    elif app.return_code:
        print(crash_line(live), file=sys.stderr)
    return app.return_code or 0


def crash_line(live: LiveRun | None) -> str:
    """What to say after the app failed on a bug of ours (Textual has printed the trace)."""
    line = "coach: something went wrong inside coach (the trace is above; please report it)."
    if live is None or not live.keeps_history:
        return line
    done = len(live.results)
    kept = f"{done} {'set' if done == 1 else 'sets'} already in your history"
    again = f"coach run {shlex.quote(str(live.loaded.path))} --resume"
    return f"{line} {kept}; `{again}` carries on."
