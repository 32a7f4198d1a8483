"""Real audio through ALSA's `file` plugin: what a backend played, as raw PCM bytes.

The test side (`capture`) writes a `.asoundrc` into a scratch HOME whose default device
is the file plugin in front of a null sink, then runs this file as a script in a child
process with that HOME: ALSA reads its configuration when a program first opens a device,
so the backend must start fresh. The child side (`main`) builds the real CuePlayer, plays
the cues it is given one after the other, closes, and prints a JSON report.

The null sink takes samples as fast as they come, so nothing here waits in real time.
`truncate false` makes the plugin write a new numbered file for every open (simpleaudio
opens the device for each cue); `recorded_pcm` puts them back together in order.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

ASOUNDRC = """\
pcm.!default {{
    type file
    slave.pcm "coach_null"
    file "{out}"
    format "raw"
    truncate false
}}
pcm.coach_null {{
    type null
}}
"""


def write_asoundrc(home: Path, out: Path | str) -> Path:
    home.mkdir(parents=True, exist_ok=True)
    path = home / ".asoundrc"
    path.write_text(ASOUNDRC.format(out=out), encoding="utf-8")
    return path


def recorded_pcm(out: Path) -> bytes:
    """Everything the plugin wrote: `out`, then `out.0001`, `out.0002`, ... in open order."""
    files = [out] if out.exists() else []
    files += sorted(out.parent.glob(out.name + ".[0-9][0-9][0-9][0-9]"))
    return b"".join(path.read_bytes() for path in files)


def positions_in_order(stream: bytes, parts: list[bytes]) -> list[int]:
    """Where each part starts, each searched after the end of the one before; -1 if missing."""
    found = []
    start = 0
    for part in parts:
        at = stream.find(part, start)
        found.append(at)
        if at < 0:
            break
        start = at + len(part)
    return found


@dataclass
class Capture:
    report: dict
    pcm: bytes
    returncode: int
    stderr: str


def capture(
    tmp_path: Path,
    cues: list[str],
    *,
    backend: str = "auto",
    volume: float | None = None,
    hide: tuple[str, ...] = (),
    ring: bool = False,
    asoundrc: bool = True,
    path: str | None = None,
    config: str | None = None,
    session_sounds: dict[str, str] | None = None,
    break_after: int | None = None,
    switch_wait: float | None = None,
    timeout: float = 20.0,
) -> Capture:
    """Play `cues` in a child process whose default ALSA device writes to a file.

    `hide` makes modules unimportable in the child (a library that is not installed);
    `ring` gives the bell backend a ring that the report counts; `asoundrc=False` leaves
    the child with no ALSA device at all (this machine has no sound card); `path`
    replaces PATH (to hide or provide system players); `break_after` breaks the ALSA
    device after that many cues, as a device that goes away mid-workout; `switch_wait`
    replaces how long a cue waits for the next backend to open after one failed (the
    player's own 50 ms budget makes the cue that finds the failure depend on how fast the
    machine opens the next backend).
    """
    home = tmp_path / "home"
    out = tmp_path / "alsa" / "out.raw"
    out.parent.mkdir(parents=True, exist_ok=True)
    if asoundrc:
        write_asoundrc(home, out)
    else:
        home.mkdir(parents=True, exist_ok=True)
    config_file = tmp_path / "config.toml"
    config_file.write_text(config or "", encoding="utf-8")
    env = {
        "HOME": str(home),
        "PATH": path if path is not None else os.environ.get("PATH", ""),
        "PYTHONPATH": str(REPO),
        "COACH_CONFIG": str(config_file),
        "LANG": "C.UTF-8",
    }
    job = {
        "cues": cues,
        "backend": backend,
        "volume": volume,
        "hide": list(hide),
        "ring": ring,
        "session_sounds": session_sounds or {},
        "break_after": break_after,
        "switch_wait": switch_wait,
        "out_dir": str(out.parent),
    }
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), json.dumps(job)],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    lines = done.stdout.strip().splitlines()
    report = json.loads(lines[-1]) if lines and lines[-1].startswith("{") else {}
    gone = out.parent.with_name(out.parent.name + "-gone") / out.name
    pcm = recorded_pcm(gone) + recorded_pcm(out)
    return Capture(report, pcm, done.returncode, done.stderr)


def main(job: dict) -> None:
    """The child side: build the player as the program does, play, report."""
    for name in job["hide"]:
        sys.modules[name] = None  # type: ignore[assignment]  # `import name` now fails

    import argparse
    import functools

    from coach.services.audio import settings
    from coach.services.audio.settings import build_cue_player
    from coach.services.config import load_config

    if job["switch_wait"] is not None:
        settings.CuePlayer = functools.partial(settings.CuePlayer, switch_wait=job["switch_wait"])

    rings: list[float] = []
    flashes: list[float] = []
    warnings: list[str] = []
    args = argparse.Namespace(audio=job["backend"], volume=job["volume"], mute=None)
    player = build_cue_player(
        load_config(),
        args,
        {cue: Path(file) for cue, file in job["session_sounds"].items()},
        on_warning=warnings.append,
        on_flash=lambda: flashes.append(time.monotonic()),
        ring=(lambda: rings.append(time.monotonic())) if job["ring"] else None,
    )
    chosen = player.backend_name
    played = []
    slowest = 0.0
    for index, cue in enumerate(job["cues"]):
        if job["break_after"] is not None and index == job["break_after"]:
            # The plugin can no longer create its file: every later open fails, as when a
            # device is unplugged.
            os.rename(job["out_dir"], job["out_dir"] + "-gone")
        started = time.perf_counter()
        played.append(player.play(cue))
        slowest = max(slowest, time.perf_counter() - started)
        limit = time.monotonic() + 5.0
        while player.busy() and time.monotonic() < limit:
            time.sleep(0.002)
    final = player.backend_name
    player.close()
    print(
        json.dumps(
            {
                "chosen": chosen,
                "final": final,
                "attempts": [[a.backend, a.ok, a.reason] for a in player.attempts],
                "played": played,
                "slowest_play_ms": slowest * 1000,
                "warnings": warnings,
                "rings": len(rings),
                "flashes": len(flashes),
            }
        )
    )


if __name__ == "__main__":
    main(json.loads(sys.argv[1]))
