"""The voice end to end: `coach render` checked from its WAV, and a real workout through
ALSA's file plugin with speech in its gaps and every beep still there, in order."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import wave
from pathlib import Path

import pytest
from alsa_capture import REPO, write_asoundrc
from conftest import need

from coach.domain.loading import load_session
from coach.domain.timeline import compile_timeline, iter_cues
from coach.services.audio.backend import RATE
from coach.services.speech.engines import find_engine

SHORT = """\
name: Short
defaults: {get_ready: 4, rest: 6}
exercises:
  - {exercise: hip-thrust, sets: 2, reps: 1, tempo: 1-0-1-0, load: 80 kg}
"""


def frames(path: Path) -> bytes:
    with wave.open(str(path), "rb") as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 2, RATE)
        return wav.readframes(wav.getnframes())


def coach(args: list[str], env: dict[str, str], timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "coach", *args],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def environment(tmp_path: Path) -> dict[str, str]:
    return {
        "HOME": str(tmp_path / "home"),
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(REPO),
        "COACH_CONFIG": str(tmp_path / "none.toml"),
        "COACH_CACHE_DIR": str(tmp_path / "cache"),
        "COACH_DATA_DIR": str(tmp_path / "data"),
        "XDG_DATA_HOME": str(tmp_path / "xdg"),
        "LANG": "C.UTF-8",
    }


def test_render_of_a_bundled_session_lasts_the_plan_with_each_cue_on_its_sample(tmp_path):
    need(find_engine() is not None, "espeak-ng is not installed (apt install espeak-ng)")
    out = tmp_path / "track.wav"
    done = coach(
        ["render", "beginner-holds", "-o", str(out), "--volume", "1"], environment(tmp_path)
    )
    assert done.returncode == 0, done.stderr
    assert "spoken lines" in done.stdout
    loaded = load_session(REPO / "sessions" / "beginner-holds.yaml")
    timeline = compile_timeline(loaded)
    pcm = frames(out)
    assert len(pcm) == timeline.total_seconds * RATE * 2
    cues = {p.stem: frames(p) for p in (REPO / "sounds").glob("*.wav")}
    checked = 0
    for at, name, _segment in iter_cues(timeline):
        if at >= timeline.total_seconds:
            continue  # the finish is due as the track ends
        offset = at * RATE * 2
        head = cues[name][:400]
        assert pcm[offset : offset + len(head)] == head, f"{name} at {at}s"
        checked += 1
    assert checked > 100
    # Speech lies in the gaps: the first rest's line follows its beep.
    rest = next(s for s in timeline.segments if s.kind == "rest")
    after_beep = (rest.start * RATE + len(cues["rest"]) // 2) * 2
    gap = pcm[after_beep : after_beep + RATE * 2]
    assert gap.count(0) < len(gap) * 0.9


def have_simpleaudio() -> bool:
    return importlib.util.find_spec("simpleaudio") is not None


def played_files(folder: Path) -> list[bytes]:
    out = folder / "out.raw"
    files = [out, *sorted(folder.glob("out.raw.[0-9][0-9][0-9][0-9]"))]
    return [f.read_bytes() for f in files if f.exists()]


def name_of(pcm: bytes, cues: dict[str, bytes], phrases: dict[bytes, str]) -> str:
    for name, sound in cues.items():
        if pcm == sound:
            return name
    if pcm in phrases:
        return "said: " + phrases[pcm]
    return "silence" if pcm.count(0) == len(pcm) else "?"


@pytest.mark.alsa
@pytest.mark.parametrize("voice", ["--voice", "--no-voice"])
def test_a_workout_speaks_in_its_gaps_and_every_beep_still_sounds(tmp_path, voice):
    need(have_simpleaudio(), "simpleaudio is not installed (pip install '.[simpleaudio]')")
    need(find_engine() is not None, "espeak-ng is not installed (apt install espeak-ng)")
    env = environment(tmp_path)
    session = tmp_path / "short.yaml"
    session.write_text(SHORT, encoding="utf-8")
    # The render fills the phrase cache, so the run finds every line ready.
    assert coach(["render", str(session), "-o", str(tmp_path / "t.wav")], env).returncode == 0
    write_asoundrc(tmp_path / "home", tmp_path / "alsa" / "out.raw")
    (tmp_path / "alsa").mkdir()
    args = ["run", str(session), "--plain", "--audio", "simpleaudio", "--volume", "1", voice]
    done = coach(args, env)
    assert done.returncode == 0, done.stderr
    cues = {p.stem: frames(p) for p in (REPO / "sounds").glob("*.wav")}
    phrases = {}
    for path in (tmp_path / "cache").rglob("*.wav"):
        phrases[frames(path)] = path.name
    heard = [name_of(p, cues, phrases) for p in played_files(tmp_path / "alsa")]
    heard = [h for h in heard if h != "silence"]  # the device check at start-up
    assert "?" not in heard
    beeps = [h for h in heard if not h.startswith("said: ")]
    timeline = compile_timeline(load_session(session))
    assert beeps == [name for _, name, _ in iter_cues(timeline)]  # none dropped, in order
    spoken = [i for i, h in enumerate(heard) if h.startswith("said: ")]
    if voice == "--no-voice":
        assert spoken == []
        return
    assert len(spoken) >= 3
    # The rest's line comes after the rest beep and before its countdown.
    rest = heard.index("rest")
    assert heard[rest + 1].startswith("said: ") and heard[rest + 2] == "rest-ending"
    assert heard[-1].startswith("said: ") and heard[-2] == "finish"
