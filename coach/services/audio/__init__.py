"""Audio cues: one interface, several backends chosen at start-up, never in the way.

The app and the plain mode use `build_cue_player(...)` and then `CuePlayer.play(cue)`.
"""

from coach.services.audio.backend import Backend, BackendFailed, BackendUnavailable, Sound
from coach.services.audio.choose import BACKENDS, CHOICES, Attempt, BackendChain, choose_backend
from coach.services.audio.player import MAX_LATE_S, CuePlayer
from coach.services.audio.recording import RecordingBackend
from coach.services.audio.settings import (
    AudioSettings,
    add_audio_arguments,
    audio_settings,
    build_cue_player,
)
from coach.services.audio.sounds import SoundFileError, load_sounds

__all__ = [
    "BACKENDS",
    "CHOICES",
    "MAX_LATE_S",
    "Attempt",
    "AudioSettings",
    "Backend",
    "BackendChain",
    "BackendFailed",
    "BackendUnavailable",
    "CuePlayer",
    "RecordingBackend",
    "Sound",
    "SoundFileError",
    "add_audio_arguments",
    "audio_settings",
    "build_cue_player",
    "choose_backend",
    "load_sounds",
]
