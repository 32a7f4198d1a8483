"""Cues played by the browser that shows the workout (`coach serve`).

The page cannot be told "play now" in time: a message crosses a network and a browser
starts a sound some milliseconds after it is asked. So this player sends each cue ahead
of time, with the clock time it belongs at, and the page schedules it with the Web Audio
API. Every `tick` it sends the cues due within `LOOKAHEAD_S` (the page replaces what it
had: a cue no longer in the list is cancelled, which is how pause, skip and back silence
what was planned). A cue the runner fires that was never announced (the first one after
a skip) goes out at once.

Messages are plain dicts handed to `send`; the app writes them to the page's channel.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import io
import wave
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from coach.domain.cue_plan import PlannedCue
from coach.services.audio.backend import CHANNELS, RATE, SAMPLE_WIDTH, Sound
from coach.services.audio.settings import audio_settings
from coach.services.audio.sounds import Overrides, load_sounds

if TYPE_CHECKING:
    from coach.services.config import Config

LOOKAHEAD_S = 1.5
"""How far ahead cues are sent: more than a slow network takes, little enough that a
change of plan rarely has to cancel much."""
SAME_CUE_S = 0.005
"""A fired cue within this of an announced one of the same name is that one."""

FORGET_S = 10.0
"""Announced cues are remembered this long after their time, to recognise them firing."""

Message = dict[str, object]
Upcoming = Callable[[float], list[PlannedCue]]


def wav_bytes(sound: Sound) -> bytes:
    """The cue as a WAV file (what the page decodes)."""
    out = io.BytesIO()
    with wave.open(out, "wb") as wav:
        wav.setnchannels(CHANNELS)
        wav.setsampwidth(SAMPLE_WIDTH)
        wav.setframerate(RATE)
        wav.writeframes(sound.pcm)
    return out.getvalue()


class BrowserCuePlayer:
    """A SoundPlayer whose speaker is the page; never blocks, never raises."""

    def __init__(
        self,
        sounds: Mapping[str, Sound],
        send: Callable[[Message], None],
        *,
        muted: bool = False,
        lookahead: float = LOOKAHEAD_S,
    ) -> None:
        self._sounds = dict(sounds)
        self._send = send
        self._muted = muted
        self._lookahead = lookahead
        self._upcoming: Upcoming | None = None
        self._announced: list[Message] | None = None  # the last schedule sent
        self._known: dict[tuple[str, float], float] = {}  # (cue, time) sent -> when
        self._sounds_sent = False
        self._closed = False

    @property
    def muted(self) -> bool:
        return self._muted

    def follow(self, upcoming: Upcoming) -> None:
        """Where the planned cues come from: `upcoming(until)` (see `upcoming_cues`)."""
        self._upcoming = upcoming

    def _post(self, message: Message) -> None:
        with contextlib.suppress(Exception):  # the page went away; the workout goes on
            self._send(message)

    def _send_sounds(self) -> None:
        if self._sounds_sent:
            return
        self._sounds_sent = True
        encoded = {
            name: base64.b64encode(wav_bytes(sound)).decode("ascii")
            for name, sound in self._sounds.items()
            if sound.pcm
        }
        self._post({"type": "coach_sounds", "sounds": encoded})

    def tick(self, now: float) -> None:
        """Send the schedule for the next moments when it changed."""
        if self._closed:
            return
        self._send_sounds()
        planned: list[PlannedCue] = []
        if not self._muted and self._upcoming is not None:
            try:
                planned = self._upcoming(now + self._lookahead)
            except Exception:
                planned = []
        schedule: list[Message] = [
            {"key": c.key, "cue": c.name, "at": round(c.at, 4)} for c in planned
        ]
        if schedule != self._announced:
            self._announced = schedule
            for c in planned:
                self._known[(c.name, c.at)] = now
            self._known = {k: t for k, t in self._known.items() if k[1] > now - FORGET_S}
            # The page keeps what fell due before `now`: only a later cue that is missing
            # from this list was called off.
            self._post({"type": "coach_cues", "cues": schedule, "now": round(now, 4)})

    def play(self, cue: str, deadline: float | None = None, now: float | None = None) -> bool:
        if self._closed or self._muted:
            return False
        if deadline is not None and any(
            name == cue and abs(at - deadline) <= SAME_CUE_S for name, at in self._known
        ):
            return True  # already on the page's schedule
        self._send_sounds()
        at_time = deadline if deadline is not None else now
        self._post({"type": "coach_cue_now", "cue": cue, "at": at_time})
        return True

    def toggle_mute(self) -> bool:
        self._muted = not self._muted
        if self._muted:
            self._announced = []
            self._post({"type": "coach_cues", "cues": [], "now": None})
        return self._muted

    def close(self) -> None:
        if not self._closed:
            self._post({"type": "coach_cues", "cues": [], "now": None})
            self._closed = True


def resolved_sounds(
    config: Config,
    args: argparse.Namespace | None,
    session_sounds: Mapping[str, Path] | None,
    on_warning: Callable[[str], None] | None = None,
) -> dict[str, Sound]:
    """The sounds `coach run` would play: bundled, then the config's and the session's
    replacements, at the chosen volume. A replacement that will not load is a warning."""
    settings = audio_settings(config, args)
    layers: list[Overrides] = []
    if config.sounds:
        layers.append((f"{config.path}: [sounds]", config.sounds))
    if session_sounds:
        layers.append(("session sounds:", session_sounds))
    return load_sounds(settings.volume, layers, on_problem=on_warning or (lambda _m: None))


def build_browser_player(
    config: Config,
    args: argparse.Namespace | None,
    session_sounds: Mapping[str, Path] | None,
    send: Callable[[Message], None],
    on_warning: Callable[[str], None] | None = None,
) -> BrowserCuePlayer:
    """The player for a served workout, sending `resolved_sounds` to the page."""
    sounds = resolved_sounds(config, args, session_sounds, on_warning)
    return BrowserCuePlayer(sounds, send, muted=audio_settings(config, args).muted)
