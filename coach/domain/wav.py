"""A quick check that a file is a WAV the players can use."""

from __future__ import annotations

import wave
from pathlib import Path


class WavError(ValueError):
    pass


def check_wav(path: Path) -> None:
    """Raise WavError with a clear reason unless `path` is a readable PCM WAV file."""
    if not path.exists():
        raise WavError(f"no such file {path}")
    if path.is_dir():
        raise WavError(f"{path} is a folder, not a WAV file")
    try:
        with path.open("rb") as handle:
            head = handle.read(12)
    except OSError as exc:
        raise WavError(f"cannot read {path}: {exc.strerror or exc}") from None
    if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
        raise WavError(f"{path} is not a WAV file (it lacks the RIFF/WAVE header)")
    try:
        with wave.open(str(path), "rb") as wav:
            if wav.getnframes() == 0:
                raise WavError(f"{path} holds no sound")
    except (wave.Error, EOFError) as exc:
        raise WavError(f"{path} is not a PCM WAV file coach can play ({exc})") from None
