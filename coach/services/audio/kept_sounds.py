"""Cue sounds already at a volume, kept in the cache folder.

Applying the volume is a multiplication per sample in Python, about 12 ms of CPU for the
bundled cues, and the sounds are loaded while the workout screen is being built. So each
sound, decoded and at its volume, is kept in `sounds/` of the cache folder with what it
was made from: the WAV file's path and signature (see `session_cache.signature`), the
volume, the machine's byte order and the stamp of coach's code, with a checksum of the
samples. A sound whose WAV, volume or coach differs is made again from its file.

As for every file of the cache folder: a kept sound that is missing, damaged or from
another coach is made again and written anew, never an error; one that cannot be written
is not kept; writers replace the whole file at once. A WAV changed within the last two
seconds is not kept, nor one that changed while it was read.
"""

from __future__ import annotations

import json
import os
import sys
import zlib
from pathlib import Path

from coach.services.paths import user_cache_dir
from coach.services.regular_file import open_regular
from coach.services.session_cache import Signature, code_stamp, settled, signature, write_file

FOLDER = "sounds"


class KeptSounds:
    """The kept sounds at one volume: looked up, and written, WAV file by WAV file."""

    def __init__(self, volume: float, folder: Path | None = None) -> None:
        self.folder = (folder or user_cache_dir()) / FOLDER
        self.volume = float(volume).hex()
        self._stamp = code_stamp()

    def _file(self, wav: str) -> Path:
        key = f"{wav}\0{self.volume}".encode("utf-8", "surrogateescape")
        return self.folder / f"{zlib.crc32(key):08x}{zlib.adler32(key):08x}.pcm"

    def _about(self, wav: str, sig: Signature, pcm: bytes) -> dict[str, object]:
        return {
            "stamp": self._stamp,
            "wav": wav,
            "sig": None if sig is None else list(sig),
            "volume": self.volume,
            "order": sys.byteorder,
            "size": len(pcm),
            "crc": zlib.crc32(pcm),
        }

    def get(self, path: Path, sig: Signature) -> bytes | None:
        """The sound made from `path` (whose signature is `sig`) at this volume, if it
        was kept from the file as it is now."""
        if sig is None:
            return None
        wav = os.path.abspath(path)
        try:
            with open_regular(self._file(wav)) as file:
                about = json.loads(file.readline())
                pcm = file.read()
        except (OSError, ValueError, RecursionError):
            return None
        return pcm if about == self._about(wav, sig, pcm) else None

    def put(self, path: Path, before: Signature, pcm: bytes) -> None:
        """Keep the sound made from `path`, whose signature was `before` it was read."""
        if before is None or signature(path) != before or not settled([before]):
            return
        wav = os.path.abspath(path)
        about = self._about(wav, before, pcm)
        head = json.dumps(about, separators=(",", ":"), ensure_ascii=True).encode()
        write_file(self._file(wav), lambda: head + b"\n" + pcm)
