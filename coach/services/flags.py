"""The sound and voice flags every command that makes sound takes (and `coach` itself,
for the picker). Kept apart from the audio and speech packages, which load the sounds,
the backends and the session models: `coach --help` needs the flags alone."""

from __future__ import annotations

import argparse

AUDIO_BACKENDS: tuple[str, ...] = ("simpleaudio", "miniaudio", "system", "bell", "silent")
"""Every audio backend, in the order `auto` tries them."""
AUDIO_CHOICES: tuple[str, ...] = ("auto", *AUDIO_BACKENDS)


def _volume(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number; use 0.0 to 1.0") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"{text} is out of range; use 0.0 to 1.0")
    return value


def add_audio_arguments(parser: argparse.ArgumentParser) -> None:
    """Add `--audio BACKEND`, `--volume V` and `--mute` to a command's parser.

    An absent flag leaves no attribute at all (read them with `getattr`), so the flags
    given to `coach` before a command survive the command's own parser."""
    group = parser.add_argument_group("sound")
    group.add_argument(
        "--audio",
        metavar="BACKEND",
        choices=AUDIO_CHOICES,
        default=argparse.SUPPRESS,
        help=f"use this audio backend ({', '.join(AUDIO_CHOICES)}); default: the config's, or auto",
    )
    group.add_argument(
        "--volume",
        type=_volume,
        default=argparse.SUPPRESS,
        metavar="V",
        help="cue volume from 0.0 to 1.0 (default: the config's, or 0.8)",
    )
    group.add_argument(
        "--mute",
        action="store_true",
        default=argparse.SUPPRESS,
        help="start muted (m toggles in the app)",
    )


def add_voice_arguments(parser: argparse.ArgumentParser) -> None:
    """Add `--voice/--no-voice`; absent, it leaves no attribute (read it with getattr)."""
    group = parser.add_argument_group("voice")
    group.add_argument(
        "--voice",
        dest="voice",
        action="store_true",
        default=argparse.SUPPRESS,
        help="speak the workout (default: the config's, or on when a speech engine is installed)",
    )
    group.add_argument(
        "--no-voice",
        dest="voice",
        action="store_false",
        default=argparse.SUPPRESS,
        help="beeps only, no speech",
    )
