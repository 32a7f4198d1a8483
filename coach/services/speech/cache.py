"""Rendered phrases on disk, keyed by engine, voice, rate and text.

A phrase is rendered once, converted to the cues' format (mono 16-bit at RATE) and kept
under the user cache folder, so the second run of a session renders nothing. A cache file
that cannot be read back whole is rendered again.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
import tempfile
import wave
from array import array
from pathlib import Path

from coach.services.audio.backend import RATE, Sound
from coach.services.paths import user_cache_dir
from coach.services.regular_file import open_regular
from coach.services.speech.engines import Engine, EngineError


def _read_wav(path: Path) -> tuple[array[int], int]:
    """16-bit mono samples and their rate; raises ValueError when the file is damaged."""
    try:
        with open_regular(path) as file, wave.open(file, "rb") as wav:
            channels, width, rate, frames = (
                wav.getnchannels(),
                wav.getsampwidth(),
                wav.getframerate(),
                wav.getnframes(),
            )
            data = wav.readframes(frames)
    except (wave.Error, EOFError, OSError) as exc:
        raise ValueError(str(exc) or type(exc).__name__) from None
    if width != 2 or frames == 0 or len(data) != frames * channels * width:
        raise ValueError("truncated or not 16-bit")
    samples = array("h", data)
    if sys.byteorder == "big":
        samples.byteswap()
    if channels > 1:
        samples = array("h", samples[::channels])
    return samples, rate


def to_rate(samples: array[int], rate: int) -> array[int]:
    """Samples at RATE. The engines write 22050 or 44100 Hz, done with slices; any other
    rate takes the nearest sample."""
    if rate == RATE:
        return samples
    if rate * 2 == RATE:
        out = array("h", bytes(4 * len(samples)))
        out[0::2] = samples
        out[1::2] = samples
        return out
    count = max(1, len(samples) * RATE // rate)
    last = len(samples) - 1
    return array("h", (samples[min(last, i * rate // RATE)] for i in range(count)))


QUIET = 200
"""Samples quieter than this at either end of a phrase are silence the engine added."""
KEEP_S = 0.02


def trim(samples: array[int], rate: int) -> array[int]:
    """The phrase without the silence the engine put before and after it (a little is
    kept), so it fits in the gaps it really fits in. Scans from the ends only."""
    first = 0
    while first < len(samples) and -QUIET < samples[first] < QUIET:
        first += 1
    last = len(samples) - 1
    while last > first and -QUIET < samples[last] < QUIET:
        last -= 1
    if first >= len(samples):
        return samples
    keep = int(KEEP_S * rate)
    return samples[max(0, first - keep) : min(len(samples), last + 1 + keep)]


def _write_wav(path: Path, samples: array[int]) -> None:
    data = array("h", samples)
    if sys.byteorder == "big":
        data.byteswap()
    handle, name = tempfile.mkstemp(dir=path.parent, suffix=".part")
    os.close(handle)
    try:
        with wave.open(name, "wb") as wav:
            wav.setnchannels(1)
            wav.setsampwidth(2)
            wav.setframerate(RATE)
            wav.writeframes(data.tobytes())
        os.replace(name, path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(name)


class PhraseCache:
    def __init__(self, engine: Engine, folder: Path | None = None) -> None:
        self.engine = engine
        self.folder = (folder or user_cache_dir() / "speech") / engine.name

    def path_for(self, text: str) -> Path:
        key = f"{self.engine.name}\0{self.engine.voice}\0{self.engine.rate}\0{text}"
        return self.folder / f"{hashlib.sha256(key.encode()).hexdigest()[:32]}.wav"

    def cached(self, text: str) -> Sound | None:
        """The phrase from disk, or None when it is not there (or is damaged)."""
        try:
            samples, rate = _read_wav(self.path_for(text))
        except ValueError:
            return None
        if rate != RATE:
            return None
        return Sound(text, samples.tobytes())

    def get(self, text: str) -> Sound:
        """The phrase, rendered now if needed; raises EngineError saying why not."""
        sound = self.cached(text)
        if sound is not None:
            return sound
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise EngineError(f"cannot create {self.folder} ({exc.strerror or exc})") from None
        with tempfile.TemporaryDirectory(dir=self.folder) as scratch:
            raw = Path(scratch) / "raw.wav"
            self.engine.render(text, raw)
            try:
                samples, rate = _read_wav(raw)
            except ValueError as exc:
                why = f"{self.engine.name} wrote a WAV coach cannot read ({exc})"
                raise EngineError(why) from None
            samples = to_rate(trim(samples, rate), rate)
            # A cache that cannot be written costs the next run a render, no more.
            with contextlib.suppress(OSError):
                _write_wav(self.path_for(text), samples)
        return Sound(text, samples.tobytes())
