"""`coach sounds`: which audio backend is in use and why, then every cue once."""

from __future__ import annotations

import argparse
import time

from coach.domain.cues import CUE_NAMES
from coach.interface.cli import SUMMARY, CheckFailed
from coach.services.audio.choose import BACKENDS
from coach.services.audio.player import CuePlayer
from coach.services.audio.settings import add_audio_arguments, audio_settings, build_cue_player
from coach.services.audio.sounds import SoundFileError
from coach.services.config import Config, ConfigError, load_config
from coach.services.speech.settings import add_voice_arguments, voice_settings

GAP_S = 0.35
"""Silence between two cues, so each one is heard on its own."""
LONGEST_WAIT_S = 3.0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "sounds",
        help=SUMMARY["sounds"],
        description="List the audio backends in the order coach tries them, say which one "
        "is used and why, then play every cue with its name. Exit status 1 when no backend "
        "can make a sound (or the one asked for cannot).",
    )
    add_audio_arguments(parser)
    add_voice_arguments(parser)
    parser.add_argument("--say", metavar="TEXT", help="speak TEXT with the voice and stop")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        config = load_config()
    except ConfigError as exc:
        raise CheckFailed(str(exc)) from None
    settings = audio_settings(config, args)
    listing = False

    def warn(message: str) -> None:
        # The start-up warning repeats what the listing below explains; later ones (a
        # backend failing while cues play) are news.
        if listing:
            print(message)

    try:
        player = build_cue_player(config, args, on_warning=warn)
    except SoundFileError as exc:
        raise CheckFailed(str(exc)) from None
    try:
        print("Audio backends, in the order coach tries them:")
        tried = {attempt.backend: attempt for attempt in player.attempts}
        order = BACKENDS if settings.backend == "auto" else (settings.backend, "silent")
        width = max(len(name) for name in BACKENDS)
        for name in dict.fromkeys(order):
            attempt = tried.get(name)
            if attempt is None:
                print(f"  {name:<{width}}  -    not tried (a backend above works)")
            else:
                print(f"  {name:<{width}}  {'yes' if attempt.ok else 'no ':<3}  {attempt.reason}")
        failed_forced = settings.backend not in ("auto", player.backend_name)
        if failed_forced:
            print(f"Using silent: {settings.backend} was asked for by {settings.forced_by}.")
        else:
            forced = f" (asked for by {settings.forced_by})" if settings.forced_by else ""
            print(f"Using {player.backend_name}{forced}, volume {settings.volume:.0%}.")
        if player.muted:
            print("Muted: the cues are listed, not played.")
        listing = True
        if getattr(args, "say", None) is not None:
            _speak(config, args, player, args.say)
        else:
            for cue in CUE_NAMES:
                print(f"  {cue}", flush=True)
                if player.play(cue):
                    _wait_for(player, player.sounds[cue].seconds)
            _speak(config, args, player)
        # Either way the question was "can coach be heard here?": no is a failure.
        if failed_forced:
            raise CheckFailed(f"no sound: {settings.backend} cannot play here")
        if player.backend_name == "silent" and settings.backend == "auto":
            raise CheckFailed("no audio backend can play here; cues will only show on screen")
    finally:
        player.close()
    return 0


def _speak(config: Config, args: argparse.Namespace, player: CuePlayer, text: str = "") -> None:
    """Say which speech engine is used (or which to install), then speak a phrase."""
    from coach.domain.phrases import TEST_PHRASE
    from coach.services.speech.cache import PhraseCache
    from coach.services.speech.engines import EngineError

    voice = voice_settings(config, args)
    if voice.engine is None:
        print(f"Voice: off; {voice.why_not}.")
        return
    engine = voice.engine
    name = f", voice {engine.voice}" if engine.voice else ""
    state = "" if voice.wanted else " (off for workouts: --no-voice or enabled = false)"
    print(f"Voice: {engine.name} ({engine.program}){name}, {engine.rate} words a minute{state}.")
    try:
        sound = PhraseCache(engine).get(text or TEST_PHRASE)
    except EngineError as exc:
        raise CheckFailed(f"the voice cannot speak: {exc}") from None
    print(f"  {text or TEST_PHRASE}", flush=True)
    if player.speak(sound):
        _wait_for(player, sound.seconds)


def _wait_for(player: CuePlayer, seconds: float) -> None:
    # A command-line listing, not the event loop: waiting here is the point.
    limit = time.monotonic() + seconds + LONGEST_WAIT_S
    while player.busy() and time.monotonic() < limit:
        time.sleep(0.01)
    time.sleep(GAP_S)
