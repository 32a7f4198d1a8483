"""The speech engines coach can drive, each a program that writes a phrase to a WAV file.

None of them downloads anything: espeak-ng (Linux packages), `say` (macOS), and the
Windows speech API through PowerShell's System.Speech. Each runs with a bounded wait; an
engine that fails or hangs costs that phrase only.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

RENDER_TIMEOUT_S = 10.0
DEFAULT_RATE = 175
"""Words per minute: each engine's own default pace."""

ENGINES: tuple[str, ...] = ("espeak-ng", "say", "windows")
CHOICES: tuple[str, ...] = ("auto", *ENGINES)


class EngineError(Exception):
    """A phrase could not be rendered; the message is one line saying why."""


@dataclass(frozen=True)
class Engine:
    """One engine, found on this machine: its name, its program, and how to call it."""

    name: str
    program: str
    voice: str = ""
    rate: int = DEFAULT_RATE

    def command(self, text: str, out: Path) -> list[str]:
        if self.name == "espeak-ng":
            voice = ["-v", self.voice] if self.voice else []
            return [self.program, *voice, "-s", str(self.rate), "-w", str(out), "--", text]
        if self.name == "say":
            voice = ["-v", self.voice] if self.voice else []
            return [
                self.program,
                *voice,
                "-r",
                str(self.rate),
                "--data-format=LEI16@44100",
                "-o",
                str(out),
                "--",
                text,
            ]
        # System.Speech's rate runs from -10 to 10; 0 is about 175 words a minute.
        rate = max(-10, min(10, round((self.rate - DEFAULT_RATE) / 15)))
        select = f"$s.SelectVoice('{_ps_quote(self.voice)}');" if self.voice else ""
        script = (
            "Add-Type -AssemblyName System.Speech;"
            "$s = New-Object System.Speech.Synthesis.SpeechSynthesizer;"
            f"{select}$s.Rate = {rate};"
            "$f = New-Object System.Speech.AudioFormat.SpeechAudioFormatInfo("
            "44100, [System.Speech.AudioFormat.AudioBitsPerSample]::Sixteen,"
            " [System.Speech.AudioFormat.AudioChannel]::Mono);"
            f"$s.SetOutputToWaveFile('{_ps_quote(str(out))}', $f);"
            f"$s.Speak('{_ps_quote(text)}'); $s.Dispose()"
        )
        return [self.program, "-NoProfile", "-NonInteractive", "-Command", script]

    def render(self, text: str, out: Path, timeout: float = RENDER_TIMEOUT_S) -> None:
        """Write `text` spoken to the WAV file `out`; raise EngineError saying why not."""
        try:
            done = subprocess.run(
                self.command(text, out),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise EngineError(f"{self.name} did not finish a phrase in {timeout:g} s") from None
        except OSError as exc:
            raise EngineError(f"{self.name} does not start ({exc.strerror or exc})") from None
        if done.returncode != 0:
            lines = done.stderr.decode(errors="replace").strip().splitlines()
            why = lines[-1].strip() if lines else f"exit status {done.returncode}"
            raise EngineError(f"{self.name} failed ({why})")
        if not out.exists() or out.stat().st_size <= 44:
            raise EngineError(f"{self.name} wrote no sound")


def _ps_quote(text: str) -> str:
    return text.replace("'", "''")


def _program_for(name: str, which: Callable[[str], str | None]) -> str | None:
    if name == "espeak-ng":
        return which("espeak-ng")
    if name == "say":
        return which("say") if sys.platform == "darwin" else None
    if name == "windows":
        if sys.platform != "win32":
            return None
        return which("powershell") or which("pwsh")
    return None


def find_engine(
    preference: str = "auto",
    *,
    voice: str = "",
    rate: int = DEFAULT_RATE,
    which: Callable[[str], str | None] = shutil.which,
) -> Engine | None:
    """The engine to use: the one asked for, or the first found; None when there is none."""
    names = ENGINES if preference == "auto" else (preference,)
    for name in names:
        program = _program_for(name, which)
        if program is not None:
            return Engine(name, program, voice, rate)
    return None


def install_hint() -> str:
    """Which engine to install on this system, in one line."""
    if sys.platform == "darwin":
        return "macOS's `say` was not found; it ships with the system"
    if sys.platform == "win32":
        return "Windows PowerShell (System.Speech) was not found"
    return "install espeak-ng (apt install espeak-ng, or dnf install espeak-ng)"
