"""Turn the config file and the command line into a ready CuePlayer.

Commands that make sound call `add_audio_arguments(parser)` and then
`build_cue_player(config, args, session_sounds)`. The command line wins over the config
file; a session's own sounds win over the config's.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from coach.services.audio.choose import Opener, choose_backend
from coach.services.audio.player import CuePlayer
from coach.services.audio.sounds import Overrides, load_sounds
from coach.services.flags import add_audio_arguments as add_audio_arguments

if TYPE_CHECKING:  # config imports this package for the backend names
    from coach.services.config import Config


@dataclass(frozen=True)
class AudioSettings:
    backend: str
    volume: float
    muted: bool
    forced_by: str | None
    """Where a forced backend was asked for ("--audio" or the config file), if it was."""


def audio_settings(config: Config, args: argparse.Namespace | None = None) -> AudioSettings:
    flag_backend = getattr(args, "audio", None)
    flag_volume = getattr(args, "volume", None)
    flag_mute = getattr(args, "mute", None)
    backend = flag_backend or config.audio.backend
    if flag_backend and flag_backend != "auto":
        forced_by: str | None = "--audio"
    elif not flag_backend and backend != "auto":
        forced_by = f"{config.path}" if config.path else "the settings"
    else:
        forced_by = None
    return AudioSettings(
        backend=backend,
        volume=config.audio.volume if flag_volume is None else flag_volume,
        muted=bool(flag_mute) or config.audio.mute,
        forced_by=forced_by,
    )


def build_cue_player(
    config: Config,
    args: argparse.Namespace | None = None,
    session_sounds: Mapping[str, Path] | None = None,
    *,
    on_flash: Callable[[], None] | None = None,
    on_warning: Callable[[str], None] | None = None,
    ring: Callable[[], None] | None = None,
    openers: Mapping[str, Opener] | None = None,
) -> CuePlayer:
    """Load the sounds, choose the backend, and return the player.

    A replacement WAV that cannot be used raises SoundFileError, whose one line names the
    setting and the file: every command stops on it, as the README says. `on_flash` is called by the
    bell backend so the interface can flash; `ring` replaces its terminal bell (the app
    passes its own `bell`).
    """
    settings = audio_settings(config, args)
    layers: list[Overrides] = []
    if config.sounds:
        layers.append((f"{config.path}: [sounds]", config.sounds))
    if session_sounds:
        layers.append(("session sounds:", session_sounds))
    sounds = load_sounds(settings.volume, layers)
    backend, chain = choose_backend(settings.backend, ring=ring, on_flash=on_flash, openers=openers)
    return CuePlayer(backend, sounds, fallbacks=chain, muted=settings.muted, on_warning=on_warning)
