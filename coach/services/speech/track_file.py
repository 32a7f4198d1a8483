"""The whole workout as one audio track: every cue at its planned time, and the voice.

Timed parts are exact; a manual set runs at its estimate (the voice says so). The track
is exactly the plan's length (its total in seconds times RATE samples) and each cue
starts on the sample of its planned time. It ends with the workout: the finish cue,
due at the very end, is not in it.
"""

from __future__ import annotations

import sys
import wave
from array import array
from collections.abc import Callable, Mapping
from pathlib import Path

from coach.domain.phrases import segment_lines
from coach.domain.timeline import Timeline
from coach.domain.voice import place_segment
from coach.services.audio.backend import RATE, SAMPLE_WIDTH, Sound
from coach.services.speech.engines import EngineError


def _mix(track: bytearray, at: int, pcm: bytes) -> None:
    """Add `pcm` into `track` from sample `at` (cut at the track's end)."""
    start = at * SAMPLE_WIDTH
    part = pcm[: max(0, len(track) - start)]
    if not part:
        return
    end = start + len(part)
    if track[start:end] == bytes(len(part)):  # silence there: a copy is the mix
        track[start:end] = part
        return
    here = array("h", bytes(track[start:end]))
    add = array("h", part)
    track[start:end] = array(
        "h", (max(-32768, min(32767, a + b)) for a, b in zip(here, add, strict=True))
    ).tobytes()


def render_track(
    timeline: Timeline,
    sounds: Mapping[str, Sound],
    phrase: Callable[[str], Sound] | None = None,
    *,
    emom: frozenset[int] = frozenset(),
    on_warning: Callable[[str], None] | None = None,
) -> tuple[bytes, list[tuple[float, str]]]:
    """The track's samples (mono 16-bit at RATE, machine order) and what is said when.
    `phrase` renders a line (None: beeps only)."""
    total = timeline.total_seconds
    track = bytearray(total * RATE * SAMPLE_WIDTH)
    for segment in timeline.segments:
        for cue in segment.cues:
            sound = sounds.get(cue.name)
            if sound is not None:
                _mix(track, (segment.start + cue.at) * RATE, sound.pcm)
    said: list[tuple[float, str]] = []
    if phrase is None:
        return bytes(track), said
    ready: dict[str, Sound] = {}
    warned = False

    def duration_of(text: str) -> float | None:
        nonlocal warned
        if text not in ready:
            try:
                ready[text] = phrase(text)
            except EngineError as exc:
                if not warned and on_warning is not None:
                    on_warning(f"a phrase was left out ({exc})")
                warned = True
                return None
        return ready[text].seconds

    lengths = {name: sound.seconds for name, sound in sounds.items()}
    for segment in timeline.segments:
        if segment.kind == "finish":
            continue  # due at the very end: after the track
        lines = segment_lines(timeline, segment.index, emom_entries=emom, track=True)
        if not lines:
            continue
        end = segment.start + segment.estimate
        for spot in place_segment(lines, segment, segment.start, end, duration_of, lengths):
            _mix(track, round(spot.start * RATE), ready[spot.text].pcm)
            said.append((spot.start, spot.text))
    return bytes(track), said


def write_wav(path: Path, pcm: bytes) -> None:
    data = array("h", pcm)
    if sys.byteorder == "big":
        data.byteswap()
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(SAMPLE_WIDTH)
        wav.setframerate(RATE)
        wav.writeframes(data.tobytes())
