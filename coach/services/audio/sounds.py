"""Load the cue sounds once: bundled WAVs, then the user's replacements, all in one format.

Every cue ends up as mono signed 16-bit PCM at 44100 Hz with the volume applied, so a
backend only ever copies bytes. Replacements may be any PCM WAV (8, 16, 24 or 32 bit, any
rate, mono or stereo); they are mixed down and resampled here.
"""

from __future__ import annotations

import sys
import wave
from array import array
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from coach.domain.cues import CUE_NAMES
from coach.domain.wav import WavError, check_wav
from coach.services.audio.backend import RATE, Sound
from coach.services.audio.kept_sounds import KeptSounds
from coach.services.paths import bundled_sounds_dir
from coach.services.session_cache import Signature, signature

MAX_SECONDS = 10.0
"""A cue longer than this is refused: it would talk over the next ones."""


class SoundFileError(Exception):
    """A sound file cannot be used; the message names the file and who asked for it."""


def decode_wav(path: Path) -> bytes:
    """Read a PCM WAV file as mono signed 16-bit samples at RATE (machine byte order).

    Raises SoundFileError with a one-line reason.
    """
    try:
        check_wav(path)
        with wave.open(str(path), "rb") as wav:
            channels = wav.getnchannels()
            width = wav.getsampwidth()
            rate = wav.getframerate()
            frames = wav.getnframes()
            if frames / rate > MAX_SECONDS:
                seconds = frames / rate
                raise SoundFileError(
                    f"{path} lasts {seconds:.1f} s; a cue may last {MAX_SECONDS:.0f} s at most"
                )
            data = wav.readframes(frames)
    except WavError as exc:
        raise SoundFileError(str(exc)) from None
    except (wave.Error, EOFError, OSError) as exc:
        raise SoundFileError(f"{path} is not a PCM WAV file coach can play ({exc})") from None
    if width not in (1, 2, 3, 4):
        raise SoundFileError(f"{path} has {width * 8}-bit samples; use 8, 16, 24 or 32 bit PCM")
    samples = _to_int16(data, width)
    if channels > 1:
        samples = _mix_down(samples, channels)
    if rate != RATE:
        samples = _resample(samples, rate, RATE)
    return samples.tobytes()


def _to_int16(data: bytes, width: int) -> array[int]:
    # WAV data is little-endian; 8-bit WAV is unsigned.
    if width == 1:
        return array("h", ((byte - 128) << 8 for byte in data))
    if width == 2:
        out = array("h", data[: len(data) // 2 * 2])
        if sys.byteorder == "big":
            out.byteswap()
        return out
    shift = (width - 2) * 8
    return array(
        "h",
        (
            int.from_bytes(data[i : i + width], "little", signed=True) >> shift
            for i in range(0, len(data) - width + 1, width)
        ),
    )


def _mix_down(samples: array[int], channels: int) -> array[int]:
    frames = len(samples) // channels
    return array(
        "h",
        (sum(samples[i * channels : (i + 1) * channels]) // channels for i in range(frames)),
    )


def _resample(samples: array[int], source_rate: int, target_rate: int) -> array[int]:
    # Linear interpolation: plenty for short beeps, and no dependency.
    count = max(1, round(len(samples) * target_rate / source_rate))
    step = source_rate / target_rate
    last = len(samples) - 1
    out = array("h", bytes(2 * count))
    for i in range(count):
        position = i * step
        left = min(int(position), last)
        right = min(left + 1, last)
        fraction = position - left
        out[i] = round(samples[left] + (samples[right] - samples[left]) * fraction)
    return out


def scale(pcm: bytes, volume: float) -> bytes:
    """Multiply 16-bit samples by `volume` (0.0 to 1.0)."""
    if volume >= 1.0:
        return pcm
    samples = array("h", pcm)
    return array("h", (round(value * volume) for value in samples)).tobytes()


Overrides = tuple[str, Mapping[str, Path]]
"""Where replacements come from (said in error messages, e.g. "config.toml [sounds]") and
the cue → WAV mapping."""


def load_sounds(
    volume: float,
    overrides: Sequence[Overrides] = (),
    *,
    sounds_dir: Path | None = None,
    on_problem: Callable[[str], None] | None = None,
    cache_dir: Path | None = None,
) -> dict[str, Sound]:
    """Every cue by name, ready to play. Later `overrides` win over earlier ones.

    A file that cannot be used raises SoundFileError, or, when `on_problem` is given, is
    reported there and the cue keeps its previous sound. Sounds at a volume below 1 are
    kept in the cache folder (`cache_dir`, the user's by default), see `kept_sounds`.
    """
    folder = sounds_dir or bundled_sounds_dir()
    kept = KeptSounds(volume, cache_dir) if volume < 1.0 else None
    # cue -> its samples, whether the volume is applied, and the file with its signature
    pcm: dict[str, tuple[bytes, bool, Path | None, Signature]] = {}

    def take(cue: str, path: Path) -> None:
        if kept is not None:
            before = signature(path)
            ready = kept.get(path, before)
            if ready is not None:
                pcm[cue] = (ready, True, path, before)
                return
        else:
            before = None
        pcm[cue] = (decode_wav(path), False, path, before)

    for name in CUE_NAMES:
        try:
            take(name, folder / f"{name}.wav")
        except SoundFileError as exc:
            message = f"the bundled sound for '{name}' is missing or broken ({exc})"
            if on_problem is None:
                raise SoundFileError(message) from None
            on_problem(message)
            pcm[name] = (b"", False, None, None)
    for origin, mapping in overrides:
        for cue, path in mapping.items():
            try:
                take(cue, path)
            except SoundFileError as exc:
                message = f"{origin} {cue}: {exc}"
                if on_problem is None:
                    raise SoundFileError(message) from None
                on_problem(message)
    sounds: dict[str, Sound] = {}
    for cue, (data, ready, source, before) in pcm.items():
        if not ready:
            data = scale(data, volume)
            if kept is not None and source is not None:
                kept.put(source, before, data)
        sounds[cue] = Sound(cue, data)
    return sounds
