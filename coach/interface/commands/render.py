"""`coach render SESSION -o FILE.wav`: the whole workout, beeps and voice, as one WAV."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from coach.domain.durations import format_duration
from coach.domain.timeline import compile_timeline
from coach.interface.cli import SUMMARY, CheckFailed
from coach.interface.commands.plan import load_named, plan_targets
from coach.interface.starting import read_config
from coach.services.audio.settings import add_audio_arguments, audio_settings
from coach.services.audio.sounds import Overrides, SoundFileError, load_sounds
from coach.services.speech.settings import add_voice_arguments, voice_settings


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "render",
        help=SUMMARY["render"],
        description="Write a session as one audio track to take along with no app: every "
        "cue at its planned time and the spoken lines in the gaps. A manual set lasts its "
        "estimate (3 s a rep) and the voice says so. The track is as long as `coach plan` "
        "says.",
    )
    parser.add_argument("session", metavar="SESSION", help="a name from `coach list`, or a path")
    parser.add_argument(
        "-o", "--output", metavar="FILE.wav", required=True, type=Path, help="where to write"
    )
    add_audio_arguments(parser)
    add_voice_arguments(parser)
    parser.set_defaults(func=run)


OTHER_AUDIO = frozenset({"mp3", "ogg", "oga", "opus", "flac", "m4a", "aac", "wma", "aif", "aiff"})
"""Endings of other audio formats: a WAV file under one of these names would not play."""


def run(args: argparse.Namespace) -> int:
    from coach.services.speech.cache import PhraseCache
    from coach.services.speech.track_file import render_track, write_wav

    loaded = load_named(args.session)
    config = read_config()
    out: Path = args.output
    if out.is_dir():
        raise CheckFailed(f"{out} is a folder; give a file name ending in .wav")
    other = out.suffix.lower().lstrip(".")
    if other in OTHER_AUDIO:  # (a name with no such ending, /dev/stdout say, is taken)
        raise CheckFailed(
            f"{out}: coach render writes WAV, not {other.upper()}; give a name ending in "
            ".wav (and convert that file, with ffmpeg for one)"
        )
    if not out.parent.is_dir():
        raise CheckFailed(f"cannot write {out}: the folder {out.parent} does not exist")
    layers: list[Overrides] = []
    if config.sounds:
        layers.append((f"{config.path}: [sounds]", config.sounds))
    if loaded.sound_files():
        layers.append(("session sounds:", loaded.sound_files()))
    try:
        sounds = load_sounds(audio_settings(config, args).volume, layers)
    except SoundFileError as exc:
        raise CheckFailed(str(exc)) from None
    voice = voice_settings(config, args)
    phrase = None
    if voice.wanted and voice.engine is not None:
        phrase = PhraseCache(voice.engine).get
    elif getattr(args, "voice", None):
        raise CheckFailed(f"cannot speak: {voice.why_not}")
    timeline = compile_timeline(loaded, plan_targets(loaded))
    emom = frozenset(i for i, e in enumerate(loaded.session.entries) if e.emom is not None)

    def warn(message: str) -> None:
        print(f"coach: {message}", file=sys.stderr)

    pcm, said = render_track(timeline, sounds, phrase, emom=emom, on_warning=warn)
    try:
        write_wav(out, pcm)
    except OSError as exc:
        raise CheckFailed(f"cannot write {out} ({exc.strerror or exc})") from None
    about = ", manual sets at their estimate" if timeline.estimated else ""
    spoken = f", {len(said)} spoken lines" if phrase is not None else ", no voice"
    print(f"Wrote {out}: {format_duration(timeline.total_seconds)}{about}{spoken}.")
    return 0
