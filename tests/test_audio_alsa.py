"""Real PCM out of each backend, through ALSA's file plugin, and each step of the fallback."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import time
import wave
from array import array
from pathlib import Path

import pytest
from alsa_capture import REPO, capture, positions_in_order, recorded_pcm, write_asoundrc
from conftest import need

pytestmark = pytest.mark.alsa

SEQUENCE = ["get-ready", "go", "tick", "lift", "hold", "lower"]
NOT_PLAYED = ["finish", "rest"]


def wav_frames(path: Path) -> bytes:
    """The samples of a 16-bit mono 44.1 kHz WAV, read without coach's own loader."""
    with wave.open(str(path), "rb") as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 2, 44100)
        return wav.readframes(wav.getnframes())


def bundled(cue: str) -> bytes:
    return wav_frames(REPO / "sounds" / f"{cue}.wav")


def scaled(pcm: bytes, volume: float) -> bytes:
    return array("h", (round(v * volume) for v in array("h", pcm))).tobytes()


def assert_returned_at_once(report: dict) -> None:
    # Starting a cue is a hand-over to another thread: no device is opened on the caller's.
    assert report["slowest_play_ms"] < 20, report


def assert_played_in_order(pcm: bytes, cues: list[str], volume: float = 1.0) -> None:
    expected = [scaled(bundled(cue), volume) for cue in cues]
    found = positions_in_order(pcm, expected)
    assert len(found) == len(cues) and -1 not in found, dict(zip(cues, found, strict=False))
    for cue in NOT_PLAYED:
        assert scaled(bundled(cue), volume) not in pcm, f"{cue} came out but was never played"


def have_simpleaudio() -> bool:
    return importlib.util.find_spec("simpleaudio") is not None


def test_simpleaudio_plays_the_cues_in_order(tmp_path: Path) -> None:
    need(have_simpleaudio(), "simpleaudio is not installed (pip install '.[simpleaudio]')")
    result = capture(tmp_path, SEQUENCE, volume=1.0)
    assert result.returncode == 0, result.stderr
    assert result.report["chosen"] == "simpleaudio"
    assert_played_in_order(result.pcm, SEQUENCE)
    assert_returned_at_once(result.report)


def test_miniaudio_plays_the_cues_in_order_when_simpleaudio_is_missing(tmp_path: Path) -> None:
    result = capture(tmp_path, SEQUENCE, volume=1.0, hide=("simpleaudio",))
    assert result.returncode == 0, result.stderr
    first, chosen = result.report["attempts"][:2]
    assert first[:2] == ["simpleaudio", False]
    assert chosen[:2] == ["miniaudio", True] and "ALSA" in chosen[2]
    assert_played_in_order(result.pcm, SEQUENCE)
    assert_returned_at_once(result.report)


def test_the_volume_setting_scales_the_samples(tmp_path: Path) -> None:
    result = capture(tmp_path, ["go", "lift"], backend="miniaudio", volume=0.5)
    assert result.report["chosen"] == "miniaudio"
    assert_played_in_order(result.pcm, ["go", "lift"], volume=0.5)
    assert bundled("go") not in result.pcm


def test_the_system_player_plays_through_alsa_when_no_library_is_there(tmp_path: Path) -> None:
    need(shutil.which("aplay") is not None, "aplay is not installed (alsa-utils)")
    result = capture(tmp_path, SEQUENCE, volume=1.0, hide=("simpleaudio", "miniaudio"))
    assert result.returncode == 0, result.stderr
    assert [a[:2] for a in result.report["attempts"]] == [
        ["simpleaudio", False],
        ["miniaudio", False],
        ["system", True],
    ]
    assert "aplay" in result.report["attempts"][-1][2]
    assert_played_in_order(result.pcm, SEQUENCE)
    assert_returned_at_once(result.report)


def test_no_sound_card_falls_through_to_the_bell_with_every_reason_written_down(
    tmp_path: Path,
) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    result = capture(tmp_path, SEQUENCE, asoundrc=False, ring=True, path=str(empty))
    assert result.returncode == 0, result.stderr
    attempts = {name: (ok, why) for name, ok, why in result.report["attempts"]}
    assert attempts["miniaudio"][0] is False and "device" in attempts["miniaudio"][1]
    if have_simpleaudio():
        assert attempts["simpleaudio"][0] is False
        assert "No such file or directory" in attempts["simpleaudio"][1]
    assert attempts["system"] == (False, "pw-play, paplay, aplay, afplay not found")
    assert result.report["chosen"] == "bell"
    assert result.report["rings"] == len(SEQUENCE) == result.report["flashes"]
    assert "ALSA lib" not in result.stderr  # libasound's chatter stays off the screen
    assert result.pcm == b""


def test_without_a_terminal_it_is_silent_with_one_warning(tmp_path: Path) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    result = capture(tmp_path, SEQUENCE, asoundrc=False, path=str(empty))
    assert result.returncode == 0, result.stderr
    assert result.report["attempts"][-2][:2] == ["bell", False]
    assert result.report["chosen"] == "silent"
    assert result.report["played"] == [False] * len(SEQUENCE)
    assert len(result.report["warnings"]) == 1
    assert result.report["warnings"][0].startswith("No sound here:")


def test_a_device_that_fails_mid_workout_hands_over_and_the_workout_goes_on(
    tmp_path: Path,
) -> None:
    need(have_simpleaudio(), "simpleaudio is not installed (pip install '.[simpleaudio]')")
    empty = tmp_path / "bin"
    empty.mkdir()
    cues = ["go", "tick", "lift", "tick", "lower", "tick"]
    # The cue that finds the failure waits for the bell to open (however long opening takes
    # here); dropping it when opening is slow is test_audio_player's slow-switch test.
    result = capture(
        tmp_path, cues, volume=1.0, ring=True, path=str(empty), break_after=2, switch_wait=10
    )
    assert result.returncode == 0, result.stderr
    assert result.report["chosen"] == "simpleaudio"
    assert result.report["final"] == "bell"
    assert_played_in_order(result.pcm, ["go", "tick"])
    assert bundled("lower") not in result.pcm
    (warning,) = result.report["warnings"]
    assert (
        warning.startswith("Sound: simpleaudio stopped working (") and "now using bell" in warning
    )
    # The cue during which the device vanished is lost. The next one finds the failure and
    # waits a moment for the bell to open: on a busy machine that moment can pass, and that
    # cue is dropped too (play returned False). Every cue after it reaches the bell.
    played = result.report["played"]
    assert all(played[4:]), played
    assert result.report["rings"] == sum(played[3:])


def test_replacement_sounds_from_the_config_and_the_session_are_the_ones_played(
    tmp_path: Path,
) -> None:
    whistle = tmp_path / "whistle.wav"
    clap = tmp_path / "clap.wav"
    for path, freq in ((whistle, 97), (clap, 31)):
        samples = array("h", (((i * freq) % 2000) - 1000 for i in range(2000)))
        with wave.open(str(path), "wb") as wav:
            wav.setnchannels(1)
            wav.setsampwidth(2)
            wav.setframerate(44100)
            wav.writeframes(samples.tobytes())
    result = capture(
        tmp_path,
        ["go", "tick", "lift"],
        backend="miniaudio",
        volume=1.0,
        config=f'[sounds]\ngo = "{whistle}"\ntick = "{whistle}"\n',
        session_sounds={"tick": str(clap)},
    )
    assert result.returncode == 0, result.stderr
    found = positions_in_order(result.pcm, [wav_frames(whistle), wav_frames(clap), bundled("lift")])
    assert -1 not in found
    assert bundled("go") not in result.pcm and bundled("tick") not in result.pcm


@pytest.mark.parametrize("backend", ["simpleaudio", "miniaudio"])
@pytest.mark.parametrize("closes", [True, False], ids=["closed", "not-closed"])
def test_exiting_with_sound_in_flight_does_not_crash_or_hang(
    tmp_path: Path, backend: str, closes: bool
) -> None:
    if backend == "simpleaudio":
        need(have_simpleaudio(), "simpleaudio is not installed (pip install '.[simpleaudio]')")
    # A device that stops taking samples: the plugin writes into a pipe nobody reads, so
    # the cue is still playing (stuck in the middle) when the program ends.
    home = tmp_path / "home"
    write_asoundrc(home, "| exec sleep 3 >/dev/null 2>&1")
    code = (
        "import argparse, time\n"
        "from coach.services.audio.settings import build_cue_player\n"
        "from coach.services.config import Config\n"
        f"p = build_cue_player(Config(), argparse.Namespace(audio='{backend}'))\n"
        "assert p.backend_name == " + repr(backend) + ", p.attempts\n"
        "p.play('finish')\n"
        "time.sleep(0.1)\n"
        "assert p.busy()\n" + ("p.close()\n" if closes else "")
    )
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={"HOME": str(home), "PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=20,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Fatal Python error" not in done.stderr
    assert time.monotonic() - started < 2.5


def test_coach_sounds_plays_every_cue_with_its_name(tmp_path: Path) -> None:
    from coach.domain.cues import CUE_NAMES

    home = tmp_path / "home"
    out = tmp_path / "alsa" / "out.raw"
    out.parent.mkdir()
    write_asoundrc(home, out)
    code = (
        "import sys\n"
        "import coach.interface.commands.sounds as sounds\n"
        "sounds.GAP_S = 0  # the null sink needs no pause between cues\n"
        "from coach.interface.cli import main\n"
        "sys.exit(main(['sounds', '--audio', 'miniaudio', '--volume', '1']))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={
            "HOME": str(home),
            "PYTHONPATH": str(REPO),
            "PATH": "/usr/bin:/bin",
            "COACH_CONFIG": str(tmp_path / "none.toml"),
        },
        capture_output=True,
        text=True,
        timeout=20,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "  miniaudio    yes  miniaudio" in done.stdout
    assert "Using miniaudio (asked for by --audio), volume 100%." in done.stdout
    cue_part = done.stdout.split("\nVoice: ")[0]  # the voice's own lines come after the cues
    listed = [line.strip() for line in cue_part.splitlines() if line.startswith("  ")]
    assert listed[-len(CUE_NAMES) :] == list(CUE_NAMES)
    found = positions_in_order(recorded_pcm(out), [bundled(cue) for cue in CUE_NAMES])
    assert -1 not in found, dict(zip(CUE_NAMES, found, strict=False))


def test_a_stream_that_stops_taking_samples_is_noticed_and_left(tmp_path: Path) -> None:
    # miniaudio's device blocks for good (a pipe nobody reads): the cue waits in the queue,
    # the next cue finds the stall, and the bell takes over.
    home = tmp_path / "home"
    write_asoundrc(home, f"| exec {shutil.which('sleep')} 5 >/dev/null 2>&1")
    empty = tmp_path / "bin"
    empty.mkdir()
    code = (
        "import sys, argparse, time\n"
        "sys.modules['simpleaudio'] = None\n"
        "import coach.services.audio.miniaudio_backend as backend\n"
        "backend.STALL_S = 0.2  # a second in real use; shorter so the test is quick\n"
        "from coach.services.audio.settings import build_cue_player\n"
        "from coach.services.config import Config\n"
        "rings = []\n"
        "p = build_cue_player(Config(), argparse.Namespace(audio='auto'),\n"
        "                     ring=lambda: rings.append(1), on_warning=print)\n"
        "assert p.backend_name == 'miniaudio', p.attempts\n"
        "time.sleep(0.1)  # the pipe is full: the audio thread is stuck in a write\n"
        "p.play('go')\n"
        "time.sleep(0.3)\n"
        "p.play('tick')  # finds the stall\n"
        "deadline = time.monotonic() + 3\n"
        "while p.busy() and time.monotonic() < deadline:\n"
        "    time.sleep(0.01)\n"
        "p.play('lift')\n"
        "print('final', p.backend_name, 'rings', len(rings))\n"
        "p.close()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={"HOME": str(home), "PYTHONPATH": str(REPO), "PATH": str(empty)},
        capture_output=True,
        text=True,
        timeout=20,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "Sound: miniaudio stopped working (the output device stopped asking for sound); "
        "now using bell.",
        "final bell rings 1",
    ]
