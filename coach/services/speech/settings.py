"""Turn the config file and the command line into a ready voice (or none).

Commands that speak call `add_voice_arguments(parser)`, then `build_voice(...)`. The
command line wins over the config file; with no engine installed, speech is off.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from coach.services.flags import add_voice_arguments as add_voice_arguments
from coach.services.speech.cache import PhraseCache
from coach.services.speech.engines import Engine, find_engine, install_hint
from coach.services.speech.track import PhraseOutput, VoiceTrack

if TYPE_CHECKING:
    from coach.services.config import Config


@dataclass(frozen=True)
class VoiceSettings:
    wanted: bool
    engine: Engine | None
    why_not: str  # one line, when there is no engine


def voice_settings(config: Config, args: argparse.Namespace | None = None) -> VoiceSettings:
    flag = getattr(args, "voice", None)
    wanted = flag if flag is not None else config.voice.enabled is not False
    engine = find_engine(config.voice.engine, voice=config.voice.name, rate=config.voice.rate)
    if engine is not None:
        why_not = ""
    elif config.voice.engine != "auto":
        why_not = f"the speech engine {config.voice.engine} is not available here"
    else:
        why_not = f"no speech engine found; {install_hint()}"
    return VoiceSettings(wanted, engine, why_not)


def build_voice(
    config: Config,
    args: argparse.Namespace | None,
    output: PhraseOutput,
    *,
    on_warning: Callable[[str], None] | None = None,
) -> VoiceTrack | None:
    """The voice for a workout, or None when speech is off or no engine exists. Asked for
    (`--voice`, or `enabled = true`) with no engine, `on_warning` hears why, once."""
    settings = voice_settings(config, args)
    if not settings.wanted:
        return None
    if settings.engine is None:
        asked = getattr(args, "voice", None) or config.voice.enabled
        if asked and on_warning is not None:
            on_warning(f"Voice: off; {settings.why_not}.")
        return None
    cache = PhraseCache(settings.engine)
    return VoiceTrack(cache.get, output, counts=config.voice.counts, on_warning=on_warning)
