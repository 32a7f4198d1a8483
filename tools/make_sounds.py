"""Make coach's cue sounds: one short WAV per cue in `sounds/`.

    python tools/make_sounds.py            # rewrite sounds/*.wav
    python tools/make_sounds.py --out DIR  # write them somewhere else
    python tools/make_sounds.py --check    # exit 1 if sounds/ differs from what this makes

Every cue is built from a few notes (`Note`): a pitch that may glide, a timbre, and an
envelope with a raised-cosine fade in and out, so no cue starts or ends with a click. The
whole cue is then scaled to one loudness (the same RMS over its sounding part), with a peak
ceiling, so no cue jumps out. Output is 16-bit mono PCM at 44100 Hz, and the same every run
(no randomness), so `--check` can tell whether the files are current.

To change a cue, edit its entry in `CUES` below and run the script again. The shapes:

- `tick`: a dry, woody click (inharmonic partials, fast decay), unlike the tonal cues.
- `lift` / `lower`: one smooth glide up / down an octave.
- `hold` / `release`: the same bell-like note; `hold` sustains it, `release` plays it as
  two short taps.
- `get-ready` / `rest-ending`: countdown pips, high and a little lower.
- `go`: a long, bright, high beep after the pips ("start").
- `rest`: a low, buzzy falling pair ("stop").
- `finish`: a small rising fanfare.
"""

from __future__ import annotations

import argparse
import math
import sys
import wave
from array import array
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

RATE = 44100
TARGET_RMS_DBFS = -14.0  # loudness every cue is scaled to (RMS while it sounds)
PEAK_CEILING_DBFS = -1.0  # and no sample goes above this
FADE_IN_S = 0.004
FADE_OUT_S = 0.012

# Timbres: (harmonic multiple, relative amplitude) pairs.
Timbre = tuple[tuple[float, float], ...]
PURE: Timbre = ((1.0, 1.0),)
BRIGHT: Timbre = ((1.0, 1.0), (2.0, 0.35), (3.0, 0.12))
BELL: Timbre = ((1.0, 1.0), (2.76, 0.22), (5.4, 0.07))
BUZZY: Timbre = ((1.0, 1.0), (3.0, 0.33), (5.0, 0.2), (7.0, 0.14))
WOOD: Timbre = ((1.0, 1.0), (2.32, 0.6), (4.25, 0.3))


@dataclass(frozen=True)
class Note:
    start: float  # seconds from the start of the cue
    length: float  # seconds
    freq: float  # Hz at the start
    to_freq: float | None = None  # Hz at the end: a glide (exponential, so it sounds even)
    timbre: Timbre = PURE
    decay: float = 0.0  # exponential decay rate (1/s); 0 for a steady tone
    level: float = 1.0


CUES: dict[str, list[Note]] = {
    "tick": [Note(0.0, 0.045, 1400.0, timbre=WOOD, decay=90.0)],
    "lift": [Note(0.0, 0.2, 440.0, to_freq=880.0, timbre=BRIGHT)],
    "lower": [Note(0.0, 0.2, 880.0, to_freq=440.0, timbre=BRIGHT)],
    "hold": [Note(0.0, 0.22, 784.0, timbre=BELL)],
    "release": [
        Note(0.0, 0.07, 784.0, timbre=BELL),
        Note(0.11, 0.07, 784.0, timbre=BELL),
    ],
    "get-ready": [Note(0.0, 0.09, 988.0, timbre=PURE)],
    "rest-ending": [Note(0.0, 0.09, 740.0, timbre=PURE)],
    "go": [Note(0.0, 0.32, 1568.0, timbre=BRIGHT)],
    "rest": [
        Note(0.0, 0.15, 392.0, timbre=BUZZY),
        Note(0.17, 0.2, 262.0, timbre=BUZZY),
    ],
    "finish": [
        Note(0.0, 0.12, 523.0, timbre=BRIGHT),
        Note(0.13, 0.12, 659.0, timbre=BRIGHT),
        Note(0.26, 0.12, 784.0, timbre=BRIGHT),
        Note(0.39, 0.4, 1047.0, timbre=BRIGHT, decay=3.0),
    ],
}


def _envelope(i: int, n: int, decay: float) -> float:
    t = i / RATE
    fade_in = int(FADE_IN_S * RATE)
    fade_out = int(FADE_OUT_S * RATE)
    gain = math.exp(-decay * t) if decay else 1.0
    if i < fade_in:
        gain *= 0.5 - 0.5 * math.cos(math.pi * i / fade_in)
    remaining = n - 1 - i
    if remaining < fade_out:
        gain *= 0.5 - 0.5 * math.cos(math.pi * remaining / fade_out)
    return gain


def _frequency(note: Note) -> Callable[[float], float]:
    if note.to_freq is None:
        return lambda _fraction: note.freq
    ratio = note.to_freq / note.freq
    return lambda fraction: note.freq * ratio**fraction


def render_note(note: Note) -> list[float]:
    n = int(note.length * RATE)
    freq_at = _frequency(note)
    out = []
    phase = 0.0  # integrated so glides stay continuous
    for i in range(n):
        phase += 2.0 * math.pi * freq_at(i / n) / RATE
        value = sum(amp * math.sin(mult * phase) for mult, amp in note.timbre)
        out.append(value * note.level * _envelope(i, n, note.decay))
    return out


def render(notes: list[Note]) -> list[float]:
    """Mix the notes of one cue and scale the result to the common loudness."""
    length = max(int((note.start + note.length) * RATE) for note in notes)
    mix = [0.0] * length
    for note in notes:
        offset = int(note.start * RATE)
        for i, value in enumerate(render_note(note)):
            mix[offset + i] += value
    sounding = [value for value in mix if abs(value) > 1e-4]
    rms = math.sqrt(sum(value * value for value in sounding) / len(sounding))
    gain = 10 ** (TARGET_RMS_DBFS / 20) / rms
    peak = max(abs(value) for value in mix)
    gain = min(gain, 10 ** (PEAK_CEILING_DBFS / 20) / peak)
    return [value * gain for value in mix]


def to_pcm(samples: list[float]) -> bytes:
    pcm = array("h", (max(-32767, min(32767, round(value * 32767))) for value in samples))
    if sys.byteorder == "big":
        pcm.byteswap()  # WAV data is little-endian
    return pcm.tobytes()


def wav_bytes(name: str) -> bytes:
    """The complete WAV file for one cue, header included."""
    import io

    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(RATE)
        wav.writeframes(to_pcm(render(CUES[name])))
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Make coach's cue sounds.")
    default_out = Path(__file__).resolve().parent.parent / "sounds"
    parser.add_argument("--out", type=Path, default=default_out, help="folder to write into")
    parser.add_argument(
        "--check", action="store_true", help="only compare with the files already there"
    )
    args = parser.parse_args(argv)
    stale = []
    for name in CUES:
        data = wav_bytes(name)
        path = args.out / f"{name}.wav"
        if args.check:
            if not path.is_file() or path.read_bytes() != data:
                stale.append(path)
            continue
        args.out.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"{path}  {(len(data) - 44) / 2 / RATE * 1000:.0f} ms")
    if stale:
        for path in stale:
            print(f"{path} is out of date; run python tools/make_sounds.py", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
